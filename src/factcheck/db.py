"""Engine, sessions, SQLite pragmas, and the migrations entry point.

Writers work through an ORM session (:func:`session_scope`); a command that only reads
opens a plain connection (:func:`reading`) and never imports the ORM, SQLModel or the
ledger's hook: a sixth of a read command's start-up.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from factcheck.errors import FactcheckError, WorkspaceError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlmodel import Session

# The newest migration. Checking it with one query spares every command the cost of
# importing Alembic; a test keeps it equal to Alembic's head.
SCHEMA_REVISION = "0010"
MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # a bad URL or a missing driver
        raise WorkspaceError(f"cannot use database {url!r}: {exc}") from None
    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _session_settings)
    return engine


def _session_settings(dbapi_conn: Any, _record: Any) -> None:
    # PostgreSQL compiles a query costed above jit_above_cost to machine code first:
    # tens to hundreds of milliseconds for the gate's per-article lookups on a large
    # archive, which then run in less than that. Nothing here scans long enough to
    # gain from it. And dates print as ISO text whatever the server's DateStyle says,
    # so a query may cast one to text (a tenth of what to_char costs a row).
    autocommit, dbapi_conn.autocommit = dbapi_conn.autocommit, True  # outlives rollbacks
    with dbapi_conn.cursor() as cur:
        cur.execute("SET jit = off; SET DateStyle = 'ISO'")
    dbapi_conn.autocommit = autocommit


def _sqlite_engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:" and not Path(path).parent.is_dir():
        raise WorkspaceError(f"database folder does not exist: {Path(path).parent}")
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")  # several CLI processes may write
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a crash loses no commit
        # Pages read straight from the OS cache, not copied in one read() each: the due
        # list looks up tens of thousands of rows by key.
        cur.execute(f"PRAGMA mmap_size={256 * 1024 * 1024}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writer takes the write lock up front: two reviewers appending to the
        # hash chain at once then queue instead of failing with "database is locked"
        # halfway through.
        immediate = conn.get_execution_options().get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def session_scope(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error.

    A write transaction takes the database's write lock before anything else: SQLite's
    BEGIN IMMEDIATE, and on PostgreSQL one advisory lock that every writer takes first.
    Writers therefore queue one at a time on both, and the chain and state locks they
    take later can never be taken in opposite orders by two of them (no deadlock).
    """
    import sqlmodel  # here: a command that only reads never loads the ORM

    bind = engine.execution_options(sqlite_immediate=True) if write else engine
    with sqlmodel.Session(bind, expire_on_commit=False) as session:
        try:
            if write:
                serialize(session, WRITER_LOCK)
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction on a plain connection: one snapshot of the database.

    Every query in the block sees the same records: PostgreSQL's REPEATABLE READ
    (which never fails a transaction that only reads), and on SQLite the read
    transaction WAL gives. A reader of a long list reads its rows and then their texts
    in two queries, so a verdict committed in between cannot leave them disagreeing.
    """
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as conn, conn.begin():
        yield conn


A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
Read = Callable[[Connection], A]


@overload
def concurrently(conn: Connection, a: Read[A], b: Read[B], /) -> tuple[A, B]: ...
@overload
def concurrently(conn: Connection, a: Read[A], b: Read[B], c: Read[C], /) -> tuple[A, B, C]: ...
def concurrently(conn: Connection, *reads: Read[Any]) -> tuple[Any, ...]:
    """What each of ``reads`` returns, given a connection on ``conn``'s snapshot.

    On PostgreSQL the first runs on ``conn`` while each other runs at the same time on
    a connection of its own that imports ``conn``'s snapshot (``pg_export_snapshot``):
    the database works on each query in a backend of its own, on another core, while
    this process mostly waits. They see exactly the records ``conn`` sees. On SQLite
    the reads run one after another on ``conn`` (the database works in this process).
    ``conn`` must be a :func:`reading` connection. If a read fails, or the user
    presses Ctrl-C, the others' queries are cancelled rather than waited for.

    Each read runs in its one backend, without parallel workers of its own: the reads
    are already spread over the server's cores, and a sort's workers on a small server
    only take a core from the others (a due list of 100,000 articles, its sorted rows
    beside their texts, took 0.92 s against 1.10 s with them on a two-core machine;
    none of these reads' longest, the texts by key, has a parallel plan to lose). And
    each sorts in memory: these are the reads of a whole due list, whose 245,759 rows
    there (50 MB) the default 4 MB of ``work_mem`` sorted on disk, 0.07 s slower.
    """
    if conn.dialect.name != "postgresql" or len(reads) < 2:
        return tuple(read(conn) for read in reads)
    # Only a snapshot taken at this level is the one conn's own statements see, and
    # only a transaction at this level may import it.
    if conn.get_execution_options().get("isolation_level") != "REPEATABLE READ":
        raise ValueError("concurrently() needs a connection opened by db.reading()")
    snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
    if not re.fullmatch(r"[0-9A-Fa-f-]+", snapshot):  # inlined below: no bind parameter
        raise WorkspaceError(f"unexpected snapshot id from the database: {snapshot!r}")
    first, *others = reads
    drivers: list[Any] = []  # the other reads' driver connections, once open
    pool = ThreadPoolExecutor(max_workers=len(others))
    try:
        futures = [
            pool.submit(_on_snapshot, conn.engine, snapshot, read, drivers) for read in others
        ]
        conn.exec_driver_sql(_SET_AT_ONCE)
        results = [first(conn)]
        conn.exec_driver_sql(_RESET_AT_ONCE)
        results += [future.result() for future in futures]
    except BaseException:
        for driver in drivers:  # their results are of no use now
            getattr(driver, "cancel_safe", driver.cancel)()  # psycopg 3.2, else psycopg2
        raise
    finally:
        pool.shutdown(cancel_futures=True)
    return tuple(results)


# The settings of a read run at once with others (see concurrently()), set until its
# transaction ends, and reset where the transaction goes on.
_AT_ONCE = {"max_parallel_workers_per_gather": "0", "work_mem": "'64MB'"}
_SET_AT_ONCE = "; ".join(f"SET LOCAL {name} = {value}" for name, value in _AT_ONCE.items())
_RESET_AT_ONCE = "; ".join(f"RESET {name}" for name in _AT_ONCE)


def _on_snapshot(engine: Engine, snapshot: str, read: Read[A], drivers: list[Any]) -> A:
    # ``engine`` is reading()'s, in REPEATABLE READ, as an imported snapshot must be;
    # the import is the transaction's first statement, as it must be.
    with engine.connect() as conn, conn.begin():
        drivers.append(conn.connection.driver_connection)
        conn.exec_driver_sql(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
        conn.exec_driver_sql(_SET_AT_ONCE)
        return read(conn)


WRITER_LOCK = "writer"


def serialize(session: Session, name: str) -> None:
    """Queue this transaction behind any other holding ``name`` until it ends.

    PostgreSQL needs this (a transaction-scoped advisory lock); on SQLite every
    writer already holds the database's write lock from BEGIN IMMEDIATE.
    """
    if session.get_bind().dialect.name == "postgresql":
        key = zlib.crc32(f"factcheck.{name}".encode())
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def schema_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError):
        return None


def ensure_schema(engine: Engine) -> None:
    """Bring the database up to date; a no-op costing one query when it already is."""
    try:
        current = schema_revision(engine)
    except Exception as exc:  # cannot even connect
        raise WorkspaceError(f"cannot open database: {_first_line(exc)}") from None
    if current != SCHEMA_REVISION:
        upgrade(engine)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    from factcheck.ledger.guards import install_guards

    try:
        command.upgrade(alembic_config(engine), revision)
        if revision == "head":
            # Tables added by any migration are history as soon as they exist.
            with engine.begin() as conn:
                install_guards(conn)
    except FactcheckError:
        raise
    except Exception as exc:
        raise WorkspaceError(f"cannot migrate database: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
