"""Store: articles and their events in an embedded SQLite database.

A stream can be fed over several runs (``newsfuse add``) and digested later
(``newsfuse digest --db``). The database runs in WAL mode. A run that adds articles holds
the write lock from the moment it reads the stored state until its articles are written,
in one transaction: an interrupted run leaves the database as it was, and two runs at
once take turns instead of numbering events from the same snapshot.

Besides the articles and their events, the database keeps what a run needs to take up
the stream exactly where the last one left it without reading every stored article: each
article's text fingerprint and the vector it was placed with, the document frequencies,
the closed events and the stream's clock.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from newsfuse.errors import NewsfuseError
from newsfuse.events.clustering import EventClusterer, open_events
from newsfuse.events.duplicates import text_fingerprint
from newsfuse.events.vectors import VectorSettings, term_counts
from newsfuse.model import Article

SCHEMA_VERSION = 2
_ADDED_IN_2 = (
    "CREATE TABLE term_documents (term TEXT PRIMARY KEY, documents INTEGER NOT NULL)",
    "CREATE TABLE closed_events (event_id TEXT PRIMARY KEY)",
)
_SCHEMA = (
    """CREATE TABLE articles (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        title TEXT, source TEXT, url TEXT, published TEXT, language TEXT, origin TEXT,
        text TEXT NOT NULL,
        event_id TEXT NOT NULL,
        duplicate_of TEXT,
        similarity REAL,
        fingerprint TEXT,
        vector TEXT
    )""",
    "CREATE INDEX articles_by_event ON articles (event_id)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    *_ADDED_IN_2,
)
_LOCK_WAIT_SECONDS = 30.0
"""How long a run waits for another run's write lock before giving up."""
_VECTORS = VectorSettings()
"""Which terms an article has, for the document frequencies (how terms are weighed does
not change which they are)."""


class StoreError(NewsfuseError):
    pass


@dataclass(frozen=True, slots=True)
class IndexEntry:
    id: str
    event_id: str
    fingerprint: str
    source: str | None
    published: datetime | None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    article: Article
    event_id: str
    duplicate_of: str | None
    vector: dict[str, float]
    """The article's term vector as it was when the article was placed."""


@dataclass(frozen=True, slots=True)
class NewRow:
    article: Article
    event_id: str
    duplicate_of: str | None
    similarity: float
    vector: Mapping[str, float]


class ArticleStore:
    """One database file. ``read_only`` opens an existing database for reading only (a
    digest), so it works on a file the user may not write and never creates one."""

    def __init__(
        self, path: str | Path, *, read_only: bool = False, lock_wait: float = _LOCK_WAIT_SECONDS
    ) -> None:
        self.path = Path(path)
        self.lock_wait = lock_wait
        if read_only and not self.path.is_file():
            raise StoreError(f"{self.path}: no such database (create one with newsfuse add)")
        if not read_only and not self.path.parent.is_dir():
            raise StoreError(f"{self.path.parent}: no such folder for the database")
        try:
            if read_only:
                target = f"{self.path.resolve().as_uri()}?mode=ro"
                self._connection = sqlite3.connect(target, uri=True, timeout=lock_wait)
            else:
                self._connection = sqlite3.connect(self.path, timeout=lock_wait)
            self._connection.isolation_level = None  # transactions are explicit, see writing()
            self._prepare(read_only)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: {_reason(error, lock_wait)}") from None

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One transaction holding the write lock from its start: all or nothing."""
        try:
            self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: {_reason(error, self.lock_wait)}") from None
        try:
            yield
            self._connection.execute("COMMIT")
        except BaseException as error:
            if self._connection.in_transaction:  # SQLite may have rolled back already
                self._connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError):
                raise StoreError(f"{self.path}: {_reason(error, self.lock_wait)}") from None
            raise

    def stored(self, events: Collection[str] | None = None) -> list[StoredArticle]:
        """The stored articles with their events (of ``events`` only, if given), in the
        order they were added."""
        query = (
            "SELECT id, title, source, url, published, language, origin, text, event_id, duplicate_of, "
            "vector FROM articles"
        )
        if events is None:
            rows = self._connection.execute(query + " ORDER BY sequence")
        else:
            rows = self._connection.execute(
                query + " WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY sequence",
                (json.dumps(sorted(events)),),
            )
        return [
            StoredArticle(
                Article(
                    id=row[0],
                    title=row[1],
                    source=row[2],
                    url=row[3],
                    published=_moment(row[4]),
                    language=row[5],
                    origin=row[6],
                    text=row[7],
                ),
                row[8],
                row[9],
                json.loads(row[10]) if row[10] else {},
            )
            for row in rows
        ]

    def index(self) -> list[IndexEntry]:
        """Every stored article in brief, in the order they were added: enough to know the
        events and recognise copies without reading the texts."""
        rows = self._connection.execute(
            "SELECT id, event_id, fingerprint, source, published FROM articles ORDER BY sequence"
        )
        return [IndexEntry(row[0], row[1], row[2], row[3], _moment(row[4])) for row in rows]

    def term_documents(self) -> tuple[int, dict[str, int]]:
        """The number of stored articles and, per term, how many contain it."""
        documents = int(self._setting("documents") or 0)
        return documents, dict(self._connection.execute("SELECT term, documents FROM term_documents"))

    def closed_events(self) -> set[str]:
        return {row[0] for row in self._connection.execute("SELECT event_id FROM closed_events")}

    def clock(self) -> tuple[datetime | None, datetime | None]:
        """The stream's clock as the last run left it (see ``EventClusterer.clock``)."""
        return _moment(self._setting("clock_latest")), _moment(self._setting("clock_swept"))

    def add(self, rows: Sequence[NewRow]) -> None:
        """Store new articles with their events, and count their terms; call inside
        ``writing``."""
        self._count_terms([row.article for row in rows])
        self._connection.executemany(
            "INSERT INTO articles (id, title, source, url, published, language, origin, text, "
            "event_id, duplicate_of, similarity, fingerprint, vector) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    row.article.id,
                    row.article.title,
                    row.article.source,
                    row.article.url,
                    _text(row.article.published),
                    row.article.language,
                    row.article.origin,
                    row.article.text,
                    row.event_id,
                    row.duplicate_of,
                    row.similarity,
                    text_fingerprint(row.article.text),
                    json.dumps(dict(row.vector), sort_keys=True),
                )
                for row in rows
            ],
        )

    def save_stream_state(
        self, closed: Iterable[str], clock: tuple[datetime | None, datetime | None]
    ) -> None:
        """Record newly closed events and the clock; call inside ``writing``."""
        self._connection.executemany(
            "INSERT OR IGNORE INTO closed_events VALUES (?)", [(event_id,) for event_id in closed]
        )
        for key, moment in zip(("clock_latest", "clock_swept"), clock, strict=True):
            if moment is not None:
                self._connection.execute(
                    "INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, _text(moment))
                )

    def check_settings(self, settings: dict[str, str]) -> None:
        """Record the clustering settings on first use; later runs must use the same ones,
        or the events stored so far would have been formed under other rules. Call inside
        ``writing``."""
        stored = {key: self._setting(key) for key in settings}
        changed = {k: (v, stored[k]) for k, v in settings.items() if stored[k] is not None and stored[k] != v}
        if changed:
            details = ", ".join(f"{k} {new} (stored: {old})" for k, (new, old) in changed.items())
            raise StoreError(f"{self.path}: the events were formed with other settings: {details}")
        self._connection.executemany("INSERT OR IGNORE INTO settings VALUES (?, ?)", list(settings.items()))

    def _prepare(self, read_only: bool) -> None:
        """Check the schema; a writer also creates it, or upgrades it, under the write lock
        (so that two first runs cannot both create it)."""
        if read_only:
            self._check_version(self._setting("schema_version"))
            return
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, and faster
        with self.writing():
            version = self._setting("schema_version")
            if version is None:
                if self._connection.execute("SELECT name FROM sqlite_master").fetchone() is not None:
                    raise StoreError(f"{self.path}: not a newsfuse database (it holds other tables)")
                for statement in _SCHEMA:
                    self._connection.execute(statement)
                self._connection.execute(
                    "INSERT INTO settings VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
            elif version == "1":
                self._upgrade_from_1()
            else:
                self._check_version(version)

    def _check_version(self, version: str | None) -> None:
        if version is None:
            raise StoreError(f"{self.path}: not a newsfuse database")
        if version == "1":
            raise StoreError(f"{self.path}: database schema 1; one newsfuse add upgrades it")
        if version != str(SCHEMA_VERSION):
            raise StoreError(f"{self.path}: database schema {version}, this newsfuse reads {SCHEMA_VERSION}")

    def _count_terms(self, articles: Sequence[Article]) -> None:
        counts: Counter[str] = Counter()
        for article in articles:
            counts.update(term_counts(article.text, article.title, _VECTORS).keys())
        self._connection.executemany(
            "INSERT INTO term_documents VALUES (?, ?) "
            "ON CONFLICT (term) DO UPDATE SET documents = documents + excluded.documents",
            counts.items(),
        )
        documents = int(self._setting("documents") or 0) + len(articles)
        self._connection.execute("INSERT OR REPLACE INTO settings VALUES ('documents', ?)", (str(documents),))

    def _upgrade_from_1(self) -> None:
        """Schema 1 kept the articles and their events only. Fill in the rest as a single
        run over the stored articles, in their order, would have left it."""
        self._connection.execute("ALTER TABLE articles ADD COLUMN fingerprint TEXT")
        self._connection.execute("ALTER TABLE articles ADD COLUMN vector TEXT")
        for statement in _ADDED_IN_2:
            self._connection.execute(statement)
        stored = self.stored()
        stream = EventClusterer()  # weighs each article as the stream did when it arrived
        updates = [
            (
                text_fingerprint(item.article.text),
                json.dumps(stream.vector(item.article), sort_keys=True),
                item.article.id,
            )
            for item in stored
        ]
        self._connection.executemany("UPDATE articles SET fingerprint = ?, vector = ? WHERE id = ?", updates)
        self._count_terms([item.article for item in stored])
        window = float(self._setting("window_seconds") or 7 * 86400)
        still_open = open_events(
            ((s.event_id, s.article.published) for s in stored), timedelta(seconds=window)
        )
        closed = {s.event_id for s in stored} - still_open
        dated = [s.article.published for s in stored if s.article.published is not None]
        latest = max(dated) if dated else None
        self.save_stream_state(closed, (latest, latest))
        self._connection.execute("UPDATE settings SET value = '2' WHERE key = 'schema_version'")

    def _setting(self, key: str) -> str | None:
        try:
            row = self._connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None  # no settings table: not a newsfuse database
        return None if row is None else str(row[0])


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _text(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _reason(error: sqlite3.DatabaseError, waited: float) -> str:
    message = str(error)
    if "locked" in message or "busy" in message:
        return f"another run is writing to this database (waited {waited:g} s); try again later"
    if "readonly" in message or "read-only" in message:
        return "cannot write to this database (read-only file or folder)"
    if "disk" in message or "full" in message:
        return f"cannot write to this database ({message}: is the disk full?)"
    if "not a database" in message:
        return f"not a newsfuse database ({message})"
    if "unable to open" in message:
        return "cannot open this database file"
    return f"database error ({message})"
