"""JSON reports: a summary (every citation as article id + character span), a digest,
events. One schema version for all of them; each records the settings that produced it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from newsfuse.model import (
    Analysis,
    Article,
    Citation,
    Copy,
    Digest,
    Event,
    EventDigest,
    FeedState,
    Grouping,
    Mention,
    Problem,
    Summary,
)
from newsfuse.model.analysis import EventCard
from newsfuse.model.event import by_storyline

SCHEMA_VERSION = "2.1"
"""Major: a field removed or changed; minor: fields added (2.1: articles' `fetched` and `feed_text_only`)."""


def summary_to_dict(summary: Summary, *, explain: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "algorithm": summary.algorithm,
        "budget": {"words": summary.budget.words, "sentences": summary.budget.sentences},
        "word_count": summary.word_count,
        "sentences": [
            {
                "text": sentence.text,
                "score": sentence.score,
                "sources": list(sentence.source_ids),
                "independent_sources": sentence.independent_sources,
                "citations": [_cited(c) for c in sentence.citations],
            }
            for sentence in summary.sentences
        ],
        "articles": [article_to_dict(a) for a in summary.articles],
        "copies": copies_to_list(summary.copies),
        "same_reports": [
            {"article_id": s.article_id, "same_as": s.same_as, "reason": s.reason}
            for s in summary.same_reports
        ],
        "independent_reports": summary.independent_reports,
        "known_outlets": list(summary.known_outlets),
        "conflicts": [
            {"claim": _cited(c.claim), "other": _cited(c.other), "detail": c.detail}
            for c in summary.conflicts
        ],
        "problems": problems_to_list(summary.problems),
        "settings": summary.settings,
    }
    if summary.headline is not None:
        data["headline"] = summary.headline
    if summary.card is not None and summary.analysis is not None:
        data["card"] = card_to_dict(summary.card)
        data["analysis"] = analysis_to_dict(summary.analysis)
    if explain:
        data["cleaning"] = [
            {
                "article_id": c.article.id,
                "removed": [asdict(r) for r in c.removals],
            }
            for c in summary.cleaning
        ]
    return data


def feed_to_dict(state: FeedState) -> dict[str, Any]:
    return {
        "url": state.url,
        "title": state.title,
        "checked": state.checked.isoformat() if state.checked else None,
        "failures": state.failures,
        "error": state.error,
        "retry_at": state.retry_at.isoformat() if state.retry_at else None,
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "origin": article.origin,
        "fetched": article.fetched.isoformat() if article.fetched else None,
        "feed_text_only": article.feed_text_only,
    }


def _cited(citation: Citation) -> dict[str, Any]:
    return {**_spanned(citation), "kind": citation.kind, "confidence": citation.confidence}


def copies_to_list(copies: Sequence[Copy]) -> list[dict[str, Any]]:
    return [{"article_id": c.copy_id, "same_as": c.original_id, "kind": c.kind} for c in copies]


def problems_to_list(problems: Sequence[Problem]) -> list[dict[str, Any]]:
    return [
        {"where": p.where, "line": p.line, "kind": p.kind, "level": p.level, "message": p.message}
        for p in problems
    ]


def summary_to_json(summary: Summary, *, explain: bool = False) -> str:
    return _dumps(summary_to_dict(summary, explain=explain))


def digest_to_json(digest: Digest, *, explain: bool = False) -> str:
    return _dumps(
        {
            "schema_version": SCHEMA_VERSION,
            "events": [event_to_dict(event, explain=explain) for event in digest.events],
            "storylines": [
                {"id": storyline.id, "title": storyline.title, "events": [e.id for e in storyline.events]}
                for storyline in digest.storylines
            ],
            "problems": problems_to_list(digest.problems),
            "settings": digest.settings,
        }
    )


def event_to_dict(event: EventDigest, *, explain: bool = False) -> dict[str, Any]:
    """One event of a digest, as the digest's JSON gives it."""
    return {
        "id": event.id,
        "storyline_id": event.storyline_id,
        "title": event.title,
        "sources": event.sources,
        "articles": [article_to_dict(a) for a in event.articles],
        "copies": copies_to_list(event.copies),
        "summary": summary_to_dict(event.summary, explain=explain),
        "card": card_to_dict(event.card) if event.card else None,
        "analysis": analysis_to_dict(event.analysis) if event.analysis else None,
    }


def events_to_json(grouping: Grouping, *, explain: bool = False) -> str:
    """Events with their articles and copies, and where each article went."""
    return _dumps(
        {
            "schema_version": SCHEMA_VERSION,
            "settings": grouping.settings,
            "events": [
                {
                    "id": event.id,
                    "storyline_id": event.storyline_id,
                    "articles": list(event.article_ids),
                    "first_published": event.first_published.isoformat() if event.first_published else None,
                    "last_published": event.last_published.isoformat() if event.last_published else None,
                    "copies": copies_to_list(event.copies),
                }
                for event in sorted(grouping.events, key=lambda e: e.id)
            ],
            "assignments": [
                {
                    "article_id": a.article_id,
                    "event_id": a.event_id,
                    "storyline_id": a.storyline_id,
                    "similarity": a.similarity,
                    "same_as": a.copy_of.original_id if a.copy_of else None,
                    "copy_kind": a.copy_of.kind if a.copy_of else None,
                }
                for a in grouping.assignments
            ],
            "storylines": _storylines(grouping.events),
            "problems": problems_to_list(grouping.problems),
        }
    )


def _storylines(events: Sequence[Event]) -> list[dict[str, Any]]:
    """Each storyline's events in time order (undated last), storylines by their first event."""
    grouped = by_storyline(sorted(events, key=_time_order), _time_order)
    return [{"id": key, "events": [e.id for e in members]} for key, members in grouped]


def _time_order(event: Event) -> tuple[bool, float, str]:
    first = event.first_published
    return (first is None, first.timestamp() if first else 0.0, event.id)


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def analysis_to_json(analysis: Analysis, *, explain: bool = False) -> str:
    return _dumps({"schema_version": SCHEMA_VERSION, **analysis_to_dict(analysis)})


def card_to_dict(card: EventCard) -> dict[str, Any]:
    return {
        "who": list(card.who),
        "where": card.where,
        "when": (
            {"first": card.when.first.isoformat(), "last": card.when.last.isoformat(), "text": card.when.text}
            if card.when
            else None
        ),
        "quotes": list(card.quotes),
        "corroborated": list(card.corroborated),
        "single_source": list(card.single_source),
        "disputed": list(card.disputed),
    }


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """Entities (with every spelling, role and mention as article id + span), quotes (one
    per statement, every rendering with its span and its speaker's), the timeline (each
    step with the sentence of every source that tells it) and dates (each expression with
    the calendar range it resolves to)."""
    return {
        "entities": [
            {
                "id": entity.id,
                "kind": entity.kind,
                "name": entity.name,
                "spellings": list(entity.spellings),
                "roles": list(entity.roles),
                "sources": list(entity.sources),
                "mentions": [_spanned(m) for m in entity.mentions],
            }
            for entity in analysis.entities
        ],
        "quotes": [
            {
                "id": quote.id,
                "speaker": quote.speaker,
                "speaker_name": quote.speaker_name,
                "text": quote.text,
                "sources": list(quote.sources),
                "variants": [
                    {
                        **_spanned(variant.mention),
                        "speaker_mention": _spanned(variant.speaker) if variant.speaker else None,
                    }
                    for variant in quote.variants
                ],
            }
            for quote in analysis.quotes
        ],
        "timeline": [
            {
                "first": happening.first.isoformat(),
                "last": happening.last.isoformat(),
                "precision": happening.precision,
                "inferred": happening.inferred,
                "text": happening.text,
                "sources": list(happening.sources),
                "sentences": [_spanned(m) for m in happening.sentences],
                "dates": [_spanned(m) for m in happening.dates],
            }
            for happening in analysis.timeline
        ],
        "dates": [
            {
                **_spanned(found.mention),
                "first": found.first.isoformat() if found.first else None,
                "last": found.last.isoformat() if found.last else None,
                "precision": found.precision,
                "anchor": found.anchor,
            }
            for found in analysis.dates
        ],
        "problems": problems_to_list(analysis.problems),
    }


def _spanned(mention: Mention | Citation) -> dict[str, Any]:
    """Where something is written: the article and the character span, and the text."""
    return {
        "article_id": mention.article_id,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
    }
