"""``newsfuse batch``: the whole pipeline over an archive, on Dask, into Parquet tables."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsfuse.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    add_clustering_options,
    positive,
    report,
    say,
    settings_from,
)
from newsfuse.errors import UsageError
from newsfuse.scale.defaults import DEFAULT_BLOCK_DAYS, STAGES


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "batch",
        help="digest an archive on Dask into Parquet tables",
        description="Read every article under INPUT (folders, JSONL shards, .gz) and clean it, and every "
        "article of the --db stores (cleaned when it was added), find copies, "
        "group the articles into events and storylines, summarize and analyze every event, and write "
        "the tables articles/, events/, summaries/ and conflicts/ (Parquet) and digest.json under "
        "--out. Runs on a local Dask cluster of --workers processes, or on the cluster whose "
        "scheduler is at --scheduler (then --out must be a folder every worker sees). A run stopped "
        "half way resumes where it stopped when started again with the same inputs and options; "
        "the tables appear only when the run has finished (manifest.json, written last, says so).",
    )
    parser.add_argument("paths", nargs="*", metavar="INPUT")
    parser.add_argument(
        "--db",
        action="append",
        default=[],
        metavar="URL",
        help="also read the articles of this store (a file path or a postgresql:// URL, as filled by "
        "newsfuse add or watch; grouped afresh); may be given more than once",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="where the tables go")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=positive, metavar="N", help="local worker processes (default: one per core)"
    )
    where.add_argument(
        "--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786"
    )
    parser.add_argument(
        "--partition-days",
        type=float,
        default=DEFAULT_BLOCK_DAYS,
        metavar="D",
        help="events are grouped in blocks of D days of publication time, stitched at the borders "
        f"(default {DEFAULT_BLOCK_DAYS:g}; at least twice the event window)",
    )
    parser.add_argument(
        "--until",
        choices=STAGES,
        default=STAGES[-1],
        help="how far to go: copies and events only, with summaries, or with analysis too (default)",
    )
    parser.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    add_clustering_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.scale import run_batch

    if not args.paths and not args.db:
        raise UsageError("give an INPUT to read or a store (--db)")
    settings = settings_from(args, {})
    result = run_batch(
        args.paths,
        args.out,
        stores=args.db,
        workers=args.workers,
        scheduler=args.scheduler,
        block_days=args.partition_days,
        until=args.until,
        settings=settings,
        progress=not args.quiet and sys.stderr.isatty(),
    )
    skipped = report(result.problems)
    if result.resumed:
        say(f"resumed: {result.resumed:,} partitions were read by the run before")
    say(
        f"{result.articles:,} articles, {result.copies:,} copies, {result.events:,} events, "
        f"{result.storylines:,} storylines -> {result.out}"
    )
    return EXIT_SKIPPED if skipped else EXIT_OK
