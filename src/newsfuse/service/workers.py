"""The service's workers: processes of its own that do the heavy work, so that the server's
process, free of it, answers every read at once.

Placing articles is processor work (the event clusterer, kept warm between changes by an
``EventWriter``, and the name recogniser), and so is summarizing an event. Threads of the
server's own process would share its interpreter lock with the reads, and each read would
wait behind them. The service runs three workers, each doing one job at a time: a writer
for submissions and feeds followed or forgotten, a poller for the feeds (fetching pages
takes long; submissions do not wait behind it) and a reader that summarizes events. A
change is acknowledged only after its transaction has committed; a worker that dies is
replaced by a new one, and the job it was doing is refused with a 503.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from newsfuse.errors import NewsfuseError, NothingToSummarizeError, StoreError, StoreLockedError
from newsfuse.model import Digest
from newsfuse.settings import Settings


class WriteRefused(Exception):
    """A change the writer did not make, as the HTTP answer that says why."""

    def __init__(self, status: int, message: str, details: list[str] | None = None, retry: bool = False):
        super().__init__(message)
        self.status, self.message, self.details, self.retry = status, message, details or [], retry


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a job sends back: exceptions cross processes poorly, so failures are plain data."""

    result: Any = None
    refused: tuple[int, str, list[str], bool] | None = None


class WorkerProcess:
    """One worker process, started at its first job and replaced if it dies. Safe to
    call from several threads; the process takes the jobs in turn."""

    def __init__(self, db: str, settings: Settings, *, warm: bool = False) -> None:
        self._db, self._settings, self._warm = db, settings, warm
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self, job: str, *args: Any) -> _Job:
        """Send a job (one of ``_JOBS``) to the process; ``outcome`` waits for it."""
        with self._lock:
            if self._pool is not None:
                try:
                    return _Job(self._pool, self._pool.submit(_perform, job, *args))
                except BrokenProcessPool:  # it died idle: nothing of this job reached it
                    self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),  # no fork of a threaded server
                initializer=_begin,
                initargs=(self._db, self._settings, self._warm),
            )
            return _Job(self._pool, self._pool.submit(_perform, job, *args))

    def outcome(self, job: _Job) -> Any:
        """The job's result, or ``WriteRefused`` saying why there is none."""
        try:
            outcome = job.future.result()
        except BrokenProcessPool:
            with self._lock:
                if self._pool is job.pool:  # not one another thread started since
                    self._pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = None
            message = (
                "a worker process stopped before answering; retry (an article already stored is "
                "stored once, and the answer says so)"
            )
            raise WriteRefused(503, message, retry=True) from None
        if outcome.refused is not None:
            raise WriteRefused(*outcome.refused)
        return outcome.result

    def close(self, *, wait: bool = True) -> None:
        """Stop the process once its job is done (``wait``), or now: it then ends with this
        process, and what it had not committed is rolled back."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=wait, cancel_futures=True)
                self._pool = None


@dataclass(frozen=True, slots=True)
class _Job:
    pool: ProcessPoolExecutor
    future: Future[_Outcome]


class WriterProcess(WorkerProcess):
    """A worker that changes the database, one change at a time in the order they came."""

    def __init__(self, db: str, settings: Settings) -> None:
        super().__init__(db, settings)
        # Changes wait here, not in the process's queue: a worker that dies then takes
        # down only the change it was making, not every change queued behind it.
        self._turn = asyncio.Lock()

    async def submit(self, body: bytes, fmt: str, urls: list[str] | None) -> dict[str, Any]:
        return await self._run("submit", body, fmt, urls)

    async def follow(self, urls: list[str]) -> dict[str, Any]:
        return await self._run("follow", urls)

    async def forget(self, url: str) -> dict[str, Any]:
        return await self._run("forget", url)

    async def poll(self) -> dict[str, Any]:
        return await self._run("poll")

    async def _run(self, job: str, *args: Any) -> dict[str, Any]:
        async with self._turn:
            started = self.start(job, *args)
            with suppress(Exception):  # an error is read from the job by outcome()
                await asyncio.wrap_future(started.future)
        result: dict[str, Any] = self.outcome(started)
        return result


class ReaderProcess(WorkerProcess):
    """A worker that summarizes stored events, its models loaded as it starts."""

    def __init__(self, db: str, settings: Settings) -> None:
        super().__init__(db, settings, warm=True)

    def digest(self, event_ids: Collection[str]) -> Digest:
        """``digest_store`` of those events, made in the reader process (blocks the
        calling thread, not the interpreter)."""
        digest: Digest = self.outcome(self.start("digest", list(event_ids)))
        return digest


# What follows runs in the worker process.


@dataclass(slots=True)
class _Worker:
    """What a worker process keeps from one job to the next."""

    db: str
    settings: Settings
    events: Any  # an EventWriter: the event clusterer kept between changes
    fetcher: Any = None  # a PoliteFetcher, made at the first poll and kept for the next ones
    opened: Any = None  # the store, kept open between changes (opening one checks the file)
    reading: Any = None  # a read-only store, for a reader

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


_worker: _Worker | None = None


def _begin(db: str, settings: Settings, warm: bool) -> None:
    global _worker
    from newsfuse.pipeline import EventWriter, warm_up

    _worker = _Worker(db, settings, EventWriter(settings))
    threading.Thread(target=_end_with_the_server, args=(os.getppid(),), daemon=True).start()
    if warm:
        warm_up(settings)  # before its first job: the first reader waits for no model


def _end_with_the_server(server: int) -> None:
    """A server killed outright (SIGKILL) cannot stop its workers: each stops itself, its
    open transaction rolled back by the database (nothing of it was acknowledged)."""
    while os.getppid() == server:
        time.sleep(0.5)
    os._exit(1)


def _current() -> _Worker:
    if _worker is None:
        raise RuntimeError("the worker process was not started")
    return _worker


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


def _digest_job(event_ids: list[str]) -> Digest:
    from newsfuse.pipeline import digest_store
    from newsfuse.store import open_store

    worker = _current()
    if worker.reading is None:
        worker.reading = open_store(worker.db, worker.settings.store, read_only=True)
    try:
        return digest_store(worker.reading, worker.settings, events=event_ids)
    except BaseException:
        worker.reading.close()  # the failure may be its connection's
        worker.reading = None
        raise


_JOBS: dict[str, Callable[..., Any]] = {
    "digest": _digest_job,
    "submit": _submit_job,
    "follow": _follow_job,
    "forget": _forget_job,
    "poll": _poll_job,
}
