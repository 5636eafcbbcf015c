"""Digests: a pile or a stream of articles as a list of events, each summarized."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from newsfuse.model.analysis import Analysis, EventCard
from newsfuse.model.article import Article
from newsfuse.model.event import Copy, Event, by_storyline
from newsfuse.model.problems import Problem
from newsfuse.model.summary import Summary


@dataclass(frozen=True, slots=True)
class EventDigest:
    event: Event
    title: str
    articles: tuple[Article, ...]
    summary: Summary
    analysis: Analysis | None = None
    """Who is involved, what they said and when (None when the digest was made without)."""
    card: EventCard | None = None

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def copies(self) -> tuple[Copy, ...]:
        return self.event.copies

    @property
    def sources(self) -> int:
        """Independent reports: copies, one outlet's articles and versions of one story
        count once."""
        return self.summary.independent_reports

    @property
    def latest(self) -> float:
        moments = [a.published.timestamp() for a in self.articles if a.published]
        return max(moments) if moments else -math.inf

    @property
    def earliest(self) -> float:
        moments = [a.published.timestamp() for a in self.articles if a.published]
        return min(moments) if moments else math.inf

    @property
    def storyline_id(self) -> str:
        return self.event.storyline_id


@dataclass(frozen=True, slots=True)
class StorylineDigest:
    """A long-running story: its events, in the order they happened."""

    id: str
    events: tuple[EventDigest, ...]

    @property
    def title(self) -> str:
        """The headline of the story's most reported event."""
        return max(self.events, key=lambda e: e.sources).title


@dataclass(frozen=True, slots=True)
class Digest:
    events: tuple[EventDigest, ...]
    problems: tuple[Problem, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict, compare=False)
    """The resolved settings that produced the digest."""

    @property
    def storylines(self) -> tuple[StorylineDigest, ...]:
        """The events grouped by storyline: the storylines in the order of their first
        event in ``events``, each one's events in time order (undated ones last)."""
        return tuple(
            StorylineDigest(key, events) for key, events in by_storyline(self.events, lambda e: e.earliest)
        )

    @property
    def skipped(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "skipped")
