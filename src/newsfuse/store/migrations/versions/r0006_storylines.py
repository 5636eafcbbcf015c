"""Schema 6: storylines.

- ``articles.storyline_id``: the storyline (the long-running story) of the article's
  event, the same for every article of one event. NULL for articles stored before: each
  such event counts as a storyline of its own (under its event id).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

_settings = sa.table("settings", sa.column("key"), sa.column("value"))


def upgrade() -> None:
    op.add_column("articles", sa.Column("storyline_id", sa.Text))
    op.execute(_settings.update().where(_settings.c.key == "schema_version").values(value="6"))


def downgrade() -> None:
    raise NotImplementedError("newsfuse databases are only upgraded; keep a copy of the file to go back")
