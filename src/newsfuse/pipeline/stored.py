"""Articles kept in a store: add them to the stored events, list and digest those events."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from newsfuse.errors import StoreError
from newsfuse.events.clustering import (
    Clock,
    EventClusterer,
    StreamState,
    decode_placement,
    encode_placement,
    system_clock,
)
from newsfuse.ingest.fetch.feeds import normalise_url
from newsfuse.ingest.sources import unused_id
from newsfuse.model import Article, Assignment, CleanedArticle, Digest, Problem
from newsfuse.model.event import events_from_assignments
from newsfuse.pipeline.batch import Prepared, digest_events, with_languages, with_names
from newsfuse.settings import Settings, load_settings
from newsfuse.store.base import IndexEntry, NewRow, Revision, Store
from newsfuse.text.fingerprint import text_fingerprint
from newsfuse.text.names import folded_words

STREAM_STATE = "events"
"""The name under which a store keeps the event clusterer's state."""


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
    the same page (by its normalised URL) or the same text from the same outlet is
    (whatever its id); a different article whose id is taken is stored under a new one. A
    copy from another outlet is a new article.
    Adding again and again to one store: keep an ``EventWriter``."""
    writer = EventWriter(settings, clock=clock)
    prepared = with_names(prepared.require())
    with writer.writing(store):
        return writer.add(prepared, store)


@dataclass(slots=True)
class _Stream:
    """What an ``EventWriter`` keeps between transactions, and the store as it left it."""

    url: str
    revision: Revision
    saved_state: str | None
    clusterer: EventClusterer
    taken: set[str]
    stored_as: dict[tuple[str, str | None], str]
    """(text fingerprint, source) -> the stored article's id."""
    pages: dict[str, str]
    """Normalised URL -> the stored article's id."""


class EventWriter:
    """Adds articles to a store's events, as ``add_prepared`` does, keeping the event
    clusterer between transactions: a service or a watch adds a few articles at a time,
    and rebuilding the open events from the store each time costs far more than placing
    them. What is kept is used only while the store is exactly as this writer left it
    (the same articles and the same stream state); a store another writer changed, or a
    transaction that did not commit, makes the next one rebuild it from the store.
    One thread at a time.

        with writer.writing(store):
            added = writer.add(prepared, store)
    """

    def __init__(self, settings: Settings | None = None, *, clock: Clock = system_clock) -> None:
        self.settings = settings or load_settings()
        self.clock = clock
        self._kept: _Stream | None = None
        self._pending: _Stream | None = None
        self._writing = False

    @contextmanager
    def writing(self, store: Store) -> Iterator[None]:
        """The store's write transaction; what ``add`` did inside it is kept only once
        it has committed."""
        kept, self._kept, self._pending, self._writing = self._kept, None, None, True
        try:
            with store.writing():
                self._pending = self._current(kept, store)
                yield
        finally:
            self._writing = False
        self._kept, self._pending = self._pending, None

    def add(self, prepared: Prepared, store: Store, *, replacing: Collection[str] = ()) -> Added:
        """Place and store the prepared articles, inside ``writing(store)``. ``replacing``:
        stored articles that prepared ones of the same id are new versions of: the old
        ones are removed and the new ones placed afresh, as if they had never been stored."""
        if not self._writing:
            raise RuntimeError("call EventWriter.add inside its writing() transaction")
        prepared = with_names(prepared.require())  # found already, unless the caller did not
        articles, notes = with_languages(prepared.articles)
        names = prepared.names or {}
        clustering, kept = self.settings.clustering.keeping(store.recorded_settings())
        if kept:
            self.settings = replace(self.settings, clustering=clustering)
            self._pending = None  # its clusterer was made with the settings of this release
            message = f"the events here were formed with {', '.join(kept)}; they keep them"
            notes = [*notes, Problem(store.url, message, "kept-settings", level="note")]
        store.check_settings(self.settings.clustering.identity())
        stream = self._pending if self._pending is not None and not replacing else None
        old_events: dict[str, tuple[str, str]] = {}
        if stream is None:
            stream, old_events = self._rebuilt(store, replacing)
        self._pending = None  # until this addition is complete
        removed = {c.article.id: c.removals for c in prepared.cleaned}
        clusterer = stream.clusterer
        clusterer.reserve((e for e, _ in old_events.values()), (s for _, s in old_events.values()))
        closed_before = clusterer.closed_events
        rows: list[NewRow] = []
        repeated, renamed = [], []
        for article in articles:
            fingerprint = text_fingerprint(article.text)
            identity = (fingerprint, article.source)
            page = normalise_url(article.url) if article.url else None
            stored_as = stream.stored_as.get(identity) or (stream.pages.get(page) if page else None)
            if stored_as is not None:
                repeated.append((article.id, stored_as))
                continue
            removals, found = removed.get(article.id, ()), names.get(article.id, ())
            if article.id in stream.taken:
                new_id = unused_id(article.id, stream.taken)
                renamed.append((article.id, new_id))
                article = replace(article, id=new_id)
            stream.taken.add(article.id)
            stream.stored_as[identity] = article.id
            if page:
                stream.pages[page] = article.id
            vector = clusterer.vector(article)
            old_event, old_storyline = old_events.get(article.id, (None, None))
            placed = clusterer.add(
                article, vector=vector, new_event_id=old_event, new_storyline_id=old_storyline
            )
            rows.append(
                NewRow(
                    article,
                    placed.event_id,
                    placed.copy_of,
                    placed.similarity,
                    fingerprint,
                    encode_placement(vector),
                    removals,
                    found,
                    placed.storyline_id,
                )
            )
        store.remove(replacing)
        store.add(rows)
        if rows or replacing or clusterer.closed_events != closed_before:
            stream.saved_state = clusterer.state.to_json()
            store.save_state(STREAM_STATE, stream.saved_state)
        stream.revision = store.revision()
        self._pending = stream
        assignments = tuple(
            Assignment(r.article.id, r.event_id, r.similarity, r.copy, r.storyline_id) for r in rows
        )
        return Added(assignments, tuple(repeated), tuple(renamed), (*prepared.problems, *notes))

    @staticmethod
    def _current(kept: _Stream | None, store: Store) -> _Stream | None:
        """``kept`` if the store is as it was left, else None."""
        if kept is None or kept.url != store.url or kept.revision != store.revision():
            return None
        return kept if store.load_state(STREAM_STATE) == kept.saved_state else None

    def _rebuilt(
        self, store: Store, replacing: Collection[str]
    ) -> tuple[_Stream, dict[str, tuple[str, str]]]:
        """The stream as the store holds it, without the articles being replaced, and
        the events and storylines those were in."""
        everything = store.index()
        old_events = {
            entry.id: (entry.event_id, entry.storyline_id) for entry in everything if entry.id in replacing
        }
        index = [entry for entry in everything if entry.id not in replacing]
        saved = store.load_state(STREAM_STATE)
        stream = _Stream(
            store.url,
            Revision(0, 0),
            saved,
            _restored(store, index, saved, self.settings, self.clock),
            {entry.id for entry in index},
            {},
            {},
        )
        for entry in index:
            stream.stored_as.setdefault((entry.fingerprint, entry.source), entry.id)
            if entry.url:
                stream.pages.setdefault(normalise_url(entry.url), entry.id)
        return stream, old_events


def _restored(
    store: Store, index: Sequence[IndexEntry], saved: str | None, settings: Settings, clock: Clock
) -> EventClusterer:
    """A clusterer in the state the stored stream left it: the same document frequencies,
    open events, copy fingerprints and clock. Open events are rebuilt from their articles'
    stored placements; closed ones are known only by their articles' fingerprints (for late
    copies), so their texts are not read again."""
    clusterer = EventClusterer(settings.clustering, clock=clock)
    state = _stream_state(saved, store.url) if saved is not None else StreamState()
    clusterer.resume(state)
    clusterer.reserve((), {entry.storyline_id for entry in index})
    members: dict[str, list[tuple[str, str]]] = {}
    storyline = {entry.event_id: entry.storyline_id for entry in index}
    for entry in index:
        if entry.event_id in state.closed:
            members.setdefault(entry.event_id, []).append((entry.id, entry.fingerprint))
    for event_id, event_members in members.items():
        clusterer.restore_closed(event_id, event_members, storyline[event_id])
    still_open = {entry.event_id for entry in index} - state.closed
    listed = {entry.id for entry in index}
    for stored in store.stored(still_open):
        if stored.article.id not in listed:
            continue  # being replaced by a new version
        clusterer.restore(
            stored.article, stored.event_id, _placement(stored.placement, store.url), stored.storyline_id
        )
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
    assignments = [
        Assignment(s.article.id, s.event_id, s.similarity or 0.0, s.copy, s.storyline_id) for s in stored
    ]
    published = {s.article.id: s.article.published for s in stored}
    found = events_from_assignments(assignments, published)
    cleaned = {s.article.id: CleanedArticle(s.article, s.article) for s in stored}
    digest = digest_events(found, cleaned, settings)
    # The events were formed with the settings the database recorded, not this run's.
    recorded = {**digest.settings, "clustering": {"recorded in the database": store.recorded_settings()}}
    return replace(digest, settings=recorded)


@dataclass(frozen=True, slots=True)
class EventListing:
    """A stored event in brief, from the store's index alone (no text is read)."""

    id: str
    headline: str
    articles: int
    independent: int
    """Articles that are not copies of another: independent reports."""
    version: str
    """Changes whenever the event gains or loses an article."""
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    first: datetime | None
    last: datetime | None
    storyline: str = ""
    """The storyline (the long-running story) the event belongs to."""


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Which stored events to list: those with an article published within
    ``since``..``until``, from ``outlet``, in ``language``, whose titles hold ``text``,
    whose articles name ``entity`` (a name or whole words of one: "Minh" finds "Trần Văn
    Minh"; case and accents aside), of ``storyline``. Each one left out lets every event by."""

    since: datetime | None = None
    until: datetime | None = None
    outlet: str | None = None
    language: str | None = None
    text: str | None = None
    entity: str | None = None
    storyline: str | None = None


@dataclass(frozen=True, slots=True)
class _Brief:
    """An event's listing and what its filters look at, folded once."""

    listing: EventListing
    moments: tuple[datetime, ...]  # sorted
    outlets: frozenset[str]
    languages: frozenset[str]
    titles: str
    names: str
    """Every name its articles mention, folded, each between spaces: `` tran van minh | ...``."""

    def matches(self, wanted: EventFilters) -> bool:
        if wanted.storyline and wanted.storyline != self.listing.storyline:
            return False
        if wanted.entity and f" {folded_words(wanted.entity)} " not in self.names:
            return False
        since, until = wanted.since, wanted.until  # made aware by EventBoard.events
        if since or until:
            after = bisect_left(self.moments, since) if since else 0
            if after == len(self.moments) or (until and self.moments[after] > until):
                return False
        if wanted.outlet and wanted.outlet.casefold() not in self.outlets:
            return False
        language = wanted.language
        if language and not any(known.startswith(language.lower()) for known in self.languages):
            return False
        return not wanted.text or wanted.text.casefold() in self.titles


class EventBoard:
    """The stored events in brief, and the digests of the last ones read, kept between
    calls: each call asks the store whether anything changed (one small query), reads
    only the articles added since and lists again only their events; a digest is made
    again only when its event has changed. Removed articles (new versions of watched
    pages) make it read the whole index again. Safe to share between threads; one store
    and one ``settings`` per board."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        kept_digests: int = 256,
        summarize: Callable[[Store, list[str]], Digest] | None = None,
    ) -> None:
        """``summarize``: makes the digest of some events of a store (``digest_store``
        unless given: a service has it made in a process of its own)."""
        self._summarize = summarize or (lambda store, ids: digest_store(store, settings, events=ids))
        self._kept_digests = kept_digests
        self._digests: OrderedDict[str, tuple[tuple[int, int], Digest]] = OrderedDict()
        self._lock = threading.Lock()
        self._url: str | None = None
        self._revision = Revision(0, 0)
        self._members: dict[str, list[IndexEntry]] = {}
        self._briefs: dict[str, _Brief] = {}
        self._latest_first: list[_Brief] = []

    def events(self, store: Store, filters: EventFilters = EventFilters()) -> list[EventListing]:
        """The stored events that pass ``filters``, the latest first."""
        wanted = replace(filters, since=_aware(filters.since), until=_aware(filters.until))
        return [b.listing for b in self._current(store) if b.matches(wanted)]

    def listing(self, store: Store, event_id: str) -> EventListing | None:
        """One stored event in brief, or None."""
        self._current(store)
        with self._lock:  # not while another thread reads everything again
            brief = self._briefs.get(event_id)
        return brief.listing if brief else None

    def digest(self, store: Store, event_id: str) -> Digest | None:
        """The digest of one stored event (as ``digest_store`` makes it), or None."""
        self._current(store)
        with self._lock:
            members = self._members.get(event_id)
            if not members:
                return None
            version = (len(members), members[-1].sequence)
            kept = self._digests.get(event_id)
            if kept is not None and kept[0] == version:
                self._digests.move_to_end(event_id)
                return kept[1]
        # Made outside the lock: lists are not kept waiting. Articles that came meanwhile
        # may be in it; it is then made again at the next call, never shown stale.
        digest = self._summarize(store, [event_id])
        with self._lock:
            self._digests[event_id] = (version, digest)
            self._digests.move_to_end(event_id)
            while len(self._digests) > self._kept_digests:
                self._digests.popitem(last=False)
        return digest

    def _current(self, store: Store) -> list[_Brief]:
        with self._lock:
            revision = store.revision()
            if revision == self._revision and store.url == self._url:
                return self._latest_first
            if store.url != self._url:
                self._url, self._revision, self._members, self._briefs = store.url, Revision(0, 0), {}, {}
                self._digests.clear()
            kept = sum(len(entries) for entries in self._members.values())
            # Rows past the revision read above are left for the next call.
            new = [e for e in store.index(after=self._revision.last) if e.sequence <= revision.last]
            if kept + len(new) != revision.articles:  # some were removed: read everything again
                self._members, self._briefs = {}, {}
                new = [e for e in store.index() if e.sequence <= revision.last]
            for entry in new:
                self._members.setdefault(entry.event_id, []).append(entry)
            for event_id in {entry.event_id for entry in new}:
                self._briefs[event_id] = _brief(event_id, self._members[event_id])
            never = datetime.min.replace(tzinfo=UTC)
            self._latest_first = sorted(
                self._briefs.values(), key=lambda b: (b.listing.last or never, b.listing.id), reverse=True
            )
            self._revision = revision
            return self._latest_first


def _aware(moment: datetime | None) -> datetime | None:
    """A moment given without its offset is taken as UTC, as stored moments compare."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _brief(event_id: str, entries: Sequence[IndexEntry]) -> _Brief:
    titles = Counter(e.title.strip() for e in entries if e.title and e.title.strip())
    headline = titles.most_common(1)[0][0] if titles else entries[0].id
    outlets = sorted({o for e in entries if (o := _outlet(e))}, key=str.casefold)
    moments = sorted(e.published for e in entries if e.published)
    languages = sorted({e.language for e in entries if e.language})
    listing = EventListing(
        event_id,
        headline,
        len(entries),
        sum(1 for e in entries if e.copy_of is None),
        f"{len(entries)}-{max(e.sequence for e in entries)}",
        tuple(outlets),
        tuple(languages),
        moments[0] if moments else None,
        moments[-1] if moments else None,
        entries[0].storyline_id,
    )
    return _Brief(
        listing,
        tuple(moments),
        frozenset(o.casefold() for o in outlets),
        frozenset(language.lower() for language in languages),
        "\n".join(e.title.casefold() for e in entries if e.title),
        "|".join(f" {folded_words(name)} " for name in sorted({n for e in entries for n in e.names})),
    )


def _outlet(entry: IndexEntry) -> str | None:
    return Article(id=entry.id, text="", source=entry.source, url=entry.url).known_outlet
