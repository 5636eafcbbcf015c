"""Concept weights learned from reference summaries.

A logistic model estimates, from a concept's features (``fuse.concepts``), the chance that
a human summary of the cluster contains it; selection then covers the concepts with the
highest expected value. The model is a small JSON file of coefficients, trained by
``newsfuse train`` (``train_concept_model``) on benchmark clusters that are not used to
report results. The packaged model and its provenance are in ``newsfuse/models/``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsfuse.errors import ConfigError
from newsfuse.fuse.concepts import FEATURE_NAMES, restrict
from newsfuse.fuse.features import ClusterFeatures
from newsfuse.fuse.ilp import ConceptILP
from newsfuse.fuse.selection import GreedyCoverage, Selection, SelectionInput, beam_coverage
from newsfuse.model import Article
from newsfuse.terms import sentence_terms

PACKAGED_MODEL = "concepts.json"
MODEL_FORMAT = "newsfuse.concept-model.v1"


@dataclass(frozen=True)
class ConceptModel:
    """Standardised logistic regression over ``FEATURE_NAMES``."""

    coefficients: NDArray[np.float64]
    intercept: float
    means: NDArray[np.float64]
    scales: NDArray[np.float64]
    provenance: dict[str, Any] = field(default_factory=dict)

    def predict(self, features: NDArray[np.float64]) -> NDArray[np.float64]:
        """The probability that each row's concept appears in a reference summary."""
        if features.shape[0] == 0:
            return np.zeros(0)
        scores = ((features - self.means) / self.scales) @ self.coefficients + self.intercept
        result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-scores))
        return result

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": MODEL_FORMAT,
                "features": list(FEATURE_NAMES),
                "coefficients": [round(float(c), 8) for c in self.coefficients],
                "intercept": round(self.intercept, 8),
                "means": [round(float(m), 8) for m in self.means],
                "scales": [round(float(s), 8) for s in self.scales],
                "provenance": self.provenance,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str, where: str) -> ConceptModel:
        try:
            data = json.loads(text)
            if data.get("format") != MODEL_FORMAT or data.get("features") != list(FEATURE_NAMES):
                raise ConfigError(f"{where}: not a {MODEL_FORMAT} model for this version of newsfuse")
            return cls(
                coefficients=np.asarray(data["coefficients"], dtype=np.float64),
                intercept=float(data["intercept"]),
                means=np.asarray(data["means"], dtype=np.float64),
                scales=np.asarray(data["scales"], dtype=np.float64),
                provenance=dict(data.get("provenance", {})),
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"{where}: unreadable concept model ({error})") from None


@lru_cache(maxsize=8)
def load_concept_model(path: str | None = None) -> ConceptModel:
    """The model at ``path``, or the packaged one."""
    if path is None:
        text = resources.files("newsfuse").joinpath("models", PACKAGED_MODEL).read_text("utf-8")
        return ConceptModel.from_json(text, f"packaged model {PACKAGED_MODEL}")
    try:
        return ConceptModel.from_json(Path(path).read_text("utf-8"), path)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read concept model ({error.strerror})") from None


def concept_labels(features: ClusterFeatures, references: Sequence[str]) -> NDArray[np.float64]:
    """1 for each concept that some reference summary contains, else 0."""
    wanted: set[tuple[str, str]] = set()
    for reference in references:
        wanted |= sentence_terms(reference).bigrams
    return np.array([1.0 if c in wanted else 0.0 for c in features.concept_table.concepts])


def training_rows(
    clusters: Sequence[tuple[Sequence[Article], Sequence[str]]],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Features and labels of every concept of every (articles, references) cluster."""
    from newsfuse.clean import clean_article
    from newsfuse.segment import split_sentences

    blocks, labels = [], []
    for articles, references in clusters:
        cleaned = [clean_article(a).article for a in articles]
        cleaned = [a for a in cleaned if a.text.strip()]
        features = ClusterFeatures(cleaned, [s for a in cleaned for s in split_sentences(a)])
        blocks.append(features.concept_features)
        labels.append(concept_labels(features, references))
    if not blocks:
        return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0)
    return np.vstack(blocks), np.concatenate(labels)


def fit_logistic(
    features: NDArray[np.float64],
    labels: NDArray[np.float64],
    *,
    l2: float = 1.0,
    provenance: dict[str, Any] | None = None,
    iterations: int = 50,
) -> ConceptModel:
    """L2-regularised logistic regression on standardised features, by Newton's method
    (deterministic; a few thousand rows per cluster train in well under a second)."""
    if features.shape[0] == 0 or labels.min() == labels.max():
        raise ConfigError("training needs concepts both in and out of the reference summaries")
    means = features.mean(axis=0)
    scales = features.std(axis=0)
    scales[scales < 1e-9] = 1.0  # a feature constant in the training data carries no signal
    design = np.column_stack([(features - means) / scales, np.ones(features.shape[0])])
    weights = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0  # the intercept is not shrunk
    for _ in range(iterations):
        probability = 1.0 / (1.0 + np.exp(-(design @ weights)))
        gradient = design.T @ (probability - labels) + penalty * weights
        curvature = (design * (probability * (1 - probability))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(curvature, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return ConceptModel(
        coefficients=weights[:-1],
        intercept=float(weights[-1]),
        means=means,
        scales=scales,
        provenance=provenance or {},
    )


def train_concept_model(
    clusters: Sequence[tuple[Sequence[Article], Sequence[str]]],
    *,
    l2: float = 1.0,
    provenance: dict[str, Any] | None = None,
) -> ConceptModel:
    """Learn concept weights from clusters of (articles, reference summaries)."""
    features, labels = training_rows(clusters)
    details = {
        "clusters": len(clusters),
        "concepts": int(labels.size),
        "positive": int(labels.sum()),
        "l2": l2,
    }
    return fit_logistic(features, labels, l2=l2, provenance={**details, **(provenance or {})})


class _LearnedWeights:
    """Weighs concepts by a learned model instead of article counts."""

    model: ConceptModel | None = None
    corroboration: float = 0.0

    def weigh(self, features: ClusterFeatures) -> NDArray[np.float64]:
        """The model's estimate, raised for concepts that more of the articles report:
        p * (1 + corroboration * share of the other articles that mention the concept)."""
        model = self.model if self.model is not None else load_concept_model()
        probability = model.predict(features.concept_features)
        others = max(len(features.articles) - 1, 1)
        share = (features.concept_table.article_counts - 1) / others
        weights: NDArray[np.float64] = probability * (1.0 + self.corroboration * share)
        return weights


@dataclass(frozen=True)
class LearnedCoverage(_LearnedWeights, GreedyCoverage):
    name: str = "newsfuse.learned-coverage.v1"
    model: ConceptModel | None = None
    corroboration: float = 0.0


@dataclass(frozen=True)
class LearnedConceptILP(_LearnedWeights, ConceptILP):
    name: str = "newsfuse.learned-ilp.v1"
    model: ConceptModel | None = None
    corroboration: float = 0.0


@dataclass(frozen=True)
class LearnedBeam(_LearnedWeights):
    """Beam search over learned concept weights (``selection.beam_coverage``)."""

    name: str = "newsfuse.learned-beam.v1"
    model: ConceptModel | None = None
    corroboration: float = 3.0
    """Chosen by 5-fold cross-validation on the Multi-News sample with the packaged model
    (benchmarks/tune.py --packaged-model); the model itself never saw that data."""
    width: float = 6
    branch: float = 4
    length_exponent: float = 0.5
    lead_weight: float = 0.0

    def select(self, task: SelectionInput) -> list[Selection]:
        table = task.features.concept_table
        if not table.concepts:
            return []
        return beam_coverage(
            task,
            restrict(table, task.candidates),
            self.weigh(task.features),
            width=int(self.width),
            branch=int(self.branch),
            length_exponent=self.length_exponent,
            lead_weight=self.lead_weight,
        )
