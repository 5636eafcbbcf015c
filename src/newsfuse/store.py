"""Store: articles and their events in an embedded SQLite database.

A stream can be fed over several runs (``newsfuse add``) and digested later
(``newsfuse digest --db``). The database runs in WAL mode. A run that adds articles holds
the write lock from the moment it reads the stored events until its articles are
written, in one transaction: an interrupted run leaves the database as it was, and two
runs at once take turns instead of numbering events from the same snapshot.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsfuse.errors import NewsfuseError
from newsfuse.model import Article

SCHEMA_VERSION = 1
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS articles (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        title TEXT, source TEXT, url TEXT, published TEXT, language TEXT, origin TEXT,
        text TEXT NOT NULL,
        event_id TEXT NOT NULL,
        duplicate_of TEXT,
        similarity REAL
    )""",
    "CREATE INDEX IF NOT EXISTS articles_by_event ON articles (event_id)",
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)
_LOCK_WAIT_SECONDS = 30.0
"""How long a run waits for another run's write lock before giving up."""


class StoreError(NewsfuseError):
    pass


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

    def stored(self) -> list[StoredArticle]:
        """Every stored article with its event, in the order they were added."""
        rows = self._connection.execute(
            "SELECT id, title, source, url, published, language, origin, text, event_id, duplicate_of "
            "FROM articles ORDER BY sequence"
        )
        return [
            StoredArticle(
                Article(
                    id=row[0],
                    title=row[1],
                    source=row[2],
                    url=row[3],
                    published=datetime.fromisoformat(row[4]) if row[4] else None,
                    language=row[5],
                    origin=row[6],
                    text=row[7],
                ),
                row[8],
                row[9],
            )
            for row in rows
        ]

    def add(self, items: Sequence[tuple[Article, str, str | None, float]]) -> None:
        """Store (article, event id, duplicate of, similarity) rows; call inside ``writing``."""
        self._connection.executemany(
            "INSERT INTO articles (id, title, source, url, published, language, origin, text, "
            "event_id, duplicate_of, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                version = self._setting("schema_version")
                if version is None:
                    self._connection.execute(
                        "INSERT INTO settings VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                    )
        version = self._setting("schema_version")
        if version != str(SCHEMA_VERSION):
            raise StoreError(f"{self.path}: database schema {version}, this newsfuse reads {SCHEMA_VERSION}")

    def _setting(self, key: str) -> str | None:
        try:
            row = self._connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None  # no settings table: not a newsfuse database
        return None if row is None else str(row[0])


def _reason(error: sqlite3.DatabaseError, waited: float) -> str:
    message = str(error)
    if "locked" in message or "busy" in message:
        return f"another run is writing to this database (waited {waited:g} s); try again later"
    if "readonly" in message or "read-only" in message:
        return "cannot write to this database (read-only file or folder)"
    if "unable to open" in message:
        return "cannot open this database file"
    return f"not a newsfuse database ({message})"
