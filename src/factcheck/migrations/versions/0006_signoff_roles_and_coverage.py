"""sign-off role and coverage

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable, not backfilled: a row's hash covers what was recorded, and a sign-off
    # recorded before roles existed has none (readers derive it from the signer).
    with op.batch_alter_table("signoff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("statements_checked", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("statements_total", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("signoff", schema=None) as batch_op:
        batch_op.drop_column("statements_total")
        batch_op.drop_column("statements_checked")
        batch_op.drop_column("role")
