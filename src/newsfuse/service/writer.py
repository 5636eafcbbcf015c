"""The service's writers: processes of their own that make every change to the database,
each one change at a time: one takes submissions and feeds followed or forgotten, the other
polls the feeds (fetching pages takes long; submissions do not wait behind it).

Placing articles is processor work (the event clusterer, kept warm between changes by an
``EventWriter``, and the name recogniser). Threads of the server's own process would
share its interpreter lock with the reads, and each read would wait behind it; in a
process of its own the writer leaves the server free to answer reads at once. A change
is acknowledged only after its transaction has committed; if the writer process dies,
the change it was making is rolled back and refused with a 503, and a new writer starts.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from newsfuse.errors import NewsfuseError, NothingToSummarizeError, StoreError, StoreLockedError
from newsfuse.settings import Settings


class WriteRefused(Exception):
    """A change the writer did not make, as the HTTP answer that says why."""

    def __init__(self, status: int, message: str, details: list[str] | None = None, retry: bool = False):
        super().__init__(message)
        self.status, self.message, self.details, self.retry = status, message, details or [], retry


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a job sends back: exceptions cross processes poorly, so failures are plain data."""

    result: dict[str, Any] = field(default_factory=dict)
    refused: tuple[int, str, list[str], bool] | None = None


class WriterProcess:
    """A writer process of one service, started at its first change and restarted if it
    dies. Its jobs run one at a time, in the order they came."""

    def __init__(self, db: str, settings: Settings) -> None:
        self._db, self._settings = db, settings
        self._pool: ProcessPoolExecutor | None = None
        self._turn = asyncio.Lock()

    async def submit(self, body: bytes, fmt: str, urls: list[str] | None) -> dict[str, Any]:
        return await self._run("submit", body, fmt, urls)

    async def follow(self, urls: list[str]) -> dict[str, Any]:
        return await self._run("follow", urls)

    async def forget(self, url: str) -> dict[str, Any]:
        return await self._run("forget", url)

    async def poll(self) -> dict[str, Any]:
        return await self._run("poll")

    def close(self) -> None:
        if self._pool is not None:
            # Not waiting: a poll may be fetching; the writer ends with this process, and
            # what it had not committed is rolled back.
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    async def _run(self, job: str, *args: Any) -> dict[str, Any]:
        async with self._turn:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded server
                    initializer=_begin,
                    initargs=(self._db, self._settings),
                )
            try:
                outcome = await asyncio.wrap_future(self._pool.submit(_perform, job, *args))
            except BrokenProcessPool:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
                raise WriteRefused(
                    503, "the writer process stopped; nothing was changed; retry", retry=True
                ) from None
        if outcome.refused is not None:
            raise WriteRefused(*outcome.refused)
        return outcome.result


# What follows runs in the writer process.


@dataclass(slots=True)
class _Writer:
    db: str
    settings: Settings
    events: Any  # an EventWriter: the event clusterer kept between changes
    fetcher: Any = None  # a PoliteFetcher, made at the first poll and kept for the next ones
    opened: Any = None  # the store, kept open between changes (opening one checks the file)

    @contextmanager
    def store(self) -> Iterator[Any]:
        """The store, opened at the first change and again after one that failed."""
        from newsfuse.store import open_store

        if self.opened is None:
            self.opened = open_store(self.db, self.settings.store)
        try:
            yield self.opened
        except BaseException:
            self.opened.close()  # the failure may be its connection's
            self.opened = None
            raise


_writer: _Writer | None = None


def _begin(db: str, settings: Settings) -> None:
    global _writer
    from newsfuse.pipeline import EventWriter

    _writer = _Writer(db, settings, EventWriter(settings))
    threading.Thread(target=_end_with_the_server, args=(os.getppid(),), daemon=True).start()


def _end_with_the_server(server: int) -> None:
    """A server killed outright (SIGKILL) cannot stop its writer: the writer stops itself,
    its open transaction rolled back by the database (nothing of it was acknowledged)."""
    while os.getppid() == server:
        time.sleep(0.5)
    os._exit(1)


def _current() -> _Writer:
    if _writer is None:
        raise RuntimeError("the writer process was not started")
    return _writer


def _perform(job: str, *args: Any) -> _Outcome:
    """Run one of ``_JOBS`` and say how it went."""
    try:
        return _Outcome(_JOBS[job](*args))
    except StoreLockedError as error:
        return _Outcome(refused=(503, str(error), [], True))
    except StoreError as error:
        return _Outcome(refused=(503, f"the database cannot be used: {error}", [], False))
    except NothingToSummarizeError as error:
        problems = [str(p) for p in error.problems]
        return _Outcome(refused=(400, "no usable article in the request", problems, False))
    except NewsfuseError as error:
        return _Outcome(refused=(400, str(error), [], False))
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        return _Outcome(
            refused=(
                500,
                f"internal error ({type(error).__name__}); the server's log has the details",
                [],
                False,
            )
        )


def _submit_job(body: bytes, fmt: str, urls: list[str] | None) -> dict[str, Any]:
    from newsfuse.pipeline import prepare_bytes, read, with_names
    from newsfuse.renderers.json import problems_to_list

    writer = _current()
    settings = writer.settings
    prepared = (
        read(urls, settings) if urls is not None else prepare_bytes(body, settings, fmt=fmt, origin="request")
    )
    prepared = with_names(prepared.require())
    with writer.store() as store, writer.events.writing(store):
        added = writer.events.add(prepared, store)
    return {
        "added": [{"id": a.article_id, "event_id": a.event_id} for a in added.assignments],
        "already_stored": [{"id": given, "stored_as": stored} for given, stored in added.repeated],
        "renamed": [{"id": given, "stored_as": stored} for given, stored in added.renamed],
        "problems": problems_to_list(added.problems),
    }


def _follow_job(urls: list[str]) -> dict[str, Any]:
    from newsfuse.pipeline import follow_feeds

    with _current().store() as store:
        new = follow_feeds(urls, store)
    return {"followed": [state.url for state in new]}


def _forget_job(url: str) -> dict[str, Any]:
    from newsfuse.pipeline import forget_feed

    with _current().store() as store:
        return {"forgotten": forget_feed(url, store)}


def _poll_job() -> dict[str, Any]:
    from newsfuse.pipeline import polite_fetcher, watch
    from newsfuse.renderers.json import problems_to_list

    writer = _current()
    with writer.store() as store:
        feeds = list(store.feeds())
        if not feeds:
            return {"feeds": 0, "new_items": 0, "changed_items": 0, "problems": []}
        writer.fetcher = writer.fetcher or polite_fetcher(writer.settings)
        watched = watch(feeds, store, writer.settings, fetcher=writer.fetcher, writer=writer.events)
    return {
        "feeds": len(feeds),
        "new_items": watched.new_items,
        "changed_items": watched.changed_items,
        "problems": problems_to_list(watched.problems),
    }


_JOBS: dict[str, Callable[..., dict[str, Any]]] = {
    "submit": _submit_job,
    "follow": _follow_job,
    "forget": _forget_job,
    "poll": _poll_job,
}
