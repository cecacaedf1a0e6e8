"""PostgreSQL logins for a team: each may read everything and append history, and
nothing more than its role needs. No login, not even the owner, can rewrite history:
the tables' triggers refuse UPDATE and DELETE (see :mod:`factcheck.ledger.guards`).

What a role may write, besides appending to the history tables and the ledger:
reviewers register sources; editors also add and revise articles (their statements);
admins also manage reviewers. Everyone may rebuild the statement-state cache.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from factcheck.errors import InputError
from factcheck.identity import authorize
from factcheck.ledger.content import history_tables
from factcheck.store.reviewers import ROLES

LOGIN = re.compile(r"[a-z_][a-z0-9_]{0,62}")
CACHES = {"statementstate": "INSERT, UPDATE, DELETE", "workspacemeta": "INSERT, UPDATE"}
RECORDS = {
    "reviewer": {"source": "INSERT"},
    "editor": {"source": "INSERT", "article": "INSERT, UPDATE", "statement": "INSERT, UPDATE"},
    "admin": {
        "source": "INSERT",
        "article": "INSERT, UPDATE",
        "statement": "INSERT, UPDATE",
        "reviewer": "INSERT, UPDATE",
    },
}


def grant(*, session: Session, login: str, role: str) -> list[str]:
    """Create ``login`` if needed and give it ``role``'s privileges; the SQL run."""
    if session.get_bind().dialect.name != "postgresql":
        raise InputError(
            "db grant sets up PostgreSQL logins; on SQLite whoever can write the file "
            "is the database (bind OS logins with reviewer add --login)"
        )
    if not LOGIN.fullmatch(login):
        raise InputError(f"not a valid login: {login!r} (lower-case letters, digits and _)")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    authorize(session=session, action="grant")
    schema = session.execute(text("SELECT current_schema()")).scalar_one()
    database = session.execute(text("SELECT current_database()")).scalar_one()
    exists = session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": login})
    who, where = f'"{login}"', f'"{schema}"'
    run = [] if exists.first() else [f"CREATE ROLE {who} LOGIN"]
    run += [
        f'GRANT CONNECT ON DATABASE "{database}" TO {who}',
        f"GRANT USAGE ON SCHEMA {where} TO {who}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {where} FROM {who}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {where} TO {who}",
        # UPDATE: the ids of rows inserted with ids of their own are skipped (setval)
        f"GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA {where} TO {who}",
    ]
    appendable = sorted(history_tables() | {"ledger"})
    run.append(f"GRANT INSERT ON {', '.join(f'{where}.{t}' for t in appendable)} TO {who}")
    for table, privileges in {**CACHES, **RECORDS[role]}.items():
        run.append(f"GRANT {privileges} ON {where}.{table} TO {who}")
    for sql in run:
        session.execute(text(sql))
    return run
