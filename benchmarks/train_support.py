"""Train the support models (``src/newsfuse/models/support.json``) on the hand-labelled pairs.

Each model is two logistic regressions: "B reports A's fact" (SUPPORTS, PARTIAL or
CONFLICTS against UNRELATED) and, among those, "all of it" (SUPPORTS against PARTIAL). The
word model reads ``WORD_FEATURES``; the meaning model reads ``FEATURES`` (the same plus the
sentence encoder's closeness) and judges the pairs the word model leaves open (``OPEN``).
Each model's citation threshold is the same-fact probability at which cross-validated
citations score best by F0.5 (precision weighs twice); its same-fact threshold, above
which a value difference is a conflict, scores best by F1 (``choose_thresholds``).
Clusters never straddle folds. Writes the models with their provenance: the pairs file's
and the encoder's hashes and the date.

    python benchmarks/train_support.py [--data ../shared/data] [--out src/newsfuse/models/support.json]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent / "gold"))

from check_pairs import DEFAULT_DATA, DEFAULT_PAIRS, Pair, PairCluster, load_pair_clusters, load_pairs, locate

from newsfuse.evidence.relation import FEATURES, OPEN, WORD_FEATURES, Evidence, SupportModel

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src" / "newsfuse" / "models"
DEFAULT_OUT = MODELS / "support.json"
ENCODER = MODELS / "sentence-encoder" / "model.onnx"
FOLDS = 5
SAME_FACT = ("SUPPORTS", "PARTIAL", "CONFLICTS")
PRECISION_WEIGHT = 0.5
"""Beta of the F-beta the citation threshold maximises: 0.5 weighs precision twice as much
as recall, since a citation that does not support its sentence misleads a reader more
than a missing one (F1 chose thresholds citing a third of pairs wrongly)."""


def pair_signals(
    pairs: Sequence[Pair], clusters: dict[tuple[str, str], PairCluster]
) -> tuple[NDArray[np.float64], list[tuple[str, str]]]:
    """Every pair's ``FEATURES`` (the word model reads the first ``len(WORD_FEATURES)``),
    and the pair's two sentences."""
    evidence: dict[int, Evidence] = {}
    rows = []
    texts = []
    for pair in pairs:
        features, a, b = locate(pair, clusters)
        relation = evidence.setdefault(id(features), Evidence(features))
        other = np.array([b])
        rows.append([*relation.signals(a, other)[1][0], relation.closeness(a, other)[0]])
        texts.append((features.sentences[a].text, features.sentences[b].text))
    return np.array(rows), texts


def words_only(signals: NDArray[np.float64]) -> NDArray[np.float64]:
    return signals[:, : len(WORD_FEATURES)]


def fit(
    signals: NDArray[np.float64], labels: Sequence[str], thresholds: tuple[float, float] = (0.5, 0.5)
) -> SupportModel:
    """A model over the first columns of ``signals``: all of ``FEATURES``, or the words'."""
    from sklearn.linear_model import LogisticRegression

    mean = signals.mean(axis=0)
    scale = signals.std(axis=0)
    scale[scale == 0] = 1.0
    scaled = (signals - mean) / scale
    same = np.array([label in SAME_FACT for label in labels])
    first = LogisticRegression(C=1.0, max_iter=5000).fit(scaled, same)
    cited = np.array([label in ("SUPPORTS", "PARTIAL") for label in labels])
    whole = np.array([label == "SUPPORTS" for label in labels])
    second = LogisticRegression(C=1.0, max_iter=5000).fit(scaled[cited], whole[cited])
    return SupportModel(
        features=FEATURES[: signals.shape[1]],
        mean=mean,
        scale=scale,
        same_fact=np.append(first.coef_[0], first.intercept_[0]),
        whole=np.append(second.coef_[0], second.intercept_[0]),
        cite_threshold=thresholds[0],
        same_threshold=thresholds[1],
    )


def cross_validated(
    signals: NDArray[np.float64], labels: Sequence[str], groups: Sequence[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Out-of-fold P(same fact) and P(all of it) for every pair."""
    from sklearn.model_selection import GroupKFold

    same = np.zeros(len(labels))
    whole = np.zeros(len(labels))
    for train, test in GroupKFold(FOLDS).split(signals, labels, groups):
        model = fit(signals[train], [labels[i] for i in train])
        same[test], whole[test] = model.probabilities(signals[test])
    return same, whole


def screened(
    words: tuple[NDArray[np.float64], NDArray[np.float64]],
    meaning: tuple[NDArray[np.float64], NDArray[np.float64]],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """P(same fact) and P(all of it) as the relation gives them for a pair that is its
    article's likeliest: the meaning model's where the words leave it open, else the words'
    (none below ``OPEN``)."""
    low, high = OPEN
    judged = (words[0] >= low) & (words[0] <= high)
    settled = words[0] > high
    return tuple(  # type: ignore[return-value]
        np.where(judged, by_meaning, np.where(settled, by_words, 0.0))
        for by_words, by_meaning in zip(words, meaning, strict=True)
    )


def choose_thresholds(same: NDArray[np.float64], labels: Sequence[str]) -> tuple[float, float]:
    """The citation threshold (best F-beta with ``PRECISION_WEIGHT``) and the same-fact
    threshold (best F1) for cross-validated ``same``."""
    return choose_threshold(same, labels, PRECISION_WEIGHT), choose_threshold(same, labels, 1.0)


def choose_threshold(same: NDArray[np.float64], labels: Sequence[str], beta: float) -> float:
    """The probability above which citing scores best by F-beta on the pairs that do not
    conflict (keeping conflicting pairs out is the conflict rules' work)."""
    kept = np.array([label != "CONFLICTS" for label in labels])
    same = same[kept]
    good = np.array([label in ("SUPPORTS", "PARTIAL") for label in labels])[kept]
    best, chosen = -1.0, 0.5
    for threshold in np.arange(0.30, 0.91, 0.01):
        cited = same >= threshold
        if not cited.any():
            break
        precision, recall = good[cited].mean(), cited[good].mean()
        beta2 = beta**2
        f_beta = (1 + beta2) * precision * recall / (beta2 * precision + recall)
        if f_beta > best:
            best, chosen = f_beta, round(float(threshold), 2)
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: {args.data} not found")
        return 0
    pairs = load_pairs(args.pairs)
    labels = [p.label for p in pairs]
    groups = [f"{p.dataset}/{p.cluster}" for p in pairs]
    signals, _ = pair_signals(pairs, load_pair_clusters(pairs, args.data))
    words_cv = cross_validated(words_only(signals), labels, groups)
    meaning_cv = screened(words_cv, cross_validated(signals, labels, groups))
    words = fit(words_only(signals), labels, choose_thresholds(words_cv[0], labels))
    meaning = fit(signals, labels, choose_thresholds(meaning_cv[0], labels))
    record = {
        "about": (
            "newsfuse support models: logistic regressions over the features listed, trained by "
            "benchmarks/train_support.py on the hand-labelled pairs of benchmarks/gold (our own labels)."
        ),
        "trained": datetime.date.today().isoformat(),
        "pairs": {"file": args.pairs.name, "sha256": _sha256(args.pairs)},
        "encoder": {
            "file": "sentence-encoder/model.onnx",
            "sha256": _sha256(MODELS / "sentence-encoder/model.onnx"),
        },
        "words": words.to_data(),
        "meaning": meaning.to_data(),
    }
    args.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(pairs)} pairs; citation / same-fact thresholds {words.cite_threshold} / "
        f"{words.same_threshold} (words), {meaning.cite_threshold} / {meaning.same_threshold} (meaning); "
        f"written {args.out}"
    )
    return 0


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    sys.exit(main())
