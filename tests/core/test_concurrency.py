"""Concurrency: reviewers running ``factcheck verdict`` at the same moment, each in its
own OS process, lose nothing and leave an intact ledger, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"
WORKERS, PER_WORKER = 4, 3  # small: each process pays the full start-up cost


def test_parallel_verdict_processes_lose_nothing(
    cli, db_url, tmp_path, monkeypatch, factcheck_proc
):
    monkeypatch.chdir(tmp_path)
    cli("--db", db_url, "reviewer", "add", "drlee", "--name", "Dana Lee")
    article = cli.json(
        "--db", db_url, "article", "add", str(ARTICLE), "--slug", "ketamine", "--json"
    )
    ids = [s["id"] for s in article["statements"]]
    assert len(ids) >= 2 * WORKERS

    def worker(k: int) -> list:  # type: ignore[type-arg]
        # each worker owns two statements and alternates between them
        mine = ids[2 * k : 2 * k + 2]
        results = []
        for i in range(PER_WORKER):
            results.append(
                factcheck_proc(
                    "--db",
                    db_url,
                    "verdict",
                    mine[i % 2],
                    "supported",
                    "--reviewer",
                    "drlee",
                    "--date",
                    "2018-08-08",
                    "--note",
                    f"w{k}-{i}",
                    cwd=tmp_path,
                    timeout=120,
                )
            )
        return results

    with ThreadPoolExecutor(WORKERS) as pool:
        done = [p for batch in pool.map(worker, range(WORKERS)) for p in batch]
    failures = [(p.returncode, p.stderr) for p in done if p.returncode != 0]
    assert not failures

    history = cli.json("--db", db_url, "history", "ketamine", "--json")
    verdicts = [e for e in history if e["kind"] == "verdict"]
    assert len(verdicts) == WORKERS * PER_WORKER
    assert {v["note"] for v in verdicts} == {
        f"w{k}-{i}" for k in range(WORKERS) for i in range(PER_WORKER)
    }
    # on each statement every verdict after the first supersedes a distinct earlier one
    chains = defaultdict(list)
    for v in verdicts:
        chains[v["statement"]].append(v["supersedes"])
    for supersedes in chains.values():
        assert supersedes[0] is None
        assert None not in supersedes[1:]
        assert len(set(supersedes[1:])) == len(supersedes) - 1

    verify = factcheck_proc("--db", db_url, "ledger", "verify", cwd=tmp_path)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "intact" in verify.stdout


def test_parallel_imports_and_sources(cli, db_url, tmp_path, monkeypatch, factcheck_proc):
    """Different writers (articles, sources, reviewers) at once: all land, chain intact."""
    monkeypatch.chdir(tmp_path)
    cli("--db", db_url, "db", "upgrade")
    copies = [tmp_path / f"copy-{k}.txt" for k in range(3)]
    for k, path in enumerate(copies):  # three pages: the same text twice would be refused
        path.write_text(ARTICLE.read_text().replace("Home »", f"Home ({k}) »", 1))
    commands = [["article", "add", str(copies[k]), "--slug", f"copy-{k}"] for k in range(3)] + [
        ["source", "add", "--pmid", str(20724638 + k)] for k in range(3)
    ]
    with ThreadPoolExecutor(len(commands)) as pool:
        done = list(
            pool.map(
                lambda c: factcheck_proc("--db", db_url, *c, cwd=tmp_path, timeout=120), commands
            )
        )
    assert [p.returncode for p in done] == [0] * len(commands), [p.stderr for p in done]
    slugs = {a["slug"] for a in cli.json("--db", db_url, "article", "list", "--json")}
    assert slugs == {"copy-0", "copy-1", "copy-2"}
    assert len(cli.json("--db", db_url, "source", "list", "--json")) == 3
    assert cli("--db", db_url, "ledger", "verify").exit_code == 0


def test_writers_queue_from_their_first_statement(db_url):
    """A second write transaction waits for the first before it does anything, on
    SQLite and on PostgreSQL: one writer at a time, so no two can deadlock over the
    chain and state locks they take later."""
    import threading

    from sqlalchemy import text

    from factcheck.db import make_engine, session_scope, upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    order: list[str] = []

    def second() -> None:
        with session_scope(engine, write=True) as session:
            session.execute(text("SELECT 1"))
            order.append("second")

    try:
        with session_scope(engine, write=True) as session:
            session.execute(text("SELECT 1"))
            waiting = threading.Thread(target=second)
            waiting.start()
            waiting.join(1.0)
            assert waiting.is_alive(), "the second writer did not wait"
            order.append("first")
        waiting.join(30)
        assert order == ["first", "second"]
    finally:
        engine.dispose()


WRITERS, VERDICTS_EACH = 8, 5  # benchmarks/bench_ledger.py runs 8 x 500


def test_eight_writers_append_every_event_to_one_intact_ledger(db_url, tmp_path, monkeypatch):
    """8 writers record verdicts at once through the domain functions: every verdict is
    one event in the global chain, none lost, none duplicated, and it verifies."""
    import threading
    from datetime import date

    from sqlalchemy import func, select

    from factcheck.db import make_engine, session_scope, upgrade
    from factcheck.ingest import read_article
    from factcheck.ledger.verify import head, verify
    from factcheck.models import Verdict
    from factcheck.review import record_verdict
    from factcheck.settings import Settings
    from factcheck.store.articles import add_article
    from factcheck.store.reviewers import add_reviewer

    engine = make_engine(db_url)
    upgrade(engine)
    with session_scope(engine, write=True) as session:
        add_reviewer(session=session, handle="drlee", name="Dana Lee")
        add_article(
            session=session, parsed=read_article(ARTICLE.read_bytes(), name=ARTICLE.name),
            slug="ketamine",
        )
    with session_scope(engine) as session:
        before, _ = head(session)
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            for i in range(VERDICTS_EACH):
                with session_scope(engine, write=True) as session:
                    record_verdict(session=session, settings=Settings(),
                                   statement_id=f"ketamine:{k + 1}", verdict="supported",
                                   reviewer="drlee", reviewed_on=date(2018, 8, 8),
                                   note=f"w{k}-{i}")  # fmt: skip
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(WRITERS)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        assert not errors, errors
        with session_scope(engine) as session:
            events, _ = head(session)
            verdicts = session.execute(select(func.count()).select_from(Verdict)).scalar_one()
            outcome = verify(session)
        assert verdicts == WRITERS * VERDICTS_EACH
        assert events - before == WRITERS * VERDICTS_EACH
        assert outcome.broken is None and outcome.events == events
    finally:
        engine.dispose()
