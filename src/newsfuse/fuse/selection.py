"""Sentence selection algorithms, registered under versioned names.

An algorithm picks which candidate sentences make up the summary; citing and ordering
are shared by all of them (see ``summarizer``). The name of the algorithm used is
recorded in every summary, so a result can be reproduced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from newsfuse.errors import ConfigError, UnknownAlgorithmError
from newsfuse.fuse.concepts import restrict
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
    related_among: Callable[[NDArray[np.int64]], NDArray[np.bool_]]
    """``related_among(indices)[a, b]``: the same relation within a set of sentences."""
    budget: Budget


class Selector(Protocol):
    @property
    def name(self) -> str: ...

    def select(self, task: SelectionInput) -> list[Selection]: ...


_REGISTRY: dict[str, Callable[..., Selector]] = {}
# Built-in algorithms load on first use, so an unused solver is never imported.
_BUILTIN = {
    "newsfuse.coverage.v1": ("newsfuse.fuse.selection", "GreedyCoverage"),
    "newsfuse.concept-ilp.v1": ("newsfuse.fuse.ilp", "ConceptILP"),
    "newsfuse.learned-coverage.v1": ("newsfuse.fuse.learned", "LearnedCoverage"),
    "newsfuse.learned-ilp.v1": ("newsfuse.fuse.learned", "LearnedConceptILP"),
    "newsfuse.learned-beam.v1": ("newsfuse.fuse.learned", "LearnedBeam"),
}


def register(name: str, factory: Callable[..., Selector]) -> None:
    """Make ``factory`` available as algorithm ``name`` (a versioned, dotted name).
    ``factory(**options)`` builds the selector; options come from the configuration."""
    _REGISTRY[name] = factory


def get_selector(name: str, options: Mapping[str, float] | None = None) -> Selector:
    factory = _REGISTRY.get(name)
    if factory is None and name in _BUILTIN:
        module, attribute = _BUILTIN[name]
        factory = getattr(import_module(module), attribute)
    if factory is None:
        known = ", ".join(algorithm_names())
        raise UnknownAlgorithmError(f"no summarization algorithm {name!r}; known: {known}")
    try:
        return factory(**(options or {}))
    except TypeError as error:
        raise ConfigError(f"algorithm {name!r} does not take these options: {error}") from None


def algorithm_names() -> list[str]:
    return sorted({*_REGISTRY, *_BUILTIN})


@dataclass(frozen=True)
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

    def weigh(self, features: ClusterFeatures) -> NDArray[np.float64]:
        """Each concept's value: the number of articles that mention it."""
        return article_count_weights(features, self.single_source_weight)

    def select(self, task: SelectionInput) -> list[Selection]:
        concepts = candidate_concepts(task, self.weigh)
        if concepts is None:
            return []
        incidence, weights = concepts
        return greedy_coverage(task, incidence, weights, self.length_exponent, self.lead_weight)


def candidate_concepts(
    task: SelectionInput, weigh: Callable[[ClusterFeatures], NDArray[np.float64]]
) -> tuple[Any, NDArray[np.float64]] | None:
    """The concepts of the candidate sentences (incidence matrix) and their weights, or None
    when the cluster has no concept at all."""
    table = task.features.concept_table
    if not table.concepts:
        return None
    return restrict(table, task.candidates), weigh(task.features)


def _scoring(
    task: SelectionInput, length_exponent: float, lead_weight: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float, float]:
    """Sentence lengths, lead prior, length penalty, and the word and sentence limits."""
    features = task.features
    words = features.words.astype(np.float64)
    prior = 1.0 + lead_weight * (1.0 - features.relative_position)
    length_penalty = np.power(np.maximum(words, 1.0), length_exponent)
    word_limit = task.budget.words if task.budget.words is not None else np.inf
    sentence_limit = task.budget.sentences if task.budget.sentences is not None else np.inf
    return words, prior, length_penalty, float(word_limit), float(sentence_limit)


def greedy_coverage(
    task: SelectionInput,
    incidence: Any,
    weights: NDArray[np.float64],
    length_exponent: float = 0.5,
    lead_weight: float = 1.0,
) -> list[Selection]:
    """Add, while the budget allows, the sentence with the most new concept weight per
    word**length_exponent (times the lead prior), skipping any related to one chosen."""
    uncovered = np.ones(len(weights), dtype=np.float64)
    words, prior, length_penalty, word_limit, sentence_limit = _scoring(task, length_exponent, lead_weight)
    allowed = task.candidates.copy()
    blocked = related_lookup(task)
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
        uncovered[_row(incidence, best)] = 0.0
        allowed[blocked(best)] = False
        allowed[best] = False
    return chosen


def beam_coverage(
    task: SelectionInput,
    incidence: Any,
    weights: NDArray[np.float64],
    *,
    width: int = 6,
    branch: int = 4,
    length_exponent: float = 0.5,
    lead_weight: float = 0.0,
) -> list[Selection]:
    """Greedy coverage that keeps the ``width`` best partial summaries and extends each
    with its ``branch`` best next sentences: it can trade a long sentence for two short
    ones, as an exact solver does, at a small multiple of greedy's cost."""
    words, prior, length_penalty, word_limit, sentence_limit = _scoring(task, length_exponent, lead_weight)
    blocked = related_lookup(task)

    start = _BeamState((), (), np.ones(len(weights)), 0.0, 0.0, task.candidates.copy())
    beam, finished = [start], [start]
    while beam:
        extensions: dict[tuple[int, ...], _BeamState] = {}
        for state in beam:
            allowed = state.allowed & (words <= word_limit - state.words)
            if len(state.chosen) >= sentence_limit or not allowed.any():
                continue
            gain = np.asarray(incidence @ (weights * state.uncovered)).ravel()
            score = np.where(allowed & (gain > 0), prior * gain / length_penalty, -1.0)
            for index in np.argsort(-score, kind="stable")[:branch]:
                index = int(index)
                if score[index] <= 0:
                    break
                key = tuple(sorted((*state.chosen, index)))
                if key in extensions:
                    continue
                uncovered = state.uncovered.copy()
                uncovered[_row(incidence, index)] = 0.0
                still_allowed = state.allowed.copy()
                still_allowed[blocked(index)] = False
                still_allowed[index] = False
                added = float(gain[index]) * float(prior[index])
                extensions[key] = _BeamState(
                    (*state.chosen, index),
                    (*state.gains, added),
                    uncovered,
                    state.value + added,
                    state.words + words[index],
                    still_allowed,
                )
        beam = sorted(extensions.values(), key=lambda s: -s.value)[:width]
        finished.extend(beam)
    best = max(finished, key=lambda s: s.value)
    return [Selection(i, gain) for i, gain in zip(best.chosen, best.gains, strict=True)]


_BLOCK_LIMIT = 2000
"""Up to this many candidates, their relation is computed at once as one block."""


def related_lookup(task: SelectionInput) -> Callable[[int], NDArray[np.int64]]:
    """``lookup(i)``: the candidate sentences related to sentence i. With few candidates the
    relation among them is one vectorised block; with many, rows are computed on demand."""
    candidates = np.flatnonzero(task.candidates).astype(np.int64)
    if candidates.size > _BLOCK_LIMIT:
        cache: dict[int, NDArray[np.int64]] = {}

        def on_demand(index: int) -> NDArray[np.int64]:
            if index not in cache:
                cache[index] = task.related(index)
            return cache[index]

        return on_demand
    block = task.related_among(candidates)
    position = {int(index): number for number, index in enumerate(candidates)}

    def from_block(index: int) -> NDArray[np.int64]:
        related: NDArray[np.int64] = candidates[block[position[index]]]
        return related

    return from_block


def _row(matrix: Any, index: int) -> NDArray[np.int32]:
    """Column indices of one CSR row, without building a sparse row object."""
    row: NDArray[np.int32] = matrix.indices[matrix.indptr[index] : matrix.indptr[index + 1]]
    return row


@dataclass(frozen=True, slots=True)
class _BeamState:
    chosen: tuple[int, ...]
    gains: tuple[float, ...]
    """The concept weight each chosen sentence added when it was chosen."""
    uncovered: NDArray[np.float64]
    value: float
    words: float
    allowed: NDArray[np.bool_]


def article_count_weights(features: ClusterFeatures, single_source_weight: float) -> NDArray[np.float64]:
    """A concept weighs the number of articles that mention it; one article's, less."""
    counts = features.concept_table.article_counts
    if len(features.articles) == 1:
        return np.ones(len(counts), dtype=np.float64)
    weights: NDArray[np.float64] = np.where(counts >= 2, counts, single_source_weight)
    return weights
