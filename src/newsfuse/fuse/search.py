"""Searches: how a summary's sentences are picked once every concept has a weight.

A search covers as much concept weight as the budget allows, never taking two sentences
that report the same thing: greedily, with a beam, or exactly (``fuse.ilp``). Weights
come from a weigher (``fuse.weights``); an algorithm is one of each (``fuse.algorithms``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from newsfuse.errors import ConfigError
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


class Search(Protocol):
    """Picks sentences that cover the most concept weight within the budget."""

    def search(self, task: SelectionInput, weights: NDArray[np.float64]) -> list[Selection]: ...


@dataclass(frozen=True, slots=True)
class GreedySearch:
    """Add, while the budget allows, the sentence with the most new concept weight per
    word**length_exponent, times a lead prior of 1 + lead_weight * (1 - relative position):
    news states its core early. Greedy selection is within a constant factor of the optimum
    for this monotone submodular objective."""

    length_exponent: float = 0.5
    lead_weight: float = 1.0

    def __post_init__(self) -> None:
        check_options(self, at_least_zero=("length_exponent", "lead_weight"))

    def search(self, task: SelectionInput, weights: NDArray[np.float64]) -> list[Selection]:
        return greedy_coverage(
            task, candidate_incidence(task), weights, self.length_exponent, self.lead_weight
        )


@dataclass(frozen=True, slots=True)
class BeamSearch:
    """Greedy coverage that keeps the ``width`` best partial summaries (``beam_coverage``)."""

    width: float = 6
    branch: float = 4
    length_exponent: float = 0.5
    lead_weight: float = 0.0

    def __post_init__(self) -> None:
        check_options(self, counts=("width", "branch"), at_least_zero=("length_exponent", "lead_weight"))

    def search(self, task: SelectionInput, weights: NDArray[np.float64]) -> list[Selection]:
        return beam_coverage(
            task,
            candidate_incidence(task),
            weights,
            width=int(self.width),
            branch=int(self.branch),
            length_exponent=self.length_exponent,
            lead_weight=self.lead_weight,
        )


_LARGEST_OPTION = 1000.0
"""No option means anything beyond this; far beyond it, the arithmetic overflows."""


def check_options(
    part: Any,
    *,
    counts: tuple[str, ...] = (),
    at_least_zero: tuple[str, ...] = (),
    above_zero: tuple[str, ...] = (),
) -> None:
    """Refuse option values that would make an algorithm meaningless (a beam 0 wide)."""
    for name in counts:
        value = getattr(part, name)
        if not (float(value).is_integer() and value >= 1):
            raise ConfigError(f"algorithm option {name} must be a whole number of at least 1, not {value}")
    for name in at_least_zero:
        if not 0 <= getattr(part, name) <= _LARGEST_OPTION:
            raise ConfigError(
                f"algorithm option {name} must be at least 0 and at most {_LARGEST_OPTION:g}, "
                f"not {getattr(part, name)}"
            )
    for name in above_zero:
        if not getattr(part, name) > 0:
            raise ConfigError(f"algorithm option {name} must be above 0, not {getattr(part, name)}")


def candidate_incidence(task: SelectionInput) -> Any:
    """The concept incidence matrix with only the candidate sentences' rows kept."""
    return restrict(task.features.concept_table, task.candidates)


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
