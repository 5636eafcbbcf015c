"""Run every system on every cluster, cut each summary to the same word limit, score it
with the same scorer, and summarize the scores with bootstrap confidence intervals."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsfuse.evaluate.bootstrap import bootstrap_interval
from newsfuse.evaluate.rouge import MEASURES, ClusterScore, RougeScorer, truncate_words
from newsfuse.evaluate.systems import EvalSystem
from newsfuse.ingest.benchmark import BenchmarkCluster


@dataclass(frozen=True, slots=True)
class SystemScores:
    name: str
    clusters: tuple[str, ...]
    scores: tuple[ClusterScore, ...]
    seconds: tuple[float, ...]
    """Time to produce each summary (0 for stored peer outputs)."""
    word_counts: tuple[int, ...]
    """Words in each summary before cutting."""
    summaries: tuple[str, ...] = ()
    """Each summary as scored (cut to the word limit)."""

    def mean(self, metric: str, measure: str) -> float:
        return statistics.fmean(s.values[(metric, measure)] for s in self.scores)

    def interval(self, metric: str, measure: str, *, seed: int = 0) -> tuple[float, float]:
        return bootstrap_interval([s.values[(metric, measure)] for s in self.scores], seed=seed)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000 if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    dataset: str
    words: int
    metrics: tuple[str, ...]
    systems: tuple[SystemScores, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)
    tokens: tuple[str, ...] = ("stemmed",)
    """How the scorer made tokens (``evaluate.rouge.TOKENS``), the first for the plain metrics."""

    def to_dict(self, *, seed: int = 0) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "words": self.words,
            "clusters": len(self.systems[0].clusters) if self.systems else 0,
            "scorer": f"rouge-score ({', '.join(self.tokens)} tokens), mean over references; "
            "summaries cut to the word limit",
            "settings": dict(self.settings),
            "systems": [
                {
                    "name": system.name,
                    "median_ms_per_cluster": round(system.median_ms, 2),
                    "mean_words_before_cut": round(statistics.fmean(system.word_counts), 1),
                    "scores": {
                        f"{metric}_{measure}": {
                            "mean": round(100 * system.mean(metric, measure), 2),
                            "ci95": [round(100 * v, 2) for v in system.interval(metric, measure, seed=seed)],
                        }
                        for metric in self.metrics
                        for measure in MEASURES
                    },
                    "per_cluster": {
                        cluster: {f"{m}_{k}": round(100 * v, 3) for (m, k), v in score.values.items()}
                        for cluster, score in zip(system.clusters, system.scores, strict=True)
                    },
                }
                for system in self.systems
            ],
        }


def evaluate(
    clusters: Sequence[BenchmarkCluster],
    systems: Sequence[EvalSystem],
    *,
    dataset: str,
    words: int,
    scorer: RougeScorer | None = None,
    progress: Callable[[str], None] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> EvaluationReport:
    scorer = scorer or RougeScorer()
    results = []
    for system in systems:
        if progress:
            progress(system.name)
        prepare = getattr(system, "prepare", None)
        if prepare is not None:
            prepare(clusters)
        scores, seconds, counts, cut = [], [], [], []
        for cluster in clusters:
            start = time.perf_counter()
            summary = system.summarize(cluster, words)
            seconds.append(time.perf_counter() - start)
            counts.append(len(summary.split()))
            cut.append(truncate_words(summary, words))
            scores.append(scorer.score(cluster.references, cut[-1]))
        results.append(
            SystemScores(
                name=system.name,
                clusters=tuple(c.id for c in clusters),
                scores=tuple(scores),
                seconds=tuple(seconds),
                word_counts=tuple(counts),
                summaries=tuple(cut),
            )
        )
    return EvaluationReport(dataset, words, scorer.metrics, tuple(results), settings or {}, scorer.tokens)


def format_table(report: EvaluationReport, measure: str, *, seed: int = 0) -> str:
    """One row per system: mean and 95% bootstrap interval per metric, and time per cluster."""
    header = f"{'system':<26}" + "".join(f"{_metric_name(m) + ' ' + measure:>22}" for m in report.metrics)
    lines = [header + f"{'ms/cluster':>12}", "-" * (len(header) + 12)]
    ranked = sorted(report.systems, key=lambda s: -s.mean(report.metrics[0], measure))
    for system in ranked:
        cells = []
        for metric in report.metrics:
            low, high = system.interval(metric, measure, seed=seed)
            cells.append(f"{100 * system.mean(metric, measure):6.2f} [{100 * low:5.2f},{100 * high:5.2f}]")
        timing = (
            f"{system.median_ms:12.1f}" if any(system.seconds) and system.median_ms >= 0.05 else f"{'-':>12}"
        )
        lines.append(f"{system.name:<26}" + "".join(f"{cell:>22}" for cell in cells) + timing)
    return "\n".join(lines)


def _metric_name(metric: str) -> str:
    """ "rouge2" as "R-2", "rouge2_words" as "R-2 words"."""
    base, _, tokens = metric.partition("_")
    name = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L"}.get(base, base)
    return f"{name} {tokens}" if tokens else name
