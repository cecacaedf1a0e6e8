"""corrections: withdrawn events, edited metadata, retired articles

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-30 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "correction",
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("record", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("old_value", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("new_value", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prev_hash"),
    )
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_correction_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_correction_record"), ["record"], unique=False)
    with op.batch_alter_table("articlerevision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_articlerevision_sha256"), ["sha256"], unique=False)
    with op.batch_alter_table("verdict", schema=None) as batch_op:
        batch_op.create_index(
            "ix_verdict_standing", ["statement_id", "reviewed_on", "id"], unique=False
        )
    # Plain ADD COLUMN, not batch mode: SQLite adds a column with a default in place,
    # while a batch copy of `article` would drop a table other rows point at.
    op.add_column(
        "article", sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    # DROP COLUMN in place (SQLite 3.35+): a batch copy of `article` would drop a table
    # other rows point at.
    op.drop_column("article", "retired")
    with op.batch_alter_table("verdict", schema=None) as batch_op:
        batch_op.drop_index("ix_verdict_standing")
    with op.batch_alter_table("articlerevision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articlerevision_sha256"))
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correction_record"))
        batch_op.drop_index(batch_op.f("ix_correction_kind"))
    op.drop_table("correction")
