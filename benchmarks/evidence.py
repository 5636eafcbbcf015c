"""How trustworthy citations are: the support relation against the hand-labelled pairs.

For every pair of ``benchmarks/gold/evidence_pairs.jsonl`` (a sentence A and a sentence B
of another article of the same cluster, labelled SUPPORTS, PARTIAL, CONFLICTS or
UNRELATED), asks the relation whether B would be cited for A, and reports:

- citation precision: SUPPORTS + PARTIAL among the pairs it would cite (target >= 0.95);
- strict precision: SUPPORTS among the pairs it marks as full support (target >= 0.85);
- support recall: pairs it would cite among all SUPPORTS + PARTIAL pairs (target >= 0.85);
- conflicts: precision and recall of CONFLICTS (targets >= 0.9 and >= 0.7), and how many
  conflicting pairs it would cite as support;
- per-label precision, recall and F1.

The relation of release 0.2 (``evidence.support.SupportRule``: a pair is either related,
cited as support, or not) is the baseline every new relation is scored against in the
same run. The four-way relation (``evidence.relation``) is trained on these very pairs,
so its first column is fitted; the cross-validated column (five folds, no cluster in two)
is the one to read. The held-out pairs (``evidence_pairs_heldout.jsonl``: other clusters,
labelled without sight of the relation) are scored with the shipped model.

    python benchmarks/evidence.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent / "gold"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_pairs import (
    DEFAULT_DATA,
    DEFAULT_PAIRS,
    HERE,
    Pair,
    PairCluster,
    load_pair_clusters,
    load_pairs,
    locate,
)

import newsfuse
from newsfuse.evidence.relation import WORD_FEATURES, Evidence, decide, load_support_models
from newsfuse.evidence.support import SupportRule
from newsfuse.fuse.features import ClusterFeatures
from train_support import cross_validated, pair_signals, screened, words_only

LABELS = ("SUPPORTS", "PARTIAL", "CONFLICTS", "UNRELATED")
HELDOUT_PAIRS = HERE / "evidence_pairs_heldout.jsonl"
"""Pairs of clusters the training pairs do not use, labelled without sight of the relation:
never trained or tuned on."""
Relation = Callable[[ClusterFeatures, int, int], str]
"""A relation: the label it gives the pair (sentence a, sentence b) of a cluster."""


def todays_relation(settings: newsfuse.Settings) -> Relation:
    """Related pairs are cited as full support; nothing is partial or a conflict."""
    rule = SupportRule.from_settings(settings.support)

    def label(features: ClusterFeatures, a: int, b: int) -> str:
        related, _ = rule.related(features, a)
        return "SUPPORTS" if b in set(related.tolist()) else "UNRELATED"

    return label


def four_way_relation() -> Relation:
    """``evidence.relation``: the support model, then the value and polarity conflict rules."""
    built: dict[int, Evidence] = {}

    def label(features: ClusterFeatures, a: int, b: int) -> str:
        evidence = built.setdefault(id(features), Evidence(features))
        return evidence.label(a, b).name

    return label


def cross_validated_labels(pairs: Sequence[Pair], clusters: dict[tuple[str, str], PairCluster]) -> list[str]:
    """The four-way relation with each pair labelled by a model trained without its cluster
    (``train_support``'s folds, threshold as shipped): the figure to trust."""
    signals, texts = pair_signals(pairs, clusters)
    gold, groups = [p.label for p in pairs], [f"{p.dataset}/{p.cluster}" for p in pairs]
    words = cross_validated(words_only(signals), gold, groups)
    same, whole = screened(words, cross_validated(signals, gold, groups))
    model = load_support_models().meaning
    quote = WORD_FEATURES.index("shared quotation")
    labels = []
    for (a, b), row, p_same, p_whole in zip(texts, signals, same, whole, strict=True):
        found = decide(a, b, float(p_same), float(p_whole), float(row[quote]), model)
        labels.append("UNRELATED" if found is None else found[0].name)
    return labels


CONFIDENCE_BINS = ((0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


def calibration(pairs: Sequence[Pair], clusters: dict[tuple[str, str], PairCluster]) -> list[str]:
    """For the pairs the four-way relation cites, by confidence: how many, and the share
    that really report the fact (SUPPORTS or PARTIAL). A calibrated confidence rises with it."""
    built: dict[int, Evidence] = {}
    cited: list[tuple[float, bool]] = []
    for pair in pairs:
        features, a, b = locate(pair, clusters)
        evidence = built.setdefault(id(features), Evidence(features))
        for judgement in evidence.judge(a, np.array([b])):
            if judgement.label.name in ("SUPPORTS", "PARTIAL"):
                cited.append((judgement.confidence, pair.label in ("SUPPORTS", "PARTIAL")))
    lines = []
    for low, high in CONFIDENCE_BINS:
        right = [ok for confidence, ok in cited if low <= confidence < high]
        share = f"{sum(right) / len(right):.3f}" if right else "-"
        lines.append(
            f"  confidence {low:.1f}-{min(high, 1.0):.1f}: {len(right):>4} cited, {share} report the fact"
        )
    return lines


def score(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    cited = [g for g, p in zip(gold, predicted, strict=True) if p in ("SUPPORTS", "PARTIAL")]
    full = [g for g, p in zip(gold, predicted, strict=True) if p == "SUPPORTS"]
    supporting = [p for g, p in zip(gold, predicted, strict=True) if g in ("SUPPORTS", "PARTIAL")]
    conflicts = [g for g, p in zip(gold, predicted, strict=True) if p == "CONFLICTS"]
    gold_conflicts = [p for g, p in zip(gold, predicted, strict=True) if g == "CONFLICTS"]
    figures = {
        "citation precision": _share(cited, ("SUPPORTS", "PARTIAL")),
        "strict precision": _share(full, ("SUPPORTS",)),
        "support recall": _share(supporting, ("SUPPORTS", "PARTIAL")),
        "conflict precision": _share(conflicts, ("CONFLICTS",)),
        "conflict recall": _share(gold_conflicts, ("CONFLICTS",)),
        "conflicts cited as support": float(sum(p in ("SUPPORTS", "PARTIAL") for p in gold_conflicts)),
    }
    for label in LABELS:
        true = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        said = sum(p == label for p in predicted)
        real = sum(g == label for g in gold)
        precision, recall = true / said if said else 0.0, true / real if real else 0.0
        figures[f"{label} F1"] = 2 * precision * recall / (precision + recall) if true else 0.0
    return figures


def _share(values: Sequence[str], wanted: tuple[str, ...]) -> float:
    return sum(v in wanted for v in values) / len(values) if values else float("nan")


def predictions(
    pairs: Sequence[Pair], relations: dict[str, Relation], clusters: dict[tuple[str, str], PairCluster]
) -> dict[str, list[str]]:
    """Every relation's label for every pair, in order."""
    result: dict[str, list[str]] = {name: [] for name in relations}
    for pair in pairs:
        features, a, b = locate(pair, clusters)
        for name, relation in relations.items():
            result[name].append(relation(features, a, b))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--heldout", type=Path, default=HELDOUT_PAIRS)
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"skipped: {args.data} not found")
        return 0
    settings = newsfuse.load_settings(environ={}, user_file=False)
    for title, path, trained_on in (
        ("Training pairs", args.pairs, True),
        ("Held-out pairs (other clusters, labelled blind)", args.heldout, False),
    ):
        if not path.is_file():
            print(f"{title}: {path} not found, skipped")
            continue
        pairs = load_pairs(path)
        relations = {
            "related only (0.2)": todays_relation(settings),
            "four-way (0.3)": four_way_relation(),
        }
        clusters = load_pair_clusters(pairs, args.data)
        labelled = predictions(pairs, relations, clusters)
        if trained_on:
            labelled["four-way, cross-validated"] = cross_validated_labels(pairs, clusters)
        gold = [pair.label for pair in pairs]
        print(
            f"\n{title}: {path.name}, {len(pairs)} pairs, "
            f"{len({(p.dataset, p.cluster) for p in pairs})} clusters: "
            + ", ".join(f"{k} {v}" for k, v in Counter(gold).most_common())
        )
        table = {name: score(gold, predicted) for name, predicted in labelled.items()}
        names = list(table)
        print(f"{'measure':<30}" + "".join(f"{name:>28}" for name in names))
        for measure in table[names[0]]:
            print(f"{measure:<30}" + "".join(f"{table[name][measure]:>28.3f}" for name in names))
        if not trained_on:
            print("Four-way citations by confidence:")
            print("\n".join(calibration(pairs, clusters)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
