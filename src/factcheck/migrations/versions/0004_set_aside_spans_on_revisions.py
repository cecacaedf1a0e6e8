"""set-aside spans on revisions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Revisions stored before this had no record of what was set aside: "[]".
    with op.batch_alter_table("articlerevision", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "set_aside",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="[]",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("articlerevision", schema=None) as batch_op:
        batch_op.drop_column("set_aside")
