"""What is particular to SQLite, kept apart so that another database is a matter of one
more such module: how a file is opened (WAL for writers, ``mode=ro`` for readers), how the
write lock is taken (``BEGIN IMMEDIATE``), and what SQLite's error codes mean to a user.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, RootTransaction, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.pool import NullPool

from newsfuse.errors import StoreError, StoreLockedError, StoreSchemaError

_SQLITE_DRIVERS = ("sqlite", "sqlite+pysqlite")
_UNIQUE_CONSTRAINTS = (sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)


def sqlite_path(url_or_path: str | Path) -> Path | None:
    """The file an SQLite location names: a plain path or an ``sqlite:///`` URL; None
    for a URL of another database."""
    if isinstance(url_or_path, Path) or "://" not in url_or_path:
        return Path(url_or_path)
    try:
        url = make_url(url_or_path)
    except ArgumentError:
        return None
    if url.drivername not in _SQLITE_DRIVERS:
        return None
    if not url.database or url.database == ":memory:":
        raise StoreError(url_or_path, "an SQLite URL must name a file (sqlite:///path/to/news.db)")
    return Path(url.database)


class SQLiteBackend:
    """One SQLite file, opened for writing or for reading only.

    A writer's connection runs in WAL mode (readers never wait for it) with
    ``synchronous=NORMAL`` (safe with WAL, and faster). The driver is put in autocommit
    mode so that this class, not the driver, decides how a transaction begins: a write
    transaction begins with ``BEGIN IMMEDIATE``, which takes the write lock at once (and
    waits up to ``lock_wait`` seconds for it), so what a run reads cannot change before
    it writes.
    """

    def __init__(self, path: Path, url: str, *, read_only: bool, lock_wait: float) -> None:
        self.path = path
        self.url = url
        self.read_only = read_only
        self.lock_wait = lock_wait
        self._next_begin_writes = False
        self._check_location()

    def engine(self) -> Engine:
        connect = self._connect_for_reading if self.read_only else self._connect_for_writing
        # One connection per store, held until close: no pool to keep. A store is used by
        # one thread at a time, not always the one that opened it (the service lends its
        # open stores to the threads that answer reads).
        engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=NullPool)
        event.listen(engine, "begin", self._begin)
        return engine

    def begin_writing(self, connection: Connection) -> RootTransaction:
        """Begin a transaction that holds the write lock from its first statement."""
        self._next_begin_writes = True
        try:
            return connection.begin()
        finally:
            self._next_begin_writes = False

    def verify(self, connection: Connection) -> None:
        """SQLite's quick check of every page: a damaged index or table is reported as
        damage when the database is opened, not met half-way through a run (tens of
        milliseconds for a database of 20,000 articles once it is in the page cache)."""
        found = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check").fetchmany(3)]
        if found != ["ok"]:
            raise StoreError(self.url, f"the database file is damaged (SQLite finds: {'; '.join(found)})")

    def failure(self, error: DBAPIError) -> StoreError | None:
        """The user's view of an SQLite error, by its error code; None for one without."""
        code = getattr(error.orig, "sqlite_errorcode", None)
        if not isinstance(code, int):
            return None
        primary = code & 0xFF
        if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return StoreLockedError(
                self.url,
                f"another run is writing to this database (waited {self.lock_wait:g} s); try again later",
            )
        if primary == sqlite3.SQLITE_NOTADB:
            return StoreSchemaError(self.url, "not a newsfuse database (not an SQLite file at all)")
        if primary == sqlite3.SQLITE_CONSTRAINT and code in _UNIQUE_CONSTRAINTS:
            return StoreError(self.url, "an article with this id is already stored (article ids are unique)")
        message = self._reasons().get(primary)
        return None if message is None else StoreError(self.url, message)

    def _reasons(self) -> dict[int, str]:
        readonly = "opened for reading only" if self.read_only else "read-only file or folder"
        return {
            sqlite3.SQLITE_READONLY: f"cannot write to this database ({readonly})",
            sqlite3.SQLITE_FULL: "cannot write to this database: is the disk full?",
            sqlite3.SQLITE_IOERR: "cannot read or write the database file (input/output error)",
            sqlite3.SQLITE_CORRUPT: "the database file is damaged (SQLite finds it corrupt)",
            sqlite3.SQLITE_CANTOPEN: "cannot open this database file",
            sqlite3.SQLITE_PERM: "no permission to use this database file",
            sqlite3.SQLITE_CONSTRAINT: "a value breaks a rule of the database",
        }

    def _check_location(self) -> None:
        """Refuse a missing file (reader) or folder (writer) before SQLite does: its own
        error says only that it cannot open the file, and a writer would create one."""
        if self.read_only and not self.path.is_file():
            raise StoreError(self.url, "no such database (create one with newsfuse add)")
        if not self.read_only and not self.path.parent.is_dir():
            raise StoreError(self.url, f"no such folder for the database: {self.path.parent}")
        if self.path.exists() and not self.path.is_file():
            raise StoreError(self.url, "not a database file (a folder, a device or a FIFO)")

    def _connect_for_writing(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=self.lock_wait, isolation_level=None, check_same_thread=False
        )
        try:
            self._use_wal(connection)
            connection.execute("PRAGMA synchronous=NORMAL")
        except BaseException:
            connection.close()
            raise
        return connection

    def _use_wal(self, connection: sqlite3.Connection) -> None:
        """Switch to WAL. Switching needs a lock that SQLite does not wait for (its busy
        handler is skipped there, to avoid a deadlock): while another run holds a new
        file, this tries again for up to ``lock_wait`` seconds."""
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                busy = error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _connect_for_reading(self) -> sqlite3.Connection:
        """Open with ``mode=ro``: never creates a file, and works on one the user cannot
        write. A WAL database in a folder the user cannot write is the exception (SQLite
        cannot create its shared-memory file there); when no run is writing to it (there
        is no WAL file) it is read as an immutable file instead."""
        uri = self.path.resolve().as_uri()
        connection = sqlite3.connect(
            f"{uri}?mode=ro", uri=True, timeout=self.lock_wait, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute("PRAGMA schema_version")  # the first read opens the WAL, if any
        except sqlite3.Error as error:
            connection.close()
            if not self._folder_blocks_wal(error):
                raise
            return sqlite3.connect(
                f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
            )
        return connection

    def _folder_blocks_wal(self, error: sqlite3.Error) -> bool:
        primary = error.sqlite_errorcode & 0xFF
        unopenable = primary in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)
        return unopenable and not self.path.with_name(self.path.name + "-wal").exists()

    def _begin(self, connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if self._next_begin_writes else "BEGIN")
