"""The analysis of an event: who is involved, what each said, and when things happened.

Every entity mention, quote and date points at its exact source span, as citations do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newsfuse.model.problems import Problem

ENTITY_KINDS = ("person", "organisation", "place", "facility")
DATE_PRECISIONS = ("day", "month", "year", "range")


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a name, a quote or a date is written: an article and a character span."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world person, organisation or place, however the sources write it."""

    id: str
    kind: str
    """One of ``ENTITY_KINDS``."""
    name: str
    """The fullest form the sources use most."""
    spellings: tuple[str, ...]
    """Every full form written (short forms such as a lone surname aside), most used first;
    more than one means the sources spell the name several ways."""
    roles: tuple[str, ...]
    """Titles or roles the sources give ("head of the North American Department")."""
    mentions: tuple[Mention, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The articles that mention it, in order of first mention."""
        return tuple(dict.fromkeys(m.article_id for m in self.mentions))

    @property
    def spelled_several_ways(self) -> bool:
        return len(self.spellings) > 1


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or time expression resolved to a calendar range, when it can be."""

    mention: Mention
    first: date | None
    """The first day the expression can mean; None when it cannot be resolved."""
    last: date | None
    """The last day it can mean (equal to ``first`` for a day)."""
    precision: str | None
    """One of ``DATE_PRECISIONS``, or None when unresolved."""
    anchor: str
    """What it was resolved against: ``published`` (the article's date), ``inferred`` (a
    year the reports themselves give, as the article has no date), ``written`` (nothing:
    the expression gives its own year, in an undated article), or ``none``."""

    @property
    def inferred(self) -> bool:
        return self.anchor == "inferred"


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One source's rendering of a statement, and where that source names the speaker."""

    mention: Mention
    speaker: Mention | None
    """The name (or the earlier name a "he said" stands for) the source gives the speaker."""


@dataclass(frozen=True, slots=True)
class Quote:
    """One statement, however the sources render it."""

    id: str
    speaker: str | None
    """The speaker's entity id; None when no source says who spoke."""
    speaker_name: str | None
    variants: tuple[QuoteVariant, ...]
    """Every rendering, with its source and span; the first is the one shown."""

    @property
    def text(self) -> str:
        return self.variants[0].mention.text

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.mention.article_id for v in self.variants))


@dataclass(frozen=True, slots=True)
class Happening:
    """One step of an event's timeline: what the sources say happened, and when."""

    first: date
    last: date
    precision: str
    """One of ``DATE_PRECISIONS``."""
    inferred: bool
    """Whether the year was inferred from the reports (the articles have no date)."""
    sentences: tuple[Mention, ...]
    """The sentence of each source that tells it (the first is the one shown)."""
    dates: tuple[Mention, ...]
    """The date expression in each of those sentences."""

    @property
    def text(self) -> str:
        return self.sentences[0].text

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.article_id for m in self.sentences))


@dataclass(frozen=True, slots=True)
class Analysis:
    """Entities, quotes, dates and the timeline of one event's articles."""

    entities: tuple[Entity, ...]
    dates: tuple[DateMention, ...]
    quotes: tuple[Quote, ...] = ()
    timeline: tuple[Happening, ...] = ()
    """What happened, in date order."""
    problems: tuple[Problem, ...] = ()
    """Inputs left out because they were unusable, and notes on the ones used."""

    @property
    def skipped(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "skipped")

    def entity(self, entity_id: str) -> Entity:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(entity_id)


@dataclass(frozen=True, slots=True)
class EventCard:
    """An event at a glance: who, where, when, the key quotes, and how well its summary is
    corroborated."""

    who: tuple[str, ...]
    """Entity ids of the main people and organisations, most mentioned first."""
    where: str | None
    """The entity id of the main place."""
    when: Happening | None
    """The main date: the timeline step the most sources tell (the most precise first)."""
    quotes: tuple[str, ...]
    """Quote ids of the key quotes, the most widely reported first."""
    corroborated: tuple[int, ...]
    """Positions of summary sentences reported by more than one independent source."""
    single_source: tuple[int, ...]
    disputed: tuple[int, ...]
    """Positions of summary sentences another source gives a different value for."""
