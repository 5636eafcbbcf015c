"""What a short text means, as extra dimensions of its term vector.

Headlines and summaries share few words even when they report one event ("Fire guts Pier 9
warehouse" / "Velmora port blaze injures 14"). A short text's vector gains the sentence
encoder's vector as dimensions of their own, scaled so that the dot product of two such
vectors is ``w * meaning + (1 - w) * words``: centroids, similarities, refinement and
stored placements then work unchanged. Long texts keep their words only: their words
place them well, and encoding them would cost more than everything else.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from newsfuse.model import Article
from newsfuse.settings import ClusteringSettings
from newsfuse.text.tokens import lexicon_for

PREFIX = "~"
"""Meaning dimensions are named ``~0``, ``~1``...: no term (a stem of letters or digits)
starts so."""
_FIRST = f"{PREFIX}0"


def is_meaning(term: str) -> bool:
    return term.startswith(PREFIX)


def by_meaning(vector: Mapping[str, float]) -> bool:
    """Whether a vector carries meaning dimensions (its text is short)."""
    return _FIRST in vector


def compared_by_meaning(article: Article, settings: ClusteringSettings) -> bool:
    """Whether the article is a short text to compare by meaning too (the sentence encoder
    reads English only)."""
    return (
        settings.meaning_weight > 0
        and len(article.text.split()) <= settings.meaning_max_words
        and lexicon_for(article.language).language == "en"
    )


def with_meaning(
    words: Mapping[str, float], article: Article, settings: ClusteringSettings
) -> dict[str, float]:
    """``words`` (a unit-length term vector), with the meaning of ``article`` if it is short."""
    if not compared_by_meaning(article, settings):
        return dict(words)
    from newsfuse.evidence.encoder import load_sentence_encoder

    text = (
        f"{article.title}. {article.text}"
        if article.title and article.title not in article.text
        else article.text
    )
    (meaning,) = load_sentence_encoder().encode([text])
    share = settings.meaning_weight if words else 1.0  # no word weighs anything: meaning alone
    vector = {term: weight * math.sqrt(1.0 - share) for term, weight in words.items()}
    vector.update({f"{PREFIX}{n}": float(value) * math.sqrt(share) for n, value in enumerate(meaning)})
    return vector


def split(vector: Mapping[str, float]) -> tuple[Mapping[str, float], NDArray[np.float64] | None]:
    """A vector's words, and its meaning dimensions as an array (None for a long text)."""
    if not by_meaning(vector):
        return vector, None
    words = {term: weight for term, weight in vector.items() if not is_meaning(term)}
    meaning = np.array([vector[f"{PREFIX}{n}"] for n in range(len(vector) - len(words))])
    return words, meaning


class MeaningCentroids:
    """The meaning parts of open events' centroids, as rows of one matrix, so that a short
    text is compared with all of them in one product instead of dimension by dimension."""

    def __init__(self) -> None:
        self._row: dict[str, int] = {}
        self._matrix = np.zeros((0, 0))
        self._free: list[int] = []

    def add(self, event_id: str, meaning: NDArray[np.float64]) -> float:
        """Add a text's meaning to the event's; returns the event's squared length."""
        row = self._row.get(event_id)
        if row is None:
            row = self._new_row(len(meaning))
            self._row[event_id] = row
        self._matrix[row] += meaning
        return float(self._matrix[row] @ self._matrix[row])

    def drop(self, event_id: str) -> None:
        row = self._row.pop(event_id, None)
        if row is not None:
            self._matrix[row] = 0.0
            self._free.append(row)

    def dot(self, event_id: str, meaning: NDArray[np.float64]) -> float | None:
        """The dot product of ``meaning`` with the event's (None: it has no meaning)."""
        row = self._row.get(event_id)
        return None if row is None else float(self._matrix[row] @ meaning)

    def dots(self, meaning: NDArray[np.float64]) -> dict[str, float]:
        """The dot product of ``meaning`` with each event's."""
        if not self._row:
            return {}
        products = self._matrix @ meaning
        return {event_id: float(products[row]) for event_id, row in self._row.items()}

    def _new_row(self, width: int) -> int:
        if self._free:
            return self._free.pop()
        used = len(self._row)
        if used >= self._matrix.shape[0]:
            grown = np.zeros((max(16, 2 * used), width))
            if used:
                grown[:used] = self._matrix[:used]
            self._matrix = grown
        return used
