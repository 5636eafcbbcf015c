"""``newsfuse upgrade``: bring a database made by an earlier newsfuse to this version."""

from __future__ import annotations

import argparse
from typing import Any

from newsfuse.cli.common import EXIT_OK, say, settings_from


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "upgrade",
        help="upgrade a database made by an earlier newsfuse",
        description="Bring a database made by an earlier newsfuse to this version's schema, in one "
        "transaction (newsfuse add does the same before it adds; newsfuse digest --db never changes "
        "a database).",
    )
    parser.add_argument("--db", required=True, metavar="FILE", help="the database")
    parser.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from newsfuse.errors import StoreError
    from newsfuse.store import open_store

    if "://" not in args.db and not Path(args.db).is_file():
        raise StoreError(args.db, "no such database (create one with newsfuse add)")
    settings = settings_from(args, {})
    with open_store(args.db, settings.store):
        pass  # a writer brings the schema up to date as it opens the database
    say(f"{args.db} is up to date")
    return EXIT_OK
