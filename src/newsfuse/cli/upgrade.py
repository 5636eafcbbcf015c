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
    from newsfuse.errors import StoreSchemaError
    from newsfuse.store import open_store
    from newsfuse.store.migrations import HEAD

    settings = settings_from(args, {})
    try:  # a reader refuses a missing database: upgrading must not create one
        with open_store(args.db, settings.store, read_only=True):
            pass
    except StoreSchemaError:
        pass  # an older schema is what upgrading is for (the writer refuses anything else)
    with open_store(args.db, settings.store) as store:  # a writer upgrades as it opens
        upgraded_from = store.upgraded_from
    schema = int(HEAD)
    if upgraded_from is None:
        say(f"{args.db} is already at schema {schema}")
    else:
        say(f"{args.db} upgraded from schema {upgraded_from} to schema {schema}")
    return EXIT_OK
