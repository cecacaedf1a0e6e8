"""Storage: the same workflow gives the same answers on SQLite and PostgreSQL, and
SQLite connections get the pragmas that make several CLI processes safe."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"
DOI = "10.1126/science.1190287"


def _workflow(cli, db: str) -> dict:  # type: ignore[type-arg]
    """Every daily command against ``db``; what each printed as JSON."""
    run = lambda *a: cli("--db", db, *a)  # noqa: E731
    out: dict = {}  # type: ignore[type-arg]
    run(
        "reviewer",
        "add",
        "drlee",
        "--name",
        "Dana Lee",
        "--role",
        "reviewer",
        "--credentials",
        "PhD, scientific advisory board",
    )
    run("reviewer", "add", "ked", "--name", "Kim Ed", "--role", "editor")
    out["reviewers"] = cli.json("--db", db, "reviewer", "list", "--json")
    out["added"] = cli.json(
        "--db",
        db,
        "article",
        "add",
        str(ARTICLE),
        "--slug",
        "ketamine",
        "--topic",
        "depression",
        "--json",
    )
    out["source"] = cli.json(
        "--db",
        db,
        "source",
        "add",
        "--doi",
        f"https://doi.org/{DOI}",
        "--kind",
        "paper",
        "--published",
        "2010-08-20",
        "--json",
    )
    cw = [s["id"] for s in out["added"]["statements"] if s["checkworthy"]]
    run(
        "link",
        cw[0],
        DOI,
        "--quote",
        "within hours",
        "--locator",
        "p. 960",
        "--relation",
        "supports",
    )
    for sid in cw:
        run(
            "verdict",
            sid,
            "supported",
            "--reviewer",
            "drlee",
            "--date",
            "2018-08-08",
            "--note",
            "checked",
        )
    run("verdict", cw[1], "partly-supported", "--reviewer", "ked", "--date", "2018-09-01")
    run("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-09-02")
    out["show"] = cli.json(
        "--db", db, "article", "show", "ketamine", "--json", "--as-of", "2019-03-01"
    )
    out["list"] = cli.json("--db", db, "article", "list", "--json", "--as-of", "2019-03-01")
    out["sources"] = cli.json("--db", db, "source", "list", "--json")
    out["history"] = cli.json("--db", db, "history", "ketamine", "--json")
    out["due"] = cli.json("--db", db, "due", "--as-of", "2019-08-09", "--format", "json")
    out["ledger"] = run("ledger", "verify").stdout
    return out


def _mask(out: dict) -> dict:  # type: ignore[type-arg]
    """Hashes and recorded-at times differ between any two runs; nothing else may."""
    for event in out["history"]:
        assert datetime.fromisoformat(event.pop("recorded_at")).tzinfo is not None
        assert len(event.pop("hash")) == 64
        assert event.pop("actor")  # the login: the OS user, or the database's
    out["ledger"] = re.sub(r"head [0-9a-f]{64}", "head …", out["ledger"])
    return out


def test_workflow_gives_identical_json_on_each_database(cli, db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    got = _mask(_workflow(cli, db_url))
    reference = _mask(_workflow(cli, f"sqlite:///{tmp_path / 'reference.db'}"))
    assert got == reference
    # and the answers are the right ones, not merely the same ones
    cw = [s for s in got["show"]["statements"] if s["checkworthy"]]
    assert got["show"]["reviewed"] == "2018-09-02"
    assert got["show"]["reviewed_by"] == "Dana Lee"
    assert cw[1]["verdict"]["verdict"] == "partly-supported"
    assert cw[1]["verdict"]["reviewer"] == "ked"
    assert got["source"]["doi"] == DOI
    assert [r["handle"] for r in got["reviewers"]] == ["drlee", "ked"]
    assert [r["role"] for r in got["reviewers"]] == ["reviewer", "editor"]
    kinds = [e["kind"] for e in got["history"]]
    assert kinds[0] == "revision" and kinds[-1] == "signoff"
    assert kinds.count("verdict") == len(cw) + 1 and kinds.count("link") == 1
    assert {d["statement"] for d in got["due"]} == {s["id"] for s in cw}
    assert "ledger intact" in got["ledger"]


def test_sqlite_connections_get_the_pragmas(tmp_path):
    from factcheck.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        for _ in range(2):  # every pooled connection, not just the first
            with engine.connect() as conn:
                pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
                assert str(pragma("journal_mode")).lower() == "wal"
                assert pragma("foreign_keys") == 1
                assert pragma("busy_timeout") >= 5000
    finally:
        engine.dispose()


def test_sqlite_enforces_foreign_keys(tmp_path):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from factcheck.db import make_engine, session_scope, upgrade
    from factcheck.models import Statement

    engine = make_engine(f"sqlite:///{tmp_path / 'fk.db'}")
    upgrade(engine)
    with pytest.raises(IntegrityError), session_scope(engine, write=True) as session:
        session.add(Statement(article_id=999, n=1, text="x", span_start=0, span_end=1))
    engine.dispose()
