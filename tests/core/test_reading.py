"""A read-only command reads one snapshot (``db.reading``), and on PostgreSQL runs its
independent reads at once on connections that share it (``db.concurrently``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Connection, Engine

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
        assert concurrently(conn, count, count, count) == [2, 2, 2]
    with reading(engine) as conn:
        assert count(conn) == 3


def test_postgresql_runs_the_reads_on_connections_of_their_own(engine: Engine) -> None:
    with reading(engine) as conn:
        backends = concurrently(conn, backend, backend, backend)
    if engine.dialect.name == "postgresql":
        assert len(set(backends)) == 3
    else:  # one process, one connection: one after another
        assert len(set(backends)) == 1


def test_a_read_that_fails_fails_them_all(engine: Engine) -> None:
    def broken(conn: Connection) -> int:
        raise LookupError("no such statement")

    with reading(engine) as conn, pytest.raises(LookupError, match="no such statement"):
        concurrently(conn, count, broken)
