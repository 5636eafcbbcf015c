"""Sentence selection algorithms, registered under versioned names.

An algorithm picks which candidate sentences make up the summary; citing and ordering
are shared by all of them (see ``summarizer``). The name of the algorithm used is
recorded in every summary, so a result can be reproduced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from newsfuse.errors import UnknownAlgorithmError
from newsfuse.fuse.features import ClusterFeatures
from newsfuse.model import Budget


@dataclass(frozen=True, slots=True)
class Selection:
    index: int
    """The sentence's position in ``ClusterFeatures.sentences``."""
    score: float


@dataclass(frozen=True, slots=True)
class SelectionInput:
    features: ClusterFeatures
    candidates: NDArray[np.bool_]
    """Which sentences may be chosen."""
    related: Callable[[int], NDArray[np.int64]]
    """The sentences that report what a sentence reports: never two of them in one summary."""
    budget: Budget


class Selector(Protocol):
    @property
    def name(self) -> str: ...

    def select(self, task: SelectionInput) -> list[Selection]: ...


_REGISTRY: dict[str, Callable[[], Selector]] = {}


def register(name: str, factory: Callable[[], Selector]) -> None:
    """Make ``factory`` available as algorithm ``name`` (a versioned, dotted name)."""
    _REGISTRY[name] = factory


def get_selector(name: str) -> Selector:
    try:
        return _REGISTRY[name]()
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UnknownAlgorithmError(f"no summarization algorithm {name!r}; known: {known}") from None


def algorithm_names() -> list[str]:
    return sorted(_REGISTRY)


@dataclass(frozen=True, slots=True)
class GreedyCoverage:
    """Greedy weighted coverage of bigram concepts, with a length penalty.

    Concepts (stemmed bigrams) are weighted by how many articles mention them, so what
    several sources report outweighs what one says; each step adds the sentence with the
    most new concept weight per word**length_exponent that fits the budget and repeats
    nothing already said. Greedy selection is within a constant factor of the optimum for
    this monotone submodular objective.
    """

    name: str = "newsfuse.coverage.v1"
    length_exponent: float = 0.5
    single_source_weight: float = 0.25
    """Weight of a concept only one article mentions (others weigh their article count)."""
    lead_weight: float = 1.0
    """Extra weight for sentences early in their article, where news states its core:
    a sentence's score is multiplied by 1 + lead_weight * (1 - relative position)."""

    def select(self, task: SelectionInput) -> list[Selection]:
        features = task.features
        concepts, incidence = _concept_incidence(features, task.candidates)
        if not concepts:
            return []
        counts = np.array([features.concept_article_counts[c] for c in concepts], dtype=np.float64)
        weights = np.where(counts >= 2, counts, self.single_source_weight)
        uncovered = np.ones(len(concepts), dtype=np.float64)
        words = features.words.astype(np.float64)
        prior = 1.0 + self.lead_weight * (1.0 - features.relative_position)
        length_penalty = np.power(np.maximum(words, 1.0), self.length_exponent)
        allowed = task.candidates.copy()
        word_limit = task.budget.words if task.budget.words is not None else np.inf
        sentence_limit = task.budget.sentences if task.budget.sentences is not None else np.inf
        chosen: list[Selection] = []
        used_words = 0.0
        while len(chosen) < sentence_limit:
            allowed &= words <= word_limit - used_words
            if not allowed.any():
                break
            gain = np.asarray(incidence @ (weights * uncovered)).ravel()
            score = np.where(allowed, prior * gain / length_penalty, -1.0)
            best = int(np.argmax(score))
            if score[best] <= 0:
                break
            chosen.append(Selection(best, float(score[best])))
            used_words += words[best]
            uncovered[incidence[best].indices] = 0.0
            allowed[task.related(best)] = False
            allowed[best] = False
        return chosen


def _concept_incidence(
    features: ClusterFeatures, candidates: NDArray[np.bool_]
) -> tuple[list[tuple[str, str]], Any]:
    """A sentences-by-concepts 0/1 matrix over the concepts of candidate sentences."""
    from scipy.sparse import csr_matrix

    index: dict[tuple[str, str], int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row in np.flatnonzero(candidates):
        for concept in features.terms[row].bigrams:
            rows.append(int(row))
            columns.append(index.setdefault(concept, len(index)))
    shape = (len(features.sentences), max(len(index), 1))
    matrix = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=shape)
    return list(index), matrix


register("newsfuse.coverage.v1", lambda: GreedyCoverage())
