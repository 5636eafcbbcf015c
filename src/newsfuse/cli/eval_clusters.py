"""``newsfuse eval-clusters``: event grouping against gold events, with baselines."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsfuse.cli.common import EXIT_OK, settings_from
from newsfuse.settings import ClusteringSettings


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "eval-clusters",
        help="score event clustering against gold labels (B-cubed, pairwise)",
        description="Cluster labelled articles (ECB+ style doc_id/event_label/text lines, or benchmark "
        "clusters whose documents are shuffled into one stream) with newsfuse and baselines.",
    )
    parser.add_argument("datasets", nargs="+", metavar="DATA.jsonl")
    parser.add_argument(
        "--threshold",
        type=float,
        help=f"least similarity to join an event (default {ClusteringSettings().threshold})",
    )
    parser.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.clusters import (
        agglomerative_baseline,
        evaluate_clusterers,
        format_cluster_table,
        newsfuse_clusterer,
        read_labelled,
        single_pass_baseline,
    )

    settings = settings_from(args, {}).clustering
    data = read_labelled(args.datasets)
    results = evaluate_clusterers(
        data,
        {
            "newsfuse (pile: refined)": newsfuse_clusterer(settings),
            "newsfuse (stream: single pass)": newsfuse_clusterer(settings, refine=False),
            "single-pass TF-IDF (0.3)": single_pass_baseline(0.3),
            "agglomerative TF-IDF (avg, 0.7)": agglomerative_baseline(0.7),
        },
    )
    names = ", ".join(str(d) for d in args.datasets)
    sys.stdout.write(f"{names}: {len(data.articles)} articles\n\n")
    sys.stdout.write(format_cluster_table(results, len(set(data.gold.values()))) + "\n")
    return EXIT_OK
