"""Store: articles and their events in an embedded SQLite database.

A stream can be fed over several runs (``newsfuse add``) and digested later
(``newsfuse digest --db``). The database runs in WAL mode and every run's articles are
written in one transaction, so an interrupted run leaves the database as it was before
it, never half-written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsfuse.errors import NewsfuseError
from newsfuse.model import Article

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    title TEXT, source TEXT, url TEXT, published TEXT, language TEXT, origin TEXT,
    text TEXT NOT NULL,
    event_id TEXT NOT NULL,
    duplicate_of TEXT,
    similarity REAL
);
CREATE INDEX IF NOT EXISTS articles_by_event ON articles (event_id);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class StoreError(NewsfuseError):
    pass


@dataclass(frozen=True, slots=True)
class StoredArticle:
    article: Article
    event_id: str
    duplicate_of: str | None


class ArticleStore:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._connection = sqlite3.connect(self.path)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=NORMAL")
            self._connection.executescript(_SCHEMA)
            version = self._setting("schema_version")
            if version is None:
                with self._connection:
                    self._connection.execute(
                        "INSERT INTO settings VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                    )
            elif int(version) != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: database schema {version}, this newsfuse reads {SCHEMA_VERSION}"
                )
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: not a newsfuse database ({error})") from None

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def known_ids(self) -> set[str]:
        return {row[0] for row in self._connection.execute("SELECT id FROM articles")}

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
        """Store (article, event id, duplicate of, similarity) rows in one transaction."""
        with self._connection:
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
        or the events stored so far would have been formed under other rules."""
        stored = {key: self._setting(key) for key in settings}
        changed = {k: (v, stored[k]) for k, v in settings.items() if stored[k] is not None and stored[k] != v}
        if changed:
            details = ", ".join(f"{k} {new} (stored: {old})" for k, (new, old) in changed.items())
            raise StoreError(f"{self.path}: the events were formed with other settings: {details}")
        with self._connection:
            self._connection.executemany(
                "INSERT OR IGNORE INTO settings VALUES (?, ?)", list(settings.items())
            )

    def _setting(self, key: str) -> str | None:
        row = self._connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])
