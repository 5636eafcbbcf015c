"""``newsfuse eval-clusters``: event grouping against gold events, with baselines."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsfuse.cli.common import EXIT_OK, positive, settings_from
from newsfuse.settings import ClusteringSettings


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "eval-clusters",
        help="score event clustering against gold labels (B-cubed, pairwise)",
        description="Cluster labelled articles (ECB+ style doc_id/event_label/text lines, or benchmark "
        "clusters whose documents are shuffled into one stream) with newsfuse and baselines; newsfuse's "
        "storylines are scored against the same gold labels.",
    )
    parser.add_argument("datasets", nargs="+", metavar="DATA.jsonl")
    parser.add_argument(
        "--threshold",
        type=float,
        help=f"least similarity to join an event (default {ClusteringSettings().threshold})",
    )
    parser.add_argument(
        "--orders", type=positive, default=5, help="random orders of the articles to run on (5)"
    )
    parser.add_argument(
        "--first-sentence", action="store_true", help="cut each article to its first sentence (short texts)"
    )
    parser.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.clusters import (
        agglomerative_baseline,
        evaluate_clusterers,
        format_cluster_table,
        newsfuse_clusterer,
        newsfuse_stream,
        read_labelled,
        single_pass_baseline,
    )

    settings = settings_from(args, {}).clustering
    data = read_labelled(args.datasets, first_sentence=args.first_sentence)
    results = evaluate_clusterers(
        data,
        {
            "newsfuse (pile: refined)": newsfuse_clusterer(settings),
            "newsfuse (pile, not refined)": newsfuse_clusterer(settings, refine=False),
            "newsfuse (stream: one at a time)": newsfuse_stream(settings),
            "newsfuse storylines (pile)": newsfuse_clusterer(settings, storylines=True),
            "newsfuse storylines (stream)": newsfuse_stream(settings, storylines=True),
            "single-pass TF-IDF (0.3)": single_pass_baseline(0.3),
            "agglomerative TF-IDF (avg, 0.7)": agglomerative_baseline(0.7),
        },
        orders=args.orders,
    )
    names = ", ".join(str(d) for d in args.datasets)
    cut = " (each cut to its first sentence)" if args.first_sentence else ""
    sys.stdout.write(f"{names}: {len(data.articles)} articles{cut}\n\n")
    sys.stdout.write(format_cluster_table(results, len(set(data.gold.values())), args.orders) + "\n")
    return EXIT_OK
