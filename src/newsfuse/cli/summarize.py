"""``newsfuse summarize``: one cited summary of reports of one event."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from newsfuse.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    add_input_options,
    positive,
    read_inputs,
    refuse_overwriting_an_input,
    report,
    say,
    settings_from,
    write,
)
from newsfuse.renderers import formats, render


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "summarize",
        help="summarize reports of one event, citing every supporting source",
        description="Summarize reports of one event. PATH is a file (.txt, .md, .html, .json, "
        ".jsonl, optionally .gz), a folder (searched recursively), or - for standard input.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--words", type=positive, metavar="N", help="summary length in words (default 100)")
    budget.add_argument("--sentences", type=positive, metavar="N", help="summary length in sentences")
    parser.add_argument(
        "--format",
        choices=formats("summary"),
        default="text",
        help="text: for people, with citation marks and sources; plain: one sentence per line; "
        "markdown; json: with every citation as article id + character span",
    )
    parser.add_argument(
        "--explain", action="store_true", help="show why each sentence was chosen and what cleaning removed"
    )
    parser.add_argument("--algorithm", metavar="NAME", help="selection algorithm (see 'newsfuse algorithms')")
    parser.add_argument(
        "--no-analysis",
        dest="analysis",
        action="store_false",
        help="leave out the headline and event card (who, where, when, key quotes), which take about "
        "a second more; the plain format never shows them",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the summary to FILE")
    add_input_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.pipeline import analyze_summary, summarize_prepared

    if args.output:
        refuse_overwriting_an_input(args.output, args.paths)
    settings = settings_from(
        args, {"summary": {"words": args.words, "sentences": args.sentences, "algorithm": args.algorithm}}
    )
    summary = summarize_prepared(read_inputs(args, settings), settings)
    skipped = report(summary.problems)
    if args.analysis and summary.sentences and args.format != "plain":
        summary = analyze_summary(summary)
        # An article the analysis leaves out (another language) is still summarized.
        left_out = summary.analysis.problems if summary.analysis else ()
        report(tuple(replace(p, level="warning") for p in left_out))
    if not summary.sentences:
        say(
            f"warning: the summary is empty: no sentence of the input fits within {summary.budget.describe()}"
        )
    write(render(summary, args.format, explain=args.explain), args.output, json=args.format == "json")
    return EXIT_SKIPPED if skipped or not summary.sentences else EXIT_OK
