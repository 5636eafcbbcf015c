"""ROUGE as the literature reports it: stemmed n-gram overlap, summaries cut to a word limit.

Scores come from rouge-score-rs, which reproduces Google's rouge-score exactly and is much
faster. With several references, a cluster's score is the mean over its references.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

METRICS = ("rouge1", "rouge2", "rougeL")
MEASURES = ("recall", "f1")


def truncate_words(text: str, words: int) -> str:
    """The first ``words`` whitespace-separated words of ``text`` (DUC's length limit)."""
    return " ".join(text.split()[:words])


@dataclass(frozen=True, slots=True)
class ClusterScore:
    """One summary's ROUGE against a cluster's references: ``values[(metric, measure)]``."""

    values: dict[tuple[str, str], float]


class RougeScorer:
    def __init__(self, metrics: Sequence[str] = METRICS) -> None:
        self.metrics = tuple(metrics)
        self._scorer: Any = None

    def score(self, references: Sequence[str], summary: str) -> ClusterScore:
        if self._scorer is None:
            self._scorer = _make_scorer(self.metrics)
        totals = {(m, measure): 0.0 for m in self.metrics for measure in MEASURES}
        for reference in references:
            scores = self._scorer.score(reference, summary)
            for metric in self.metrics:
                totals[(metric, "recall")] += scores[metric].recall
                totals[(metric, "f1")] += scores[metric].fmeasure
        count = max(len(references), 1)
        return ClusterScore({key: value / count for key, value in totals.items()})


def _make_scorer(metrics: Sequence[str]) -> Any:
    import importlib

    for module in ("rouge_score_rs.rouge_scorer", "rouge_score.rouge_scorer"):
        try:  # the second, slower reference implementation gives the same numbers
            scorer_module: Any = importlib.import_module(module)
        except ImportError:
            continue
        return scorer_module.RougeScorer(list(metrics), use_stemmer=True)
    from newsfuse.errors import ConfigError

    raise ConfigError("evaluation needs a ROUGE scorer: pip install 'newsfuse[eval]' (rouge-score-rs)")
