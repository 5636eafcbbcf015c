"""Store: articles and their events in an embedded SQLite database.

A stream can be fed over several runs (``newsfuse add``) and digested later
(``newsfuse digest --db``). The database runs in WAL mode. A run that adds articles holds
the write lock from the moment it reads the stored events until its articles are
written, in one transaction: an interrupted run leaves the database as it was, and two
runs at once take turns instead of numbering events from the same snapshot.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsfuse.errors import NewsfuseError
from newsfuse.events.duplicates import text_fingerprint
from newsfuse.events.vectors import VectorSettings, term_counts
from newsfuse.model import Article

SCHEMA_VERSION = 2
_TERMS_TABLE = "CREATE TABLE IF NOT EXISTS term_documents (term TEXT PRIMARY KEY, documents INTEGER NOT NULL)"
"""In how many stored articles each term occurs: the stream's document frequencies, kept
so that a run need not read every stored article again."""
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS articles (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        title TEXT, source TEXT, url TEXT, published TEXT, language TEXT, origin TEXT,
        text TEXT NOT NULL,
        event_id TEXT NOT NULL,
        duplicate_of TEXT,
        similarity REAL,
        fingerprint TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS articles_by_event ON articles (event_id)",
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    _TERMS_TABLE,
)
_LOCK_WAIT_SECONDS = 30.0
"""How long a run waits for another run's write lock before giving up."""


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
                self._connection = sqlite3.connect(
                    f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=lock_wait
                )
            else:
                self._connection = sqlite3.connect(self.path, timeout=lock_wait)
            self._connection.isolation_level = None  # transactions are explicit, see writing()
            self._check_schema(read_only)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: {_reason(error, self.lock_wait)}") from None

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
        except sqlite3.OperationalError as error:
            raise StoreError(f"{self.path}: {_reason(error, self.lock_wait)}") from None
        try:
            yield
            self._connection.execute("COMMIT")
        except BaseException as error:
            self._connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError):
                raise StoreError(f"{self.path}: {_reason(error, self.lock_wait)}") from None
            raise

    def stored(self, events: Collection[str] | None = None) -> list[StoredArticle]:
        """The stored articles with their events (of ``events`` only, if given), in the
        order they were added."""
        query = (
            "SELECT id, title, source, url, published, language, origin, text, event_id, duplicate_of "
            "FROM articles"
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

    def add(self, items: Sequence[tuple[Article, str, str | None, float]]) -> None:
        """Store (article, event id, duplicate of, similarity) rows, and count their terms;
        call inside ``writing``."""
        self._count_terms([a for a, *_ in items])
        self._connection.executemany(
            "INSERT INTO articles (id, title, source, url, published, language, origin, text, "
            "event_id, duplicate_of, similarity, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    a.id,
                    a.title,
                    a.source,
                    a.url,
                    a.published.isoformat() if a.published else None,
                    a.language,
                    a.origin,
                    a.text,
                    event_id,
                    duplicate_of,
                    similarity,
                    text_fingerprint(a.text),
                )
                for a, event_id, duplicate_of, similarity in items
            ],
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

    def _check_schema(self, read_only: bool) -> None:
        if not read_only:
            self._connection.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, and faster
        if not read_only and self._setting("schema_version") is None:  # a new database
            self._connection.execute("PRAGMA journal_mode=WAL")
            with self.writing():
                tables = {row[0] for row in self._connection.execute("SELECT name FROM sqlite_master")}
                if tables and "settings" not in tables:
                    raise StoreError(f"{self.path}: not a newsfuse database (it holds other tables)")
                for statement in _SCHEMA:
                    self._connection.execute(statement)
                self._connection.execute(
                    "INSERT INTO settings VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
        if not read_only and self._setting("schema_version") == "1":
            with self.writing():
                self._upgrade_from_1()
        version = self._setting("schema_version")
        if version != str(SCHEMA_VERSION):
            raise StoreError(f"{self.path}: database schema {version}, this newsfuse reads {SCHEMA_VERSION}")

    def _count_terms(self, articles: Sequence[Article]) -> None:
        counts: Counter[str] = Counter()
        for article in articles:
            counts.update(term_counts(article.text, article.title, _TERMS).keys())
        self._connection.executemany(
            "INSERT INTO term_documents VALUES (?, ?) "
            "ON CONFLICT (term) DO UPDATE SET documents = documents + excluded.documents",
            counts.items(),
        )
        documents = int(self._setting("documents") or 0) + len(articles)
        self._connection.execute("INSERT OR REPLACE INTO settings VALUES ('documents', ?)", (str(documents),))

    def _upgrade_from_1(self) -> None:
        """Schema 1 kept neither text fingerprints nor term counts: add both."""
        self._connection.execute("ALTER TABLE articles ADD COLUMN fingerprint TEXT")
        self._connection.execute(_TERMS_TABLE)
        stored = [s.article for s in self.stored()]
        self._connection.executemany(
            "UPDATE articles SET fingerprint = ? WHERE id = ?",
            [(text_fingerprint(a.text), a.id) for a in stored],
        )
        self._count_terms(stored)
        self._connection.execute("UPDATE settings SET value = '2' WHERE key = 'schema_version'")

    def _setting(self, key: str) -> str | None:
        try:
            row = self._connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None  # no settings table: not a newsfuse database
        return None if row is None else str(row[0])


_TERMS = VectorSettings()
"""Which terms an article has does not depend on how they are weighed."""


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _reason(error: sqlite3.DatabaseError, waited: float) -> str:
    message = str(error)
    if "locked" in message or "busy" in message:
        return f"another run is writing to this database (waited {waited:g} s); try again later"
    if "readonly" in message or "read-only" in message:
        return "cannot write to this database (read-only file or folder)"
    if "unable to open" in message:
        return "cannot open this database file"
    return f"not a newsfuse database ({message})"
