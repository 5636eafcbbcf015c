"""A store in an SQL database, with SQLAlchemy Core.

The queries here are plain portable SQL; what is particular to one database (how it is
opened, how the write lock is taken, what its error codes mean) is behind ``_Backend``,
and SQLite is the one backend so far (``_sqlite``). The schema is created and upgraded
by the Alembic revisions in ``migrations``; the tables below describe its newest state
for the queries.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol, Self

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    Integer,
    MetaData,
    RootTransaction,
    Row,
    Select,
    Table,
    Text,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from newsfuse.errors import InputError, StoreError, StoreSettingsError
from newsfuse.model import Article, Copy, FeedState, Removal, SeenItem
from newsfuse.settings import StoreSettings
from newsfuse.store._postgres import PostgresBackend, postgres_url
from newsfuse.store._sqlite import SQLiteBackend, sqlite_path
from newsfuse.store._values import MalformedValueError, moment_from_text, moment_to_text
from newsfuse.store.base import IndexEntry, NewRow, Revision, StoredArticle
from newsfuse.store.migrations import check_current, upgrade_to_head

_CHUNK = 500
"""Event ids per query in ``stored(events)``: well below any database's limit on bound
parameters, and few queries for thousands of events."""
_COPY_KINDS = ("exact", "near")

metadata = MetaData()
articles_table = Table(
    "articles",
    metadata,
    Column("sequence", Integer, primary_key=True, autoincrement=True),
    Column("id", Text, nullable=False, unique=True),
    *(Column(name, Text) for name in ("title", "source", "url", "published", "language", "origin")),
    Column("text", Text, nullable=False),
    Column("event_id", Text, nullable=False, index=True),
    Column("copy_of", Text),
    Column("copy_kind", Text),
    Column("similarity", Float),
    Column("fingerprint", Text, nullable=False),
    Column("placement", Text),
    Column("fetched", Text),
    Column("feed_text_only", Boolean, nullable=False, default=False),
    Column("removed", Text),
    Column("names", Text),
    Column("storyline_id", Text),
    sqlite_autoincrement=True,
)
feeds_table = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    *(Column(name, Text) for name in ("title", "etag", "last_modified", "checked")),
    Column("failures", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("retry_at", Text),
)
feed_items_table = Table(
    "feed_items",
    metadata,
    Column("url", Text, primary_key=True),
    *(Column(name, Text, nullable=False) for name in ("feed_url", "site", "text_key")),
    Column("title", Text),
    Column("published", Text),
    Column("article_id", Text),
    Column("page_fetched", Boolean, nullable=False),
    Column("page_due", Boolean, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("seen", Text, nullable=False),
)
state_table = Table(
    "state",
    metadata,
    Column("name", Text, primary_key=True),
    Column("data", Text, nullable=False),
)
settings_table = Table(
    "settings",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)


class _Backend(Protocol):
    """What differs between databases."""

    def engine(self) -> Engine: ...

    def begin_writing(self, connection: Connection) -> RootTransaction:
        """Begin a transaction that holds the write lock from its start."""
        ...

    def verify(self, connection: Connection) -> None:
        """Raise ``StoreError`` if the database is damaged."""
        ...

    def failure(self, error: DBAPIError) -> StoreError | None:
        """The user's view of a database error, or None when there is nothing to add."""
        ...


def redacted(url_or_path: str | Path) -> str:
    """The database as it may appear in messages: a URL without its password."""
    if isinstance(url_or_path, Path) or "://" not in url_or_path:
        return str(url_or_path)
    try:
        url = make_url(url_or_path)
    except ArgumentError:
        return url_or_path.split("://", 1)[0] + "://…"
    secret = [key for key in url.query if key.lower() in ("password", "sslpassword")]  # ?password=...
    url = url.difference_update_query(secret)
    return url.render_as_string(hide_password=True)


def unsupported(url_or_path: str | Path) -> StoreError:
    return StoreError(
        redacted(url_or_path),
        "unsupported database URL (give a file path, sqlite:///path/to/news.db or postgresql://host/database)",
    )


class SQLStore:
    """A store in an SQL database: a file path, an ``sqlite:///`` URL or a
    ``postgresql://`` URL.

    A writer (the default) creates the database if needed and brings its schema up to
    date under the write lock, so two first runs at once take turns. ``read_only`` opens
    an existing database for reading only (a digest): it never creates or changes a
    file, and refuses a database of another schema instead of upgrading it.
    """

    def __init__(
        self, url_or_path: str | Path, settings: StoreSettings | None = None, *, read_only: bool = False
    ) -> None:
        self.url = redacted(url_or_path)
        self.upgraded_from: str | None = None
        wait = (settings or StoreSettings()).lock_wait_seconds
        self._backend: _Backend = _backend(url_or_path, self.url, read_only=read_only, lock_wait=wait)
        self._engine = self._backend.engine()
        with self._border():
            self._connection = self._engine.connect()
        try:
            self._prepare(read_only)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._connection.close()
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One transaction holding the write lock from its start. Any exception, a
        ``KeyboardInterrupt`` too, rolls it back: the database stays as it was."""
        with self._border():
            transaction = self._backend.begin_writing(self._connection)
            try:
                yield
            except BaseException:
                if transaction.is_active:
                    transaction.rollback()
                raise
            transaction.commit()

    def check_settings(self, identity: dict[str, str]) -> None:
        """Record the settings the events are formed with on first use. Later runs must
        use the same ones, or the stored events would have been formed under other
        rules. Call inside ``writing``."""
        self._require_writing("check_settings")
        with self._border():
            query = select(settings_table.c.key, settings_table.c.value).where(
                settings_table.c.key.in_(list(identity))
            )
            stored: dict[str, str] = dict(self._connection.execute(query).all())
            changed = [key for key in identity if key in stored and stored[key] != identity[key]]
            if changed:
                details = ", ".join(f"{key} {identity[key]} (stored: {stored[key]})" for key in changed)
                raise StoreSettingsError(self.url, f"the events were formed with other settings: {details}")
            new = [{"key": key, "value": value} for key, value in identity.items() if key not in stored]
            if new:
                self._connection.execute(settings_table.insert(), new)

    def recorded_settings(self) -> dict[str, str]:
        query = select(settings_table.c.key, settings_table.c.value).where(
            settings_table.c.key != "schema_version"
        )
        with self._reading() as connection:
            return {str(key): str(value) for key, value in connection.execute(query)}

    def index(self, after: int = 0) -> list[IndexEntry]:
        query = select(
            articles_table.c.sequence,
            articles_table.c.id,
            articles_table.c.event_id,
            articles_table.c.fingerprint,
            articles_table.c.source,
            articles_table.c.published,
            articles_table.c.title,
            articles_table.c.url,
            articles_table.c.language,
            articles_table.c.names,
            articles_table.c.copy_of,
            articles_table.c.storyline_id,
        )
        if after:
            query = query.where(articles_table.c.sequence > after)
        query = query.order_by(articles_table.c.sequence)
        with self._reading() as connection:
            return [
                IndexEntry(
                    row.id,
                    row.event_id,
                    row.fingerprint,
                    row.source,
                    moment_from_text(row.published, f"the publication time of article {row.id}"),
                    row.title,
                    row.url,
                    row.language,
                    int(row.sequence),
                    _names(row),
                    row.copy_of,
                    row.storyline_id or row.event_id,
                )
                for row in connection.execute(query)
            ]

    def revision(self) -> Revision:
        """Changes whenever an article is added or removed: for caches of what is stored."""
        from sqlalchemy import func

        query = select(func.count(), func.max(articles_table.c.sequence)).select_from(articles_table)
        with self._reading() as connection:
            count, last = connection.execute(query).one()
            return Revision(int(count), int(last or 0))

    def stored(self, events: Collection[str] | None = None) -> list[StoredArticle]:
        """The stored articles (of ``events`` only, if given) in the order they were
        added. Many events are asked for in chunks, since databases limit how many
        values one query may carry."""
        query = select(articles_table).order_by(articles_table.c.sequence)
        with self._reading() as connection:
            if events is None:
                rows = list(connection.execute(query))
            else:
                rows = sorted(
                    (row for chunk in _chunks(sorted(set(events))) for row in self._of_events(query, chunk)),
                    key=lambda row: int(row.sequence),
                )
            return [_stored_article(row) for row in rows]

    def article(self, article_id: str) -> StoredArticle | None:
        """One stored article by its id, or None."""
        with self._reading() as connection:
            row = connection.execute(select(articles_table).where(articles_table.c.id == article_id)).first()
            return None if row is None else _stored_article(row)

    def added(self, sequences: range) -> list[Article | InputError]:
        if sequences.step != 1:
            raise ValueError("added takes a range of consecutive sequence numbers")
        sequence = articles_table.c.sequence
        query = (
            select(articles_table)
            .where(sequence >= sequences.start, sequence < sequences.stop)
            .order_by(sequence)
        )
        with self._reading() as connection:
            rows = list(connection.execute(query))
        found: list[Article | InputError] = []
        for row in rows:
            try:
                found.append(_article(row))
            except MalformedValueError as error:
                found.append(InputError(self.url, f"stored article {row.sequence}: {error}"))
        return found

    def add(self, rows: Sequence[NewRow]) -> None:
        """Store new articles; an id that is already stored is an error. Call inside
        ``writing``."""
        self._require_writing("add")
        if rows:
            with self._border():
                self._connection.execute(articles_table.insert(), [_article_values(row) for row in rows])

    def load_state(self, name: str) -> str | None:
        with self._reading() as connection:
            data = connection.execute(select(state_table.c.data).where(state_table.c.name == name)).scalar()
            return None if data is None else str(data)

    def save_state(self, name: str, data: str) -> None:
        """Keep ``data`` under ``name``, replacing what was there. Call inside ``writing``
        (whose lock makes update-or-insert safe without a database-specific upsert)."""
        self._require_writing("save_state")
        with self._border():
            updated = self._connection.execute(
                state_table.update().where(state_table.c.name == name).values(data=data)
            )
            if updated.rowcount == 0:
                self._connection.execute(state_table.insert().values(name=name, data=data))

    def remove(self, article_ids: Collection[str]) -> None:
        """Delete stored articles (a new version of each is about to be added); their
        copies lose the mark, since the text they copied is stored nowhere else now. Call
        inside ``writing``."""
        self._require_writing("remove")
        with self._border():
            for chunk in _chunks(sorted(set(article_ids))):
                self._connection.execute(articles_table.delete().where(articles_table.c.id.in_(chunk)))
                self._connection.execute(
                    articles_table.update()
                    .where(articles_table.c.copy_of.in_(chunk))
                    .values(copy_of=None, copy_kind=None)
                )

    def feeds(self) -> dict[str, FeedState]:
        with self._reading() as connection:
            return {row.url: _feed_state(row) for row in connection.execute(select(feeds_table))}

    def save_feeds(self, states: Sequence[FeedState]) -> None:
        """Keep each feed's state, replacing what was there. Call inside ``writing``."""
        self._require_writing("save_feeds")
        with self._border():
            for state in states:
                values = _feed_values(state)
                updated = self._connection.execute(
                    feeds_table.update().where(feeds_table.c.url == state.url).values(values)
                )
                if updated.rowcount == 0:
                    self._connection.execute(feeds_table.insert().values(url=state.url, **values))

    def forget_feed(self, url: str) -> bool:
        """Stop following a feed (its articles stay, and its pages are not tried again);
        False if it was not followed. Call inside ``writing``."""
        self._require_writing("forget_feed")
        with self._border():
            items = feed_items_table.update().where(feed_items_table.c.feed_url == url)
            self._connection.execute(items.values(page_due=False))
            return bool(
                self._connection.execute(feeds_table.delete().where(feeds_table.c.url == url)).rowcount
            )

    def seen_items(self, urls: Collection[str]) -> dict[str, SeenItem]:
        """The items already taken in among ``urls`` (normalised), by URL."""
        return self._items(feed_items_table.c.url, sorted(set(urls)))

    def seen_texts(self, keys: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which ``(site, text key)`` pairs an item already taken in has."""
        wanted = set(keys)
        found = self._items(feed_items_table.c.text_key, sorted({key for _, key in wanted}))
        return {(item.site, item.text_key) for item in found.values()} & wanted

    def unfetched_items(self, max_attempts: int) -> list[SeenItem]:
        """Items whose page is still due, tried fewer than ``max_attempts`` times."""
        query = select(feed_items_table).where(
            feed_items_table.c.page_due.is_(True), feed_items_table.c.attempts < max_attempts
        )
        with self._reading() as connection:
            return [_seen_item(row) for row in connection.execute(query.order_by(feed_items_table.c.seen))]

    def save_items(self, items: Sequence[SeenItem]) -> None:
        """Keep each item, replacing what was there under its URL. Call inside ``writing``."""
        self._require_writing("save_items")
        with self._border():
            for chunk in _chunks(sorted({item.url for item in items})):
                self._connection.execute(feed_items_table.delete().where(feed_items_table.c.url.in_(chunk)))
            if items:
                latest = {item.url: item for item in items}
                self._connection.execute(
                    feed_items_table.insert(), [_item_values(i) for i in latest.values()]
                )

    def _items(self, column: Column[str], values: list[str]) -> dict[str, SeenItem]:
        found: dict[str, SeenItem] = {}
        with self._reading() as connection:
            for chunk in _chunks(values):
                for row in connection.execute(select(feed_items_table).where(column.in_(chunk))):
                    found[row.url] = _seen_item(row)
        return found

    def _prepare(self, read_only: bool) -> None:
        if read_only:
            with self._reading() as connection:
                self._backend.verify(connection)
                check_current(connection, self.url)
        else:
            with self.writing():
                self._backend.verify(self._connection)
                self.upgraded_from = upgrade_to_head(self._connection, self.url)

    def _of_events(self, query: Select[Any], event_ids: list[str]) -> list[Row[Any]]:
        return list(self._connection.execute(query.where(articles_table.c.event_id.in_(event_ids))))

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """The connection, in a transaction: the writing one if there is one, else a
        short read transaction, so that a query outside ``writing`` leaves none open."""
        with self._border():
            if self._connection.in_transaction():
                yield self._connection
            else:
                with self._connection.begin():
                    yield self._connection

    def _require_writing(self, method: str) -> None:
        if not self._connection.in_transaction():
            raise RuntimeError(f"call {method} inside the store's writing() transaction")

    @contextmanager
    def _border(self) -> Iterator[None]:
        """Database errors and values this newsfuse did not write become ``StoreError``s
        that name the database."""
        try:
            yield
        except DBAPIError as error:
            raise (
                self._backend.failure(error) or StoreError(self.url, f"database error ({error.orig})")
            ) from error
        except MalformedValueError as error:
            raise StoreError(self.url, str(error)) from error


def _backend(url_or_path: str | Path, shown: str, *, read_only: bool, lock_wait: float) -> _Backend:
    """The backend for a file path or an ``sqlite:///`` or ``postgresql://`` URL."""
    postgres = postgres_url(url_or_path)
    if postgres is not None:
        return PostgresBackend(postgres, shown, read_only=read_only, lock_wait=lock_wait)
    path = sqlite_path(url_or_path)
    if path is None:
        raise unsupported(url_or_path)
    return SQLiteBackend(path, shown, read_only=read_only, lock_wait=lock_wait)


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _article_values(row: NewRow) -> dict[str, object]:
    article = row.article
    if row.copy is not None and row.copy.copy_id != article.id:
        raise ValueError(
            f"the copy of {row.copy.original_id} given with article {article.id} is another article"
        )
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": moment_to_text(article.published),
        "language": article.language,
        "origin": article.origin,
        "text": article.text,
        "event_id": row.event_id,
        "copy_of": row.copy.original_id if row.copy else None,
        "copy_kind": row.copy.kind if row.copy else None,
        "similarity": row.similarity,
        "fingerprint": row.fingerprint,
        "placement": row.placement,
        "fetched": moment_to_text(article.fetched),
        "feed_text_only": article.feed_text_only,
        "removed": json.dumps([asdict(r) for r in row.removed], ensure_ascii=False),
        "names": json.dumps(row.names, ensure_ascii=False),
        "storyline_id": row.storyline_id,
    }


def _stored_article(row: Row[Any]) -> StoredArticle:
    return StoredArticle(
        _article(row),
        row.event_id,
        _copy(row),
        row.similarity,
        row.placement,
        _removed(row),
        _names(row),
        row.storyline_id or row.event_id,
    )


def _article(row: Row[Any]) -> Article:
    values = {
        name: getattr(row, name) for name in ("id", "text", "title", "source", "url", "language", "origin")
    }
    required = ("id", "text")
    wrong = [n for n, v in values.items() if not isinstance(v, str) and (v is not None or n in required)]
    if wrong:  # SQLite keeps whatever another program wrote into a column
        verb = "is" if len(wrong) == 1 else "are"
        raise MalformedValueError(f"its {' and '.join(wrong)} {verb} not text (article {row.id!r})")
    return Article(
        id=row.id,
        text=row.text,
        title=row.title,
        source=row.source,
        url=row.url,
        published=moment_from_text(row.published, f"the publication time of article {row.id}"),
        language=row.language,
        origin=row.origin,
        fetched=moment_from_text(row.fetched, f"the fetch time of article {row.id}"),
        feed_text_only=bool(row.feed_text_only),
    )


def _removed(row: Row[Any]) -> tuple[Removal, ...] | None:
    if row.removed is None:
        return None
    try:
        return tuple(Removal(**values) for values in json.loads(row.removed))
    except (ValueError, TypeError) as error:
        raise MalformedValueError(
            f"what cleaning removed from article {row.id} is damaged ({error})"
        ) from None


def _names(row: Any) -> tuple[str, ...]:
    if row.names is None:
        return ()
    try:
        names = json.loads(row.names)
    except ValueError as error:
        raise MalformedValueError(f"the names stored for article {row.id} are damaged ({error})") from None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise MalformedValueError(f"the names stored for article {row.id} are not a list of names")
    return tuple(names)


def _copy(row: Row[Any]) -> Copy | None:
    if row.copy_of is None:
        return None
    if row.copy_kind not in _COPY_KINDS:
        raise MalformedValueError(f"article {row.id} is stored as a copy of kind {row.copy_kind!r}")
    return Copy(row.id, row.copy_of, row.copy_kind)


def _feed_values(state: FeedState) -> dict[str, object]:
    return {
        "title": state.title,
        "etag": state.etag,
        "last_modified": state.last_modified,
        "checked": moment_to_text(state.checked),
        "failures": state.failures,
        "error": state.error,
        "retry_at": moment_to_text(state.retry_at),
    }


def _feed_state(row: Row[Any]) -> FeedState:
    return FeedState(
        url=row.url,
        title=row.title,
        etag=row.etag,
        last_modified=row.last_modified,
        checked=moment_from_text(row.checked, f"the last poll of feed {row.url}"),
        failures=int(row.failures),
        error=row.error,
        retry_at=moment_from_text(row.retry_at, f"the next poll of feed {row.url}"),
    )


def _item_values(item: SeenItem) -> dict[str, object]:
    return {
        "url": item.url,
        "feed_url": item.feed_url,
        "site": item.site,
        "text_key": item.text_key,
        "title": item.title,
        "published": moment_to_text(item.published),
        "article_id": item.article_id,
        "page_fetched": item.page_fetched,
        "page_due": item.page_due,
        "attempts": item.attempts,
        "seen": moment_to_text(item.seen),
    }


def _seen_item(row: Row[Any]) -> SeenItem:
    seen = moment_from_text(row.seen, f"when feed item {row.url} was seen")
    if seen is None:
        raise MalformedValueError(f"feed item {row.url} has no time it was seen")
    return SeenItem(
        url=row.url,
        feed_url=row.feed_url,
        site=row.site,
        text_key=row.text_key,
        title=row.title,
        published=moment_from_text(row.published, f"the publication time of feed item {row.url}"),
        article_id=row.article_id,
        page_fetched=bool(row.page_fetched),
        page_due=bool(row.page_due),
        attempts=int(row.attempts),
        seen=seen,
    )
