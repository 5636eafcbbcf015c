"""Digest: a pile or a stream of articles turned into a list of events, each with a
headline, a cited summary, its sources and its duplicate groups."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from newsfuse.config import Config
from newsfuse.errors import InputError
from newsfuse.events import Assignment, ClusteringSettings, EventClusterer, cluster_articles
from newsfuse.events.duplicates import text_fingerprint
from newsfuse.fuse.summarizer import Summarizer
from newsfuse.model import Article, Summary
from newsfuse.render.json import article_to_dict, summary_to_dict
from newsfuse.store import ArticleStore, IndexEntry, NewRow

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
    def sources(self) -> int:
        """Independent reports: the articles that are not copies of another."""
        return len(self.articles) - len(self.duplicates)

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
    """Summarize every event; events are ordered by their number of independent reports
    (copies do not count), then by their latest article."""
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
    events.sort(key=lambda e: (-e.sources, -e.latest, e.id))
    return Digest(tuple(events), tuple(skipped))


def digest_batch(
    articles: Sequence[Article],
    config: Config,
    settings: ClusteringSettings | None = None,
    *,
    skipped: Sequence[InputError] = (),
) -> Digest:
    return digest_articles(articles, cluster_articles(articles, settings), config, skipped=skipped)


@dataclass(frozen=True, slots=True)
class Added:
    """What one ``add_to_store`` run did."""

    assignments: tuple[Assignment, ...]
    repeated: tuple[tuple[str, str], ...] = ()
    """``(article id, stored id)``: the same text from the same outlet is already stored."""
    renamed: tuple[tuple[str, str], ...] = ()
    """``(given id, stored id)``: another stored article had the given id."""


def add_to_store(
    store: ArticleStore, articles: Sequence[Article], settings: ClusteringSettings | None = None
) -> Added:
    """Assign new articles to the stored events (or new ones) and store them, in one
    transaction that holds the write lock throughout. An article is already stored when
    the same text from the same outlet is (whatever its id); a different article whose id
    is taken is stored under a new one. A copy from another outlet is a new article."""
    settings = settings or ClusteringSettings()
    with store.writing():
        store.check_settings(
            {"threshold": repr(settings.threshold), "window_seconds": repr(settings.window.total_seconds())}
        )
        index = store.index()
        closed = store.closed_events()
        clusterer = _restored(store, index, closed, settings)
        taken = {entry.id for entry in index}
        stored_as: dict[tuple[str, str | None], str] = {}
        for entry in index:
            stored_as.setdefault((entry.fingerprint, entry.source), entry.id)
        rows: list[NewRow] = []
        repeated, renamed = [], []
        for article in articles:
            identity = _identity(article)
            if identity in stored_as:
                repeated.append((article.id, stored_as[identity]))
                continue
            if article.id in taken:
                new_id = _free_id(article.id, taken)
                renamed.append((article.id, new_id))
                article = replace(article, id=new_id)
            taken.add(article.id)
            stored_as[identity] = article.id
            vector = clusterer.vector(article)
            placed = clusterer.add(article, vector=vector)
            rows.append(NewRow(article, placed.event_id, placed.duplicate_of, placed.similarity, vector))
        store.add(rows)
        store.save_stream_state(clusterer.closed_events - closed, clusterer.clock)
    assignments = tuple(Assignment(r.article.id, r.event_id, r.similarity, r.duplicate_of) for r in rows)
    return Added(assignments, tuple(repeated), tuple(renamed))


def _restored(
    store: ArticleStore, index: Sequence[IndexEntry], closed: set[str], settings: ClusteringSettings
) -> EventClusterer:
    """A clusterer in the state the stored stream left it: the same document frequencies,
    open events, copy fingerprints and clock. Open events are rebuilt from their articles'
    stored vectors; closed ones are known only by their articles' fingerprints (for late
    copies), so their texts are not read again."""
    clusterer = EventClusterer(settings)
    clusterer.load_frequencies(*store.term_documents())
    members: dict[str, list[tuple[str, str]]] = {}
    for entry in index:
        if entry.event_id in closed:
            members.setdefault(entry.event_id, []).append((entry.id, entry.fingerprint))
    for event_id, event_members in members.items():
        clusterer.restore_closed(event_id, event_members)
    still_open = {entry.event_id for entry in index} - closed
    for stored in store.stored(still_open):
        clusterer.restore(stored.article, stored.event_id, stored.vector)
    clusterer.resume_clock(*store.clock())
    return clusterer


def _identity(article: Article) -> tuple[str, str | None]:
    return text_fingerprint(article.text), article.source


def _free_id(article_id: str, taken: set[str]) -> str:
    number = 2
    while f"{article_id}~{number}" in taken:
        number += 1
    return f"{article_id}~{number}"


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
        lines += [f"## {_escape(_one_line(event.title))}", ""]
        dates = sorted(a.published.date().isoformat() for a in event.articles if a.published)
        when = f", {dates[0]} to {dates[-1]}" if dates else ""
        copies = len(event.duplicates)
        also = f" and {copies} {'copy' if copies == 1 else 'copies'}" if copies else ""
        lines.append(
            f"*{_count(event.sources, 'report')}{also} from {_count(len(outlets), 'outlet')}{when} "
            f"(event {event.id})*"
        )
        lines.append("")
        for sentence in event.summary.sentences:
            marks = "".join(f"[{numbers[s]}]" for s in sentence.source_ids)
            lines.append(f"- {_escape(' '.join(sentence.text.split()))} {marks}")
        lines += ["", "Sources:", ""]
        for article in event.summary.articles:
            lines.append(f"{numbers[article.id]}. {_source_line(article)}")
        if event.duplicates:
            by_id = {a.id: a for a in event.articles}
            lines += ["", "Copies (counted once, with the report they repeat):", ""]
            lines += [
                f"- {_source_line(by_id[copy])}, repeats {_escape(original)}"
                for copy, original in event.duplicates
            ]
        lines.append("")
    if digest.skipped:
        lines += ["## Skipped inputs", ""] + [f"- {_escape(str(e))}" for e in digest.skipped]
    return "\n".join(lines)


def digest_to_json(digest: Digest) -> str:
    return json.dumps(digest_to_dict(digest), ensure_ascii=False, indent=2)


def _source_line(article: Article) -> str:
    date = f", {article.published.date().isoformat()}" if article.published else ""
    return f"{_escape(_one_line(article.outlet))}{date}: {_escape(_one_line(article.title or article.id))}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape(text: str) -> str:
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text
