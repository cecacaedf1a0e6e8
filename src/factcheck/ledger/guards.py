"""Triggers that make history append-only, so even the database's owner cannot
rewrite it with plain SQL (they can drop the triggers, which ``ledger verify`` then
catches by what was changed). Installed for every history table after each schema
upgrade, so a table added later is covered with no code of its own."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from factcheck.ledger.content import history_tables

PG_FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION factcheck_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only history: % refused', TG_TABLE_NAME, TG_OP;
    END $$""",
    # The actor of an entry is the login that wrote it: no login can write as another.
    """CREATE OR REPLACE FUNCTION factcheck_ledger_actor() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.actor IS DISTINCT FROM CAST(session_user AS text) THEN
        RAISE EXCEPTION 'ledger entry says actor %, but the login is %',
          NEW.actor, session_user;
      END IF;
      RETURN NEW;
    END $$""",
)


def guarded_tables(conn: Connection) -> list[str]:
    existing = set(inspect(conn).get_table_names())
    return sorted(name for name in history_tables() | {"ledger"} if name in existing)


def install_guards(conn: Connection) -> None:
    tables = guarded_tables(conn)
    if conn.dialect.name == "postgresql":
        for sql in PG_FUNCTIONS:
            conn.execute(text(sql))  # text(): psycopg would read RAISE's % as a placeholder
        for t in tables:
            conn.exec_driver_sql(
                f"CREATE OR REPLACE TRIGGER factcheck_append_only BEFORE UPDATE OR DELETE "
                f'ON "{t}" FOR EACH ROW EXECUTE FUNCTION factcheck_append_only()'
            )
            conn.exec_driver_sql(
                f"CREATE OR REPLACE TRIGGER factcheck_no_truncate BEFORE TRUNCATE "
                f'ON "{t}" FOR EACH STATEMENT EXECUTE FUNCTION factcheck_append_only()'
            )
        conn.exec_driver_sql(
            'CREATE OR REPLACE TRIGGER factcheck_ledger_actor BEFORE INSERT ON "ledger" '
            "FOR EACH ROW EXECUTE FUNCTION factcheck_ledger_actor()"
        )
        return
    for t in tables:
        for op in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f'CREATE TRIGGER IF NOT EXISTS "factcheck_no_{op.lower()}_{t}" BEFORE {op} '
                f'ON "{t}" BEGIN SELECT RAISE(ABORT, \'{t} is append-only history: '
                f"{op} refused'); END"
            )


def drop_guards(conn: Connection) -> None:
    tables = guarded_tables(conn)
    for t in tables:
        if conn.dialect.name == "postgresql":
            for trigger in (
                "factcheck_append_only",
                "factcheck_no_truncate",
                "factcheck_ledger_actor",
            ):
                conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS {trigger} ON "{t}"')
        else:
            for op in ("update", "delete"):
                conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "factcheck_no_{op}_{t}"')
