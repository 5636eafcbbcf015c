"""Fetching many pages politely: each host's robots.txt obeyed (unless the user opts out)
and a pause between two requests to one host.

robots.txt is read once per host with the same safe fetcher and interpreted by the
standard library's ``urllib.robotparser``: a missing one (4xx) allows everything; one that
cannot be fetched is treated as missing, as the major crawlers do for absent files, and
reported by the fetch that follows if the host is down.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsfuse.errors import FetchError, RefusedURLError
from newsfuse.ingest.fetch.client import PAGE_TYPES, Fetched, Fetcher

_ROBOTS_TYPES = ("text/plain",)


class PoliteFetcher:
    """``fetcher`` with robots.txt (when ``respect_robots``) and at least ``delay_seconds``
    between the starts of two requests to one host; ``clock`` and ``sleep`` replace time
    in tests."""

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        delay_seconds: float,
        respect_robots: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.fetcher = fetcher
        self.delay_seconds = delay_seconds
        self.respect_robots = respect_robots
        self._clock = clock
        self._sleep = sleep
        self._next_start: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}

    def fetch(
        self, url: str, *, accept: Sequence[str] = PAGE_TYPES, headers: Mapping[str, str] | None = None
    ) -> Fetched:
        """``Fetcher.fetch``, after robots.txt allows the URL and the host's pause is over."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}".lower()
        if self.respect_robots and not self._allowed(site, url):
            raise RefusedURLError(url, f"{site}/robots.txt disallows it for newsfuse")
        return self._paced(site, lambda: self.fetcher.fetch(url, accept=accept, headers=headers))

    def _paced(self, site: str, fetch: Callable[[], Fetched]) -> Fetched:
        wait = self._next_start.get(site, 0.0) - self._clock()
        if wait > 0:
            self._sleep(wait)
        self._next_start[site] = self._clock() + self.delay_seconds
        return fetch()

    def _allowed(self, site: str, url: str) -> bool:
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        rules = self._robots[site]
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
