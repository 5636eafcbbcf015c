"""Feeds watched into a store: poll them, fetch their new pages and store them as articles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from newsfuse.errors import UsageError
from newsfuse.events.clustering import Clock, system_clock
from newsfuse.ingest.fetch import Fetcher
from newsfuse.ingest.fetch.feeds import FeedItem
from newsfuse.ingest.fetch.polite import PoliteFetcher
from newsfuse.ingest.fetch.poll import FeedPoll, FetchedPage, Progress, feed_article, fetch_pages, poll_feeds
from newsfuse.ingest.sources import is_url, unused_id
from newsfuse.model import Article, FeedState, Problem, SeenItem
from newsfuse.pipeline.batch import prepare, with_names
from newsfuse.pipeline.stored import Added, EventWriter
from newsfuse.settings import Settings, load_settings, with_overrides
from newsfuse.store.base import Store
from newsfuse.text.fingerprint import text_fingerprint


@dataclass(frozen=True, slots=True)
class Watched:
    """What one poll of the watched feeds did."""

    added: Added
    """The new articles and new versions stored, as ``add_prepared`` reports them."""
    feeds: tuple[FeedState, ...]
    """Every feed's state after the poll (``failures`` > 0: it failed; ``retry_at``
    in the future: it was left for later)."""
    new_items: int = 0
    changed_items: int = 0
    """Items the feeds changed (or whose page could now be fetched): their articles were replaced."""
    feed_text_only: tuple[str, ...] = ()
    """Articles stored with only the feed's title and summary: their pages could not be fetched."""
    unchanged_feeds: int = 0
    """Feeds that answered 304 Not Modified."""

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.added.problems


def watch(
    feed_urls: Sequence[str],
    store: Store,
    settings: Settings | None = None,
    *,
    fetcher: PoliteFetcher | None = None,
    clock: Clock = system_clock,
    progress: Progress | None = None,
    writer: EventWriter | None = None,
) -> Watched:
    """Poll each feed once and store its new items' pages as articles, each joining an
    event as with ``add_prepared``.

    A feed is asked only for what changed (ETag / Last-Modified); one that fails is
    reported and polled again later (``FeedState.retry_at``). An item is new when its URL
    (normalised) is, unless its site already gave the same title and summary under
    another URL; an item whose title or summary changed is fetched again and its article
    replaced. When a page cannot be fetched, the feed's own title and summary are stored,
    marked ``feed_text_only``, and the page is tried again at later polls
    (``watch.page_attempts``). Fetching takes no lock: only the final writing does.
    ``fetcher``: one made by ``polite_fetcher``, to keep the hosts' pauses and robots.txt
    from one poll to the next (closed by its owner); else one for this poll. ``writer``:
    one kept from poll to poll (and shared with other additions to the same store), so
    that the stored events are not rebuilt for each.
    """
    settings = settings or load_settings()
    now = clock()
    polite = fetcher or polite_fetcher(settings)
    problems = [
        Problem(url, "not a feed address (an http or https URL)", "not-a-feed")
        for url in feed_urls
        if not is_url(url)
    ]
    try:
        known = store.feeds()
        states = [known.get(url) or FeedState(url) for url in dict.fromkeys(feed_urls) if is_url(url)]
        due = [s for s in states if s.retry_at is None or s.retry_at <= now]
        for state in states:
            if state not in due and state.retry_at is not None:
                problems.append(_waiting(state))
        polls = poll_feeds(due, polite, settings.watch, now, progress=progress)
        problems.extend(p.problem for p in polls if p.problem is not None)
        plan = _plan_items(polls, store, settings, now)
        pages = fetch_pages([step.item for step in plan], polite, progress=progress)
    finally:
        if fetcher is None:
            polite.fetcher.close()
    polled = {p.state.url: p.state for p in polls}
    feeds = tuple(polled.get(s.url, s) for s in states)
    writer = writer or EventWriter(settings, clock=clock)
    newly = {state.url for state in states if state.url not in known}
    watched = _store_items(plan, pages, feeds, newly, store, writer, now, problems)
    return replace(watched, unchanged_feeds=sum(1 for p in polls if not p.changed and p.problem is None))


def follow_feeds(feed_urls: Sequence[str], store: Store) -> list[FeedState]:
    """Follow feeds (polled by later ``watch`` runs that name no feed); those already
    followed keep their state. Returns the new ones. A URL that is not http or https is a
    ``UsageError``."""
    wrong = [url for url in feed_urls if not is_url(url)]
    if wrong:
        raise UsageError(f"not a feed address (an http or https URL): {wrong[0]}")
    with store.writing():
        known = store.feeds()
        new = [FeedState(url) for url in dict.fromkeys(u.strip() for u in feed_urls) if url not in known]
        store.save_feeds(new)
    return new


def forget_feed(feed_url: str, store: Store) -> bool:
    """Stop following a feed; its articles stay. False if it was not followed."""
    with store.writing():
        return store.forget_feed(feed_url)


def polite_fetcher(settings: Settings) -> PoliteFetcher:
    """A fetcher for many pages under ``settings.fetch``: safe, and polite to each host."""
    return PoliteFetcher(
        Fetcher(settings.fetch),
        delay_seconds=settings.fetch.per_host_delay_seconds,
        respect_robots=settings.fetch.respect_robots,
        per_host=settings.fetch.per_host_connections,
    )


def _waiting(state: FeedState) -> Problem:
    return Problem(
        where=state.url,
        message=f"failing ({state.error}; {state.failures} polls in a row); "
        f"not polled before {state.retry_at:%Y-%m-%d %H:%M} UTC",
        kind="feed-waiting",
        level="warning",
    )


@dataclass(frozen=True, slots=True)
class _ToFetch:
    """An item whose page is to be fetched, with its record (``article_id`` None: new)."""

    item: FeedItem
    record: SeenItem
    retry: bool = False
    """Only the page is sought again: the feed's words are stored already."""


_Plan = list[_ToFetch]


def _plan_items(polls: Sequence[FeedPoll], store: Store, settings: Settings, now: datetime) -> _Plan:
    """The items to fetch: new ones, changed ones, and stored ones whose page is still to
    be had. An item listed by several feeds is taken once, and only the feed it was first
    taken from tells of its changes (feeds may summarize one story differently)."""
    listings: dict[str, list[tuple[FeedItem, str]]] = {}
    for poll in polls:
        for item in poll.items:
            listings.setdefault(item.url, []).append((item, poll.state.url))
    seen = store.seen_items(listings)
    fresh = {url: found[0] for url, found in listings.items() if url not in seen}
    keys = {url: (_host(url), _item_text_key(item)) for url, (item, _) in fresh.items()}
    distinctive = {url for url, (item, _) in fresh.items() if _distinctive(item)}
    known_texts = store.seen_texts({keys[url] for url in distinctive})
    plan: _Plan = []
    for url, (item, feed_url) in fresh.items():
        key = keys[url]
        if url in distinctive and key in known_texts:
            continue  # the same story under another address of the site
        known_texts.add(key)
        record = SeenItem(url, feed_url, *key, item.title, item.published, None, False, True, 0, now)
        plan.append(_ToFetch(item, record))
    for url, stored in seen.items():
        own = next((item for item, feed in listings[url] if feed == stored.feed_url), None)
        if own is None or stored.article_id is None:
            continue
        text_key = _item_text_key(own)
        if text_key == stored.text_key:
            continue
        changed = replace(stored, text_key=text_key, title=own.title, published=own.published)
        plan.append(_ToFetch(own, replace(changed, attempts=0)))
    planned = {step.item.url for step in plan}
    for stored in store.unfetched_items(settings.watch.page_attempts):
        if stored.url not in planned:
            item = FeedItem(stored.url, stored.title, None, stored.published, None)
            plan.append(_ToFetch(item, stored, retry=True))
    return plan


def _distinctive(item: FeedItem) -> bool:
    """Whether an item says enough to be recognised by its words alone: a title and a
    summary of a dozen words or more (a daily "Morning briefing" is not)."""
    return bool(item.summary) and len(f"{item.title or ''} {item.summary}".split()) >= 12


def _store_items(
    plan: _Plan,
    pages: Sequence[FetchedPage],
    feeds: tuple[FeedState, ...],
    newly: set[str],
    store: Store,
    writer: EventWriter,
    now: datetime,
    problems: list[Problem],
) -> Watched:
    """Make the fetched pages (or the feeds' texts) articles and store them with the
    items and the feeds' states, in one transaction. A new version of a stored article
    keeps its id; new articles get ids no other article has."""
    records: list[SeenItem] = []
    made: list[tuple[SeenItem, SeenItem, Article]] = []  # as stored, as it will be, article
    renewed: set[str] = set()
    outlets = _feed_outlets(plan, pages, feeds)
    for step, page in zip(plan, pages, strict=True):
        item, stored = step.item, step.record
        record = replace(stored, attempts=stored.attempts + 1)
        if page.problem is not None:
            problems.append(replace(Problem.from_error(page.problem), level="warning"))
        article = page.article
        if article is None and (stored.article_id is None or not (step.retry or stored.page_fetched)):
            # A new item, or new words where only the feed's were.
            article = feed_article(item, now, outlets.get(stored.feed_url))
        if article is None or stored.article_id in renewed:
            # The page is out of reach (or another item renewed the same article): the
            # stored version stays, and a missing page is tried again.
            records.append(replace(record, page_due=article is None))
            continue
        if stored.article_id is not None:
            article = replace(article, id=stored.article_id)
            renewed.add(stored.article_id)
        has_page = not article.feed_text_only
        made.append((stored, replace(record, page_fetched=has_page, page_due=not has_page), article))
    articles = _with_new_ids([(record, article) for _, record, article in made])
    lenient = with_overrides(writer.settings, {"input": {"strict": False}})  # one bad page stops no poll
    prepared = prepare(articles, lenient, problems=problems)
    prepared = with_names(prepared) if prepared.cleaned else prepared
    kept = {c.article.id for c in prepared.cleaned}
    replacing = [a.id for (_, r, _), a in zip(made, articles, strict=True) if r.article_id and a.id in kept]
    with writer.writing(store):
        if prepared.cleaned:
            added = writer.add(prepared, store, replacing=replacing)
        else:  # nothing new: the stored events need not be rebuilt
            added = Added((), problems=prepared.problems)
        stored_as = {a.article_id: a.article_id for a in added.assignments}
        stored_as.update(dict(added.repeated))
        stored_as.update(dict(added.renamed))
        for (before, record, _), article in zip(made, articles, strict=True):
            if article.id in kept:
                records.append(replace(record, article_id=stored_as.get(article.id, article.id)))
            elif record.article_id is None:
                records.append(record)  # nothing usable from page or feed: tried again later
            else:  # the new version is unusable: the stored one stays
                records.append(replace(record, page_fetched=before.page_fetched, page_due=False))
        # A feed forgotten meanwhile (by another process) stays forgotten, its pages untried.
        followed = store.feeds().keys() | newly
        records = [r if r.feed_url in followed else replace(r, page_due=False) for r in records]
        store.save_items(records)
        store.save_feeds([state for state in feeds if state.url in followed])
    assigned = {a.article_id for a in added.assignments}
    return Watched(
        added,
        feeds,
        new_items=sum(
            1
            for (_, r, _), a in zip(made, articles, strict=True)
            if not r.article_id and stored_as.get(a.id, a.id) in assigned
        ),
        changed_items=len(replacing),
        feed_text_only=tuple(
            stored_as.get(a.id, a.id) for a in articles if a.id in kept and a.feed_text_only
        ),
    )


def _with_new_ids(made: Sequence[tuple[SeenItem, Article]]) -> list[Article]:
    """The articles, each new one under an id that neither another new one nor a renewed
    one has (pages of one site may share a path and differ by their query)."""
    taken = {article.id for record, article in made if record.article_id}
    result = []
    for record, article in made:
        if not record.article_id:
            if article.id in taken:
                article = replace(article, id=unused_id(article.id, taken))
            taken.add(article.id)
        result.append(article)
    return result


def _feed_outlets(plan: _Plan, pages: Sequence[FetchedPage], feeds: Sequence[FeedState]) -> dict[str, str]:
    """Feed URL -> the outlet to name for its items that have only the feed's words: the
    name its pages give themselves, else the feed's title; so that the same outlet is
    counted once whether or not a page could be fetched."""
    outlets = {feed.url: feed.title for feed in feeds if feed.title}
    for step, page in zip(plan, pages, strict=True):
        if page.article is not None and page.article.source:
            outlets[step.record.feed_url] = page.article.source
    return outlets


def _host(url: str) -> str:
    """An item's site, for telling one story under two addresses of one site."""
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").removeprefix("www.")


def _item_text_key(item: FeedItem) -> str:
    return text_fingerprint(f"{item.title or ''}\n{item.summary or ''}")
