"""Concept-coverage selection solved exactly as an integer linear program (HiGHS).

The summary maximises the total weight of the concepts it covers, within the budget, with
no two sentences that report the same thing; unlike the greedy algorithm it can trade one
long sentence for two short ones that cover more. This is the design of the ICSI summarizer
(Gillick and Favre 2009), with newsfuse's support relation as its redundancy constraint.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsfuse.fuse.search import (
    Selection,
    SelectionInput,
    candidate_incidence,
    check_options,
    greedy_coverage,
)


@dataclass(frozen=True, slots=True)
class ILPSearch:
    lead_bonus: float = 0.0
    """A sentence's bonus for coming early in its article, in units of the mean concept weight."""
    max_candidates: int = 120
    """The most promising sentences (by greedy score) that enter the program."""
    max_concepts: int = 0
    """Only the heaviest concepts enter the program (0: all with weight above zero)."""
    mip_gap: float = 0.0
    """Relative optimality gap at which the solver may stop."""
    time_limit: float = 2.0
    """Seconds before the solver gives up and greedy selection answers instead."""

    def __post_init__(self) -> None:
        check_options(
            self, counts=("max_candidates",), at_least_zero=("lead_bonus", "max_concepts", "mip_gap")
        )
        check_options(self, above_zero=("time_limit",))

    def search(self, task: SelectionInput, weights: NDArray[np.float64]) -> list[Selection]:
        features = task.features
        incidence = candidate_incidence(task)
        words = features.words.astype(np.float64)
        limit = task.budget.words
        fits = task.candidates & (words <= (limit if limit is not None else np.inf))
        gain = np.asarray(incidence @ weights).ravel()
        score = np.where(fits & (gain > 0), gain / np.sqrt(np.maximum(words, 1.0)), 0.0)
        ranked = np.argsort(-score, kind="stable")
        chosen_rows = ranked[: int(self.max_candidates)]
        chosen_rows = np.sort(chosen_rows[score[chosen_rows] > 0])
        if chosen_rows.size == 0:
            return []
        sub = incidence[chosen_rows]
        used = np.flatnonzero((np.asarray(sub.sum(axis=0)).ravel() > 0) & (weights > 0))
        if self.max_concepts and used.size > self.max_concepts:
            heaviest = np.argsort(-weights[used], kind="stable")[: int(self.max_concepts)]
            used = np.sort(used[heaviest])
        sub = sub[:, used].tocsc()
        bonus = (
            self.lead_bonus * float(weights[used].mean()) * (1.0 - features.relative_position[chosen_rows])
        )
        solution = _solve(
            concept_weights=weights[used],
            sentence_bonus=bonus,
            incidence=sub,
            lengths=words[chosen_rows],
            budget=task.budget,
            conflicts=task.related_among(chosen_rows.astype(np.int64)),
            time_limit=self.time_limit,
            mip_gap=self.mip_gap,
        )
        if solution is None:  # no answer from the solver in time: greedy on the same weights
            return greedy_coverage(task, incidence, weights)
        picked = chosen_rows[solution]
        return [Selection(int(i), float(gain[i])) for i in picked]


def _solve(
    *,
    concept_weights: NDArray[np.float64],
    sentence_bonus: NDArray[np.float64],
    incidence: object,
    lengths: NDArray[np.float64],
    budget: object,
    conflicts: NDArray[np.bool_],
    time_limit: float,
    mip_gap: float,
) -> NDArray[np.int64] | None:
    """Binary sentence variables s, continuous concept variables c in [0, 1]:
    max w.c + b.s  s.t.  c_j <= sum of s_i over sentences holding concept j,
    budget on s, and s_a + s_b <= 1 for every related pair."""
    import highspy
    from scipy.sparse import coo_matrix, csr_matrix, hstack, identity, vstack

    n_sentences, n_concepts = len(lengths), len(concept_weights)
    # Concept rows: c_j - sum_i A_ij s_i <= 0.
    concept_rows = hstack([-incidence.T, identity(n_concepts)])  # type: ignore[attr-defined]
    words = getattr(budget, "words", None)
    budget_row = csr_matrix(
        np.concatenate([lengths if words is not None else np.ones(n_sentences), np.zeros(n_concepts)])
    )
    limit = float(words if words is not None else getattr(budget, "sentences", 0))
    first, second = np.nonzero(np.triu(conflicts, 1))
    conflict_rows = coo_matrix(
        (
            np.ones(2 * len(first)),
            (np.repeat(np.arange(len(first)), 2), np.ravel(np.column_stack([first, second]))),
        ),
        shape=(len(first), n_sentences + n_concepts),
    )
    matrix = vstack([concept_rows, budget_row, conflict_rows]).tocsc()
    upper = np.concatenate([np.zeros(n_concepts), [limit], np.ones(len(first))])

    lp = highspy.HighsLp()
    lp.num_col_ = n_sentences + n_concepts
    lp.num_row_ = matrix.shape[0]
    lp.col_cost_ = np.concatenate([sentence_bonus, concept_weights])
    lp.col_lower_ = np.zeros(lp.num_col_)
    lp.col_upper_ = np.ones(lp.num_col_)
    lp.row_lower_ = np.full(lp.num_row_, -highspy.kHighsInf)
    lp.row_upper_ = upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.a_matrix_.num_col_ = lp.num_col_
    lp.a_matrix_.num_row_ = lp.num_row_
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_sentences + [
        highspy.HighsVarType.kContinuous
    ] * n_concepts
    with _silenced_stdout():  # HiGHS prints a banner from C as it starts, before any option applies
        solver = highspy.Highs()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", time_limit)
    solver.setOptionValue("mip_rel_gap", mip_gap)
    solver.setOptionValue("threads", 1)
    solver.passModel(lp)
    solver.run()
    if solver.getInfo().primal_solution_status != 2:  # 2: a feasible solution exists
        return None
    values = np.asarray(solver.getSolution().col_value[:n_sentences])
    return np.flatnonzero(values > 0.5).astype(np.int64)


@contextmanager
def _silenced_stdout() -> Iterator[None]:
    """Send what C code writes to standard output nowhere (a JSON report goes there)."""
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
