"""``newsfuse digest``: events, each with a headline, a cited summary, sources and copies."""

from __future__ import annotations

import argparse
from typing import Any

from newsfuse.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    add_clustering_options,
    add_input_options,
    positive,
    read_inputs,
    refuse_overwriting_an_input,
    report,
    settings_from,
    write,
)
from newsfuse.errors import ConfigError
from newsfuse.renderers import formats, render


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "digest",
        help="events with headline, cited summary, sources and copies",
        description="Group articles into events and summarize each: from PATHs, or from a database "
        "filled with newsfuse add (--db). Events are ordered by their number of independent reports "
        "(copies count once), then recency.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--db", metavar="FILE", help="digest the events stored in this database")
    parser.add_argument("--format", choices=formats("digest"), default="markdown")
    parser.add_argument("--words", type=positive, metavar="N", help="words per event summary (default 80)")
    parser.add_argument("--explain", action="store_true", help="in JSON: what cleaning removed")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the digest to FILE")
    add_clustering_options(parser)
    add_input_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.pipeline import digest_prepared, digest_store
    from newsfuse.store import open_store

    if args.db and args.paths:
        raise ConfigError("give PATHs to digest, or --db to digest a database (add to it with newsfuse add)")
    if not args.db and not args.paths:
        raise ConfigError("give PATHs to digest, or --db FILE")
    if args.db and (args.threshold is not None or args.window_days is not None):
        raise ConfigError(
            "--threshold and --window-days apply when articles are grouped; a database keeps "
            "the settings of its first newsfuse add"
        )
    if args.output:
        refuse_overwriting_an_input(args.output, args.paths)
    settings = settings_from(args, {"digest": {"words": args.words}})
    if args.db:
        with open_store(args.db, settings.store, read_only=True) as store:
            digest = digest_store(store, settings)
    else:
        digest = digest_prepared(read_inputs(args, settings), settings)
    skipped = report(digest.problems)
    write(
        render(digest, args.format, kind="digest", explain=args.explain),
        args.output,
        json=args.format == "json",
    )
    return EXIT_SKIPPED if skipped else EXIT_OK
