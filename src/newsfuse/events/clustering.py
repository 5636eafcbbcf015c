"""Group articles into events, one article at a time, with ids that never change.

Each article joins the open event whose centroid it is most similar to, if that
similarity reaches the threshold, or opens a new event. An exact or near copy of an
article always joins its original's event. Events that receive nothing for a time window
(by publication time) are closed and no longer take articles; what found articles for
them is dropped, so a long stream's working memory follows its open events. A clusterer
never merges or renumbers, so an event id, once given, stays. Each new event is linked
to a storyline (``events.storylines``) by its first report. Short texts are compared by
meaning as well as words (``events.meaning``). A pile known in advance
(``cluster_articles``) is refined after the single pass and numbered afresh.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsfuse.errors import NewsfuseError
from newsfuse.events.copies import NearDuplicateIndex
from newsfuse.events.languages import (
    MAX_ANCHORS,
    anchor_counts,
    is_anchor,
    join_across,
    language_of,
    without_anchors,
)
from newsfuse.events.meaning import MeaningCentroids, is_meaning, split, with_meaning
from newsfuse.events.numbering import Numbering
from newsfuse.events.storylines import LinkerSettings, StorylineLinker, saved_moment
from newsfuse.model import Article, Assignment, Copy
from newsfuse.settings import ClusteringSettings
from newsfuse.text.fingerprint import text_fingerprint
from newsfuse.text.tokens import lexicon_for
from newsfuse.text.vectors import DocumentFrequencies, VectorRows, term_counts, weigh

_FUTURE_TOLERANCE = timedelta(days=1)
"""Publication times later than now by more than this (time zones, clock skew) are
taken as errors by the stream's clock."""

Clock = Callable[[], datetime]
"""Tells the time now (timezone-aware); passed in so that tests and replays are repeatable."""


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Centroid:
    """A sum of vectors, and its squared length."""

    terms: dict[str, float] = field(default_factory=dict)
    length_sq: float = 0.0

    def add(self, vector: Mapping[str, float]) -> list[str]:
        """Add a vector; returns the terms it brought that were not there before."""
        terms, squared, new = self.terms, self.length_sq, []
        for term, weight in vector.items():
            old = terms.get(term)
            if old is None:
                new.append(term)
                old = 0.0
            terms[term] = old + weight
            squared += weight * (2.0 * old + weight)  # (old + w)² - old²: no pass over the sum
        self.length_sq = max(squared, 0.0)
        return new

    def dot(self, vector: Mapping[str, float]) -> float:
        terms = self.terms
        return sum(weight * terms.get(term, 0.0) for term, weight in vector.items())


@dataclass(frozen=True, slots=True)
class _Text:
    """An article as the clusterer compares it: its words (and their length: 1, or less
    for a short text whose meaning takes the rest), its meaning (a short text's), its
    language and its anchors (``events.languages``)."""

    words: Mapping[str, float]
    length: float
    meaning: NDArray[np.float64] | None
    language: str
    anchors: Mapping[str, float]
    anchor_length: float


def _text(article: Article, vector: Mapping[str, float]) -> _Text:
    rest, found = without_anchors(vector)
    words, meaning = split(rest)
    # A long text's words are unit length; a short one's make room for its meaning.
    length = 1.0 if meaning is None else math.sqrt(sum(w * w for w in words.values()))
    anchor_length = math.sqrt(sum(w * w for w in found.values()))
    return _Text(words, length, meaning, language_of(article), found, anchor_length)


@dataclass
class _Event:
    id: str
    words: dict[str, _Centroid] = field(default_factory=dict)
    """The words of the event's reports, language by language."""
    anchors: _Centroid = field(default_factory=_Centroid)
    meaning_sq: float = 0.0
    """The squared length of the event's meaning (0: no short text)."""
    article_ids: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    closed: bool = False


@dataclass(frozen=True, slots=True)
class StreamState:
    """What a stream clusterer knows besides its open events' articles: the document
    frequencies, the clock and which events have closed. Saved with a stored stream
    (``to_json``), it lets a later run take up the stream exactly where this one stopped;
    only the clusterer reads its contents."""

    documents: int = 0
    frequency: Mapping[str, int] = field(default_factory=dict)
    latest: datetime | None = None
    swept: datetime | None = None
    closed: frozenset[str] = frozenset()
    storylines: Mapping[str, Any] = field(default_factory=dict)
    """The open storylines, as the storyline linker saved them."""
    events_issued: int = 0
    """The highest event number given so far (none is given twice)."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": "newsfuse.stream-state.v1",
                "documents": self.documents,
                "frequency": dict(sorted(self.frequency.items())),
                "latest": self.latest.isoformat() if self.latest else None,
                "swept": self.swept.isoformat() if self.swept else None,
                "closed": sorted(self.closed),
                "storylines": self.storylines,
                "events_issued": self.events_issued,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> StreamState:
        """Raises ``ValueError`` on anything that is not a saved state."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != "newsfuse.stream-state.v1":
            raise ValueError("not a newsfuse stream state")
        return cls(
            documents=int(data["documents"]),
            frequency={str(k): int(v) for k, v in data["frequency"].items()},
            latest=saved_moment(data["latest"]),
            swept=saved_moment(data["swept"]),
            closed=frozenset(str(e) for e in data["closed"]),
            storylines=data.get("storylines") or {},  # none in a state saved before storylines
            events_issued=int(data.get("events_issued", 0)),
        )


def encode_placement(vector: Mapping[str, float]) -> str:
    """An article's vector as it was placed, kept with a stored article (only
    ``decode_placement`` reads it)."""
    return json.dumps(dict(vector), sort_keys=True, ensure_ascii=False)


def decode_placement(text: str | None) -> dict[str, float]:
    """Raises ``ValueError`` on anything ``encode_placement`` did not write."""
    if not text:
        return {}
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a placement")
    return {str(k): float(v) for k, v in data.items()}


class EventClusterer:
    """Incremental event clustering; ``add`` assigns one article, ``cluster_articles`` a batch."""

    def __init__(
        self,
        settings: ClusteringSettings | None = None,
        *,
        id_prefix: str = "event-",
        clock: Clock = system_clock,
        storylines: bool = True,
        across_languages: bool = True,
        anchored: bool = True,
        copies_given: bool = False,
    ) -> None:
        """``storylines``: link events into storylines as they open; ``across_languages``:
        let a report join an event in another language by its anchors (a pile does both
        for its final events instead: see ``cluster_articles``); ``anchored``: give vectors
        their anchors (a pile in one language needs none); ``copies_given``: the copies
        were found before (``add``'s ``copy_of``), so none are looked for."""
        self.settings = settings or ClusteringSettings()
        self.id_prefix = id_prefix
        self.now = clock
        self._vectors = self.settings.vectors
        self._frequencies = DocumentFrequencies()
        self._events: dict[str, _Event] = {}
        self._postings: dict[str, set[str]] = {}
        self._event_of_article: dict[str, str] = {}
        self._duplicates = NearDuplicateIndex(threshold=self.settings.near_duplicate_threshold)
        self._latest: datetime | None = None
        self._swept: datetime | None = None
        self._open: dict[str, None] = {}
        self._meanings = MeaningCentroids()
        """The meaning of the open events with a short text: candidates for any short text,
        shared words or not (their centroids hold only words)."""
        self._numbering = Numbering(id_prefix)
        self._prefitted = False
        self._storylines = storyline_linker(self.settings) if storylines else None
        self._across_languages = across_languages
        self._anchored = anchored
        self._copies_given = copies_given

    @property
    def events(self) -> dict[str, tuple[str, ...]]:
        """Event id -> its article ids, in the order they arrived."""
        return {event.id: tuple(event.article_ids) for event in self._events.values()}

    def event_of(self, article_id: str) -> str:
        return self._event_of_article[article_id]

    def storyline_of(self, event_id: str) -> str:
        """The event's storyline ("" when storylines are not linked)."""
        return self._storylines.storyline_of(event_id) if self._storylines else ""

    def is_closed(self, event_id: str) -> bool:
        return self._events[event_id].closed

    @property
    def working_set(self) -> dict[str, int]:
        """How much the clusterer holds to place new articles: open events, the terms
        indexed to find them, the texts remembered to recognise copies, and the open
        storylines."""
        return {
            "open_events": len(self._open),
            "indexed_terms": len(self._postings),
            "remembered_texts": len(self._duplicates),
            "open_storylines": self._storylines.open_storylines if self._storylines else 0,
        }

    def learn_frequencies(self, terms: Iterable[Mapping[str, float]]) -> None:
        """Count document frequencies over articles known in advance (a batch, or a past
        stream; ``terms``: each one's ``terms(article)``), so that the first articles are
        weighed as well as the last."""
        for counted in terms:
            self._frequencies.add(counted)
        self._prefitted = True

    def use_frequencies(self, frequencies: DocumentFrequencies) -> None:
        """Weigh terms by document frequencies counted elsewhere (over a whole archive,
        of which these articles are a part), not by the articles added here."""
        self._frequencies = frequencies
        self._prefitted = True

    def terms(self, article: Article) -> dict[str, float]:
        """The article's weighted term counts, as ``vector`` reads them."""
        lexicon = lexicon_for(article.language, article.text)
        counted = term_counts(article.text, article.title, self._vectors, lexicon)
        if self._anchored:
            counted.update(anchor_counts(article, lexicon, self._vectors.title_weight))
        return counted

    def vector(self, article: Article, terms: Mapping[str, float] | None = None) -> dict[str, float]:
        """The article's unit-length term vector, as ``add`` compares it with events
        (``terms``: its ``terms(article)``, if counted already)."""
        counted = self.terms(article) if terms is None else terms
        if not self._prefitted:
            self._frequencies.add(counted)
        words, found = without_anchors(counted)
        weighed = weigh(words, self._frequencies, self._vectors.max_terms)
        vector = with_meaning(weighed, article, self.settings)
        vector.update(weigh(found, self._frequencies, MAX_ANCHORS))
        return vector

    def add(
        self,
        article: Article,
        *,
        vector: Mapping[str, float] | None = None,
        new_event_id: str | None = None,
        new_storyline_id: str | None = None,
        copy_of: Copy | None = None,
    ) -> Assignment:
        """Assign one article to an event, and a new event to a storyline. ``vector``: its
        ``vector(article)``, if computed just before (in a stream, ``vector`` counts the
        article's terms, so call it once). ``new_event_id``, ``new_storyline_id``: the ids
        to give the event the article opens, if it opens one and they are free (a new
        version of a stored article takes back its old event's and storyline's ids).
        ``copy_of``: what the article copies, when the copies were given (``copies_given``)."""
        if article.id in self._event_of_article:
            raise NewsfuseError(f"article id {article.id!r} was given twice; ids must be unique")
        published = self._plausible(article.published)
        self._advance_clock(published)
        if not self._copies_given:
            copy_of = self._duplicates.add(article.id, article.text)
        text = _text(article, self.vector(article) if vector is None else vector)
        if copy_of is not None and copy_of.original_id in self._event_of_article:
            # A copy joins its original's event even when that event has closed.
            event = self._events[self._event_of_article[copy_of.original_id]]
            meant = self._meanings.dot(event.id, text.meaning) if text.meaning is not None else None
            similarity = 1.0 if event.closed else self._compared(text, meant, event)[0]
            if self._storylines:
                self._storylines.grow(event.id, text.words, published)
        else:
            best, similarity, bar = self._best_event(text, published)
            if best is None or similarity < bar:
                best, similarity = self._open_event(new_event_id), 1.0
                if self._storylines:
                    self._storylines.link(best.id, text.words, published, wanted=new_storyline_id)
            elif self._storylines:
                self._storylines.grow(best.id, text.words, published)
            event = best
        self._join(event, article.id, published, text)
        return Assignment(article.id, event.id, round(similarity, 4), copy_of, self.storyline_of(event.id))

    def restore(
        self, article: Article, event_id: str, vector: Mapping[str, float], storyline_id: str
    ) -> None:
        """Put back an article of an open event, with the vector it was placed with and its
        event's storyline, as an earlier run left them (from storage). Nothing is decided
        again, and neither the frequencies, the storylines nor the clock move: see ``resume``."""
        if self._storylines:
            self._storylines.restore_event(event_id, storyline_id)
        self._duplicates.add(article.id, article.text)
        event = self._events.get(event_id)
        if event is None:
            event = _Event(id=event_id)
            self._events[event_id] = event
            self._numbering.see(event_id)
            self._open[event_id] = None
        self._join(event, article.id, self._plausible(article.published), _text(article, vector))

    @property
    def state(self) -> StreamState:
        """What a later run needs, besides the open events' articles, to take up the stream."""
        return StreamState(
            documents=self._frequencies.documents,
            frequency=dict(self._frequencies.frequency),
            latest=self._latest,
            swept=self._swept,
            closed=frozenset(self.closed_events),
            storylines=self._storylines.to_state() if self._storylines else {},
            events_issued=self._numbering.highest,
        )

    def resume(self, state: StreamState) -> None:
        """Start from a saved ``state``: its document frequencies (new articles go on
        counting) and its clock. Put back its events with ``restore`` and ``restore_closed``."""
        self._frequencies.documents = state.documents
        self._frequencies.frequency = Counter(state.frequency)
        self._latest, self._swept = state.latest, state.swept
        self._numbering.highest = max(self._numbering.highest, state.events_issued)
        if state.storylines and self._storylines:
            self._storylines.from_state(state.storylines)

    @property
    def closed_events(self) -> set[str]:
        return {event.id for event in self._events.values() if event.closed}

    def restore_closed(self, event_id: str, members: Iterable[tuple[str, str]], storyline_id: str) -> None:
        """Put back an event that had closed, as ``(article id, text fingerprint)`` pairs:
        only what lets a late exact copy find it, not what would let other articles join."""
        if self._storylines:
            self._storylines.restore_event(event_id, storyline_id)
        event = self._events.get(event_id)
        if event is None:
            event = self._events[event_id] = _Event(id=event_id, closed=True)
            self._numbering.see(event_id)
        for article_id, fingerprint in members:
            self._duplicates.remember(article_id, fingerprint)
            event.article_ids.append(article_id)
            self._event_of_article[article_id] = event_id

    def _best_event(self, text: _Text, published: datetime | None) -> tuple[_Event | None, float, float]:
        """The candidate event a text clears its bar for by the widest margin, its
        similarity and its bar. Candidates share one of its heaviest words, or of its
        heaviest anchors (for events in other languages), or have meaning if it has."""
        candidates: set[str] = set()
        query, most = self.settings.query_terms, self.settings.max_posting
        for term in sorted(text.words, key=lambda t: -text.words[t])[:query]:
            posting = self._postings.get(term)
            if posting and len(posting) <= most:
                candidates |= posting
        if self._across_languages and text.anchors:
            for term in sorted(text.anchors, key=lambda t: -text.anchors[t])[:query]:
                posting = self._postings.get(term)
                if posting and len(posting) <= most:
                    candidates.update(e for e in posting if text.language not in self._events[e].words)
        meant = self._meanings.dots(text.meaning) if text.meaning is not None else {}
        candidates |= meant.keys()
        best, best_similarity, best_bar = None, -1.0, self.settings.threshold
        for event_id in sorted(candidates):
            event = self._events[event_id]
            if event.closed or not self._in_window(event, published):
                continue
            similarity, bar = self._compared(text, meant.get(event_id), event)
            if best is None or similarity - bar > best_similarity - best_bar:
                best, best_similarity, best_bar = event, similarity, bar
        return best, best_similarity, best_bar

    def _compared(self, text: _Text, meaning_dot: float | None, event: _Event) -> tuple[float, float]:
        """The similarity of a text to an event, and the bar it must reach to join: by
        words and meaning when both have meaning (``meaning_dot``: the product of their
        meanings, None for a long text or an event without), else by words alone; by
        anchors when the event has no report in the text's language."""
        words = event.words.get(text.language)
        if words is not None:
            dot = words.dot(text.words)
            if meaning_dot is not None:
                norm = math.sqrt(words.length_sq + event.meaning_sq)
                return (dot + meaning_dot) / norm, self.settings.meaning_threshold
            scale = text.length * math.sqrt(words.length_sq)
            return (dot / scale if scale else 0.0), self.settings.threshold
        scale = text.anchor_length * math.sqrt(event.anchors.length_sq)
        if not self._across_languages or not scale:
            return 0.0, self.settings.threshold
        return event.anchors.dot(text.anchors) / scale, self.settings.cross_language_threshold

    def reserve(self, event_ids: Iterable[str], storyline_ids: Iterable[str] = ()) -> None:
        """Give these ids to no new event or storyline but the one an article asks for by
        ``new_event_id`` or ``new_storyline_id`` (those of stored articles being replaced)."""
        for event_id in event_ids:
            self._numbering.see(event_id)
        if self._storylines:
            self._storylines.reserve(storyline_ids)

    def _open_event(self, wanted: str | None = None) -> _Event:
        if wanted is not None and wanted not in self._events:
            event_id = wanted
            self._numbering.see(wanted)
        else:
            event_id = self._numbering.new()
        event = _Event(id=event_id)
        self._events[event.id] = event
        self._open[event.id] = None
        return event

    def _join(self, event: _Event, article_id: str, published: datetime | None, text: _Text) -> None:
        event.article_ids.append(article_id)
        self._event_of_article[article_id] = event.id
        if published is not None:
            if event.first_seen is None or published < event.first_seen:
                event.first_seen = published
            if event.last_seen is None or published > event.last_seen:
                event.last_seen = published
        if event.closed:
            return  # a late copy: a closed event is no longer found by its terms
        if text.meaning is not None:
            event.meaning_sq = self._meanings.add(event.id, text.meaning)
        words = event.words.get(text.language)
        if words is None:
            words = event.words[text.language] = _Centroid()
        for term in (*words.add(text.words), *event.anchors.add(text.anchors)):
            self._postings.setdefault(term, set()).add(event.id)

    def _plausible(self, published: datetime | None) -> datetime | None:
        return plausible(published, self.now)

    def _in_window(self, event: _Event, published: datetime | None) -> bool:
        if published is None or event.last_seen is None:
            return True
        return abs(published - event.last_seen) <= self.settings.window

    def _advance_clock(self, published: datetime | None) -> None:
        """Close the events that the stream's clock has left behind (checked each time the
        clock moves on by a tenth of the window, so the cost is spread thin)."""
        if published is None or (self._latest is not None and published <= self._latest):
            return
        self._latest = published
        if self._swept is not None and published - self._swept < self.settings.window / 10:
            return
        self._swept = published
        for event_id in list(self._open):
            event = self._events[event_id]
            if event.last_seen is not None and published - event.last_seen > self.settings.window:
                self._close(event)

    def _close(self, event: _Event) -> None:
        """A closed event takes no more articles, so what finds articles for it is dropped:
        its centroid, its terms' postings and its articles' copy signatures."""
        event.closed = True
        del self._open[event.id]
        self._meanings.drop(event.id)
        for centroid in (*event.words.values(), event.anchors):
            for term in centroid.terms:
                posting = self._postings.get(term)
                if posting is not None:
                    posting.discard(event.id)
                    if not posting:
                        del self._postings[term]
        event.words, event.anchors = {}, _Centroid()
        event.meaning_sq = 0.0
        for article_id in event.article_ids:
            self._duplicates.forget(article_id)


def storyline_linker(settings: ClusteringSettings, *, closing: bool = True) -> StorylineLinker:
    return StorylineLinker(
        LinkerSettings(
            threshold=settings.storyline_threshold,
            window=settings.storyline_window,
            query_terms=settings.query_terms,
            max_posting=settings.max_posting,
        ),
        closing=closing,
    )


def open_events(
    dated_members: Iterable[tuple[str, datetime | None]], window: timedelta, clock: Clock = system_clock
) -> set[str]:
    """Of ``(event id, publication time)`` pairs of a stored stream, the events a clusterer
    would still hold open: those with no dated article, or whose latest one is within the
    window of the stream's latest time."""
    latest: dict[str, datetime | None] = {}
    for event_id, published in dated_members:
        moment = plausible(published, clock)
        known = latest.get(event_id)
        latest[event_id] = moment if known is None or (moment is not None and moment > known) else known
    moments = [m for m in latest.values() if m is not None]
    if not moments:
        return set(latest)
    newest = max(moments)
    return {e for e, m in latest.items() if m is None or newest - m <= window}


def plausible(published: datetime | None, clock: Clock = system_clock) -> datetime | None:
    """The publication time as the clusterer uses it: a time in the future is a wrong
    date (left alone, one would close every open event), so it counts as no date."""
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return None if published > clock() + _FUTURE_TOLERANCE else published


@dataclass(frozen=True, slots=True)
class ArchivePart:
    """What an archive grouped part by part tells each part (see ``cluster_articles``)."""

    frequencies: DocumentFrequencies
    """Document frequencies over the whole archive."""
    copies: Mapping[str, Copy]
    """Copy id -> the copy, found over the whole archive (its original may lie elsewhere)."""
    multilingual: bool
    """Whether the archive holds more than one language."""
    terms: Sequence[Mapping[str, float]]
    """Each article's ``EventClusterer.terms``, counted when it was read."""


def feeding_order(moment: datetime | None, fingerprint: str, position: Any) -> tuple[Any, ...]:
    """Where an article comes in the order articles are fed to the clusterer: by
    publication time (``plausible``; undated ones last), then text fingerprint, then
    ``position`` in the input (a number, or a pair such as ``(partition, row)``)."""
    return (moment is None, moment or _NEVER, fingerprint, position)


_NEVER = datetime.min.replace(tzinfo=UTC)


def cluster_articles(
    articles: Sequence[Article],
    settings: ClusteringSettings | None = None,
    *,
    refine: bool = True,
    clock: Clock = system_clock,
    part: ArchivePart | None = None,
) -> list[Assignment]:
    """Cluster a pile of articles: fed in publication order (undated ones last), ties and
    undated articles in the order of their texts' fingerprints, so that a pile gives the
    same events whatever order its articles come in (only which of two identical texts
    counts as the copy follows the input order). With ``refine``, articles are then
    moved to the events that suit them best now that the whole pile is known (see
    ``events.refine``), and events are numbered in order of their first article.
    ``part``: the articles are one part of an archive grouped part by part (``scale``):
    their order, copies and term frequencies are the archive's, and storylines are linked
    over the whole archive afterwards."""
    settings = settings or ClusteringSettings()
    moments = [plausible(a.published, clock) for a in articles]
    keys = [
        feeding_order(moment, text_fingerprint(a.text), n)
        for n, (a, moment) in enumerate(zip(articles, moments, strict=True))
    ]
    ordered = list(range(len(articles))) if part else sorted(range(len(articles)), key=keys.__getitem__)
    languages = [language_of(article) for article in articles]
    multilingual = part.multilingual if part else len(set(languages)) > 1
    clusterer = EventClusterer(
        settings,
        clock=clock,
        storylines=False,
        across_languages=False,
        anchored=multilingual,
        copies_given=part is not None,
    )
    if part:
        counted = list(part.terms)
        clusterer.use_frequencies(part.frequencies)
    else:
        counted = [clusterer.terms(a) for a in articles]  # once each: counting is most of the work
        clusterer.learn_frequencies(counted)
    rows = VectorRows()  # kept for refinement: the frequencies are fixed, so each vector is final
    fed = []
    for i in ordered:
        vector = clusterer.vector(articles[i], counted[i])
        copy_of = part.copies.get(articles[i].id) if part else None
        fed.append(clusterer.add(articles[i], vector=vector, copy_of=copy_of))
        rows.add(vector)
    published = [moments[i] for i in ordered]
    matrix, terms = rows.matrix(), rows.terms  # built once: each step reads its columns
    if refine and settings.refine_passes > 0 and fed:
        fed = _refined(fed, matrix, terms, published, settings, clusterer.id_prefix)
    if multilingual:
        in_order = [languages[i] for i in ordered]
        fed = _joined_across_languages(fed, matrix, terms, published, in_order, settings, clusterer.id_prefix)
    if part is None:
        fed = _with_storylines(fed, matrix, terms, published, settings)
    by_position = dict(zip(ordered, fed, strict=True))
    return [by_position[i] for i in range(len(articles))]


def _refined(
    fed: list[Assignment],
    matrix: Any,
    terms: list[str],
    published: list[datetime | None],
    settings: ClusteringSettings,
    id_prefix: str,
) -> list[Assignment]:
    from newsfuse.events.refine import Meaning, refine

    position = {a.article_id: n for n, a in enumerate(fed)}
    originals = {n: position.get(a.duplicate_of) for n, a in enumerate(fed) if a.duplicate_of is not None}
    numbers: dict[str, int] = {}
    kept = [n for n, term in enumerate(terms) if not is_anchor(term)]  # within a language
    result = refine(
        matrix[:, kept],
        [numbers.setdefault(a.event_id, len(numbers)) for a in fed],
        threshold=settings.threshold,
        meaning=Meaning(
            [n for n, column in enumerate(kept) if is_meaning(terms[column])], settings.meaning_threshold
        ),
        published=published,
        window=settings.window,
        copy_of={n: original for n, original in originals.items() if original is not None},
        max_passes=settings.refine_passes,
        common_events=settings.max_posting,
    )
    return [
        Assignment(a.article_id, f"{id_prefix}{label + 1:06d}", round(similarity, 4), a.copy_of)
        for a, label, similarity in zip(fed, result.labels, result.similarities, strict=True)
    ]


def _joined_across_languages(
    fed: list[Assignment],
    matrix: Any,
    terms: list[str],
    published: list[datetime | None],
    languages: list[str],
    settings: ClusteringSettings,
    id_prefix: str,
) -> list[Assignment]:
    """A pile's events, each formed within one language, joined across languages where
    their anchors match (``events.languages``); renumbered in order of their first
    article if any were joined."""
    numbers: dict[str, int] = {}
    labels = [numbers.setdefault(a.event_id, len(numbers)) for a in fed]
    joined = join_across(
        labels,
        matrix[:, [n for n, term in enumerate(terms) if is_anchor(term)]],
        languages,
        np.array([m.timestamp() if m else np.nan for m in published], dtype=np.float64),
        settings.window,
        settings.cross_language_threshold,
        settings.max_posting,
    )
    if len(set(joined.tolist())) == len(numbers):
        return fed
    renumbered: dict[int, int] = {}
    return [
        replace(
            a,
            event_id=f"{id_prefix}{renumbered.setdefault(label, len(renumbered)) + 1:06d}",
            storyline_id="",  # linked afresh (see _with_storylines)
        )
        for a, label in zip(fed, joined.tolist(), strict=True)
    ]


def _with_storylines(
    fed: list[Assignment],
    matrix: Any,
    terms: list[str],
    published: list[datetime | None],
    settings: ClusteringSettings,
) -> list[Assignment]:
    """Link a pile's final events into storylines as a stream links its events: each by
    its first report, in the pile's order, each later report growing its storyline. (The
    linker never closes a storyline here: a pile's undated events come last.)"""
    linker = storyline_linker(settings, closing=False)
    for n, assignment in enumerate(fed):
        start, end = matrix.indptr[n], matrix.indptr[n + 1]
        columns, weights = matrix.indices[start:end].tolist(), matrix.data[start:end].tolist()
        words, _ = without_anchors(
            {terms[column]: weight for column, weight in zip(columns, weights, strict=True)}
        )
        vector, _ = split(words)
        if linker.knows(assignment.event_id):
            linker.grow(assignment.event_id, vector, published[n])
        else:
            linker.link(assignment.event_id, vector, published[n])
    return [replace(a, storyline_id=linker.storyline_of(a.event_id)) for a in fed]
