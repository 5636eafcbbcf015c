"""A news site on 127.0.0.1 for tests and benchmarks of live sources: pages, RSS feeds
that answer conditional requests, robots.txt, failures and slow answers, all served from
routes a test changes between polls. Nothing leaves the machine.

    with Newsroom() as site:
        site.page("/fire", "<html>...</html>")
        site.feed("/rss.xml", [FeedEntry("/fire", "Fire at Pier 9", "A warehouse burned.")])
        newsfuse.watch([site.url("/rss.xml")], store, settings)
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from xml.sax.saxutils import escape


@dataclass(frozen=True, slots=True)
class Route:
    """What one path answers."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay_seconds: float = 0.0
    etag: str | None = None
    """Answered with 304 to a request that sends it back."""
    location: str | None = None
    """Where a redirect (a 3xx status) sends the client."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a served feed; ``path`` is its page on the same site."""

    path: str
    title: str
    summary: str = ""
    published: datetime | None = None


@dataclass
class Newsroom:
    """The site: ``routes`` by path (changed freely while it runs) and every request seen."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    def __enter__(self) -> Self:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                site.requests.append((self.path, headers))
                route = site.routes.get(self.path) or Route(b"not found", "text/plain", 404)
                if route.delay_seconds:
                    time.sleep(route.delay_seconds)
                if route.etag is not None and headers.get("if-none-match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag is not None:
                    self.send_header("ETag", route.etag)
                if route.location is not None:
                    self.send_header("Location", route.location)
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.request_queue_size = 128
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def url(self, path: str) -> str:
        if self._server is None:
            raise RuntimeError("the newsroom is not running: use it in a with block")
        return f"http://127.0.0.1:{self._server.server_address[1]}{path}"

    def page(self, path: str, html: str, *, status: int = 200, delay_seconds: float = 0.0) -> None:
        self.routes[path] = Route(html.encode(), status=status, delay_seconds=delay_seconds)

    def feed(
        self, path: str, entries: list[FeedEntry], *, title: str = "Newsroom", status: int = 200
    ) -> None:
        """An RSS 2.0 feed of ``entries``, with an ETag that changes when it does."""
        body = self.rss(entries, title=title).encode()
        etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        self.routes[path] = Route(body, "application/rss+xml; charset=utf-8", status, etag=etag)

    def rss(self, entries: list[FeedEntry], *, title: str) -> str:
        items = "".join(
            f"<item><title>{escape(e.title)}</title><link>{escape(self.url(e.path))}</link>"
            f"<description>{escape(e.summary)}</description>"
            + (
                f"<pubDate>{format_datetime(e.published.astimezone(UTC), usegmt=True)}</pubDate>"
                if e.published
                else ""
            )
            + "</item>"
            for e in entries
        )
        channel = f"<title>{escape(title)}</title><link>{escape(self.url('/'))}</link>{items}"
        return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{channel}</channel></rss>'

    def redirect(self, path: str, to: str, *, status: int = 302) -> None:
        self.routes[path] = Route(b"", "text/plain", status, location=to)

    def text(self, path: str, text: str) -> None:
        self.routes[path] = Route(text.encode(), "text/plain; charset=utf-8")

    def hits(self, path: str) -> int:
        """How many requests asked for ``path``."""
        return sum(1 for asked, _ in self.requests if asked == path)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (a size limit, a timeout) is expected here; the
        standard server would print a traceback into whatever test runs next."""


def story_page(title: str, paragraphs: list[str], *, outlet: str = "The Velmora Courier") -> str:
    """A news page as sites serve them: navigation and a footer around the story."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{escape(title)} | {escape(outlet)}</title>"
        f'<meta property="og:site_name" content="{escape(outlet)}"></head><body>'
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        f"<footer>© {escape(outlet)}. All rights reserved.</footer></body></html>"
    )
