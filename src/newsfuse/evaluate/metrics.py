"""Clustering quality against gold labels: B-cubed and pairwise precision, recall and F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed (Bagga and Baldwin 1998) over the items labelled in both mappings."""
    items = [i for i in gold if i in predicted]
    if not items:
        return 0.0, 0.0, 0.0
    joint = Counter((predicted[i], gold[i]) for i in items)
    cluster_size = Counter(predicted[i] for i in items)
    class_size = Counter(gold[i] for i in items)
    precision = sum(joint[(predicted[i], gold[i])] / cluster_size[predicted[i]] for i in items) / len(items)
    recall = sum(joint[(predicted[i], gold[i])] / class_size[gold[i]] for i in items) / len(items)
    return precision, recall, _f1(precision, recall)


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over pairs of items put (or belonging) together."""
    items = [i for i in gold if i in predicted]
    joint = Counter((predicted[i], gold[i]) for i in items)
    together_both = sum(n * (n - 1) / 2 for n in joint.values())
    together_predicted = sum(n * (n - 1) / 2 for n in Counter(predicted[i] for i in items).values())
    together_gold = sum(n * (n - 1) / 2 for n in Counter(gold[i] for i in items).values())
    precision = together_both / together_predicted if together_predicted else 1.0
    recall = together_both / together_gold if together_gold else 1.0
    return precision, recall, _f1(precision, recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
