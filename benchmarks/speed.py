"""Time ingest + clean + segment + fuse per cluster on DUC 2004 (50 clusters x 10 articles),
or on the ViMs clusters of 10 Vietnamese articles (``--data .../vims/all.jsonl
--min-documents 10 --words 225 --target-ms 200``); with ``--analysis``, the analysis
(names, quotes, dates) is timed apart.

Run with ``make bench``. Reads the benchmark from ../shared/data (never copied into the
repo) and skips with a message when it is absent. Pinned to one core when the platform
allows, so the figure is per-core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import newsfuse
from newsfuse.ingest.records import parse_jsonl

TARGET_MEDIAN_MS = 150.0
"""Summary with evidence (the relation and its sentence encoder included), one core."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/duc2004/test.jsonl"))
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over all clusters")
    parser.add_argument("--algorithm", help="selection algorithm (default: the configured one)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--min-documents", type=int, default=0, help="only clusters of this many articles")
    parser.add_argument("--target-ms", type=float, default=TARGET_MEDIAN_MS, help="median to stay under")
    parser.add_argument("--analysis", action="store_true", help="also time the analysis of each cluster")
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: benchmark data not found at {args.data}")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    lines = [
        line
        for line in args.data.read_text(encoding="utf-8").split("\n")  # not at U+2028 inside a string
        if line.strip() and len(json.loads(line).get("documents", ())) >= args.min_documents
    ]
    settings = newsfuse.load_settings({"summary": {"words": args.words, "algorithm": args.algorithm}})

    def run_cluster(line: str) -> float:
        # Ingest from the raw JSON line, then clean, segment and fuse: the whole job. Returns
        # the milliseconds the analysis took, when asked for (not counted in the summary's).
        articles = [
            a for a in parse_jsonl(line, article_id="c", origin="bench") if isinstance(a, newsfuse.Article)
        ]
        prepared = newsfuse.prepare(articles, settings)
        newsfuse.summarize_prepared(prepared, settings)
        if not args.analysis:
            return 0.0
        start = time.perf_counter()
        newsfuse.analyze_prepared(prepared)
        return (time.perf_counter() - start) * 1000

    run_cluster(lines[0])  # warm-up: loads libraries and the sentence model
    timings: list[float] = []
    analysis: list[float] = []
    for _ in range(args.repeat):
        for line in lines:
            start = time.perf_counter()
            analysis.append(run_cluster(line))
            timings.append((time.perf_counter() - start) * 1000 - analysis[-1])
    per_cluster = [statistics.median(timings[i :: len(lines)]) for i in range(len(lines))]
    figures = {
        "clusters": len(lines),
        "passes": args.repeat,
        "median_ms": round(statistics.median(per_cluster), 2),
        "p90_ms": round(statistics.quantiles(per_cluster, n=10)[-1], 2),
        "max_ms": round(max(per_cluster), 2),
        "mean_ms": round(statistics.mean(per_cluster), 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "target_median_ms": args.target_ms,
    }
    if args.analysis:
        figures["analysis_median_ms"] = round(statistics.median(analysis), 2)
    verdict = "met" if figures["median_ms"] < args.target_ms else "MISSED"
    figures["algorithm"] = settings.summary.algorithm
    algorithm = settings.summary.algorithm
    print(f"{args.data}, {figures['clusters']} clusters x {args.repeat} passes, one core, {algorithm}")
    print(
        f"per cluster: median {figures['median_ms']} ms, p90 {figures['p90_ms']} ms, "
        f"max {figures['max_ms']} ms, mean {figures['mean_ms']} ms; peak RSS {figures['peak_rss_mib']} MiB"
    )
    if args.analysis:
        print(f"analysis (names, quotes, dates) apart: median {figures['analysis_median_ms']} ms per cluster")
    print(f"target median < {args.target_ms:.0f} ms: {verdict}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
