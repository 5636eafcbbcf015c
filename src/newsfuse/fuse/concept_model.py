"""Concept weights learned from reference summaries.

A logistic model estimates, from a concept's features (``fuse.concepts``), the chance that
a human summary of the cluster contains it; selection then covers the concepts with the
highest expected value. The model is a small JSON file of coefficients, trained by
``newsfuse train`` (``train_concept_model``) on benchmark clusters that are not used to
report results. The packaged model and its provenance are in ``newsfuse/models/``.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsfuse.errors import ConfigError
from newsfuse.fuse.concepts import FEATURE_NAMES
from newsfuse.fuse.features import ClusterFeatures
from newsfuse.model import Article
from newsfuse.text.tokens import sentence_terms

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
    identity: dict[str, str] = field(default_factory=dict, compare=False)
    """The file the model was read from: ``name`` and ``sha256`` (recorded with results)."""

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
            if (
                not isinstance(data, dict)
                or data.get("format") != MODEL_FORMAT
                or data.get("features") != list(FEATURE_NAMES)
            ):
                raise ConfigError(f"{where}: not a {MODEL_FORMAT} model for this version of newsfuse")
            model = cls(
                coefficients=np.asarray(data["coefficients"], dtype=np.float64),
                intercept=float(data["intercept"]),
                means=np.asarray(data["means"], dtype=np.float64),
                scales=np.asarray(data["scales"], dtype=np.float64),
                provenance=dict(data.get("provenance", {})),
            )
            sizes = {len(model.coefficients), len(model.means), len(model.scales)}
            if sizes != {len(FEATURE_NAMES)} or not np.isfinite(model.coefficients).all():
                raise ValueError(f"expected {len(FEATURE_NAMES)} finite numbers of each kind")
            return model
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"{where}: unreadable concept model ({error})") from None


_loaded: dict[tuple[str, int, int], ConceptModel] = {}
_MAX_MODEL_BYTES = 1 << 20


def load_concept_model(path: str | None = None) -> ConceptModel:
    """The model at ``path``, or the packaged one. A file is read again when it changes
    (a long-running process sees a retrained model)."""
    if path is None:
        return _packaged()
    if not path.strip() or "\0" in path:
        raise ConfigError(f"{path!r}: not a path to a concept model")
    try:
        status = Path(path).stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_MODEL_BYTES:
            raise ConfigError(f"{path}: not a concept model (not a regular file of at most 1 MiB)")
        key = (path, status.st_mtime_ns, status.st_size)
        if key not in _loaded:
            _loaded.clear()  # only the current version of a file is worth keeping
            with Path(path).open("rb") as stream:
                _loaded[key] = _parse(stream.read(_MAX_MODEL_BYTES + 1), Path(path).name, path)
        return _loaded[key]
    except OSError as error:
        raise ConfigError(f"{path}: cannot read concept model ({error.strerror})") from None


@cache
def _packaged() -> ConceptModel:
    """The model shipped in the package (it changes only with the package)."""
    data = resources.files("newsfuse").joinpath("models", PACKAGED_MODEL).read_bytes()
    return _parse(data, PACKAGED_MODEL, f"packaged model {PACKAGED_MODEL}")


def _parse(data: bytes, name: str, where: str) -> ConceptModel:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: a concept model is UTF-8 JSON") from None
    model = ConceptModel.from_json(text, where)
    return replace(model, identity={"name": name, "sha256": hashlib.sha256(data).hexdigest()})


def concept_labels(features: ClusterFeatures, references: Sequence[str]) -> NDArray[np.float64]:
    """1 for each concept that some reference summary contains, else 0."""
    wanted: set[tuple[str, str]] = set()
    for reference in references:
        wanted |= sentence_terms(reference).bigrams
    return np.array([1.0 if c in wanted else 0.0 for c in features.concept_table.concepts])


def training_rows(
    clusters: Sequence[tuple[Sequence[Article], Sequence[str]]],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Features and labels of every concept of every (clean articles, references) cluster."""
    from newsfuse.segment import split_sentences

    blocks, labels = [], []
    for articles, references in clusters:
        cleaned = [a for a in articles if a.text.strip()]
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
) -> ConceptModel:
    """L2-regularised logistic regression on standardised features (scikit-learn, solved
    by Newton's method to its optimum, so training is deterministic)."""
    from sklearn.linear_model import LogisticRegression

    if features.shape[0] == 0 or labels.min() == labels.max():
        raise ConfigError("training needs concepts both in and out of the reference summaries")
    means = features.mean(axis=0)
    scales = features.std(axis=0)
    scales[scales < 1e-9] = 1.0  # a feature constant in the training data carries no signal
    # scikit-learn minimises C * log-loss + ||w||² / 2, so C = 1 / l2; the intercept is not shrunk.
    fitted = LogisticRegression(C=1.0 / l2, solver="newton-cholesky", tol=1e-10, max_iter=200)
    fitted.fit((features - means) / scales, labels)
    return ConceptModel(
        coefficients=fitted.coef_[0].astype(np.float64),
        intercept=float(fitted.intercept_[0]),
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
    """Learn concept weights from clusters of (clean articles, reference summaries)."""
    features, labels = training_rows(clusters)
    details = {
        "clusters": len(clusters),
        "concepts": int(labels.size),
        "positive": int(labels.sum()),
        "l2": l2,
    }
    return fit_logistic(features, labels, l2=l2, provenance={**details, **(provenance or {})})
