"""``newsfuse train``: learn the concept model from benchmark clusters with references."""

from __future__ import annotations

import argparse
from typing import Any

from newsfuse.cli.common import EXIT_OK, say


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "train",
        help="learn concept weights from a benchmark file with reference summaries",
        description="Train the concept model of the learned algorithms on benchmark clusters "
        "(JSONL: id, documents, summaries). Use it with concept_model = FILE in [summary].",
    )
    parser.add_argument("dataset", metavar="DATASET.jsonl")
    parser.add_argument("--out", required=True, metavar="FILE", help="where to write the model (JSON)")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 regularisation strength (default 1)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.fuse.concept_model import train_concept_model
    from newsfuse.ingest.benchmark import read_benchmark
    from newsfuse.pipeline import prepare
    from newsfuse.settings import load_settings

    settings = load_settings()
    clusters = read_benchmark(args.dataset)
    model = train_concept_model(
        [(prepare(c.articles(), settings).articles, c.references) for c in clusters],
        l2=args.l2,
        provenance={"trained_on": str(args.dataset)},
    )
    with open(args.out, "w", encoding="utf-8") as stream:
        stream.write(model.to_json() + "\n")
    details = model.provenance
    say(f"trained on {details['clusters']} clusters, {details['concepts']} concepts; wrote {args.out}")
    return EXIT_OK
