"""Fetching many pages politely: each host's robots.txt obeyed (unless the user opts out),
a pause between the starts of two requests to one host, and at most a few requests to one
host under way at once. Safe to call from many threads.

robots.txt is read once per host (again after a day, as RFC 9309 asks of long runs) with
the same safe fetcher and interpreted by the standard library's ``urllib.robotparser``: a
missing one (4xx) allows everything; one that cannot be fetched is treated as missing, as
the major crawlers do for absent files, and reported by the fetch that follows if the host
is down.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsfuse.errors import FetchError, RefusedURLError
from newsfuse.ingest.fetch.client import PAGE_TYPES, Fetched, Fetcher

_ROBOTS_TYPES = ("text/plain",)
ROBOTS_KEPT_SECONDS = 24 * 3600.0


def site_of(url: str) -> str:
    """What politeness counts by: a URL's scheme, host and port ("https://news.example")."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class PoliteFetcher:
    """``fetcher`` with robots.txt (when ``respect_robots``), at least ``delay_seconds``
    between the starts of two requests to one host and at most ``per_host`` of them under
    way at once; ``clock`` and ``sleep`` replace time in tests."""

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        delay_seconds: float,
        respect_robots: bool = True,
        per_host: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.fetcher = fetcher
        self.delay_seconds = delay_seconds
        self.respect_robots = respect_robots
        self.per_host = per_host
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._robots: dict[str, tuple[RobotFileParser | None, float]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def fetch(
        self, url: str, *, accept: Sequence[str] = PAGE_TYPES, headers: Mapping[str, str] | None = None
    ) -> Fetched:
        """``Fetcher.fetch``, after robots.txt allows the URL and the host's pause is over."""
        site = site_of(url)
        try:
            allowed = not self.respect_robots or self._allowed(site, url)
        except RefusedURLError as error:  # the host itself is refused: named by the page asked for
            raise RefusedURLError(url, error.message) from None
        if not allowed:
            raise RefusedURLError(url, f"{site}/robots.txt disallows it for newsfuse")
        return self._paced(site, lambda: self.fetcher.fetch(url, accept=accept, headers=headers))

    def _paced(self, site: str, fetch: Callable[[], Fetched]) -> Fetched:
        """``fetch`` in one of the site's slots, once its turn has come: each request
        books the next start time, so requests from many threads keep the pause too."""
        with self._lock:
            slot = self._slots.setdefault(site, threading.BoundedSemaphore(self.per_host))
        with slot:
            with self._lock:
                start = max(self._clock(), self._next_start.get(site, 0.0))
                self._next_start[site] = start + self.delay_seconds
            wait = start - self._clock()
            if wait > 0:
                self._sleep(wait)
            return fetch()

    def _allowed(self, site: str, url: str) -> bool:
        with self._lock:
            lock = self._robots_locks.setdefault(site, threading.Lock())
        with lock:  # one thread reads a site's robots.txt; the others wait for its rules
            kept = self._robots.get(site)
            if kept is None or self._clock() - kept[1] > ROBOTS_KEPT_SECONDS:
                kept = self._robots[site] = (self._read_robots(site), self._clock())
            rules = kept[0]
        return rules is None or rules.can_fetch(self.fetcher.settings.user_agent, url)

    def _read_robots(self, site: str) -> RobotFileParser | None:
        """The host's rules, or None (everything allowed) when it has none to give."""
        try:
            fetched = self._paced(
                site, lambda: self.fetcher.fetch(f"{site}/robots.txt", accept=_ROBOTS_TYPES)
            )
        except RefusedURLError:
            raise  # the host itself is refused: so is the page
        except FetchError:
            return None
        rules = RobotFileParser()
        rules.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return rules
