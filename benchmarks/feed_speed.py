"""Feed polling speed (make bench): 50 local feeds of 20 items each, 1,000 pages.

A site on 127.0.0.1 (``evaluate.newsroom``, in its own process so that serving costs this
one nothing) serves 50 RSS feeds, one per fictional outlet, and a page for each item: 100
fictional events, each reported by 10 outlets in their own words, with navigation and a
footer around every story. One ``newsfuse.watch`` poll reads every feed, fetches every
page, extracts and cleans it and places it in an event in a new SQLite store. The
politeness that applies to one host is relaxed (all 50 outlets are one host here: no pause
between requests, 8 at once); everything else is as shipped. A second poll follows, which
every feed answers with 304 Not Modified. With ``--separate-sites`` each outlet is a site
of its own (a port of its own) and the shipped politeness applies: the 1-s pause between
two requests to one site sets a floor of about 20 s.

Reports the seconds of each poll against the target (first poll under 60 s), articles
stored, events formed, and the peak memory of this process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

TARGET_SECONDS = 60.0
FEEDS, ITEMS, OUTLETS_PER_EVENT = 50, 20, 10
START = datetime(2026, 11, 2, 6, tzinfo=UTC)

SYLLABLES = "ka ro mi ten vel sor an ti lu bra do nek os ur fa zil mor pe qui han".split()
KINDS = [
    ("fire", "a fire broke out at {site}", "firefighters", "the blaze"),
    ("flood", "floodwater reached {site}", "rescue crews", "the flooding"),
    ("strike", "workers walked out at {site}", "union leaders", "the strike"),
    ("collapse", "part of {site} collapsed", "engineers", "the collapse"),
    ("outage", "power failed across {site}", "grid operators", "the outage"),
]
SITES = "grain terminal|old bridge|rail depot|central market|ferry pier|paper mill|town hall".split("|")
VERBS = ["said", "told reporters", "said in a statement", "told local radio"]
OPENINGS = ["Officials said", "According to officials,", "Authorities confirmed that", "Residents said"]


def story(event: int, outlet: int, rng: random.Random) -> tuple[str, list[str]]:
    """One outlet's report of one event: the event's facts in the outlet's words."""
    facts = random.Random(event)

    def name() -> str:
        return "".join(facts.choice(SYLLABLES) for _ in range(3)).capitalize()

    place = name()
    kind, happened, responders, noun = facts.choice(KINDS)
    site = f"the {name()} {facts.choice(SITES)}"
    person = f"{name()} {name()}"
    count = facts.randint(12, 400)
    hours = facts.randint(2, 14)
    title = f"{noun.capitalize()} in {place}: {count} affected"
    paragraphs = [
        f"{rng.choice(OPENINGS)} {happened.format(site=site)} in {place} on Tuesday, and {count} people "
        f"were affected as {responders} worked through the day.",
        f'"We have never seen anything like it here," {person}, who leads the local {kind} response, '
        f"{rng.choice(VERBS)}. {person.split()[0]} said the work would take at least {hours} more hours.",
        f"{noun.capitalize()} disrupted traffic around {site}, and schools nearby closed early. "
        f"Outlet {outlet} counted {rng.randint(2, 9)} roads shut by the evening.",
        f"The regional council said it would publish a report on {noun} within {rng.randint(2, 6)} weeks "
        f"and that help for those affected in {place} would be announced on Friday.",
    ]
    return title, paragraphs


def serve(pipe: Connection, separate_sites: bool) -> None:
    """The newsroom, in its own process: builds every feed and page and sends the feeds'
    addresses. ``separate_sites``: each outlet on a port of its own, a site of its own."""
    from contextlib import ExitStack

    from newsfuse.evaluate.newsroom import FeedEntry, Newsroom, story_page

    with ExitStack() as running:
        shared = running.enter_context(Newsroom())
        rng = random.Random(7)
        feeds = []
        for feed in range(FEEDS):
            site = running.enter_context(Newsroom()) if separate_sites else shared
            entries = []
            for item in range(ITEMS):
                event = item * (FEEDS // OUTLETS_PER_EVENT) + feed // OUTLETS_PER_EVENT  # 10 outlets each
                path = f"/outlet{feed}/story{item}"
                title, paragraphs = story(event, feed, rng)
                site.page(path, story_page(title, paragraphs, outlet=f"The Outlet {feed} Gazette"))
                published = START + timedelta(minutes=7 * (feed * ITEMS + item))
                summary = f"{paragraphs[0]} {paragraphs[2]}"  # each outlet's own words
                entries.append(FeedEntry(path, title, summary, published))
            site.feed(f"/outlet{feed}/rss.xml", entries, title=f"The Outlet {feed} Gazette")
            feeds.append(site.url(f"/outlet{feed}/rss.xml"))
        pipe.send(feeds)
        pipe.recv()  # until the bench is done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--separate-sites",
        action="store_true",
        help="serve each outlet as a site of its own (its own port) and keep the shipped politeness",
    )
    args = parser.parse_args()
    from newsfuse.pipeline import polite_fetcher, watch
    from newsfuse.settings import load_settings
    from newsfuse.store import open_store

    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=serve, args=(theirs, args.separate_sites), daemon=True
    )
    server.start()
    feeds = ours.recv()
    relaxed = {"per_host_delay_seconds": 0, "per_host_connections": 8, "max_connections": 8}
    fetch = {"allow_private_hosts": "127.0.0.1", **({} if args.separate_sites else relaxed)}
    settings = load_settings({"fetch": fetch}, environ={})
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "news.db") as store:
        fetcher = polite_fetcher(settings)  # as newsfuse watch keeps one between polls
        begun = time.perf_counter()
        first = watch(feeds, store, settings, fetcher=fetcher)
        first_seconds = time.perf_counter() - begun
        begun = time.perf_counter()
        second = watch(feeds, store, settings, fetcher=fetcher)
        second_seconds = time.perf_counter() - begun
        fetcher.fetcher.close()
        stored = store.stored()
    ours.send("done")
    server.join(timeout=5)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    events = len({s.event_id for s in stored})
    met = "met" if first_seconds < TARGET_SECONDS else "NOT met"
    where = (
        f"{FEEDS} sites with the shipped politeness (robots.txt, 1 request at a time and "
        f"{settings.fetch.per_host_delay_seconds:g} s between two to one site)"
        if args.separate_sites
        else "one site, its politeness relaxed (no pause, 8 requests at once)"
    )
    print(f"feed polling: {FEEDS} feeds x {ITEMS} items = {FEEDS * ITEMS} pages on 127.0.0.1, {where}")
    print(
        f"  first poll:  {first_seconds:.1f} s (target < {TARGET_SECONDS:.0f} s: {met}), "
        f"{first.new_items} new items, {len(stored)} articles stored in {events} events "
        f"({FEEDS * ITEMS // OUTLETS_PER_EVENT} written), "
        f"{len(first.problems)} problems"
    )
    print(
        f"  second poll: {second_seconds:.2f} s, {second.unchanged_feeds} of {FEEDS} feeds unchanged (304), "
        f"{second.new_items} new items"
    )
    print(f"  peak memory: {peak:.0f} MiB")
    for problem in first.problems[:5]:
        print(f"  problem: {problem}")
    return 0 if first_seconds < TARGET_SECONDS and len(stored) == FEEDS * ITEMS else 1


if __name__ == "__main__":
    sys.exit(main())
