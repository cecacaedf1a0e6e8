"""one ledger over everything, reviewer logins, append-only triggers

Revision ID: 0008
Revises: 0009
Create Date: 2026-11-30 21:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from factcheck.ledger.backfill import backfill
from factcheck.ledger.guards import drop_guards, install_guards

revision: str = "0008"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No batch mode: rebuilding the reviewer table would trip SQLite's foreign keys
    # (every verdict points at it). A nullable column and an index need no rebuild.
    op.add_column("reviewer", sa.Column("login", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_index("uq_reviewer_login", "reviewer", ["login"], unique=True)
    op.create_table(
        "ledger",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("table_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("row_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("content", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("prev", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("prev"),
    )
    op.create_index("ix_ledger_row", "ledger", ["table_name", "row_key"], unique=False)
    # Every row already here becomes an entry, in a fixed order, before the triggers
    # that make history append-only exist (the history rows take their new hashes).
    conn = op.get_bind()
    backfill(conn)
    install_guards(conn)


def downgrade() -> None:
    drop_guards(op.get_bind())
    op.drop_index("ix_ledger_row", table_name="ledger")
    op.drop_table("ledger")
    op.drop_index("uq_reviewer_login", table_name="reviewer")
    with op.batch_alter_table("reviewer", schema=None) as batch_op:
        batch_op.drop_column("login")
