"""statement state cache

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 02:18:35.287783
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspacemeta",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "statementstate",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("checkworthy", sa.Boolean(), nullable=False),
        sa.Column("condition", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("why", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
        ),
        sa.PrimaryKeyConstraint("statement_id"),
    )
    with op.batch_alter_table("statementstate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_statementstate_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(
            "ix_statementstate_due", ["checkworthy", "condition", "due_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("statementstate", schema=None) as batch_op:
        batch_op.drop_index("ix_statementstate_due")
        batch_op.drop_index(batch_op.f("ix_statementstate_article_id"))

    op.drop_table("statementstate")
    op.drop_table("workspacemeta")
