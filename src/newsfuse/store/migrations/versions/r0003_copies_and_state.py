"""Schema 3: copies know their kind, and what the clusterer keeps is opaque to the store.

- ``articles``: ``duplicate_of`` becomes ``copy_of`` with ``copy_kind``: "exact" when the
  copy's fingerprint equals its original's, else "near"; ``vector`` becomes ``placement``
  (the same JSON text); every article has a fingerprint.
- ``state``: named blobs. The stream's document frequencies, clock and closed events,
  which schema 2 kept in ``term_documents``, ``settings`` and ``closed_events``, become
  the blob "events", a ``StreamState`` as JSON.
- ``settings`` keeps the clustering settings, and ``schema_version`` (now 3) so that
  newsfuse 0.1 names the schema instead of taking the file for a foreign database. The
  settings that newsfuse 0.1 could not change, and so used for every stored event, are
  recorded too, so that a later run with other ones is refused.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from newsfuse.store._values import MalformedValueError, moment_from_text

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_TEXT_COLUMNS = ("title", "source", "url", "published", "language", "origin")
_STREAM_SETTINGS = ("documents", "clock_latest", "clock_swept")
_old_articles = sa.table(
    "articles",
    *(sa.column(name) for name in ("sequence", "id", *_TEXT_COLUMNS, "text", "event_id", "similarity")),
    sa.column("duplicate_of"),
    sa.column("fingerprint"),
    sa.column("vector"),
)
_settings = sa.table("settings", sa.column("key"), sa.column("value"))
_term_documents = sa.table("term_documents", sa.column("term"), sa.column("documents"))
_closed_events = sa.table("closed_events", sa.column("event_id"))
_FIXED_IN_0_1 = {
    "near_duplicate_threshold": "0.8",
    "name_weight": "2.0",
    "title_weight": "2.0",
    "max_terms": "60",
    "query_terms": "10",
    "max_posting": "50",
}
"""Clustering settings newsfuse 0.1 did not let users change, as ``repr`` writes them."""


def upgrade() -> None:
    _rebuild_articles()
    state = op.create_table(
        "state",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    events = _stream_state_json()
    if events is not None:
        op.bulk_insert(state, [{"name": "events", "data": events}])
    op.drop_table("term_documents")
    op.drop_table("closed_events")
    op.execute(_settings.delete().where(_settings.c.key.in_(_STREAM_SETTINGS)))
    op.execute(_settings.update().where(_settings.c.key == "schema_version").values(value="3"))
    if _has_events():
        op.bulk_insert(_settings, [{"key": k, "value": v} for k, v in _FIXED_IN_0_1.items()])


def downgrade() -> None:
    raise NotImplementedError("newsfuse databases are only upgraded; keep a copy of the file to go back")


def _rebuild_articles() -> None:
    """Columns change name and a constraint is added, which SQLite can do only by
    building the table anew: create it, copy the rows (keeping their order), swap."""
    new = op.create_table(
        "articles_new",
        sa.Column("sequence", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        *(sa.Column(name, sa.Text) for name in _TEXT_COLUMNS),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("copy_of", sa.Text),
        sa.Column("copy_kind", sa.Text),
        sa.Column("similarity", sa.Float),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("placement", sa.Text),
        sqlite_autoincrement=True,
    )
    old = _old_articles
    original = old.alias("original")
    original_fingerprint = (
        sa.select(original.c.fingerprint).where(original.c.id == old.c.duplicate_of).scalar_subquery()
    )
    copy_kind = sa.case(
        (old.c.duplicate_of.is_(None), sa.null()),
        (old.c.fingerprint == original_fingerprint, "exact"),
        else_="near",
    )
    kept = ("sequence", "id", *_TEXT_COLUMNS, "text", "event_id", "similarity", "fingerprint")
    rows = sa.select(*(old.c[name] for name in kept), old.c.duplicate_of, copy_kind, old.c.vector).order_by(
        old.c.sequence
    )
    op.execute(new.insert().from_select([*kept, "copy_of", "copy_kind", "placement"], rows))
    op.drop_table("articles")
    op.rename_table("articles_new", "articles")
    op.create_index("articles_by_event", "articles", ["event_id"])


def _stream_state_json() -> str | None:
    """The stream's state as schema 2 kept it, as one blob in the form of the clusterer's
    ``StreamState.to_json`` (format "newsfuse.stream-state.v1", written out here so this
    revision stays what it was when the clusterer changes); None for a stream with nothing
    to carry over (a new database)."""
    bind = op.get_bind()
    stored = dict(bind.execute(sa.select(_settings.c.key, _settings.c.value)).all())
    documents = stored.get("documents") or "0"
    if not documents.isdigit():
        raise MalformedValueError(f"the stored article count is {documents!r}, not a number")
    frequency: dict[str, int] = dict(bind.execute(sa.select(*_term_documents.c)).all())
    closed = sorted(bind.execute(sa.select(_closed_events.c.event_id)).scalars())
    latest = moment_from_text(stored.get("clock_latest"), "the stream's clock")
    swept = moment_from_text(stored.get("clock_swept"), "the stream's clock")
    if not (int(documents) or frequency or closed or latest or swept):
        return None
    return json.dumps(
        {
            "format": "newsfuse.stream-state.v1",
            "documents": int(documents),
            "frequency": {str(term): int(count) for term, count in sorted(frequency.items())},
            "latest": latest.isoformat() if latest else None,
            "swept": swept.isoformat() if swept else None,
            "closed": closed,
        },
        ensure_ascii=False,
    )


def _has_events() -> bool:
    """Whether a stream was stored (its clustering settings were recorded by its first run)."""
    bind = op.get_bind()
    return bind.execute(sa.select(_settings.c.key).where(_settings.c.key == "threshold")).first() is not None
