"""What an HTML page shows of an event, as plain data for the templates: the summary
with each citation's source sentence, conflicts side by side, entities, quotes with their
renderings, a timeline, and the sources with their cited sentences marked.

Everything here is text from the inputs; the templates escape all of it (Jinja's
autoescape), and a link is kept only when it is an http or https URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from newsfuse.model import Analysis, Article, Summary
from newsfuse.model.analysis import EventCard
from newsfuse.renderers.card import card_fields
from newsfuse.renderers.summary import FEED_TEXT_ONLY, same_report_notes

KIND_WORDS = {
    "origin": "its own source",
    "supports": "reports it",
    "partial": "reports part of it",
    "translated": "reports it in another language (same names, numbers and dates)",
}


@dataclass(frozen=True, slots=True)
class Mark:
    number: int
    outlet: str
    kind: str
    words: str
    """How the source relates to the sentence ("reports it", "reports part of it")."""
    confidence: float
    text: str
    """The source's sentence that says it."""
    anchor: str
    """The id of that sentence in the source's text below."""


@dataclass(frozen=True, slots=True)
class SentenceView:
    text: str
    marks: tuple[Mark, ...]
    independent_sources: int
    disputed: bool


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a source's text; ``anchor`` set when a summary sentence cites it."""

    text: str
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class SourceView:
    number: int
    outlet: str
    title: str
    published: str | None
    link: str | None
    note: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class ConflictView:
    detail: str
    claim: str
    claim_source: int
    other: str
    other_source: int


@dataclass(frozen=True, slots=True)
class EntityView:
    name: str
    kind: str
    spellings: tuple[str, ...]
    roles: tuple[str, ...]
    sources: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class QuoteView:
    speaker: str
    text: str
    variants: tuple[tuple[str, int], ...]
    """Every other rendering and its source number."""


@dataclass(frozen=True, slots=True)
class StepView:
    when: str
    text: str
    sources: tuple[int, ...]
    x: float
    """Position on the timeline chart, 0 to 100 (the steps in date order, evenly spaced)."""


@dataclass(frozen=True, slots=True)
class EventView:
    id: str
    headline: str
    meta: str
    card: tuple[tuple[str, str], ...]
    sentences: tuple[SentenceView, ...]
    conflicts: tuple[ConflictView, ...]
    entities: tuple[EntityView, ...]
    quotes: tuple[QuoteView, ...]
    timeline: tuple[StepView, ...]
    sources: tuple[SourceView, ...]


@dataclass(frozen=True, slots=True)
class StorylineView:
    """A storyline's events, as a page shows them together."""

    id: str
    title: str
    meta: str
    events: tuple[EventView, ...]


def event_view(
    summary: Summary,
    *,
    event_id: str,
    headline: str,
    meta: str,
    analysis: Analysis | None,
    card: EventCard | None,
) -> EventView:
    numbers = {a.id: n for n, a in enumerate(summary.articles, start=1)}
    outlets = {a.id: a.outlet for a in summary.articles}
    anchors: dict[tuple[str, int, int], str] = {}
    sentences = []
    claims = {(c.claim.article_id, c.claim.start) for c in summary.conflicts}
    for sentence in summary.sentences:
        marks = []
        for citation in sentence.citations:
            key = (citation.article_id, citation.start, citation.end)
            anchor = anchors.setdefault(key, f"{event_id}-s{numbers[citation.article_id]}-{citation.start}")
            marks.append(
                Mark(
                    numbers[citation.article_id],
                    outlets[citation.article_id],
                    citation.kind,
                    KIND_WORDS.get(citation.kind, citation.kind),
                    citation.confidence,
                    citation.text,
                    anchor,
                )
            )
        origin = (sentence.origin.article_id, sentence.origin.start)
        sentences.append(
            SentenceView(sentence.text, tuple(marks), sentence.independent_sources, origin in claims)
        )
    conflicts = tuple(
        ConflictView(
            c.detail, c.claim.text, numbers[c.claim.article_id], c.other.text, numbers[c.other.article_id]
        )
        for c in summary.conflicts
        if c.claim.article_id in numbers and c.other.article_id in numbers
    )
    notes = same_report_notes(summary.copies, summary.same_reports, lambda n: f"[{n}]", numbers)
    sources = tuple(
        _source(article, numbers[article.id], notes.get(article.id, ""), anchors)
        for article in summary.articles
    )
    fields = tuple(card_fields(card, analysis, len(summary.sentences))) if card and analysis else ()
    return EventView(
        id=event_id,
        headline=headline,
        meta=meta,
        card=fields,
        sentences=tuple(sentences),
        conflicts=conflicts,
        entities=_entities(analysis, numbers),
        quotes=_quotes(analysis, numbers),
        timeline=_timeline(analysis, numbers),
        sources=sources,
    )


def safe_link(url: str | None) -> str | None:
    """``url`` when a browser may follow it (http or https), else None: never javascript:."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _source(article: Article, number: int, note: str, anchors: dict[tuple[str, int, int], str]) -> SourceView:
    spans = sorted((start, end, anchor) for (aid, start, end), anchor in anchors.items() if aid == article.id)
    pieces: list[Piece] = []
    at = 0
    for start, end, anchor in spans:
        if start < at:
            continue  # overlapping spans: the first stays marked
        if start > at:
            pieces.append(Piece(article.text[at:start]))
        pieces.append(Piece(article.text[start:end], anchor))
        at = end
    if at < len(article.text):
        pieces.append(Piece(article.text[at:]))
    if article.feed_text_only:
        note = f"{note} ({FEED_TEXT_ONLY})".strip()
    return SourceView(
        number=number,
        outlet=article.outlet,
        title=article.title or article.id,
        published=article.published.date().isoformat() if article.published else None,
        link=safe_link(article.url),
        note=note.strip(),
        pieces=tuple(pieces),
    )


def _entities(analysis: Analysis | None, numbers: dict[str, int]) -> tuple[EntityView, ...]:
    if analysis is None:
        return ()
    return tuple(
        EntityView(
            e.name,
            e.kind,
            tuple(s for s in e.spellings if s != e.name),
            e.roles,
            tuple(numbers[s] for s in e.sources if s in numbers),
        )
        for e in analysis.entities
    )


def _quotes(analysis: Analysis | None, numbers: dict[str, int]) -> tuple[QuoteView, ...]:
    if analysis is None:
        return ()
    views = []
    for quote in analysis.quotes:
        first, *others = quote.variants
        views.append(
            QuoteView(
                quote.speaker_name or "Speaker unknown",
                first.mention.text,
                tuple(
                    (v.mention.text, numbers[v.mention.article_id])
                    for v in others
                    if v.mention.article_id in numbers
                ),
            )
        )
    return tuple(views)


def _timeline(analysis: Analysis | None, numbers: dict[str, int]) -> tuple[StepView, ...]:
    if analysis is None or not analysis.timeline:
        return ()
    steps = analysis.timeline
    last = max(len(steps) - 1, 1)
    return tuple(
        StepView(
            _when(s.first, s.last) + (" (year inferred)" if s.inferred else ""),
            s.text,
            tuple(numbers[a] for a in s.sources if a in numbers),
            round(100 * position / last, 2),  # in date order, evenly spaced: years apart or hours
        )
        for position, s in enumerate(steps)
    )


def _when(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
