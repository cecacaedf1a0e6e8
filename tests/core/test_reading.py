"""A read-only command reads one snapshot (``db.reading``), and on PostgreSQL runs its
independent reads at once on connections that share it (``db.concurrently``)."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from factcheck.db import concurrently, make_engine, reading


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE counted (n integer)")
        conn.exec_driver_sql("INSERT INTO counted (n) VALUES (1), (2)")
    yield engine
    engine.dispose()


def count(conn: Connection) -> int:
    return int(conn.exec_driver_sql("SELECT count(*) FROM counted").scalar_one())


def backend(conn: Connection) -> object:
    if conn.dialect.name == "postgresql":
        return conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    return id(conn)


def test_every_read_sees_the_snapshot_of_the_first_query(engine: Engine) -> None:
    with reading(engine) as conn:
        assert count(conn) == 2  # the snapshot is taken here
        with engine.begin() as writer:  # a verdict committed meanwhile
            writer.exec_driver_sql("INSERT INTO counted (n) VALUES (3)")
        assert concurrently(conn, count, count, count) == (2, 2, 2)
    with reading(engine) as conn:
        assert count(conn) == 3


def test_postgresql_runs_the_reads_on_connections_of_their_own(engine: Engine) -> None:
    with reading(engine) as conn:
        backends = concurrently(conn, backend, backend, backend)
    if engine.dialect.name == "postgresql":
        assert len(set(backends)) == 3
    else:  # one process, one connection: one after another
        assert len(set(backends)) == 1


def test_postgresql_reads_at_once_have_no_parallel_workers_of_their_own(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        return  # SQLite has no workers

    def settings(conn: Connection) -> tuple[str, str]:
        show = conn.exec_driver_sql
        return show("SHOW max_parallel_workers_per_gather").scalar_one(), show(
            "SHOW work_mem"
        ).scalar_one()

    with reading(engine) as conn:
        default = settings(conn)
        assert concurrently(conn, settings, settings) == (("0", "64MB"), ("0", "64MB"))
        assert settings(conn) == default  # the transaction's later queries as before
    assert "0" not in default and "64MB" not in default  # or the test proves nothing


def test_postgresql_dates_read_as_iso_text_whatever_the_server_says(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        return  # SQLite keeps them as ISO text
    options = f"{engine.url.query.get('options', '')} -cDateStyle=German".strip()
    url = engine.url.update_query_dict({"options": options}).render_as_string(hide_password=False)
    day = "SELECT CAST(DATE '2019-08-08' AS TEXT)"
    for german, iso in ((create_engine(url), "08.08.2019"), (make_engine(url), "2019-08-08")):
        with german.connect() as conn:  # the server's setting, then ours over it
            assert conn.exec_driver_sql(day).scalar() == iso
        german.dispose()


def test_a_read_that_fails_fails_them_all(engine: Engine) -> None:
    def broken(conn: Connection) -> int:
        raise LookupError("no such statement")

    with reading(engine) as conn, pytest.raises(LookupError, match="no such statement"):
        concurrently(conn, count, broken)


def test_concurrently_needs_a_reading_snapshot(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        return  # nothing to import on SQLite: the reads share the connection
    with engine.connect() as conn, pytest.raises(ValueError, match=r"db\.reading"):
        concurrently(conn, count, count)


def test_a_failing_read_cancels_the_others_queries(pg_url: str) -> None:
    """Ctrl-C, or one read failing, stops the other reads' queries at once rather than
    waiting for them: the slow read below is cancelled, not left to sleep a minute."""
    engine = make_engine(pg_url)
    outcome: list[str] = []

    def slow(conn: Connection) -> None:
        try:
            conn.exec_driver_sql("SELECT pg_sleep(60)")
            outcome.append("finished")
        except DBAPIError as exc:
            outcome.append(type(exc.orig).__name__)
            raise

    def fails_once_the_other_runs(conn: Connection) -> None:
        sleeping = "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'"
        for _ in range(500):  # until the slow query is under way
            conn.exec_driver_sql("SELECT pg_stat_clear_snapshot()")  # else read once a transaction
            if conn.exec_driver_sql(sleeping).scalar_one():
                break
            time.sleep(0.01)
        raise LookupError("no such statement")

    try:
        with reading(engine) as conn, pytest.raises(LookupError):
            concurrently(conn, fails_once_the_other_runs, slow)
        assert outcome == ["QueryCanceled"]
    finally:
        engine.dispose()


def test_read_commands_leave_the_garbage_collector_on(cli, workspace) -> None:  # type: ignore[no-untyped-def]
    assert gc.isenabled()
    cli("due", "--format", "json")
    assert gc.isenabled()
    cli("check", ok=False)  # exits 1 when something is due; the collector is back on
    assert gc.isenabled()
