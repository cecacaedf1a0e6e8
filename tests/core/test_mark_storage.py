"""Check-worthiness marks in storage: who may mark, what bad input leaves behind
(nothing), bundles, the model's stored score, the state cache and the migration."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"


@pytest.fixture
def workspace(workspace):  # type: ignore[no-untyped-def]
    """The CT24 model's flags ("debate" mode), which leave ketamine:9 (a mechanism) to mark;
    the default "health" mode flags every statement of fact."""
    toml = workspace / "factcheck.toml"
    toml.write_text(toml.read_text().replace('checkworthy = "health"', 'checkworthy = "debate"'))
    return workspace
DAY = "2018-09-01"


# --- the command's rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["ketamine:9", "maybe", "--reviewer", "drlee"], ["unknown mark", "not-checkworthy"]),
        (["ketamine:9", "checkworthy", "--reviewer", "nobody"], ["nobody", "registered"]),
        (["ketamine:9", "checkworthy", "--reviewer", "srivera"], ["four-eyes"]),
        (["ketamine:99", "checkworthy", "--reviewer", "drlee"], ["ketamine:99"]),
        (["nothere:1", "checkworthy", "--reviewer", "drlee"], ["nothere"]),
        (["ketamine", "checkworthy", "--reviewer", "drlee"], ["ketamine"]),
        (["ketamine:9", "checkworthy", "--reviewer", "drlee", "--date", "2099-01-01"], ["future"]),
        (["ketamine:9", "checkworthy", "--reviewer", "drlee", "--date", "9 Aug"], ["--date"]),
        (["ketamine:9", "checkworthy"], ["reviewer"]),  # no --reviewer, no default
    ],
    ids=[
        "mark", "unregistered", "author", "statement", "article", "no-n", "future", "date",
        "no-reviewer",
    ],
)
def test_bad_marks_are_one_line_and_write_nothing(
    cli, reviewed, workspace, user_error, dump, args, words
):
    before = dump(workspace / "factcheck.db")
    user_error(cli("statement", "mark", *args, ok=False), *words)
    assert dump(workspace / "factcheck.db") == before


def test_a_retired_statement_cannot_be_marked(cli, reviewed, workspace, user_error, dump):
    v2 = Path(__file__).resolve().parents[1] / "schedule" / "fixtures" / "ketamine_v2.txt"
    removed = cli.json("article", "update", "ketamine", str(v2), "--json")["removed"]
    before = dump(workspace / "factcheck.db")
    result = cli("statement", "mark", removed[0], "checkworthy", "--reviewer", "drlee", ok=False)
    user_error(result, "removed")
    assert dump(workspace / "factcheck.db") == before


def test_a_mark_is_a_chained_ledger_event(cli, reviewed, workspace):
    import sqlite3

    cli("statement", "mark", "ketamine:9", "checkworthy", "--reviewer", "drlee")
    cli("statement", "mark", "ketamine:9", "not-checkworthy", "--reviewer", "drlee")
    assert cli("ledger", "verify").exit_code == 0
    conn = sqlite3.connect(workspace / "factcheck.db")
    try:
        rows = conn.execute("SELECT prev_hash, hash FROM checkworthymark ORDER BY id").fetchall()
        assert rows[1][0] == rows[0][1]  # one after the other in the global chain
        # history is append-only: an attacker first drops the trigger that says so
        conn.execute("DROP TRIGGER factcheck_no_update_checkworthymark")
        conn.execute("UPDATE checkworthymark SET checkworthy = 1 WHERE id = 2")
        conn.commit()
    finally:
        conn.close()
    broken = cli("ledger", "verify", ok=False)
    assert broken.exit_code == 1 and "checkworthymark" in broken.stdout + broken.stderr


def test_the_models_score_is_stored_with_each_statement(cli, workspace):
    from factcheck.ingest.checkworthy import checkworthy_score

    added = cli.json("article", "add", str(ARTICLE), "--slug", "ketamine", "--json")
    for s in added["statements"]:
        assert s["checkworthy_by"] == "model"
        assert 0.0 <= s["checkworthy_score"] <= 1.0
        assert s["checkworthy_score"] == checkworthy_score(s["text"], "debate")


# --- bundles -------------------------------------------------------------------------------


@pytest.fixture
def marked(cli, reviewed, workspace):  # type: ignore[no-untyped-def]
    """The reviewed example with marks by a reviewer who recorded nothing else, exported."""
    cli("reviewer", "add", "kpark", "--name", "Kim Park")
    cli("statement", "mark", "ketamine:9", "checkworthy", "--reviewer", "kpark", "--date", DAY,
        "--note", "a mechanism")  # fmt: skip
    cli("statement", "mark", "ketamine:4", "not-checkworthy", "--reviewer", "kpark")
    cli("export", "--all", "--out", "bundles")
    return workspace / "bundles"


def _record(cli, where):  # type: ignore[no-untyped-def]
    show = cli.json("--db", where, "article", "show", "ketamine", "--json", "--as-of", DAY)
    history = cli.json("--db", where, "history", "ketamine", "--json")
    for event in history:
        event.pop("hash")
        event.pop("actor")  # the login differs between databases
    due = cli.json("--db", where, "due", "--as-of", DAY, "--format", "json")
    return show, history, due


def test_marks_round_trip_through_bundles(cli, marked, workspace, tmp_path):
    bundle = yaml.safe_load((marked / "ketamine.yaml").read_text())
    marks = [e for e in bundle["events"] if e["event"] == "mark"]
    assert [(m["statement"], m["checkworthy"], m["reviewer"]) for m in marks] == [
        (9, True, "kpark"),
        (4, False, "kpark"),
    ]
    assert "kpark" in {r["handle"] for r in bundle["reviewers"]}
    assert all(0 <= s["checkworthy_score"] <= 1 for s in bundle["statements"])
    fresh = str(tmp_path / "fresh.db")
    cli("--db", fresh, "import", str(marked))
    original = _record(cli, str(workspace / "factcheck.db"))
    copy = _record(cli, fresh)
    assert copy == original
    shown = {s["id"]: s for s in copy[0]["statements"]}
    assert (shown["ketamine:9"]["checkworthy"], shown["ketamine:9"]["checkworthy_by"]) == (
        True,
        "kpark",
    )
    assert [i["statement"] for i in copy[2]] == ["ketamine:9"]
    assert cli("--db", fresh, "ledger", "verify").exit_code == 0
    # Exported again from the copy: the same file, byte for byte, but for the head of
    # the ledger it came from.
    cli("--db", fresh, "export", "--all", "--out", str(tmp_path / "again"))
    again = (tmp_path / "again" / "ketamine.yaml").read_text()
    first = (marked / "ketamine.yaml").read_text()
    assert again.split("\nledger:\n")[0] == first.split("\nledger:\n")[0]


def test_reimporting_marks_is_a_no_op(cli, marked, workspace, dump, tmp_path):
    before = dump(workspace / "factcheck.db")
    assert "unchanged ketamine" in cli("import", str(marked)).stderr
    assert dump(workspace / "factcheck.db") == before
    fresh = str(tmp_path / "fresh.db")
    cli("--db", fresh, "import", str(marked))
    assert "unchanged ketamine" in cli("--db", fresh, "import", str(marked)).stderr


def test_marks_round_trip_into_postgresql(cli, marked, workspace, pg_url):
    cli("--db", pg_url, "import", str(marked))
    assert _record(cli, pg_url) == _record(cli, str(workspace / "factcheck.db"))
    assert cli("--db", pg_url, "ledger", "verify").exit_code == 0


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: m.update(checkworthy="yes"),
        lambda m: m.update(reviewer="ghost"),
        lambda m: m.update(statement=99),
        lambda m: m.update(marked_on=None),
    ],
    ids=["checkworthy", "reviewer", "statement", "date"],
)
def test_a_bad_mark_in_a_bundle_imports_nothing(
    cli, marked, tmp_path, user_error, dump, edit
):  # type: ignore[no-untyped-def]
    from factcheck.ledger.seal import unseal

    # unsealed, as a hand-edited bundle would be, so the mark checks answer
    bundle = unseal(yaml.safe_load((marked / "ketamine.yaml").read_text()))
    edit(next(e for e in bundle["events"] if e["event"] == "mark"))
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bundle, sort_keys=False))
    fresh = tmp_path / "fresh.db"
    cli("--db", str(fresh), "db", "upgrade")
    before = dump(fresh)
    user_error(cli("--db", str(fresh), "import", str(path), ok=False), "bad.yaml")
    assert dump(fresh) == before


# --- the store: the state cache reacts to a mark -----------------------------------------


@pytest.fixture
def session(db_url):  # type: ignore[no-untyped-def]
    from factcheck.db import make_engine, session_scope, upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    yield lambda write=False: session_scope(engine, write=write)
    engine.dispose()


def _state(session, sid):  # type: ignore[no-untyped-def]
    from factcheck.models import StatementState

    with session() as s:
        return s.get(StatementState, sid)


def test_a_mark_invalidates_the_cached_standing(session):
    from factcheck.ingest import read_article
    from factcheck.ingest.checkworthy import apply_mode
    from factcheck.review import mark_statement, record_verdict
    from factcheck.settings import Settings
    from factcheck.store.articles import add_article, get_statement
    from factcheck.store.reviewers import add_reviewer
    from factcheck.store.state import needing_review, needs_refresh, refresh

    settings = Settings()
    with session(write=True) as s:
        add_reviewer(session=s, handle="drlee", name="Dana Lee")
        parsed = apply_mode(read_article(ARTICLE.read_bytes()), "debate")  # 9 unflagged
        add_article(session=s, parsed=parsed, slug="ketamine")
        _, st = get_statement(session=s, statement_id="ketamine:9")
        refresh(s, settings)
    assert st.checkworthy is False and st.id is not None
    assert 0 <= (st.checkworthy_score or -1) <= 1
    assert _state(session, st.id).followed is False

    with session(write=True) as s:
        mark_statement(session=s, statement_id="ketamine:9", mark="checkworthy",
                       reviewer="drlee", marked_on=date(2018, 9, 1))  # fmt: skip
        assert needs_refresh(s.connection(), settings)
    assert _state(session, st.id) is None  # deleted, to be judged again
    with session(write=True) as s:
        refresh(s, settings)
        needing = needing_review(s.connection(), as_of=date(2018, 9, 1))
        assert "ketamine:9" in {c.id for c in needing}
    assert _state(session, st.id).followed is True

    # Marked not check-worthy, but judged: still followed (point 5 of issue 8).
    with session(write=True) as s:
        mark_statement(session=s, statement_id="ketamine:9", mark="not-checkworthy",
                       reviewer="drlee", marked_on=date(2018, 9, 1))  # fmt: skip
        record_verdict(session=s, settings=settings, statement_id="ketamine:9",
                       verdict="contradicted", reviewer="drlee",
                       reviewed_on=date(2018, 9, 1))  # fmt: skip
        refresh(s, settings)
    state = _state(session, st.id)
    assert (state.followed, state.condition) == (True, "needs-correction")


# --- the migration ---------------------------------------------------------------------------


def test_migration_keeps_an_older_databases_records(db_url):
    from sqlalchemy import inspect, text

    from factcheck.db import make_engine, upgrade
    from factcheck.settings import Settings
    from factcheck.store.records import statement_records

    engine = make_engine(db_url)
    try:
        upgrade(engine, "0003")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO article (id, slug, title, detected_sources, created_at) "
                "VALUES (1, 'old', 'Old', '[]', '2020-01-01 00:00:00')"
            ))  # fmt: skip
            conn.execute(text(
                "INSERT INTO statement (id, article_id, n, text, span_start, span_end, line, "
                "position, checkworthy, kinds, retired) "
                "VALUES (1, 1, 1, 'Ketamine works.', 0, 15, 1, 1, :t, '', :f)"
            ), {"t": True, "f": False})  # fmt: skip
            conn.execute(text(
                "INSERT INTO statementstate (statement_id, article_id, n, line, checkworthy, "
                "condition, reason, why) VALUES (1, 1, 1, 1, :t, 'unreviewed', 'r', 'w')"
            ), {"t": True})  # fmt: skip
        upgrade(engine)
        columns = {c["name"] for c in inspect(engine).get_columns("statementstate")}
        assert "followed" in columns and "checkworthy" not in columns
        from sqlmodel import Session

        with Session(engine) as session:
            (record,) = statement_records(session=session, settings=Settings(), as_of=date.today())
        assert (record.checkworthy, record.checkworthy_by, record.checkworthy_score) == (
            True,
            "model",
            None,
        )
        upgrade_down(engine)
        inspector = inspect(engine)
        assert "checkworthymark" not in inspector.get_table_names()
        assert "checkworthy" in {c["name"] for c in inspector.get_columns("statementstate")}
    finally:
        engine.dispose()


def upgrade_down(engine) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from factcheck.db import alembic_config

    command.downgrade(alembic_config(engine), "0003")


def test_a_bundle_from_before_scores_and_marks_still_imports(cli, marked, tmp_path):
    from factcheck.ledger.seal import unseal

    # as written before scores, marks and seals
    bundle = unseal(yaml.safe_load((marked / "ketamine.yaml").read_text()))
    for st in bundle["statements"]:
        del st["checkworthy_score"]
    bundle["events"] = [e for e in bundle["events"] if e["event"] != "mark"]
    bundle["reviewers"] = [r for r in bundle["reviewers"] if r["handle"] != "kpark"]
    old = tmp_path / "old.yaml"
    old.write_text(yaml.safe_dump(bundle, sort_keys=False))
    fresh = str(tmp_path / "fresh.db")
    assert "imported ketamine" in cli("--db", fresh, "import", str(old)).stderr
    assert "unchanged ketamine" in cli("--db", fresh, "import", str(old)).stderr
    shown = cli.json("--db", fresh, "article", "show", "ketamine", "--json")["statements"]
    assert {(s["checkworthy_by"], s["checkworthy_score"]) for s in shown} == {("model", None)}
