"""checkworthy marks and scores

A reviewer's word on check-worthiness (an append-only, hash-chained event), and the
model's probability kept beside its flag on each statement. The state cache's
``checkworthy`` column becomes ``followed``: judged statements stay on the due list
whatever their flag. Its rows are recomputed on the next read (RULES_VERSION 3).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


DUE_INDEX = [
    "condition",
    "due_on",
    "article_id",
    "n",
    "line",
    "reason",
    "why",
    "reviewer",
    "statement_id",
]


def upgrade() -> None:
    with op.batch_alter_table("statementstate", schema=None) as batch_op:
        batch_op.drop_index("ix_statementstate_due")
        batch_op.alter_column("checkworthy", new_column_name="followed")
    with op.batch_alter_table("statementstate", schema=None) as batch_op:
        batch_op.create_index("ix_statementstate_due", ["followed", *DUE_INDEX], unique=False)
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checkworthy_score", sa.Float(), nullable=True))
    op.create_table(
        "checkworthymark",
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("checkworthy", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("marked_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewer.id"]),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prev_hash"),
    )
    with op.batch_alter_table("checkworthymark", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checkworthymark_reviewer_id"), ["reviewer_id"], unique=False
        )
        batch_op.create_index(
            "ix_checkworthymark_statement_latest", ["statement_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("checkworthymark", schema=None) as batch_op:
        batch_op.drop_index("ix_checkworthymark_statement_latest")
        batch_op.drop_index(batch_op.f("ix_checkworthymark_reviewer_id"))
    op.drop_table("checkworthymark")
    # In place (SQLite 3.35+ drops a plain column): rebuilding "statement" would mean
    # dropping a table every event row points at, which its foreign keys refuse.
    with op.batch_alter_table("statement", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("checkworthy_score")
    with op.batch_alter_table("statementstate", schema=None) as batch_op:
        batch_op.drop_index("ix_statementstate_due")
        batch_op.alter_column("followed", new_column_name="checkworthy")
    with op.batch_alter_table("statementstate", schema=None) as batch_op:
        batch_op.create_index("ix_statementstate_due", ["checkworthy", *DUE_INDEX], unique=False)
