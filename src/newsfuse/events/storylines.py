"""Storylines: the long-running stories that events belong to.

An event is one happening (a firing, a hiring, an earthquake); a storyline is the story it
is part of over days or months (a coach's troubles, a quake and its aftermath). Each event
is linked to a storyline once, when it opens, by what its first report says: it joins the
storyline whose centroid (the sum of all its events' articles) it is most similar to, if
that reaches the threshold and the two share one of the report's heaviest terms, or
starts a new one. Later articles of the event grow its storyline; reports are given by
their words alone (no meaning dimensions). So, as with events, a storyline id once given
never changes or is reused, and an event never spans two storylines. A storyline that
gains nothing for its window (publication time, longer than an event's) is closed and
forgets its centroid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from newsfuse.events.numbering import Numbering

_KEY_TERMS = 5
"""A report joins a storyline only if one of its heaviest terms, this many, is the
storyline's too: names and numbers weigh double, so these are mostly who and where."""
_KEPT_TERMS = 200
"""A storyline's centroid keeps its heaviest terms, this many: a long story gathers
thousands of words, and its heaviest ones say what it is about."""


@dataclass
class _Storyline:
    id: str
    centroid: dict[str, float] = field(default_factory=dict)
    norm: float = 0.0
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class LinkerSettings:
    threshold: float
    window: timedelta
    query_terms: int
    max_posting: int


class StorylineLinker:
    """Links events into storylines as they open (``link``), and grows a storyline with
    each article its events gain (``grow``)."""

    def __init__(
        self, settings: LinkerSettings, *, id_prefix: str = "storyline-", closing: bool = True
    ) -> None:
        """``closing``: close storylines the clock leaves behind (a stream must, to keep
        its memory flat; a pile, whose undated events come last, need not)."""
        self.settings = settings
        self.id_prefix = id_prefix
        self.closing = closing
        self._open: dict[str, _Storyline] = {}
        self._postings: dict[str, set[str]] = {}
        self._of_event: dict[str, str] = {}
        self._numbering = Numbering(id_prefix)
        self._swept: datetime | None = None

    def storyline_of(self, event_id: str) -> str:
        return self._of_event[event_id]

    def knows(self, event_id: str) -> bool:
        """Whether the event has been linked to a storyline."""
        return event_id in self._of_event

    @property
    def open_storylines(self) -> int:
        return len(self._open)

    def link(
        self,
        event_id: str,
        vector: Mapping[str, float],
        published: datetime | None,
        *,
        wanted: str | None = None,
    ) -> str:
        """The storyline of a new event whose first report has the term ``vector``
        (``wanted``: the storyline to give it, if that is known already and free or open)."""
        self._advance(published)
        if wanted is not None:  # reopened if it had closed: an event keeps its storyline
            storyline = self._open.get(wanted) or self._start(wanted)
        else:
            best, similarity = self._best(vector, published)
            storyline = best if best is not None and similarity >= self.settings.threshold else self._start()
        self._of_event[event_id] = storyline.id
        self._grow(storyline, vector, published)
        return storyline.id

    def grow(self, event_id: str, vector: Mapping[str, float], published: datetime | None) -> None:
        """An article joined the event: its storyline gains the article's ``vector``."""
        self._advance(published)
        storyline = self._open.get(self._of_event[event_id])
        if storyline is not None:
            self._grow(storyline, vector, published)

    def restore_event(self, event_id: str, storyline_id: str) -> None:
        """Put back which storyline a stored event belongs to (its centroid comes back with
        ``from_state``)."""
        self._of_event[event_id] = storyline_id
        self._numbering.see(storyline_id)

    def reserve(self, storyline_ids: Iterable[str]) -> None:
        """Ids no new storyline may take (those of stored events)."""
        for storyline_id in storyline_ids:
            self._numbering.see(storyline_id)

    def _best(
        self, vector: Mapping[str, float], published: datetime | None
    ) -> tuple[_Storyline | None, float]:
        """The most similar open storyline that shares one of the report's heaviest terms
        (mostly names: who, where), and that similarity."""
        words = sorted(vector, key=lambda t: -vector[t])
        key_terms = words[:_KEY_TERMS]
        length = sum(w * w for w in vector.values()) ** 0.5
        candidates: set[str] = set()
        for term in words[: self.settings.query_terms]:
            posting = self._postings.get(term)
            if posting and len(posting) <= self.settings.max_posting:
                candidates |= posting
        best, best_similarity = None, -1.0
        for storyline_id in sorted(candidates):
            storyline = self._open[storyline_id]
            if not self._in_window(storyline, published):
                continue
            if not any(term in storyline.centroid for term in key_terms):
                continue  # the same kind of happening, but nobody and nowhere in common
            similarity = _cosine(vector, length, storyline)
            if similarity > best_similarity:
                best, best_similarity = storyline, similarity
        return best, best_similarity

    def _start(self, wanted: str | None = None) -> _Storyline:
        if wanted is None:
            wanted = self._numbering.new()
        else:
            self._numbering.see(wanted)
        storyline = _Storyline(wanted)
        self._open[wanted] = storyline
        return storyline

    def _grow(self, storyline: _Storyline, vector: Mapping[str, float], published: datetime | None) -> None:
        if published is not None and (storyline.last_seen is None or published > storyline.last_seen):
            storyline.last_seen = published
        centroid = storyline.centroid
        for term, weight in vector.items():
            if term not in centroid:
                self._postings.setdefault(term, set()).add(storyline.id)
            centroid[term] = centroid.get(term, 0.0) + weight
        if len(centroid) > 2 * _KEPT_TERMS:  # prune in bulk, not on every article
            kept = sorted(centroid.items(), key=lambda item: (-item[1], item[0]))[:_KEPT_TERMS]
            for term in centroid.keys() - dict(kept).keys():
                self._unpost(term, storyline.id)
            storyline.centroid = centroid = dict(kept)
        storyline.norm = sum(w * w for w in centroid.values()) ** 0.5

    def _unpost(self, term: str, storyline_id: str) -> None:
        posting = self._postings.get(term)
        if posting is not None:
            posting.discard(storyline_id)
            if not posting:
                del self._postings[term]

    def _in_window(self, storyline: _Storyline, published: datetime | None) -> bool:
        if published is None or storyline.last_seen is None:
            return True
        return abs(published - storyline.last_seen) <= self.settings.window

    def _advance(self, published: datetime | None) -> None:
        """Close the storylines the clock has left behind (checked as the clock moves on
        by a tenth of the window)."""
        if not self.closing or published is None:
            return
        if self._swept is not None and published - self._swept < self.settings.window / 10:
            return
        self._swept = published
        for storyline in list(self._open.values()):
            if storyline.last_seen is not None and published - storyline.last_seen > self.settings.window:
                for term in storyline.centroid:
                    self._unpost(term, storyline.id)
                del self._open[storyline.id]

    def to_state(self) -> dict[str, Any]:
        """The open storylines and the clock, as JSON-ready data (read by ``from_state``)."""
        return {
            "swept": self._swept.isoformat() if self._swept else None,
            "issued": self._numbering.highest,
            "open": {
                s.id: {
                    "last_seen": s.last_seen.isoformat() if s.last_seen else None,
                    # In the centroid's own order: summed in the same order after a restore,
                    # its length comes out the same to the last bit.
                    "centroid": dict(s.centroid),
                }
                for s in sorted(self._open.values(), key=lambda s: s.id)
            },
        }

    def from_state(self, data: Mapping[str, Any]) -> None:
        """Take up the storylines ``to_state`` saved. Raises ``ValueError``, ``KeyError``
        or ``TypeError`` on anything else."""
        self._swept = saved_moment(data["swept"])
        self._numbering.highest = max(self._numbering.highest, int(data.get("issued", 0)))
        for storyline_id, saved in data["open"].items():
            storyline = self._start(str(storyline_id))
            storyline.last_seen = saved_moment(saved["last_seen"])
            storyline.centroid = {str(t): float(w) for t, w in saved["centroid"].items()}
            storyline.norm = sum(w * w for w in storyline.centroid.values()) ** 0.5
            for term in storyline.centroid:
                self._postings.setdefault(term, set()).add(storyline.id)


def _cosine(vector: Mapping[str, float], length: float, storyline: _Storyline) -> float:
    """Cosine of a term vector (of the given length) with a storyline's centroid."""
    centroid = storyline.centroid
    dot = sum(weight * centroid.get(term, 0.0) for term, weight in vector.items())
    return dot / (storyline.norm * length) if dot else 0.0


def saved_moment(text: Any) -> datetime | None:
    """A moment as the stream state keeps it: ISO text, empty for none."""
    return datetime.fromisoformat(text) if text else None
