"""The order of what happened: each dated sentence placed in time, the same happening
told by several sources kept once with all of them.

Every resolved date expression makes its sentence a step at that date (a sentence naming
two dates, "talks delayed after the February summit resumed in June", is a step at
each); two steps of different articles are one when their dates overlap and their
sentences are close in meaning (the support relation's sentence encoder, cosine at least
``SAME_HAPPENING``). Steps are ordered by their first possible day, the more precise
first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from newsfuse.evidence.encoder import load_sentence_encoder
from newsfuse.model import Sentence
from newsfuse.model.analysis import DateMention, Happening, Mention
from newsfuse.text.tokens import sentence_terms

SAME_HAPPENING = 0.6
"""The least cosine between two dated sentences that tell one happening."""
SHARED_WORDS = 2
_SPAN = {"day": 0, "month": 1, "range": 2, "year": 3}
"""Within one first day, the more precise step comes first."""


@dataclass(frozen=True, slots=True)
class _Step:
    first: date
    last: date
    found: DateMention
    sentence: Mention

    def overlaps(self, other: _Step) -> bool:
        return self.first <= other.last and other.first <= self.last


def build_timeline(
    dates: Sequence[DateMention], sentences: Mapping[str, Sequence[Sentence]]
) -> tuple[Happening, ...]:
    """The sentences (by article id) that hold resolved ``dates``, in date order, one step
    per happening."""
    steps = _dated_sentences(dates, sentences)
    closeness = np.zeros((len(steps), len(steps)), dtype=np.float32)
    # Only a step that may join another is encoded: one of another article, at an
    # overlapping date, sharing words with it; a sentence with several dates, once.
    joinable = _joinable(steps)
    texts = list(dict.fromkeys(steps[i].sentence.text for i in joinable))
    if texts:
        row = {text: n for n, text in enumerate(texts)}
        vectors = load_sentence_encoder().encode(texts)
        picked = vectors[[row[steps[i].sentence.text] for i in joinable]]
        closeness[np.ix_(joinable, joinable)] = picked @ picked.T
    groups: list[list[int]] = []
    for index in range(len(steps)):
        home = next((group for group in groups if _joins(index, group, steps, closeness)), None)
        if home is None:
            groups.append([index])
        else:
            home.append(index)
    happenings = []
    for group in groups:
        shown = min((steps[i] for i in group), key=lambda s: _SPAN.get(s.found.precision or "", 9))
        happenings.append(
            Happening(
                first=shown.first,
                last=shown.last,
                precision=shown.found.precision or "range",
                inferred=all(steps[i].found.inferred for i in group),  # one dated source is enough
                sentences=tuple(steps[i].sentence for i in group),
                dates=tuple(steps[i].found.mention for i in group),
            )
        )
    happenings.sort(key=lambda h: (h.first, _SPAN.get(h.precision, 9), h.sentences[0].article_id))
    return tuple(happenings)


def _dated_sentences(
    dates: Sequence[DateMention], sentences: Mapping[str, Sequence[Sentence]]
) -> list[_Step]:
    """One step per resolved date, with the sentence that holds it."""
    steps: list[_Step] = []
    seen: set[tuple[str, int, date, date]] = set()
    for found in dates:
        if found.first is None or found.last is None:
            continue
        mention = found.mention
        sentence = next((s for s in sentences[mention.article_id] if s.start <= mention.start < s.end), None)
        key = (mention.article_id, sentence.start if sentence else -1, found.first, found.last)
        if sentence is None or key in seen:
            continue  # "the end of the year" twice in one sentence is one step
        seen.add(key)
        told = Mention(sentence.article_id, sentence.start, sentence.end, sentence.text)
        steps.append(_Step(found.first, found.last, found, told))
    return steps


def _joinable(steps: list[_Step]) -> list[int]:
    """The steps that have a possible partner: another article's, at an overlapping date,
    sharing at least ``SHARED_WORDS`` content words (one happening told twice shares its
    names and its key words; most steps share nothing)."""
    words = [sentence_terms(step.sentence.text).content for step in steps]
    return [
        i
        for i, step in enumerate(steps)
        if any(
            other.sentence.article_id != step.sentence.article_id
            and step.overlaps(other)
            and len(words[i] & words[j]) >= SHARED_WORDS
            for j, other in enumerate(steps)
        )
    ]


def _joins(index: int, group: list[int], steps: list[_Step], closeness: NDArray[np.float32]) -> bool:
    """Whether step ``index`` tells the happening of ``group``: another article's, at an
    overlapping date, close in meaning to one of its sentences."""
    step = steps[index]
    if any(steps[other].sentence.article_id == step.sentence.article_id for other in group):
        return False
    return any(
        step.overlaps(steps[other]) and float(closeness[index, other]) >= SAME_HAPPENING for other in group
    )
