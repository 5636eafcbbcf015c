"""``newsfuse watch``: follow feeds, adding each new item's page to a database."""

from __future__ import annotations

import argparse
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    add_clustering_options,
    report,
    say,
    settings_from,
)
from newsfuse.cli.progress import progress_bar
from newsfuse.errors import ConfigError, InputError

if TYPE_CHECKING:
    from newsfuse.pipeline import Watched


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "watch",
        help="follow RSS/Atom feeds, adding each new item to a database",
        description="Poll RSS or Atom feeds and add each new item's page to an SQLite database "
        "(created if missing), where it joins an event as with newsfuse add. Feeds are asked only "
        "for what changed; an item changed by its feed is fetched again; a page that cannot be "
        "fetched is stored as the feed's title and summary, marked, and tried again later. Without "
        "FEED_URL or --opml, the feeds the database already follows are polled.",
    )
    parser.add_argument("feeds", nargs="*", metavar="FEED_URL")
    parser.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    parser.add_argument(
        "--opml", action="append", default=[], metavar="FILE", help="also follow the feeds of an OPML list"
    )
    parser.add_argument("--once", action="store_true", help="poll once and stop (for cron)")
    parser.add_argument(
        "--every", type=float, metavar="MINUTES", help="minutes between polls (default: watch.every_minutes)"
    )
    parser.add_argument(
        "--ignore-robots",
        action="store_true",
        help="do not obey robots.txt (only for sites that allow you to crawl them regardless)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no line per poll")
    parser.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    add_clustering_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from newsfuse.pipeline import EventWriter, polite_fetcher, watch
    from newsfuse.store import open_store

    overrides: dict[str, dict[str, object]] = {"watch": {"every_minutes": args.every}}
    if args.ignore_robots:
        overrides["fetch"] = {"respect_robots": False}
    settings = settings_from(args, overrides)
    feeds = list(args.feeds)
    for opml in args.opml:
        feeds.extend(_opml(opml))
    if not feeds and not Path(args.db).exists():  # no database made for nothing
        raise ConfigError(f"no feed to watch: give FEED_URL or --opml ({args.db} does not exist yet)")
    fetcher = polite_fetcher(settings)  # one for every poll: robots.txt and pauses kept
    writer = EventWriter(settings)  # and the events, not rebuilt from the database each poll
    with open_store(args.db, settings.store) as store, closing(fetcher.fetcher):
        if not feeds and not store.feeds():
            raise ConfigError(f"no feed to watch: give FEED_URL or --opml ({args.db} follows none yet)")
        while True:
            # Without FEED_URL, the feeds followed now: others may follow or forget some meanwhile.
            polled = feeds or list(store.feeds())
            with progress_bar(args.quiet) as progress:
                watched = watch(polled, store, settings, fetcher=fetcher, progress=progress, writer=writer)
            skipped = report(watched.problems)
            if not args.quiet:
                say(_describe(watched, args.db))
            if args.once:
                return EXIT_SKIPPED if skipped else EXIT_OK
            time.sleep(settings.watch.every_minutes * 60)


def _opml(path: str) -> list[str]:
    from newsfuse.ingest.fetch.feeds import opml_feeds

    try:
        return opml_feeds(Path(path).read_bytes())
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    except ValueError as error:
        raise InputError(path, str(error)) from None


def _describe(watched: Watched, db: str) -> str:
    feeds = watched.feeds
    failed = sum(1 for f in feeds if f.failures)
    parts = [f"{len(feeds)} feeds polled"]
    if watched.unchanged_feeds:
        parts.append(f"{watched.unchanged_feeds} unchanged")
    if failed:
        parts.append(f"{failed} failing")
    items = f"{watched.new_items} new items, {watched.changed_items} updated"
    if watched.feed_text_only:
        items += f" ({len(watched.feed_text_only)} with only the feed's title and summary)"
    events = len({a.event_id for a in watched.added.assignments})
    stored = f"{len(watched.added.assignments)} articles stored in {events} events in {db}"
    return f"{datetime.now(UTC):%H:%M:%S} UTC: {', '.join(parts)}: {items}; {stored}"
