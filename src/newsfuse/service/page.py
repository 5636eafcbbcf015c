"""The web page, served by the service itself: the list of current events and each
event's page (the same event view as the HTML report), kept current by polling the API.

Pages are rendered on the server with autoescape; the only scripts are our own files,
and every page carries a Content-Security-Policy that allows nothing else.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

if TYPE_CHECKING:
    import jinja2

    from newsfuse.pipeline import EventBoard
    from newsfuse.service.app import ReadingStores

_HERE = Path(__file__).parent
POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_STATIC = {
    "report.css": ("renderers", "text/css"),
    "report.js": ("renderers", "text/javascript"),
    "page.css": ("service", "text/css"),
    "live.js": ("service", "text/javascript"),
}


def add_pages(app: FastAPI, readable: Any, readers: ReadingStores, board: EventBoard) -> None:
    """The page's routes on ``app``; ``readable`` guards them as it guards API reads."""
    from fastapi import Depends

    environment = _environment()

    @app.middleware("http")
    async def protected(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        if request.url.path.startswith(("/docs", "/redoc")):
            return response  # FastAPI's own documentation pages bring their own scripts
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(readable)])
    def events_page(
        q: str | None = None,
        entity: str | None = None,
        outlet: str | None = None,
        language: str | None = None,
        since: str | None = None,
        storyline: str | None = None,
    ) -> HTMLResponse:
        from newsfuse.pipeline import EventFilters

        moment = _day(since)
        with readers.borrow() as opened:
            found = board.events(opened, EventFilters(moment, None, outlet, language, q, entity, storyline))
        filters = {
            "q": q,
            "entity": entity,
            "outlet": outlet,
            "language": language,
            "since": since if moment else None,
            "storyline": storyline,
        }
        query = urlencode({k: v for k, v in {**filters, "limit": 200}.items() if v})
        shown = found[:200]
        # A story of several events listed here links to them all.
        told = Counter(event.storyline for event in shown)
        page = environment.get_template("events.html").render(
            events=shown, total=len(found), filters=filters, query=query, told=told
        )
        return HTMLResponse(page)

    @app.get(
        "/events/{event_id}",
        response_class=HTMLResponse,
        include_in_schema=False,
        dependencies=[Depends(readable)],
    )
    def event_page(event_id: str) -> HTMLResponse:
        from newsfuse.renderers.html import event_views

        with readers.borrow() as opened:
            listing = board.listing(opened, event_id)  # before the digest: never newer than it
            digest = board.digest(opened, event_id)
        if listing is None or digest is None or not digest.events:
            raise HTTPException(404, f"no event {event_id}")
        (view,) = event_views(digest)
        page = environment.get_template("event_page.html").render(
            view=view, articles=len(digest.events[0].articles), version=listing.version
        )
        return HTMLResponse(page)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> FileResponse:
        if name not in _STATIC:
            raise HTTPException(404, f"no file {name}")
        package, media = _STATIC[name]
        folder = _HERE.parent / package / "static"
        return FileResponse(folder / name, media_type=media, headers={"Cache-Control": "no-cache"})


def _day(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise HTTPException(422, "since must be a date (YYYY-MM-DD)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _environment() -> jinja2.Environment:
    import jinja2

    from newsfuse.renderers.html import template_folder

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([_HERE / "templates", template_folder()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
