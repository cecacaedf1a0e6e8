"""archived source texts, comments, assignments, quote checks, publication precision

Revision ID: 0009
Revises: 0006
Create Date: 2026-11-30 21:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _chained() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "sourcetext",
        *_chained(),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("format", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("pages", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("attached_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prev_hash"),
    )
    with op.batch_alter_table("sourcetext", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sourcetext_source_id"), ["source_id"], unique=False)
    op.create_table(
        "comment",
        *_chained(),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"]),
        sa.ForeignKeyConstraint(["reviewer_id"], ["reviewer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prev_hash"),
    )
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comment_statement_id"), ["statement_id"], unique=False)
    op.create_table(
        "assignment",
        *_chained(),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"]),
        sa.ForeignKeyConstraint(["statement_id"], ["statement.id"]),
        sa.ForeignKeyConstraint(["assignee_id"], ["reviewer.id"]),
        sa.ForeignKeyConstraint(["assigned_by_id"], ["reviewer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prev_hash"),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_article_id"), ["article_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assignment_assignee_id"), ["assignee_id"], unique=False
        )
    with op.batch_alter_table("link", schema=None) as batch_op:
        batch_op.add_column(sa.Column("quote_found", sa.Boolean(), nullable=True))
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "published_precision",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="day",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("source", schema=None) as batch_op:
        batch_op.drop_column("published_precision")
    with op.batch_alter_table("link", schema=None) as batch_op:
        batch_op.drop_column("quote_found")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_assignee_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_article_id"))
    op.drop_table("assignment")
    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comment_statement_id"))
    op.drop_table("comment")
    with op.batch_alter_table("sourcetext", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sourcetext_source_id"))
    op.drop_table("sourcetext")
