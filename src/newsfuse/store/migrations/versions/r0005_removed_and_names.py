"""Schema 5: what cleaning removed from each article, and the names it mentions.

- ``articles.removed``: JSON, the passages cleaning took out of the article as it arrived
  (rule, reason, span in the original text, the text), so that a reader can check that
  nothing of the story was lost. NULL for articles stored before: not recorded.
- ``articles.names``: JSON, the people, organisations and places the article names, as
  written, for finding events by who is involved. NULL for articles stored before.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

_settings = sa.table("settings", sa.column("key"), sa.column("value"))


def upgrade() -> None:
    op.add_column("articles", sa.Column("removed", sa.Text))
    op.add_column("articles", sa.Column("names", sa.Text))
    op.execute(_settings.update().where(_settings.c.key == "schema_version").values(value="5"))


def downgrade() -> None:
    raise NotImplementedError("newsfuse databases are only upgraded; keep a copy of the file to go back")
