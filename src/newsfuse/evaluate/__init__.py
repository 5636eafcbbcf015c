"""Evaluate: score newsfuse and its published peers on benchmark clusters, in one run."""

from newsfuse.evaluate.runner import EvaluationReport, SystemScores, evaluate
from newsfuse.evaluate.systems import available_systems
from newsfuse.ingest.benchmark import BenchmarkCluster, read_benchmark

__all__ = [
    "BenchmarkCluster",
    "EvaluationReport",
    "SystemScores",
    "available_systems",
    "evaluate",
    "read_benchmark",
]
