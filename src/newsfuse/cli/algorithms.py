"""``newsfuse algorithms``: what is registered (algorithms, and the parts they are made of)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsfuse.cli.common import EXIT_OK, settings_from


def add_parser(commands: Any) -> None:
    parser = commands.add_parser("algorithms", help="list the summarization algorithms and other parts")
    parser.add_argument(
        "--all", action="store_true", help="also list weighers, searches, readers, renderers, stores"
    )
    parser.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse import registry

    default = settings_from(args, {}).summary.algorithm
    for name in registry.algorithms.names():
        sys.stdout.write(f"{name}{'  (default)' if name == default else ''}\n")
    if args.all:
        for kind in (
            registry.weighers,
            registry.searches,
            registry.readers,
            registry.renderers,
            registry.stores,
        ):
            sys.stdout.write(
                f"\n{kind.kind}, registered:\n" + "".join(f"  {name}\n" for name in kind.names())
            )
    return EXIT_OK
