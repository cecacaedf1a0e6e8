"""Alembic environment: one migration history for SQLite and PostgreSQL.

The engine comes from :func:`factcheck.db.alembic_config`; SQLite runs in batch
mode, since it cannot ALTER most things in place.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import factcheck.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
