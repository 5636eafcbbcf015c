"""Digest: a pile or a stream of articles turned into a list of events, each with a
headline, a cited summary, its sources and its duplicate groups."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsfuse.config import Config
from newsfuse.errors import InputError
from newsfuse.events import Assignment, ClusteringSettings, EventClusterer, cluster_articles
from newsfuse.fuse.summarizer import Summarizer
from newsfuse.model import Article, Summary
from newsfuse.render.json import article_to_dict, summary_to_dict
from newsfuse.store import ArticleStore

DIGEST_SCHEMA_VERSION = "1.0"
_HEADLINE_WORDS = 16


@dataclass(frozen=True, slots=True)
class EventDigest:
    id: str
    title: str
    articles: tuple[Article, ...]
    summary: Summary
    duplicates: tuple[tuple[str, str], ...]
    """``(copy id, original id)``: syndicated or repeated copies, counted as one source."""

    @property
    def latest(self) -> float:
        moments = [a.published.timestamp() for a in self.articles if a.published]
        return max(moments) if moments else -math.inf


@dataclass(frozen=True, slots=True)
class Digest:
    events: tuple[EventDigest, ...]
    skipped: tuple[InputError, ...] = ()


def digest_articles(
    articles: Sequence[Article],
    assignments: Sequence[Assignment],
    config: Config,
    *,
    skipped: Sequence[InputError] = (),
) -> Digest:
    """Summarize every event; events are ordered by size, then by their latest article."""
    by_id = {a.id: a for a in articles}
    members: dict[str, list[Article]] = {}
    copies: dict[str, list[tuple[str, str]]] = {}
    for assignment in assignments:
        members.setdefault(assignment.event_id, []).append(by_id[assignment.article_id])
        if assignment.duplicate_of is not None:
            copies.setdefault(assignment.event_id, []).append(
                (assignment.article_id, assignment.duplicate_of)
            )
    summarizer = Summarizer(config)
    events = []
    for event_id, event_articles in members.items():
        copy_ids = {copy for copy, _ in copies.get(event_id, [])}
        evidence = [a for a in event_articles if a.id not in copy_ids] or event_articles[:1]
        summary = summarizer.summarize(evidence)
        events.append(
            EventDigest(
                id=event_id,
                title=_headline(summary, evidence),
                articles=tuple(event_articles),
                summary=summary,
                duplicates=tuple(copies.get(event_id, [])),
            )
        )
    events.sort(key=lambda e: (-len(e.articles), -e.latest, e.id))
    return Digest(tuple(events), tuple(skipped))


def digest_batch(
    articles: Sequence[Article],
    config: Config,
    settings: ClusteringSettings | None = None,
    *,
    skipped: Sequence[InputError] = (),
) -> Digest:
    return digest_articles(articles, cluster_articles(articles, settings), config, skipped=skipped)


def add_to_store(
    store: ArticleStore, articles: Sequence[Article], settings: ClusteringSettings | None = None
) -> tuple[list[Assignment], list[str]]:
    """Assign new articles to the stored events (or new ones) and store them, in one
    transaction. Returns the new assignments and the ids that were already stored."""
    settings = settings or ClusteringSettings()
    store.check_settings(
        {"threshold": repr(settings.threshold), "window_seconds": repr(settings.window.total_seconds())}
    )
    clusterer = EventClusterer(settings)
    known = set()
    for stored in store.stored():
        clusterer.restore(stored.article, stored.event_id)
        known.add(stored.article.id)
    fresh = [a for a in articles if a.id not in known]
    repeated = [a.id for a in articles if a.id in known]
    assignments = [clusterer.add(a) for a in fresh]
    store.add(
        [(a, s.event_id, s.duplicate_of, s.similarity) for a, s in zip(fresh, assignments, strict=True)]
    )
    return assignments, repeated


def digest_store(store: ArticleStore, config: Config) -> Digest:
    stored = store.stored()
    articles = [s.article for s in stored]
    assignments = [Assignment(s.article.id, s.event_id, 0.0, s.duplicate_of) for s in stored]
    return digest_articles(articles, assignments, config)


def _headline(summary: Summary, articles: Sequence[Article]) -> str:
    """The headline of the report the summary's first sentence comes from, else that
    sentence, shortened."""
    if summary.sentences:
        origin = summary.article(summary.sentences[0].origin.article_id)
        if origin.title:
            return origin.title
        words = summary.sentences[0].text.split()
        return " ".join(words[:_HEADLINE_WORDS]) + ("..." if len(words) > _HEADLINE_WORDS else "")
    titled = [a.title for a in articles if a.title]
    return titled[0] if titled else articles[0].id


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    return {
        "schema_version": DIGEST_SCHEMA_VERSION,
        "events": [
            {
                "id": event.id,
                "title": event.title,
                "articles": [article_to_dict(a) for a in event.articles],
                "duplicates": [{"article_id": c, "same_as": o} for c, o in event.duplicates],
                "summary": summary_to_dict(event.summary),
            }
            for event in digest.events
        ],
        "skipped": [{"origin": e.origin, "line": e.line, "message": e.message} for e in digest.skipped],
    }


def digest_to_markdown(digest: Digest) -> str:
    lines = [f"# News digest: {len(digest.events)} events", ""]
    for event in digest.events:
        numbers = {a.id: n for n, a in enumerate(event.summary.articles, start=1)}
        outlets = sorted({a.outlet for a in event.articles})
        lines += [f"## {_escape(event.title)}", ""]
        dates = sorted(a.published.date().isoformat() for a in event.articles if a.published)
        when = f", {dates[0]} to {dates[-1]}" if dates else ""
        lines.append(f"*{len(event.articles)} articles from {len(outlets)} outlets{when} (event {event.id})*")
        lines.append("")
        for sentence in event.summary.sentences:
            marks = "".join(f"[{numbers[s]}]" for s in sentence.source_ids)
            lines.append(f"- {_escape(' '.join(sentence.text.split()))} {marks}")
        lines += ["", "Sources:", ""]
        for article in event.summary.articles:
            date = f", {article.published.date().isoformat()}" if article.published else ""
            heading = _escape(article.title or article.id)
            lines.append(f"{numbers[article.id]}. {_escape(article.outlet)}{date}: {heading}")
        if event.duplicates:
            lines += ["", "Copies (one source each):", ""]
            lines += [f"- {_escape(copy)} repeats {_escape(original)}" for copy, original in event.duplicates]
        lines.append("")
    if digest.skipped:
        lines += ["## Skipped inputs", ""] + [f"- {_escape(str(e))}" for e in digest.skipped]
    return "\n".join(lines)


def digest_to_json(digest: Digest) -> str:
    return json.dumps(digest_to_dict(digest), ensure_ascii=False, indent=2)


def _escape(text: str) -> str:
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text
