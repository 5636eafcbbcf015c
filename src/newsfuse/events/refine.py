"""Second thoughts for a pile: move articles to the event that suits them best.

A single pass decides each article when only the articles before it are known, so an
early article can open an event that later turns out to be part of another, and an
article can join an event whose centroid drifted after it. When the whole pile is known
in advance, a few passes of reassignment (as in k-means, but with a similarity threshold
instead of a fixed number of events) repair this: each article goes to the event whose
centroid, without the article itself, is most similar, or on its own when none reaches
the threshold. Copies always go with their originals, and an article never moves to an
event too far from it in time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

_BLOCK_ROWS = 2048
"""Similarities are computed for this many articles at a time, to bound memory."""


@dataclass(frozen=True, slots=True)
class Refined:
    labels: list[int]
    """The event of each article, numbered in order of each event's first article."""
    similarities: list[float]
    """Each article's cosine similarity to the rest of its event (1.0 when alone)."""
    passes: int


def refine(
    vectors: csr_matrix,
    labels: Sequence[int],
    *,
    threshold: float | Sequence[float],
    published: Sequence[datetime | None],
    window: timedelta,
    copy_of: Mapping[int, int],
    max_passes: int = 5,
    common_events: int = 50,
    never_pruned: Sequence[int] = (),
) -> Refined:
    """Reassign articles (rows of unit-length term vectors, in the order they were
    clustered) among events until nothing moves or ``max_passes`` have run. ``threshold``:
    one for all, or each article's own. ``never_pruned``: columns kept however many
    events have them (meaning dimensions, which every short text has)."""
    current = _renumber(np.asarray(labels, dtype=np.int64))
    matrix = _without_common_terms(vectors, current, common_events, never_pruned)
    bar = np.broadcast_to(np.asarray(threshold, dtype=np.float64), current.shape)
    times = np.array([_seconds(moment) for moment in published], dtype=np.float64)
    blank = np.diff(matrix.indptr) == 0
    passes = 0
    while passes < max_passes:
        passes += 1
        best, best_similarity, own_similarity = _similarities(matrix, current)
        own_similarity[blank] = np.inf  # nothing left to compare: the article stays
        moved = _move(current, best, best_similarity, own_similarity, bar, times, window)
        moved = _renumber(_with_originals(moved, copy_of))
        if np.array_equal(moved, current):
            break
        current = moved
    _, _, own_similarity = _similarities(matrix, current)
    alone = np.bincount(current)[current] == 1
    similarity = np.where(alone, 1.0, np.clip(own_similarity, 0.0, 1.0))
    return Refined(current.tolist(), similarity.tolist(), passes)


def _similarities(
    matrix: csr_matrix, labels: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """For each article: the most similar other event, that similarity, and the similarity
    to its own event without it (-inf when it is alone)."""
    count = int(labels.max()) + 1 if len(labels) else 0
    membership = csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(count, matrix.shape[0])
    )
    centroids = (membership @ matrix).tocsr()
    norms = np.sqrt(np.asarray(centroids.multiply(centroids).sum(axis=1)).ravel())
    inverse = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    best = np.zeros(len(labels), dtype=np.int64)
    best_similarity = np.zeros(len(labels))
    own_similarity = np.full(len(labels), -np.inf)
    for start in range(0, len(labels), _BLOCK_ROWS):
        rows = slice(start, start + _BLOCK_ROWS)
        block, own = matrix[rows], labels[rows]
        raw = (block @ centroids.T).tocsr()
        positions = np.arange(len(own))
        # Each article's product with its own event, read off the products with every event
        # (a row of its event's centroid per article would cost rows x terms of memory).
        own_dot = np.asarray(raw[positions, own]).ravel()
        dots = raw.multiply(inverse[np.newaxis, :]).tocsr()
        # Take the own event out of the race for "best other event".
        dots = (dots - csr_matrix((own_dot * inverse[own], (positions, own)), shape=dots.shape)).tocsr()
        best[rows] = np.asarray(dots.argmax(axis=1)).ravel()
        best_similarity[rows] = dots.max(axis=1).toarray().ravel()
        length = np.asarray(block.multiply(block).sum(axis=1)).ravel()  # 1, or 0 for a blank row
        rest = np.sqrt(np.clip(norms[own] ** 2 - 2.0 * own_dot + length, 0.0, None))
        own_similarity[rows] = (own_dot - length) / np.maximum(rest, 1e-12)
    own_similarity[np.bincount(labels)[labels] == 1] = -np.inf
    return best, best_similarity, own_similarity


def _move(
    labels: NDArray[np.int64],
    best: NDArray[np.int64],
    best_similarity: NDArray[np.float64],
    own_similarity: NDArray[np.float64],
    threshold: NDArray[np.float64],
    times: NDArray[np.float64],
    window: timedelta,
) -> NDArray[np.int64]:
    """One pass of moves, all decided on the labels before the pass. An article that was
    alone and moves merges its event into the target, so that two lone articles choosing
    each other end up together instead of swapping places."""
    earliest, latest = _time_spans(labels, times)
    slack = window.total_seconds()
    target = best
    in_time = (
        np.isnan(times)
        | np.isnan(earliest[target])
        | ((times >= earliest[target] - slack) & (times <= latest[target] + slack))
    )
    moves = (best_similarity >= threshold) & (best_similarity > own_similarity) & in_time
    leaves = ~moves & np.isfinite(own_similarity) & (own_similarity < threshold)
    alone = ~np.isfinite(own_similarity)

    parent = np.arange(int(labels.max()) + 1 + len(labels))

    def root(label: int) -> int:
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = int(parent[label])
        return label

    for article in np.flatnonzero(moves & alone):
        parent[root(int(labels[article]))] = root(int(target[article]))
    moved = np.array([root(int(label)) for label in labels], dtype=np.int64)
    for article in np.flatnonzero(moves & ~alone):
        moved[article] = root(int(target[article]))
    fresh = int(labels.max()) + 1
    for offset, article in enumerate(np.flatnonzero(leaves)):
        moved[article] = fresh + offset
    return moved


def _time_spans(
    labels: NDArray[np.int64], times: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Earliest and latest publication time of each event (NaN when none is dated)."""
    count = int(labels.max()) + 1
    earliest = np.full(count, np.inf)
    latest = np.full(count, -np.inf)
    dated = ~np.isnan(times)
    np.minimum.at(earliest, labels[dated], times[dated])
    np.maximum.at(latest, labels[dated], times[dated])
    undated = ~np.isfinite(earliest)
    earliest[undated] = np.nan
    latest[undated] = np.nan
    return earliest, latest


def _with_originals(labels: NDArray[np.int64], copy_of: Mapping[int, int]) -> NDArray[np.int64]:
    result = labels.copy()
    for copy in sorted(copy_of):
        original = copy
        while original in copy_of:
            original = copy_of[original]
        result[copy] = result[original]
    return result


def _renumber(labels: NDArray[np.int64]) -> NDArray[np.int64]:
    """Number events 0, 1, 2... in order of their first article."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse].astype(np.int64)


def _seconds(moment: datetime | None) -> float:
    return float("nan") if moment is None else moment.timestamp()


def _without_common_terms(
    matrix: csr_matrix, labels: NDArray[np.int64], common_events: int, never_pruned: Sequence[int] = ()
) -> csr_matrix:
    """Drop the terms found in more than ``common_events`` events, then renormalise.

    Such terms say little about which event an article belongs to, and they would make
    every article a candidate for every event: comparing articles with events would cost
    the number of articles times the number of events."""
    count = int(labels.max()) + 1
    membership = csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(count, len(labels))
    )
    present = (membership @ (matrix != 0).astype(np.float64)).tocsc()
    events_with_term = np.diff(present.indptr)
    kept = events_with_term <= common_events
    kept[np.asarray(never_pruned, dtype=np.int64)] = True
    if kept.all():
        return matrix
    pruned = matrix[:, np.flatnonzero(kept)].tocsr()
    norms = np.sqrt(np.asarray(pruned.multiply(pruned).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return csr_matrix(pruned.multiply(scale[:, np.newaxis]))
