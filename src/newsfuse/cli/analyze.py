"""``newsfuse analyze``: who is involved in reports of one event, and when things happened."""

from __future__ import annotations

import argparse
from typing import Any

from newsfuse.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    add_input_options,
    read_inputs,
    report,
    settings_from,
    write,
)
from newsfuse.renderers import formats, render


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "analyze",
        help="people, organisations, places and dates of reports of one event",
        description="Find who is involved in the reports under PATH (one entity per person, "
        "organisation or place, however the sources spell it, with the roles they give) and the "
        "dates they name, resolved against each article's date.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", choices=formats("analysis"), default="text")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the analysis to FILE")
    add_input_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.pipeline import analyze_prepared

    settings = settings_from(args, {})
    analysis = analyze_prepared(read_inputs(args, settings))
    skipped = report(analysis.problems)
    write(render(analysis, args.format, kind="analysis"), args.output, json=args.format == "json")
    return EXIT_SKIPPED if skipped else EXIT_OK
