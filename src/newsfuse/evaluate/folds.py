"""One assignment of benchmark clusters to cross-validation folds, shared by
``newsfuse eval --cross-validate`` and ``benchmarks/tune.py`` so that both hold out the same
clusters."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def assign_folds(ids: Sequence[str], folds: int, *, seed: int = 0) -> dict[str, int]:
    """Cluster id -> fold (0 .. folds-1), balanced, by a seeded shuffle."""
    order = np.random.default_rng(seed).permutation(len(ids))
    return {ids[int(i)]: rank % folds for rank, i in enumerate(order)}
