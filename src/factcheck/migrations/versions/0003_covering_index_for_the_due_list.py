"""covering index for the due list

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 03:07:55.930299
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("statementstate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statementstate_due"))
        batch_op.create_index(
            "ix_statementstate_due",
            [
                "checkworthy",
                "condition",
                "due_on",
                "article_id",
                "n",
                "line",
                "reason",
                "why",
                "reviewer",
                "statement_id",
            ],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("statementstate", schema=None) as batch_op:
        batch_op.drop_index("ix_statementstate_due")
        batch_op.create_index(
            batch_op.f("ix_statementstate_due"),
            ["checkworthy", "condition", "due_on"],
            unique=False,
        )
