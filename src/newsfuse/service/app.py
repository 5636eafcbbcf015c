"""The REST API: submit articles and follow feeds; read events, articles and feeds.

Every route calls the library as the command line does; what is here is HTTP: parsing a
request, a bearer token for writes (and for reads, when reads are not public), a limit
on the body's size, and errors as JSON with a 4xx status, never a stack trace. The heavy
work (placing articles, polling feeds, summarizing events) is sent to worker processes
(``workers``), so that reads are answered at once.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import queue
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from newsfuse.errors import NewsfuseError, StoreError, StoreLockedError
from newsfuse.pipeline import EventBoard, EventFilters, EventListing
from newsfuse.renderers.json import feed_to_dict
from newsfuse.service.workers import ReaderProcess, WriteRefused, WriterProcess
from newsfuse.settings import Settings, load_settings
from newsfuse.store import Store, open_store

_FORMATS = {
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
}


def create_app(db: str, settings: Settings | None = None) -> FastAPI:
    """The service over the database ``db`` (a path or a postgresql:// URL), under
    ``settings.service``: the bearer token writes need (and reads, unless public), and
    the largest body taken."""
    settings = settings or load_settings()
    token = settings.service.token or None
    public_reads = settings.service.public_reads
    max_body_bytes = settings.service.max_body_bytes
    writer = WriterProcess(db, settings)  # submissions and feeds followed or forgotten
    poller = WriterProcess(db, settings)  # feed polls: fetching takes long, submissions go on
    reader = ReaderProcess(db, settings)  # events summarized away from the reads' interpreter
    feeds_changed = asyncio.Event()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        polling = asyncio.create_task(_poll_feeds(poller, settings.watch.every_minutes * 60, feeds_changed))
        reader.start("digest", [])  # the reader loads its models as it starts, before any reader waits
        try:
            yield
        finally:
            polling.cancel()
            writer.close()  # requests are answered by now: it is idle
            reader.close()
            poller.close(wait=False)  # a poll may be fetching for minutes
            readers.close()

    app = FastAPI(
        title="newsfuse",
        summary="Many news reports in, one trustworthy account out.",
        description="Submit articles and follow feeds; read events, each a cited summary with its "
        "conflicts, analysis and sources.",
        lifespan=lifespan,
    )
    app.state.workers = (writer, poller, reader)

    def authorised(request: Request) -> None:
        if token is None:
            return
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
            raise HTTPException(401, "a valid bearer token is needed", headers={"WWW-Authenticate": "Bearer"})

    def readable(request: Request) -> None:
        if not public_reads:
            authorised(request)

    readers = ReadingStores(db, settings)

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        details = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in error.errors()]
        return _error(422, "the request is not valid", details)

    @app.exception_handler(StoreLockedError)
    def busy(request: Request, error: StoreLockedError) -> JSONResponse:
        return _error(503, str(error), headers={"Retry-After": "2"})

    @app.exception_handler(StoreError)
    def store_failed(request: Request, error: StoreError) -> JSONResponse:
        return _error(503, f"the database cannot be used: {error}")

    @app.exception_handler(NewsfuseError)
    def refused(request: Request, error: NewsfuseError) -> JSONResponse:
        return _error(400, str(error))

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> JSONResponse:
        return _error(error.status_code, str(error.detail), headers=dict(error.headers or {}))

    @app.exception_handler(WriteRefused)
    def refused_write(request: Request, error: WriteRefused) -> JSONResponse:
        return _error(
            error.status, error.message, error.details, {"Retry-After": "2"} if error.retry else None
        )

    @app.exception_handler(Exception)
    def internal(request: Request, error: Exception) -> JSONResponse:
        return _error(500, f"internal error ({type(error).__name__}); the server's log has the details")

    board = EventBoard(settings, summarize=lambda store, event_ids: reader.digest(event_ids))

    @app.get("/api/health", tags=["service"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/articles", status_code=200, tags=["articles"], dependencies=[Depends(authorised)])
    async def submit(request: Request) -> JSONResponse:
        """Add articles: a JSON article object, a list of them or ``{"articles": [...]}``;
        ``{"url": "https://..."}`` or ``{"urls": [...]}`` to fetch pages safely; or a page's
        HTML, or plain text, as the body. The same article twice (same text from the same
        outlet) is stored once, and the response says so."""
        body = await _body(request, max_body_bytes)
        fmt = _FORMATS.get(
            request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
        )
        if fmt is None:
            raise HTTPException(415, "send JSON, HTML, Markdown or plain text")
        urls = _urls(body) if fmt == "json" else None
        return JSONResponse(await writer.submit(body, fmt, urls), status_code=200)

    @app.get("/api/events", tags=["events"], dependencies=[Depends(readable)])
    def events(
        since: datetime | None = None,
        until: datetime | None = None,
        outlet: str | None = None,
        language: str | None = None,
        q: Annotated[str | None, Query(description="words in the events' titles")] = None,
        entity: Annotated[
            str | None, Query(description="a person, organisation or place the articles name")
        ] = None,
        storyline: Annotated[str | None, Query(description="the events of one storyline")] = None,
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> dict[str, Any]:
        """The stored events, the latest first, filtered and paged."""
        with readers.borrow() as opened:
            found = board.events(opened, EventFilters(since, until, outlet, language, q, entity, storyline))
        page = found[offset : offset + limit]
        return {
            "total": len(found),
            "offset": offset,
            "limit": limit,
            "events": [listing_to_dict(e) for e in page],
        }

    @app.get("/api/events/{event_id}", tags=["events"], dependencies=[Depends(readable)])
    def event(event_id: str) -> dict[str, Any]:
        """One event: its cited summary, conflicts, analysis, sources and copies."""
        from newsfuse.renderers.json import SCHEMA_VERSION, event_to_dict

        with readers.borrow() as opened:
            digest = board.digest(opened, event_id)
        if digest is None or not digest.events:
            raise HTTPException(404, f"no event {event_id}")
        return {"schema_version": SCHEMA_VERSION, **event_to_dict(digest.events[0])}

    @app.get("/api/events/{event_id}/brief", tags=["events"], dependencies=[Depends(readable)])
    def brief(event_id: str) -> dict[str, Any]:
        """One event in brief, as the list gives it: cheap enough to ask every few seconds
        whether the event has changed."""
        with readers.borrow() as opened:
            listing = board.listing(opened, event_id)
        if listing is None:
            raise HTTPException(404, f"no event {event_id}")
        return listing_to_dict(listing)

    @app.get("/api/articles/{article_id:path}", tags=["articles"], dependencies=[Depends(readable)])
    def article(article_id: str) -> dict[str, Any]:
        """One stored article: its clean text, where it came from, its event, the names it
        mentions, and what cleaning removed from it as it arrived (null: not recorded)."""
        from newsfuse.renderers.json import article_to_dict

        with readers.borrow() as opened:
            found = opened.article(article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id}")
        removed = None
        if found.removed is not None:
            removed = [asdict(r) for r in found.removed]
        return {
            **article_to_dict(found.article),
            "text": found.article.text,
            "event_id": found.event_id,
            "names": list(found.names),
            "removed": removed,
        }

    @app.get("/api/feeds", tags=["feeds"], dependencies=[Depends(authorised)])
    def feeds() -> dict[str, Any]:
        """The feeds the service follows and polls, with how their last polls went. Needs
        the token even when reads are public: a feed's address may carry a key."""
        with readers.borrow() as opened:
            states = sorted(opened.feeds().values(), key=lambda state: state.url)
        return {"feeds": [feed_to_dict(state) for state in states]}

    @app.post("/api/feeds", status_code=201, tags=["feeds"], dependencies=[Depends(authorised)])
    async def follow(request: Request) -> dict[str, Any]:
        """Follow feeds: ``{"url": "https://..."}`` or ``{"urls": [...]}``. They are polled
        at once, then every ``[watch] every_minutes``; their new items' pages become
        articles. A feed already followed is left as it is."""
        urls = _urls(await _body(request, max_body_bytes))
        if urls is None:
            raise HTTPException(422, 'send {"url": "https://..."} or {"urls": [...]}')
        followed = await writer.follow(urls)
        feeds_changed.set()
        return followed

    @app.delete("/api/feeds", tags=["feeds"], dependencies=[Depends(authorised)])
    async def forget(url: Annotated[str, Query(description="the feed's URL, as followed")]) -> dict[str, Any]:
        """Stop following a feed; the articles it brought stay."""
        if not (await writer.forget(url))["forgotten"]:
            raise HTTPException(404, f"no feed {url} is followed")
        return {"forgotten": url}

    @app.post("/api/feeds/poll", tags=["feeds"], dependencies=[Depends(authorised)])
    async def poll() -> dict[str, Any]:
        """Poll the followed feeds now, and say what came in."""
        return await poller.poll()

    from newsfuse.service.page import add_pages

    add_pages(app, readable, readers, board)
    return app


def _error(
    status: int, message: str, details: list[str] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if details:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


async def _body(request: Request, limit: int) -> bytes:
    """The request's body, refused past ``limit`` bytes whatever its Content-Length says."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is larger than {limit:,} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"the body is larger than {limit:,} bytes")
    if not body.strip():
        raise HTTPException(400, "the body is empty")
    return bytes(body)


def _urls(body: bytes) -> list[str] | None:
    """The URLs a JSON body asks to fetch (``{"url": ...}`` or ``{"urls": [...]}``), or None."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "the body is not valid JSON") from None
    if not isinstance(data, dict) or not ({"url", "urls"} & data.keys()) or "text" in data:
        return None
    urls = data.get("urls", [data.get("url")])
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) and u.strip() for u in urls):
        raise HTTPException(422, '"url" must be a URL and "urls" a list of URLs')
    return [u.strip() for u in urls]


class ReadingStores:
    """Read-only stores kept open for the requests that read (opening one costs more than
    most reads): each request borrows one, which no other thread uses meanwhile. At most
    ``keep`` are kept idle; a store whose use failed is closed, not kept."""

    def __init__(self, db: str, settings: Settings, keep: int = 8) -> None:
        self._db, self._settings, self._keep = db, settings, keep
        self._idle: queue.SimpleQueue[Store] = queue.SimpleQueue()

    @contextmanager
    def borrow(self) -> Iterator[Store]:
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = open_store(self._db, self._settings.store, read_only=True)
        try:
            yield store
        except BaseException:
            store.close()  # its connection may be what failed
            raise
        if self._idle.qsize() < self._keep:
            self._idle.put(store)
        else:
            store.close()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return


def listing_to_dict(listing: EventListing) -> dict[str, Any]:
    return {
        "id": listing.id,
        "storyline_id": listing.storyline,
        "headline": listing.headline,
        "articles": listing.articles,
        "independent_reports": listing.independent,
        "version": listing.version,
        "outlets": list(listing.outlets),
        "languages": list(listing.languages),
        "first": listing.first.isoformat() if listing.first else None,
        "last": listing.last.isoformat() if listing.last else None,
    }


async def _poll_feeds(poller: WriterProcess, every_seconds: float, feeds_changed: asyncio.Event) -> None:
    """Poll the followed feeds every ``every_seconds``, and soon after feeds are added.
    What goes wrong is said on the server's log; the polls go on."""
    while True:
        try:
            polled = await poller.poll()
        except WriteRefused as error:
            _log(f"feeds not polled: {error.message}")
        except Exception as error:  # a bug: said, and the next poll is tried all the same
            _log(f"feeds not polled: internal error ({type(error).__name__}: {error})")
        else:
            for problem in polled["problems"]:
                _log(f"{problem['level']}: {problem['where']}: {problem['message']}")
        feeds_changed.clear()
        with suppress(TimeoutError):
            await asyncio.wait_for(feeds_changed.wait(), timeout=every_seconds)


def _log(line: str) -> None:
    print(f"newsfuse serve: {line}", file=sys.stderr, flush=True)
