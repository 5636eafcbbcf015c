"""What is particular to PostgreSQL: how it is reached (psycopg 3), how the write lock is
taken, and what its error codes mean to a user.

The write lock is a transaction-level advisory lock, one number for every newsfuse
writer of a database: runs in several processes or on several machines take turns as
SQLite's ``BEGIN IMMEDIATE`` makes them, so the event clusterer's state read at the start
of a run is still the state when it writes. ``lock_timeout`` bounds the wait.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, RootTransaction, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from newsfuse.errors import StoreError, StoreLockedError

WRITE_LOCK = 0x6E657773  # "news": the advisory lock every newsfuse writer of a database takes
_DRIVERS = ("postgresql", "postgresql+psycopg", "postgres")


def postgres_url(url_or_path: object) -> URL | None:
    """The psycopg URL of a ``postgresql://`` location, or None for another database."""
    if not isinstance(url_or_path, str) or "://" not in url_or_path:
        return None
    try:
        url = make_url(url_or_path)
    except Exception:
        return None
    if url.drivername not in _DRIVERS:
        return None
    return url.set(drivername="postgresql+psycopg")


class PostgresBackend:
    """One PostgreSQL database, opened for writing or for reading only."""

    def __init__(self, url: URL, shown: str, *, read_only: bool, lock_wait: float) -> None:
        self.url = url
        self.shown = shown
        self.read_only = read_only
        self.lock_wait = lock_wait

    def engine(self) -> Engine:
        # One connection per store, held until close: no pool to keep.
        arguments = {"connect_timeout": 10, "application_name": "newsfuse"}
        engine = create_engine(self.url, poolclass=NullPool, connect_args=arguments)
        if self.read_only:
            event.listen(engine, "begin", _read_only)
        return engine

    def begin_writing(self, connection: Connection) -> RootTransaction:
        transaction = connection.begin()
        milliseconds = max(1, int(self.lock_wait * 1000))
        connection.execute(text(f"SET LOCAL lock_timeout = {milliseconds}"))
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
        return transaction

    def verify(self, connection: Connection) -> None:
        """PostgreSQL checks its own pages; nothing to do on opening."""

    def failure(self, error: DBAPIError) -> StoreError | None:
        """The user's view of a PostgreSQL error, by its SQLSTATE; None for one without."""
        state = getattr(error.orig, "sqlstate", None)
        if not isinstance(state, str):
            if type(error.orig).__name__ == "OperationalError":  # no connection at all
                return StoreError(self.shown, f"cannot connect to the database ({_first_line(error)})")
            return None
        if state == "55P03":  # lock_not_available
            return StoreLockedError(
                self.shown,
                f"another run is writing to this database (waited {self.lock_wait:g} s); try again later",
            )
        if state == "23505":  # unique_violation
            return StoreError(
                self.shown, "an article with this id is already stored (article ids are unique)"
            )
        if state == "25006":  # read_only_sql_transaction
            return StoreError(self.shown, "cannot write to this database (opened for reading only)")
        if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
            return StoreError(self.shown, f"cannot connect to the database ({_first_line(error)})")
        if state.startswith("28") or state == "3D000":
            return StoreError(self.shown, f"cannot open this database ({_first_line(error)})")
        return None


def _read_only(connection: Connection) -> None:
    connection.exec_driver_sql("SET TRANSACTION READ ONLY")


def _first_line(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else type(error.orig).__name__
