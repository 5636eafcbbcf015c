"""Polling feeds and fetching their items' pages, many at once and politely.

``poll_feeds`` asks each feed for what changed since the last poll (``If-None-Match`` /
``If-Modified-Since`` from its stored state) and returns its items and its new state; a
feed that fails is reported and polled again later, after a wait that doubles with each
failure in a row. ``fetch_pages`` reads each item's page into an article; ``feed_article``
makes one from the feed's own title and summary when the page cannot be had.

Fetches run in a pool of ``max_connections`` threads (they wait on the network, not the
processor); the ``PoliteFetcher`` keeps each host's pause, connection limit and robots.txt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

from newsfuse.errors import FetchError, InputError
from newsfuse.ingest.fetch.client import FEED_TYPES
from newsfuse.ingest.fetch.feeds import FeedItem, read_feed
from newsfuse.ingest.fetch.polite import PoliteFetcher, site_of
from newsfuse.ingest.sources import read_url, url_id
from newsfuse.model import Article, FeedState, Problem
from newsfuse.settings import WatchSettings

Addressed = TypeVar("Addressed", FeedState, FeedItem)
R = TypeVar("R")

Progress = Callable[[str, int, int], None]
"""Told ``(what, done, total)`` as fetches finish: "feeds" or "pages"."""


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """One feed polled: its new state, its items (none when unchanged or failed), and why it failed."""

    state: FeedState
    items: tuple[FeedItem, ...] = ()
    changed: bool = True
    """False when the feed answered 304 Not Modified."""
    problem: Problem | None = None


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """An item's page read into an article, or why it could not be."""

    item: FeedItem
    article: Article | None
    problem: InputError | None = None


def poll_feeds(
    states: Sequence[FeedState],
    fetcher: PoliteFetcher,
    settings: WatchSettings,
    now: datetime,
    *,
    progress: Progress | None = None,
) -> list[FeedPoll]:
    """Poll every feed once, in the order given."""
    return _each(states, lambda state: _poll(state, fetcher, settings, now), fetcher, "feeds", progress)


def fetch_pages(
    items: Sequence[FeedItem], fetcher: PoliteFetcher, *, progress: Progress | None = None
) -> list[FetchedPage]:
    """Each item's page as an article (its title and time from the feed when the page has
    none), in the order given."""
    return _each(items, lambda item: _page(item, fetcher), fetcher, "pages", progress)


def feed_article(item: FeedItem, fetched: datetime, outlet: str | None = None) -> Article:
    """The article a feed item's own title and summary make, marked as such."""
    return Article(
        id=url_id(item.url),
        text=item.summary or "",
        title=item.title,
        source=outlet,
        url=item.url,
        published=item.published,
        origin=item.url,
        fetched=fetched,
        feed_text_only=True,
    )


def _each(
    tasks: Sequence[Addressed],
    work: Callable[[Addressed], R],
    fetcher: PoliteFetcher,
    what: str,
    progress: Progress | None,
) -> list[R]:
    """``work`` on every task in a pool, results in the tasks' order. The tasks are
    started taking the sites in turn, so that the workers spread over the sites instead
    of queueing behind one site's pause."""
    if progress:
        progress(what, 0, len(tasks))
    order = _sites_in_turn([site_of(task.url) for task in tasks])
    results: dict[int, R] = {}
    workers = max(1, min(fetcher.fetcher.settings.max_connections, len(tasks)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsfuse-fetch") as pool:
        futures = {pool.submit(work, tasks[index]): index for index in order}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if progress:
                progress(what, done, len(tasks))
    return [results[index] for index in range(len(tasks))]


def _sites_in_turn(sites: Sequence[str]) -> list[int]:
    """Task indices ordered one per site in turn: a, b, c, a, b, a..."""
    queues: dict[str, list[int]] = {}
    for index, name in enumerate(sites):
        queues.setdefault(name, []).append(index)
    order: list[int] = []
    for turn in range(max((len(q) for q in queues.values()), default=0)):
        order.extend(queue[turn] for queue in queues.values() if turn < len(queue))
    return order


def _poll(state: FeedState, fetcher: PoliteFetcher, settings: WatchSettings, now: datetime) -> FeedPoll:
    conditions = {}
    if state.etag:
        conditions["If-None-Match"] = state.etag
    if state.last_modified:
        conditions["If-Modified-Since"] = state.last_modified
    try:
        fetched = fetcher.fetch(state.url, accept=FEED_TYPES, headers=conditions)
    except FetchError as error:
        return _failed(state, error.message, settings, now)
    if fetched.status == 304:
        return FeedPoll(_succeeded(state, now), changed=False)
    parsed = read_feed(
        fetched.body, fetched.final_url, fetched.headers.get("content-type") or "application/xml"
    )
    if parsed.problem is not None:
        return _failed(state, parsed.problem, settings, now)
    succeeded = _succeeded(state, now)
    return FeedPoll(
        replace(
            succeeded,
            title=parsed.title or state.title,
            etag=fetched.headers.get("etag"),
            last_modified=fetched.headers.get("last-modified"),
        ),
        parsed.items,
    )


def _succeeded(state: FeedState, now: datetime) -> FeedState:
    return replace(state, checked=now, failures=0, error=None, retry_at=None)


def _failed(state: FeedState, reason: str, settings: WatchSettings, now: datetime) -> FeedPoll:
    """The feed's state after a failed poll: the next poll tries again after one failure;
    after more, the wait doubles with each (one poll interval, two, four...), up to
    ``longest_retry_minutes``. The conditions of the last good answer are kept."""
    failures = state.failures + 1
    minutes = 0.0 if failures == 1 else settings.every_minutes * 2 ** (failures - 2)
    retry_at = now + timedelta(minutes=min(minutes, settings.longest_retry_minutes))
    when = "at the next poll" if failures == 1 else f"after {retry_at:%Y-%m-%d %H:%M} UTC"
    in_a_row = "" if failures == 1 else f" ({failures} polls in a row)"
    problem = Problem(where=state.url, message=f"{reason}{in_a_row}; tried again {when}", kind="feed-failed")
    return FeedPoll(
        replace(state, failures=failures, error=reason, retry_at=retry_at), changed=False, problem=problem
    )


def _page(item: FeedItem, fetcher: PoliteFetcher) -> FetchedPage:
    found = read_url(item.url, fetcher)
    articles = [a for a in found if isinstance(a, Article)]
    if not articles:
        problem = next((e for e in found if isinstance(e, InputError)), None)
        return FetchedPage(item, None, problem)
    article = articles[0]  # a page is one story
    return FetchedPage(
        item,
        replace(
            article,
            title=article.title or item.title,
            published=article.published or item.published,
            origin=item.url,
        ),
    )
