"""Events: the articles that report one happening, and the copies among them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol, TypeVar

from newsfuse.model.article import Article
from newsfuse.model.problems import Problem

CopyKind = Literal["exact", "near"]


@dataclass(frozen=True, slots=True)
class Copy:
    """An article that repeats another: the same words (``exact``) or a lightly edited
    version (``near``). A copy is one source with its original, never two."""

    copy_id: str
    original_id: str
    kind: CopyKind = "exact"


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went when it was grouped."""

    article_id: str
    event_id: str
    similarity: float
    """Similarity to the event when the article joined it (1.0 for the article that opened it)."""
    copy_of: Copy | None = None
    """The article this one copies (exactly or nearly), if any."""
    storyline_id: str = ""
    """The storyline of the article's event (the event's own id when none was formed)."""

    def __post_init__(self) -> None:
        if not self.storyline_id:
            object.__setattr__(self, "storyline_id", self.event_id)

    @property
    def duplicate_of(self) -> str | None:
        return self.copy_of.original_id if self.copy_of is not None else None


@dataclass(frozen=True, slots=True)
class Event:
    """One happening, as the articles that report it."""

    id: str
    article_ids: tuple[str, ...]
    first_published: datetime | None = None
    last_published: datetime | None = None
    copies: tuple[Copy, ...] = ()
    storyline_id: str = ""
    """The long-running story the event belongs to (its own id when none was formed)."""

    def __post_init__(self) -> None:
        if not self.storyline_id:
            object.__setattr__(self, "storyline_id", self.id)

    @property
    def sources(self) -> int:
        """Independent reports: the articles that are not copies of another."""
        return len(self.article_ids) - len(self.copies)


@dataclass(frozen=True, slots=True)
class Grouping:
    """Articles grouped into events: where each article went, and the events."""

    articles: tuple[Article, ...]
    assignments: tuple[Assignment, ...]
    events: tuple[Event, ...]
    problems: tuple[Problem, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict, compare=False)
    """The clustering settings the events were formed with."""


class _InStoryline(Protocol):
    @property
    def storyline_id(self) -> str: ...


InStoryline = TypeVar("InStoryline", bound=_InStoryline)


def by_storyline(
    events: Iterable[InStoryline], order: Callable[[InStoryline], Any]
) -> list[tuple[str, tuple[InStoryline, ...]]]:
    """Events grouped by storyline: storylines in the order of their first event in
    ``events``, each one's events sorted by ``order``."""
    grouped: dict[str, list[InStoryline]] = {}
    for event in events:
        grouped.setdefault(event.storyline_id, []).append(event)
    return [(key, tuple(sorted(members, key=order))) for key, members in grouped.items()]


def events_from_assignments(
    assignments: list[Assignment] | tuple[Assignment, ...],
    published: dict[str, datetime | None] | None = None,
) -> tuple[Event, ...]:
    """The events that ``assignments`` describe, in order of their first article."""
    members: dict[str, list[Assignment]] = {}
    for assignment in assignments:
        members.setdefault(assignment.event_id, []).append(assignment)
    events = []
    for event_id, group in members.items():
        moments = [m for a in group if (m := (published or {}).get(a.article_id)) is not None]
        events.append(
            Event(
                id=event_id,
                article_ids=tuple(a.article_id for a in group),
                first_published=min(moments) if moments else None,
                last_published=max(moments) if moments else None,
                copies=tuple(a.copy_of for a in group if a.copy_of is not None),
                storyline_id=group[0].storyline_id,
            )
        )
    return tuple(events)
