"""``newsfuse add``: feed articles to a database, each joining an event or opening one."""

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
    say,
    settings_from,
)


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "add",
        help="add articles to a database, assigning each to an event",
        description="Add the articles under PATH to an SQLite database (created if missing): each "
        "joins an existing event or opens a new one; event ids never change across runs.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    add_clustering_options(parser)
    add_input_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.pipeline import add_prepared
    from newsfuse.store import open_store

    settings = settings_from(args, {})
    prepared = read_inputs(args, settings).require()  # nothing to add: no database is created
    with open_store(args.db, settings.store) as store:
        added = add_prepared(prepared, store, settings)
    skipped = report(added.problems)
    for article_id, stored_id in added.repeated:
        say(f"skipped {article_id}: already in {args.db} (as {stored_id})")
    for article_id, stored_id in added.renamed:
        say(f"note: {article_id}: another stored article has this id; stored as {stored_id}")
    events = len({a.event_id for a in added.assignments})
    storylines = len({a.storyline_id for a in added.assignments})
    say(f"added {len(added.assignments)} articles to {events} events in {storylines} storylines in {args.db}")
    return EXIT_SKIPPED if skipped or added.repeated else EXIT_OK
