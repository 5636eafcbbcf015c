"""The event card: who, where, when, key quotes and the evidence view, from an event's
summary and analysis."""

from __future__ import annotations

from newsfuse.model import Summary
from newsfuse.model.analysis import Analysis, EventCard

WHO = 4
"""At most this many people and organisations on a card."""
QUOTES = 2
_PRECISE = {"day": 0, "month": 1, "range": 2, "year": 3}


def event_card(summary: Summary, analysis: Analysis) -> EventCard:
    """The card of the event ``summary`` and ``analysis`` describe."""
    ranked = sorted(analysis.entities, key=lambda e: (-len(e.sources), -len(e.mentions), e.id))
    who = tuple(e.id for e in ranked if e.kind in ("person", "organisation"))[:WHO]
    where = next((e.id for e in ranked if e.kind == "place"), None)
    # An event happens on a day: the most widely reported day, else the finest date told.
    when = min(
        analysis.timeline,
        key=lambda h: (h.precision != "day", -len(h.sources), _PRECISE.get(h.precision, 9), h.first),
        default=None,
    )
    quotes = sorted(analysis.quotes, key=lambda q: (-len(q.sources), q.speaker is None, q.id))
    disputed_starts = {(c.claim.article_id, c.claim.start) for c in summary.conflicts}
    positions = list(range(len(summary.sentences)))
    return EventCard(
        who=who,
        where=where,
        when=when,
        quotes=tuple(q.id for q in quotes[:QUOTES]),
        corroborated=tuple(p for p in positions if summary.sentences[p].independent_sources > 1),
        single_source=tuple(p for p in positions if summary.sentences[p].independent_sources <= 1),
        disputed=tuple(
            p
            for p in positions
            if (summary.sentences[p].origin.article_id, summary.sentences[p].origin.start) in disputed_starts
        ),
    )
