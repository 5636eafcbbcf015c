"""Weighers: what each concept (a stemmed bigram) is worth to a summary.

By rule (how many articles mention it) or by a model learned from reference summaries
(``fuse.concept_model``). An algorithm pairs a weigher with a search (``fuse.algorithms``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from newsfuse.fuse.concept_model import ConceptModel, load_concept_model
from newsfuse.fuse.features import ClusterFeatures
from newsfuse.fuse.search import check_options


class Weigher(Protocol):
    def weigh(self, features: ClusterFeatures) -> NDArray[np.float64]: ...


@dataclass(frozen=True, slots=True)
class ArticleCountWeights:
    """A concept weighs the number of articles that mention it, so what several sources
    report outweighs what one says; a concept of one article weighs ``single_source_weight``."""

    single_source_weight: float = 0.25

    def __post_init__(self) -> None:
        check_options(self, at_least_zero=("single_source_weight",))

    def weigh(self, features: ClusterFeatures) -> NDArray[np.float64]:
        counts = features.concept_table.article_counts
        if len(features.articles) == 1:
            return np.ones(len(counts), dtype=np.float64)
        weights: NDArray[np.float64] = np.where(counts >= 2, counts, self.single_source_weight)
        return weights


@dataclass(frozen=True, slots=True)
class LearnedWeights:
    """A learned model's estimate that a human summary contains the concept, raised for
    concepts that more of the articles report:
    p * (1 + corroboration * share of the other articles that mention the concept)."""

    corroboration: float = 0.0
    model: ConceptModel | None = None
    """None: the packaged model."""

    def __post_init__(self) -> None:
        check_options(self, at_least_zero=("corroboration",))

    def weigh(self, features: ClusterFeatures) -> NDArray[np.float64]:
        model = self.model if self.model is not None else load_concept_model()
        probability = model.predict(features.concept_features)
        others = max(len(features.articles) - 1, 1)
        share = (features.concept_table.article_counts - 1) / others
        weights: NDArray[np.float64] = probability * (1.0 + self.corroboration * share)
        return weights
