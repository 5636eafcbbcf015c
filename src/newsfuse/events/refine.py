"""Second thoughts for a pile: move articles to the event that suits them best.

A single pass decides each article when only the articles before it are known, so an
early article can open an event that later turns out to be part of another, and an
article can join an event whose centroid drifted after it. When the whole pile is known
in advance, a few passes of reassignment (as in k-means, but with a similarity threshold
instead of a fixed number of events) repair this: each article goes to the event whose
centroid, without the article itself, it clears its bar for by the widest margin (the
threshold; for a short text and an event with short texts, the meaning threshold), or
on its own when it clears none. Copies always go with their originals, and an article
never moves to an event too far from it in time.
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


@dataclass(frozen=True, slots=True)
class Meaning:
    """Which columns are meaning dimensions (see ``events.meaning``), and the bar for a
    text compared by meaning with an event that has meaning too; any other pair is
    compared by words alone, with the ordinary threshold."""

    columns: Sequence[int]
    threshold: float


def refine(
    vectors: csr_matrix,
    labels: Sequence[int],
    *,
    threshold: float,
    published: Sequence[datetime | None],
    window: timedelta,
    copy_of: Mapping[int, int],
    max_passes: int = 5,
    common_events: int = 50,
    meaning: Meaning | None = None,
) -> Refined:
    """Reassign articles (rows of unit-length term vectors, in the order they were
    clustered) among events until nothing moves or ``max_passes`` have run. Each goes
    where it clears its bar by the widest margin."""
    current = _renumber(np.asarray(labels, dtype=np.int64))
    meaning = meaning or Meaning((), threshold)
    is_meaning = np.zeros(vectors.shape[1], dtype=bool)
    is_meaning[np.asarray(meaning.columns, dtype=np.int64)] = True
    matrix, kept = _without_common_terms(vectors, current, common_events, is_meaning)
    compare = _Comparison(matrix, is_meaning[kept], threshold, meaning.threshold)
    times = np.array([_seconds(moment) for moment in published], dtype=np.float64)
    passes = 0
    while passes < max_passes:
        passes += 1
        best, best_margin, own_margin, _ = compare.margins(current)
        moved = _move(current, best, best_margin, own_margin, times, window)
        moved = _renumber(_with_originals(moved, copy_of))
        if np.array_equal(moved, current):
            break
        current = moved
    *_, own_similarity = compare.margins(current)
    alone = np.bincount(current)[current] == 1
    similarity = np.where(alone, 1.0, np.clip(own_similarity, 0.0, 1.0))
    return Refined(current.tolist(), similarity.tolist(), passes)


_SHIFT = 2.0
"""Added to every stored margin, so that a sparse row's maximum is a real candidate
(margins are above -2) and an empty row's (0) means none."""


class _Comparison:
    """Articles against events: by words and meaning when both have meaning, else by
    words alone; each pair's margin is its similarity less its bar."""

    def __init__(
        self, matrix: csr_matrix, is_meaning: NDArray[np.bool_], threshold: float, meaning_threshold: float
    ) -> None:
        self.matrix = matrix
        self.threshold, self.meaning_threshold = threshold, meaning_threshold
        self.words = csr_matrix(matrix.multiply(~is_meaning[np.newaxis, :]))
        self.words.eliminate_zeros()
        self.length = _squared_norms(matrix)  # 1, or 0 for a blank row
        self.word_length = _squared_norms(self.words)
        self.meant = self.length - self.word_length > 1e-12

    def margins(
        self, labels: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """For each article: the other event it clears its bar for by the widest margin,
        that margin, the margin and the similarity to its own event without it (-inf when
        it is alone; +inf margin for a blank article, which stays)."""
        count = int(labels.max()) + 1 if len(labels) else 0
        size = len(labels)
        membership = csr_matrix((np.ones(size), (labels, np.arange(size))), shape=(count, size))
        centroids = (membership @ self.matrix).tocsr()
        word_centroids = (membership @ self.words).tocsr()
        norm_sq = _squared_norms(centroids)
        word_norm_sq = _squared_norms(word_centroids)
        has_meaning = (norm_sq - word_norm_sq > 1e-9 * np.maximum(norm_sq, 1.0)).astype(np.float64)
        inverse = _inverse(np.sqrt(norm_sq))
        word_inverse = _inverse(np.sqrt(word_norm_sq))
        best = np.zeros(size, dtype=np.int64)
        best_margin = np.full(size, -np.inf)
        own_margin = np.full(size, -np.inf)
        own_similarity = np.full(size, -np.inf)
        for start in range(0, size, _BLOCK_ROWS):
            rows = slice(start, start + _BLOCK_ROWS)
            own = labels[rows]
            positions = np.arange(len(own))
            meant = self.meant[rows].astype(np.float64)
            raw = (self.matrix[rows] @ centroids.T).tocsr()
            raw_words = (self.words[rows] @ word_centroids.T).tocsr()
            word_scale = _inverse(np.sqrt(self.word_length[rows]))
            # Pairs compared by words alone, and pairs compared by words and meaning.
            by_words = csr_matrix(
                raw_words.multiply(word_scale[:, np.newaxis]).multiply(word_inverse[np.newaxis, :])
            )
            by_both = None
            if meant.any():
                by_words = csr_matrix(by_words - _both_meant(by_words, meant, has_meaning))
                by_both = _both_meant(csr_matrix(raw.multiply(inverse[np.newaxis, :])), meant, has_meaning)
                by_both.eliminate_zeros()
                by_both.data += _SHIFT - self.meaning_threshold
            by_words.eliminate_zeros()
            by_words.data += _SHIFT - self.threshold
            shifted = by_words if by_both is None else (by_words + by_both).tocsr()
            # Take the own event out of the race for "best other event".
            own_shifted = np.asarray(shifted[positions, own]).ravel()
            shifted = (shifted - csr_matrix((own_shifted, (positions, own)), shape=shifted.shape)).tocsr()
            shifted.eliminate_zeros()
            best[rows] = np.asarray(shifted.argmax(axis=1)).ravel()
            best_margin[rows] = shifted.max(axis=1).toarray().ravel() - _SHIFT
            # The own event without the article.
            length, word_length = self.length[rows], self.word_length[rows]
            own_dot = np.asarray(raw[positions, own]).ravel()
            own_word_dot = np.asarray(raw_words[positions, own]).ravel()
            rest_sq = np.clip(norm_sq[own] - 2.0 * own_dot + length, 0.0, None)
            rest_word_sq = np.clip(word_norm_sq[own] - 2.0 * own_word_dot + word_length, 0.0, None)
            # Meaning left in the rest of the event, with a tolerance that grows with the
            # event (both lengths are sums over all its articles).
            rest_meant = (rest_sq - rest_word_sq > 1e-9 * np.maximum(rest_sq, 1.0)) & (meant > 0)
            full = (own_dot - length) / np.maximum(np.sqrt(rest_sq), 1e-12)
            words = (own_word_dot - word_length) / np.maximum(np.sqrt(rest_word_sq * word_length), 1e-12)
            similarity = np.where(rest_meant, full, words)
            own_similarity[rows] = similarity
            own_margin[rows] = similarity - np.where(rest_meant, self.meaning_threshold, self.threshold)
        alone = np.bincount(labels)[labels] == 1
        own_similarity[alone] = -np.inf
        own_margin[alone] = -np.inf
        own_margin[self.length == 0] = np.inf  # nothing left to compare: the article stays
        return best, best_margin, own_margin, own_similarity


def _both_meant(
    pairs: csr_matrix, meant: NDArray[np.float64], has_meaning: NDArray[np.float64]
) -> csr_matrix:
    """The entries of ``pairs`` whose article and event both have meaning."""
    return csr_matrix(pairs.multiply(meant[:, np.newaxis]).multiply(has_meaning[np.newaxis, :]))


def _squared_norms(matrix: csr_matrix) -> NDArray[np.float64]:
    return np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()


def _inverse(values: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.divide(1.0, values, out=np.zeros_like(values), where=values > 0)


def _move(
    labels: NDArray[np.int64],
    best: NDArray[np.int64],
    best_margin: NDArray[np.float64],
    own_margin: NDArray[np.float64],
    times: NDArray[np.float64],
    window: timedelta,
) -> NDArray[np.int64]:
    """One pass of moves, all decided on the labels before the pass. An article that was
    alone and moves merges its event into the target, so that two lone articles choosing
    each other end up together instead of swapping places."""
    earliest, latest = time_spans(labels, times)
    slack = window.total_seconds()
    target = best
    in_time = (
        np.isnan(times)
        | np.isnan(earliest[target])
        | ((times >= earliest[target] - slack) & (times <= latest[target] + slack))
    )
    moves = (best_margin >= 0) & (best_margin > own_margin) & in_time
    leaves = ~moves & np.isfinite(own_margin) & (own_margin < 0)
    alone = own_margin == -np.inf

    parent = np.arange(int(labels.max()) + 1 + len(labels))

    def root(label: int) -> int:
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = int(parent[label])
        return label

    # Merges chain (a lone article joins B, B's lone article joins C...), so each is
    # checked against the time span of what has been merged so far: undated events must
    # not bridge events years apart.
    first = np.full(len(parent), np.nan)
    last = np.full(len(parent), np.nan)
    first[: len(earliest)], last[: len(latest)] = earliest, latest
    for article in np.flatnonzero(moves & alone):
        source, into = root(int(labels[article])), root(int(target[article]))
        if source == into:
            continue
        if not close_in_time((first[source], last[source]), (first[into], last[into]), slack):
            continue
        parent[source] = into
        first[into] = np.fmin(first[into], first[source])
        last[into] = np.fmax(last[into], last[source])
    moved = np.array([root(int(label)) for label in labels], dtype=np.int64)
    for article in np.flatnonzero(moves & ~alone):
        moved[article] = root(int(target[article]))
    fresh = int(labels.max()) + 1
    for offset, article in enumerate(np.flatnonzero(leaves)):
        moved[article] = fresh + offset
    return moved


def close_in_time(one: tuple[float, float], other: tuple[float, float], slack: float) -> bool:
    """Whether two time spans (first and last second; NaN when undated, which is in time
    with anything) come within ``slack`` seconds of each other."""
    (first, last), (other_first, other_last) = one, other
    if np.isnan(first) or np.isnan(other_first):
        return True
    return bool(first <= other_last + slack and last >= other_first - slack)


def time_spans(
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
    matrix: csr_matrix, labels: NDArray[np.int64], common_events: int, never_pruned: NDArray[np.bool_]
) -> tuple[csr_matrix, NDArray[np.int64]]:
    """Drop the terms found in more than ``common_events`` events (but not the columns
    ``never_pruned`` marks: meaning dimensions, which every short text has), then
    renormalise; returns the matrix and the columns kept.

    Such terms say little about which event an article belongs to, and they would make
    every article a candidate for every event: comparing articles with events would cost
    the number of articles times the number of events."""
    count = int(labels.max()) + 1
    membership = csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(count, len(labels))
    )
    present = (membership @ (matrix != 0).astype(np.float64)).tocsc()
    events_with_term = np.diff(present.indptr)
    kept = np.flatnonzero((events_with_term <= common_events) | never_pruned)
    if len(kept) == matrix.shape[1]:
        return matrix, kept
    pruned = matrix[:, kept].tocsr()
    norms = np.sqrt(np.asarray(pruned.multiply(pruned).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return csr_matrix(pruned.multiply(scale[:, np.newaxis])), kept
