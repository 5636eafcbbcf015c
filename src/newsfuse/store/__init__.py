"""Storage of articles and their events between runs, behind a small interface
(``Store``): ``open_store`` picks the implementation by the database URL's scheme from
``newsfuse.registry.stores``.

So far that is ``SQLStore`` for SQLite (a file path or an ``sqlite:///`` URL): SQLAlchemy
Core, with the schema kept by Alembic revisions. Another database is one more registered
store (or one more backend of ``SQLStore``), not another interface.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.registry import stores
from newsfuse.settings import StoreSettings
from newsfuse.store.base import IndexEntry, NewRow, Revision, Store, StoredArticle

if TYPE_CHECKING:
    from newsfuse.store.sql import SQLStore

__all__ = ["IndexEntry", "NewRow", "Revision", "SQLStore", "Store", "StoredArticle", "absolute", "open_store"]


def __getattr__(name: str) -> Any:
    """``SQLStore`` loads SQLAlchemy and Alembic: only when a database is opened."""
    if name == "SQLStore":
        from newsfuse.store.sql import SQLStore

        return SQLStore
    raise AttributeError(f"module 'newsfuse.store' has no attribute {name!r}")


def open_store(url: str | Path, settings: StoreSettings | None = None, *, read_only: bool = False) -> Store:
    """The store at ``url``: a file path or an ``sqlite:///`` URL, or the URL of a
    database some registered store handles (anything else is a ``StoreError``)."""
    from newsfuse.store.sql import unsupported

    scheme = _scheme(url)
    if scheme is None or scheme not in stores:
        raise unsupported(url)
    store: Store = stores.get(scheme)(url, settings, read_only=read_only)
    return store


def absolute(url: str) -> str:
    """A store's location as processes in other working folders find it: an SQLite file by
    its absolute path, any other URL as given."""
    from newsfuse.store._sqlite import sqlite_path

    path = sqlite_path(url)
    return str(path.resolve()) if path is not None else url


def _scheme(url: str | Path) -> str | None:
    """``sqlite`` for a path, the database's name for a URL; None for no valid URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if isinstance(url, Path) or "://" not in url:
        return "sqlite"
    try:
        return make_url(url).get_backend_name()
    except ArgumentError:
        return None
