"""The one orchestrator: read -> clean (once) -> copies -> events -> summarize, returning
data plus problems. Every command and the service call these functions; the stages below
never call back up.

    prepared = read(paths, settings)               # or prepare(articles, settings)
    summary = summarize_prepared(prepared, settings)
    analysis = analyze_prepared(prepared)          # entities and dates
    digest = digest_prepared(prepared, settings)   # events, each summarized
    added = add_prepared(prepared, store, settings)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from newsfuse.analyze import analyze
from newsfuse.analyze.card import event_card
from newsfuse.analyze.headline import headline
from newsfuse.clean import clean_article
from newsfuse.errors import (
    ArticleTooLongError,
    ConfigError,
    EmptyArticleError,
    ErrorPolicy,
    NothingToSummarizeError,
    StoreError,
    UsageError,
)
from newsfuse.events.clustering import (
    Clock,
    EventClusterer,
    StreamState,
    cluster_articles,
    decode_placement,
    encode_placement,
    system_clock,
)
from newsfuse.fuse.algorithms import Algorithm
from newsfuse.fuse.summarizer import Summarizer
from newsfuse.ingest import read_articles, with_unique_ids
from newsfuse.ingest.fetch import Fetcher
from newsfuse.ingest.fetch.feeds import FeedItem
from newsfuse.ingest.fetch.polite import PoliteFetcher
from newsfuse.ingest.fetch.poll import FeedPoll, FetchedPage, Progress, feed_article, fetch_pages, poll_feeds
from newsfuse.ingest.sources import is_url, unused_id
from newsfuse.model import (
    Article,
    Assignment,
    CleanedArticle,
    Digest,
    Event,
    EventDigest,
    FeedState,
    Grouping,
    Problem,
    SeenItem,
    Summary,
)
from newsfuse.model.analysis import Analysis
from newsfuse.model.event import events_from_assignments
from newsfuse.model.problems import ProblemLog
from newsfuse.settings import Settings, load_settings, with_overrides
from newsfuse.store.base import IndexEntry, NewRow, Store
from newsfuse.text.fingerprint import exact_copies, text_fingerprint
from newsfuse.text.language import detect_language

STREAM_STATE = "events"
"""The name under which a store keeps the event clusterer's state."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """Articles read and cleaned once, with ids made unique, and the problems met so far."""

    cleaned: tuple[CleanedArticle, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(c.article for c in self.cleaned)

    def require(self) -> Prepared:
        """Itself, or ``NothingToSummarizeError`` (with every problem) when no article is usable."""
        if not self.cleaned:
            raise NothingToSummarizeError("no usable article in the input", problems=self.problems)
        return self


def read(
    paths: Iterable[str | Path] | str | Path,
    settings: Settings | None = None,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Read every article under ``paths`` and clean it. Unusable inputs become problems
    (or raise at the first, when ``settings.input.strict``). ``progress`` follows the
    fetching of URLs."""
    settings = settings or load_settings()
    policy = ErrorPolicy.RAISE if settings.input.strict else ErrorPolicy.SKIP
    fetcher = Fetcher(settings.fetch)
    try:
        ingested = read_articles(paths, policy=policy, stdin=stdin, fetcher=fetcher, progress=progress)
    finally:
        fetcher.close()
    return prepare(ingested.articles, settings, problems=ingested.problems)


def prepare(
    articles: Iterable[Article], settings: Settings | None = None, *, problems: Sequence[Problem] = ()
) -> Prepared:
    """Give clashing ids a ``~2`` suffix and clean every article; one with no text left is
    a problem (or raises, when ``settings.input.strict``)."""
    settings = settings or load_settings()
    articles = list(articles)
    if not all(isinstance(article, Article) for article in articles):
        raise UsageError("prepare takes Article objects (newsfuse.Article)")
    found = ProblemLog(ErrorPolicy.RAISE if settings.input.strict else ErrorPolicy.SKIP)
    found.found.extend(problems)
    kept = []
    limit = settings.input.max_article_chars
    for article in with_unique_ids(articles):
        if len(article.text) > limit:
            where = article.origin or article.id
            found.report(
                ArticleTooLongError(
                    where, f"article {article.id!r} is {len(article.text):,} characters, more than {limit:,}"
                )
            )
            continue
        cleaned = clean_article(article)
        if cleaned.article.text.strip():
            kept.append(cleaned)
            continue
        if not article.text.strip() and article.title and article.title.strip():
            # A headline with no body at all (a headline feed) is a short article; a page
            # whose body was all boilerplate is not.
            kept.append(replace(cleaned, article=replace(cleaned.article, text=article.title.strip())))
            continue
        reason = "no text" if not article.text.strip() else "no story text left after removing boilerplate"
        found.report(EmptyArticleError(article.origin or article.id, f"article {article.id!r} has {reason}"))
    return Prepared(tuple(kept), tuple(found.found))


def summarize_prepared(
    prepared: Prepared, settings: Settings | None = None, *, algorithm: Algorithm | None = None
) -> Summary:
    """One cited summary of all the prepared articles (reports of one event); exact copies
    among them add no evidence. ``algorithm`` replaces the configured one."""
    settings = settings or load_settings()
    summarizer = Summarizer(settings, algorithm=algorithm)
    return summarizer.summarize(prepared.require().cleaned, problems=prepared.problems)


def analyze_summary(summary: Summary) -> Summary:
    """The summary with its event's headline, analysis and card (who, where, when, key
    quotes, evidence); copies add nothing to the analysis."""
    originals = _originals(summary.articles, {c.copy_id for c in summary.copies})
    analysis = analyze(originals)
    return replace(
        summary, headline=_headline(summary, originals), analysis=analysis, card=event_card(summary, analysis)
    )


def analyze_prepared(prepared: Prepared) -> Analysis:
    """Who is involved in the prepared articles (reports of one event) and when things
    happened; exact copies add nothing and are left out."""
    articles = prepared.require().articles
    analysis = analyze(_originals(articles, {c.copy_id for c in exact_copies(articles)}))
    return replace(analysis, problems=(*prepared.problems, *analysis.problems))


def _originals(articles: Sequence[Article], copy_ids: set[str]) -> list[Article]:
    """The articles that are no copy of another (the first one when all are)."""
    return [a for a in articles if a.id not in copy_ids] or list(articles[:1])


def summarize(
    articles: Iterable[Article | str] | str,
    *,
    words: int | None = None,
    sentences: int | None = None,
    algorithm: str | None = None,
    settings: Settings | None = None,
) -> Summary:
    """Summarize ``articles`` (Article objects or plain texts) in ``words`` or ``sentences``."""
    if words is not None and sentences is not None:
        raise ConfigError("give a budget in words or in sentences, not both")
    overrides = {"summary": {"words": words, "sentences": sentences, "algorithm": algorithm}}
    settings = with_overrides(settings, overrides) if settings is not None else load_settings(overrides)
    if isinstance(articles, str | Article):
        articles = [articles]
    if not isinstance(articles, Iterable):
        raise UsageError(f"summarize takes articles or texts, not {type(articles).__name__}")
    given = []
    for number, item in enumerate(articles, start=1):
        if not isinstance(item, str | Article):
            raise UsageError(f"summarize takes articles or texts; item {number} is {type(item).__name__}")
        given.append(item if isinstance(item, Article) else Article(id=str(number), text=item))
    return summarize_prepared(prepare(given, settings), settings)


def summarize_paths(
    paths: Iterable[str | Path] | str | Path,
    *,
    settings: Settings | None = None,
    stdin: BinaryIO | None = None,
) -> Summary:
    """Read, clean and fuse every article under ``paths``; raises
    ``NothingToSummarizeError`` when no usable article is left."""
    settings = settings or load_settings()
    return summarize_prepared(read(paths, settings, stdin=stdin), settings)


def group(prepared: Prepared, settings: Settings | None = None, *, clock: Clock = system_clock) -> Grouping:
    """Group a pile into events (``events.cluster_articles``), with a note on what will be
    grouped less well: articles with no date or in a language other than English."""
    settings = settings or load_settings()
    articles, notes = _with_languages(prepared.require().articles)
    assignments = tuple(cluster_articles(articles, settings.clustering, clock=clock))
    published = {a.id: a.published for a in articles}
    return Grouping(
        articles=articles,
        assignments=assignments,
        events=events_from_assignments(assignments, published),
        problems=(*prepared.problems, *notes),
        settings={"clustering": settings.to_dict()["clustering"]},
    )


def digest_prepared(
    prepared: Prepared, settings: Settings | None = None, *, clock: Clock = system_clock
) -> Digest:
    """Group a pile into events and summarize each."""
    settings = settings or load_settings()
    grouping = group(prepared, settings, clock=clock)
    cleaned = {c.article.id: c for c in prepared.cleaned}
    cleaned.update({a.id: replace(cleaned[a.id], article=a) for a in grouping.articles})
    return _digest(grouping.events, cleaned, settings, grouping.problems)


def _digest(
    events: Sequence[Event],
    cleaned: dict[str, CleanedArticle],
    settings: Settings,
    problems: Sequence[Problem] = (),
) -> Digest:
    """Summarize every event; events are ordered by their number of independent reports
    (copies do not count), then by their latest article."""
    per_event = with_overrides(settings, {"summary": {"words": settings.digest.words}})
    summarizer = Summarizer(per_event)
    digests = []
    for event in events:
        copy_ids = {c.copy_id for c in event.copies}
        members = [cleaned[i] for i in event.article_ids]
        evidence = [c for c in members if c.article.id not in copy_ids] or members[:1]
        summary = summarizer.summarize(evidence)
        analysis = analyze([c.article for c in evidence])
        digests.append(
            EventDigest(
                event=event,
                title=_headline(summary, [c.article for c in evidence]),
                articles=tuple(c.article for c in members),
                summary=summary,
                analysis=analysis,
                card=event_card(summary, analysis),
            )
        )
    digests.sort(key=lambda e: (-e.sources, -e.latest, e.id))
    # An article the analysis leaves out is still summarized: a warning here, not a skip.
    left_out = dict.fromkeys(
        replace(p, level="warning") for d in digests if d.analysis for p in d.analysis.problems
    )
    return Digest(tuple(digests), (*problems, *left_out), settings.to_dict())


def _headline(summary: Summary, articles: Sequence[Article]) -> str:
    """The sources' most representative title, else a short summary sentence."""
    return headline(articles, [s.text for s in summary.sentences])


def _with_languages(articles: Sequence[Article]) -> tuple[tuple[Article, ...], list[Problem]]:
    """The articles with their language identified where the input did not give it, and
    notes on the ones that will be grouped less well."""
    notes: list[Problem] = []
    result = []
    for article in articles:
        if article.language is None:
            article = replace(article, language=detect_language(article.text))
        if article.language is not None and not article.language.lower().startswith("en"):
            notes.append(
                Problem(
                    where=article.origin or article.id,
                    message=f"reads as {article.language}, not English; grouped by its words alone",
                    kind="language",
                    level="warning",
                )
            )
        result.append(article)
    undated = [a.id for a in result if a.published is None]
    if undated:
        listed = ", ".join(undated[:5]) + (f" and {len(undated) - 5} more" if len(undated) > 5 else "")
        notes.append(
            Problem(
                where="",
                message=f"{len(undated)} of {len(result)} articles have no publication date ({listed}): "
                "they are grouped by their words alone, and their events do not close by time",
                kind="undated",
                level="note",
            )
        )
    return tuple(result), notes


@dataclass(frozen=True, slots=True)
class Added:
    """What one ``add_prepared`` run did."""

    assignments: tuple[Assignment, ...]
    repeated: tuple[tuple[str, str], ...] = ()
    """``(article id, stored id)``: the same text from the same outlet is already stored."""
    renamed: tuple[tuple[str, str], ...] = ()
    """``(given id, stored id)``: another stored article had the given id."""
    problems: tuple[Problem, ...] = ()


def add_prepared(
    prepared: Prepared, store: Store, settings: Settings | None = None, *, clock: Clock = system_clock
) -> Added:
    """Assign new articles to the stored events (or new ones) and store them, in one
    transaction that holds the write lock throughout. An article is already stored when
    the same text from the same outlet is (whatever its id); a different article whose id
    is taken is stored under a new one. A copy from another outlet is a new article."""
    settings = settings or load_settings()
    prepared.require()
    with store.writing():
        return _add(prepared, store, settings, clock)


def _add(
    prepared: Prepared, store: Store, settings: Settings, clock: Clock, *, replacing: Collection[str] = ()
) -> Added:
    """``add_prepared`` inside the caller's transaction. ``replacing``: stored articles
    that prepared ones of the same id are new versions of: the old ones are removed and
    the new ones placed afresh, as if they had never been stored."""
    articles, notes = _with_languages(prepared.articles)
    store.check_settings(settings.clustering.identity())
    everything = store.index()
    old_events = {entry.id: entry.event_id for entry in everything if entry.id in replacing}
    index = [entry for entry in everything if entry.id not in replacing]
    clusterer = _restored(store, index, settings, clock)
    clusterer.reserve(old_events.values())
    closed_before = clusterer.closed_events
    taken = {entry.id for entry in index}
    stored_as: dict[tuple[str, str | None], str] = {}
    for entry in index:
        stored_as.setdefault((entry.fingerprint, entry.source), entry.id)
    rows: list[NewRow] = []
    repeated, renamed = [], []
    for article in articles:
        fingerprint = text_fingerprint(article.text)
        identity = (fingerprint, article.source)
        if identity in stored_as:
            repeated.append((article.id, stored_as[identity]))
            continue
        if article.id in taken:
            new_id = unused_id(article.id, taken)
            renamed.append((article.id, new_id))
            article = replace(article, id=new_id)
        taken.add(article.id)
        stored_as[identity] = article.id
        vector = clusterer.vector(article)
        placed = clusterer.add(article, vector=vector, new_event_id=old_events.get(article.id))
        rows.append(
            NewRow(
                article,
                placed.event_id,
                placed.copy_of,
                placed.similarity,
                fingerprint,
                encode_placement(vector),
            )
        )
    store.remove(replacing)
    store.add(rows)
    if rows or replacing or clusterer.closed_events != closed_before:
        store.save_state(STREAM_STATE, clusterer.state.to_json())
    assignments = tuple(Assignment(r.article.id, r.event_id, r.similarity, r.copy) for r in rows)
    return Added(assignments, tuple(repeated), tuple(renamed), (*prepared.problems, *notes))


def _restored(store: Store, index: Sequence[IndexEntry], settings: Settings, clock: Clock) -> EventClusterer:
    """A clusterer in the state the stored stream left it: the same document frequencies,
    open events, copy fingerprints and clock. Open events are rebuilt from their articles'
    stored placements; closed ones are known only by their articles' fingerprints (for late
    copies), so their texts are not read again."""
    clusterer = EventClusterer(settings.clustering, clock=clock)
    saved = store.load_state(STREAM_STATE)
    state = _stream_state(saved, store.url) if saved is not None else StreamState()
    clusterer.resume(state)
    members: dict[str, list[tuple[str, str]]] = {}
    for entry in index:
        if entry.event_id in state.closed:
            members.setdefault(entry.event_id, []).append((entry.id, entry.fingerprint))
    for event_id, event_members in members.items():
        clusterer.restore_closed(event_id, event_members)
    still_open = {entry.event_id for entry in index} - state.closed
    listed = {entry.id for entry in index}
    for stored in store.stored(still_open):
        if stored.article.id not in listed:
            continue  # being replaced by a new version
        clusterer.restore(stored.article, stored.event_id, _placement(stored.placement, store.url))
    return clusterer


def _stream_state(saved: str, url: str) -> StreamState:
    try:
        return StreamState.from_json(saved)
    except (ValueError, KeyError, TypeError) as error:
        raise StoreError(url, f"the stored stream state is damaged ({error})") from None


def _placement(saved: str | None, url: str) -> dict[str, float]:
    try:
        return decode_placement(saved)
    except (ValueError, TypeError) as error:
        raise StoreError(url, f"a stored article's placement is damaged ({error})") from None


def digest_store(
    store: Store, settings: Settings | None = None, *, events: Collection[str] | None = None
) -> Digest:
    """Summarize every stored event (or those of ``events``)."""
    settings = settings or load_settings()
    stored = store.stored(events)
    assignments = [Assignment(s.article.id, s.event_id, s.similarity or 0.0, s.copy) for s in stored]
    published = {s.article.id: s.article.published for s in stored}
    found = events_from_assignments(assignments, published)
    cleaned = {s.article.id: CleanedArticle(s.article, s.article) for s in stored}
    digest = _digest(found, cleaned, settings)
    # The events were formed with the settings the database recorded, not this run's.
    recorded = {**digest.settings, "clustering": {"recorded in the database": store.recorded_settings()}}
    return replace(digest, settings=recorded)


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
    from one poll to the next (closed by its owner); else one for this poll.
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
    watched = _store_items(plan, pages, feeds, store, settings, clock, now, problems)
    return replace(watched, unchanged_feeds=sum(1 for p in polls if not p.changed and p.problem is None))


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
    store: Store,
    settings: Settings,
    clock: Clock,
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
    lenient = with_overrides(settings, {"input": {"strict": False}})  # one bad page stops no poll
    prepared = prepare(articles, lenient, problems=problems)
    kept = {c.article.id for c in prepared.cleaned}
    replacing = [a.id for (_, r, _), a in zip(made, articles, strict=True) if r.article_id and a.id in kept]
    with store.writing():
        if prepared.cleaned:
            added = _add(prepared, store, settings, clock, replacing=replacing)
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
        store.save_items(records)
        store.save_feeds(feeds)
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


@dataclass(frozen=True, slots=True)
class EventListing:
    """A stored event in brief, from the store's index alone (no text is read)."""

    id: str
    headline: str
    articles: int
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    first: datetime | None
    last: datetime | None


def list_events(
    store: Store,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    outlet: str | None = None,
    language: str | None = None,
    text: str | None = None,
    index: Sequence[IndexEntry] | None = None,
) -> list[EventListing]:
    """The stored events, the latest first, those with an article published within
    ``since``..``until``, from ``outlet``, in ``language``, or whose titles hold ``text``
    (each case-insensitive) when given. ``index``: the store's index, if the caller keeps
    it (see ``Store.revision``)."""
    members: dict[str, list[IndexEntry]] = {}
    for entry in store.index() if index is None else index:
        members.setdefault(entry.event_id, []).append(entry)
    wanted = [
        _listing(event_id, entries)
        for event_id, entries in members.items()
        if _matches(entries, since=since, until=until, outlet=outlet, language=language, text=text)
    ]
    never = datetime.min.replace(tzinfo=UTC)
    return sorted(wanted, key=lambda e: (e.last or never, e.id), reverse=True)


def _listing(event_id: str, entries: Sequence[IndexEntry]) -> EventListing:
    from collections import Counter

    titles = Counter(e.title.strip() for e in entries if e.title and e.title.strip())
    headline = titles.most_common(1)[0][0] if titles else entries[0].id
    outlets = sorted({o for e in entries if (o := _outlet(e))}, key=str.casefold)
    moments = [e.published for e in entries if e.published]
    return EventListing(
        event_id,
        headline,
        len(entries),
        tuple(outlets),
        tuple(sorted({e.language for e in entries if e.language})),
        min(moments) if moments else None,
        max(moments) if moments else None,
    )


def _outlet(entry: IndexEntry) -> str | None:
    return Article(id=entry.id, text="", source=entry.source, url=entry.url).known_outlet


def _matches(
    entries: Sequence[IndexEntry],
    *,
    since: datetime | None,
    until: datetime | None,
    outlet: str | None,
    language: str | None,
    text: str | None,
) -> bool:
    if since or until:
        low = since or datetime.min.replace(tzinfo=UTC)
        high = until or datetime.max.replace(tzinfo=UTC)
        if not any(e.published and low <= e.published <= high for e in entries):
            return False
    if outlet and not any((_outlet(e) or "").casefold() == outlet.casefold() for e in entries):
        return False
    if language and not any((e.language or "").lower().startswith(language.lower()) for e in entries):
        return False
    return not text or any(text.casefold() in (e.title or "").casefold() for e in entries)


def prepare_bytes(data: bytes, settings: Settings | None = None, *, fmt: str | None, origin: str) -> Prepared:
    """The articles of one input given as bytes (a request's body): ``fmt`` names a reader
    (``json``, ``html``, ``text``...) or None to sniff it."""
    from newsfuse.ingest.sources import read_source

    settings = settings or load_settings()
    found = ProblemLog(ErrorPolicy.SKIP)
    articles = []
    for item in read_source(data, origin=origin, article_id=origin, fmt=fmt):
        if isinstance(item, Article):
            articles.append(item)
        else:
            found.report(item)
    return prepare(articles, settings, problems=found.found)
