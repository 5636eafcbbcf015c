"""Schema 2, as newsfuse 0.1 created it: the base revision.

A database of that release is stamped with this revision, not run through it; a new
database runs it, so that new and upgraded databases reach the newest schema by the same
revisions.

Revision ID: 0002
Revises: none
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("sequence", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        *(sa.Column(name, sa.Text) for name in ("title", "source", "url", "published", "language", "origin")),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("duplicate_of", sa.Text),
        sa.Column("similarity", sa.Float),
        sa.Column("fingerprint", sa.Text),
        sa.Column("vector", sa.Text),
        sqlite_autoincrement=True,
    )
    op.create_index("articles_by_event", "articles", ["event_id"])
    settings = op.create_table(
        "settings",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "term_documents",
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("documents", sa.Integer, nullable=False),
    )
    op.create_table("closed_events", sa.Column("event_id", sa.Text, primary_key=True))
    op.bulk_insert(settings, [{"key": "schema_version", "value": "2"}])


def downgrade() -> None:
    raise NotImplementedError("newsfuse databases are only upgraded; keep a copy of the file to go back")
