"""``newsfuse serve``: the REST API over a database (``newsfuse.service``)."""

from __future__ import annotations

import argparse
from typing import Any

from newsfuse.cli.common import EXIT_OK, positive, say, settings_from

TOKEN_VARIABLE = "NEWSFUSE_SERVICE_TOKEN"  # the setting service.token, from the environment


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "serve",
        help="serve the REST API over a database",
        description="Serve the REST API (documented at /docs) over a database: submit articles, "
        "read events and articles. Writes need the bearer token when one is given (--token, or "
        f"the {TOKEN_VARIABLE} variable, which keeps it out of the process list).",
    )
    parser.add_argument("--db", default="newsfuse.db", help="a file path (SQLite) or a postgresql:// URL")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=positive, default=8000)
    parser.add_argument("--token", help=f"the bearer token writes need (default: ${TOKEN_VARIABLE})")
    parser.add_argument("--private-reads", action="store_true", help="reads need the token too")
    parser.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from newsfuse.service import create_app
    from newsfuse.store import open_store

    service = {"token": args.token, "public_reads": False if args.private_reads else None}
    settings = settings_from(args, {"service": service})
    open_store(args.db, settings.store).close()  # create or upgrade it now: a bad --db fails here
    app = create_app(args.db, settings)
    say(f"serving {args.db} on http://{args.host}:{args.port} (API documented at /docs)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
