"""The REST API: submit articles, read events and articles.

Every route calls the library as the command line does; what is here is HTTP: parsing a
request, a bearer token for writes (and for reads, when reads are not public), a limit
on the body's size, and errors as JSON with a 4xx status, never a stack trace.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from newsfuse.errors import NewsfuseError, NothingToSummarizeError, StoreError, StoreLockedError
from newsfuse.pipeline import EventBoard, EventWriter, digest_store, prepare_bytes, read
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
    app = FastAPI(
        title="newsfuse",
        summary="Many news reports in, one trustworthy account out.",
        description="Submit articles; read events, each a cited summary with its conflicts, "
        "analysis and sources.",
    )

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

    @contextmanager
    def store(*, read_only: bool = False) -> Iterator[Store]:
        with open_store(db, settings.store, read_only=read_only) as opened:
            yield opened

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

    @app.exception_handler(NothingToSummarizeError)
    def nothing(request: Request, error: NothingToSummarizeError) -> JSONResponse:
        return _error(400, "no usable article in the request", [str(p) for p in error.problems])

    @app.exception_handler(NewsfuseError)
    def refused(request: Request, error: NewsfuseError) -> JSONResponse:
        return _error(400, str(error))

    @app.exception_handler(HTTPException)
    def http_error(request: Request, error: HTTPException) -> JSONResponse:
        return _error(error.status_code, str(error.detail), headers=dict(error.headers or {}))

    @app.exception_handler(Exception)
    def internal(request: Request, error: Exception) -> JSONResponse:
        return _error(500, f"internal error ({type(error).__name__}); the server's log has the details")

    one_writer = asyncio.Lock()
    board = EventBoard()
    writer = EventWriter(settings)

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
        # One submission at a time per process (the database takes one writer at a time
        # anyway), worked in a thread: the event loop keeps answering reads meanwhile, and
        # waiting submissions cost no thread and no processor.
        async with one_writer:
            result = await run_in_threadpool(_submitted, body, fmt, urls, writer, store)
        return JSONResponse(result, status_code=200)

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
        offset: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> dict[str, Any]:
        """The stored events, the latest first, filtered and paged."""
        with store(read_only=True) as opened:
            found = board.events(
                opened, since=since, until=until, outlet=outlet, language=language, text=q, entity=entity
            )
        page = found[offset : offset + limit]
        return {
            "total": len(found),
            "offset": offset,
            "limit": limit,
            "events": [
                {
                    "id": e.id,
                    "headline": e.headline,
                    "articles": e.articles,
                    "outlets": list(e.outlets),
                    "languages": list(e.languages),
                    "first": e.first.isoformat() if e.first else None,
                    "last": e.last.isoformat() if e.last else None,
                }
                for e in page
            ],
        }

    @app.get("/api/events/{event_id}", tags=["events"], dependencies=[Depends(readable)])
    def event(event_id: str) -> dict[str, Any]:
        """One event: its cited summary, conflicts, analysis, sources and copies."""
        from newsfuse.renderers.json import SCHEMA_VERSION, event_to_dict

        with store(read_only=True) as opened:
            digest = digest_store(opened, settings, events=[event_id])
        if not digest.events:
            raise HTTPException(404, f"no event {event_id}")
        return {"schema_version": SCHEMA_VERSION, **event_to_dict(digest.events[0])}

    @app.get("/api/articles/{article_id:path}", tags=["articles"], dependencies=[Depends(readable)])
    def article(article_id: str) -> dict[str, Any]:
        """One stored article: its clean text, where it came from, its event, the names it
        mentions, and what cleaning removed from it as it arrived (null: not recorded)."""
        from newsfuse.renderers.json import article_to_dict

        with store(read_only=True) as opened:
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

    from newsfuse.service.page import add_pages

    add_pages(app, settings, readable, store, board)
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


def _submitted(
    body: bytes, fmt: str, urls: list[str] | None, writer: EventWriter, store: Any
) -> dict[str, Any]:
    from newsfuse.renderers.json import problems_to_list

    settings = writer.settings
    prepared = (
        read(urls, settings) if urls is not None else prepare_bytes(body, settings, fmt=fmt, origin="request")
    )
    prepared.require()
    with store() as opened, writer.writing(opened):
        added = writer.add(prepared, opened)
    return {
        "added": [{"id": a.article_id, "event_id": a.event_id} for a in added.assignments],
        "already_stored": [{"id": given, "stored_as": stored} for given, stored in added.repeated],
        "renamed": [{"id": given, "stored_as": stored} for given, stored in added.renamed],
        "problems": problems_to_list(added.problems),
    }
