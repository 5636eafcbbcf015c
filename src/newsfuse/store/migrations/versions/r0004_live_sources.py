"""Schema 4: live sources.

- ``articles``: ``fetched`` (when the page was fetched, ISO 8601 with its offset; NULL
  for articles read from files) and ``feed_text_only`` (the text is only the feed's title
  and summary: the page could not be fetched).
- ``feeds``: each watched feed, with its ``ETag`` and ``Last-Modified`` for conditional
  requests and the run of failures that delays its next poll.
- ``feed_items``: each feed item taken in, by its normalised URL, with its site and a
  fingerprint of its text (the same text under another URL of the site is the same item),
  its title and time as the feed gave them, and the article made from it.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_settings = sa.table("settings", sa.column("key"), sa.column("value"))


def upgrade() -> None:
    # Plain ADD COLUMN (no rebuild of the table, which would lose its AUTOINCREMENT).
    op.add_column("articles", sa.Column("fetched", sa.Text))
    op.add_column(
        "articles", sa.Column("feed_text_only", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.create_table(
        "feeds",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("checked", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.Text),
        sa.Column("retry_at", sa.Text),
    )
    op.create_table(
        "feed_items",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("feed_url", sa.Text, nullable=False),
        sa.Column("site", sa.Text, nullable=False),
        sa.Column("text_key", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("article_id", sa.Text),
        sa.Column("page_fetched", sa.Boolean, nullable=False),
        sa.Column("page_due", sa.Boolean, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("seen", sa.Text, nullable=False),
    )
    op.create_index("feed_items_by_text", "feed_items", ["site", "text_key"])
    op.execute(_settings.update().where(_settings.c.key == "schema_version").values(value="4"))


def downgrade() -> None:
    raise NotImplementedError("newsfuse databases are only upgraded; keep a copy of the file to go back")
