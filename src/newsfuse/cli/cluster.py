"""``newsfuse cluster``: which event each article belongs to."""

from __future__ import annotations

import argparse
from typing import Any

from newsfuse.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    add_clustering_options,
    add_input_options,
    read_inputs,
    report,
    settings_from,
    write,
)
from newsfuse.renderers import formats, render


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "cluster",
        help="group articles into events",
        description="Group the articles under PATH into events: each article joins the most similar "
        "event or opens a new one, then articles move to the event that suits them best now that the "
        "whole pile is known. Copies always join their original.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", choices=formats("events"), default="tsv")
    add_clustering_options(parser)
    add_input_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.pipeline import group

    settings = settings_from(args, {})
    grouping = group(read_inputs(args, settings), settings)
    skipped = report(grouping.problems)
    write(render(grouping, args.format, kind="events"), json=args.format == "json")
    return EXIT_SKIPPED if skipped else EXIT_OK
