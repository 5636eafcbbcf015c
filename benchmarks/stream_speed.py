"""Incremental event clustering speed on a synthetic stream (make bench).

The stream is generated (fixed seed): events open over simulated days, each with its own
names, places and numbers on top of a shared news vocabulary, and each article of
about 80 words mixes its event's words with common ones. Reports articles per second on
one core and memory growth, at every tenth of the stream (memory should grow linearly).
With ``--pile``, the same articles are clustered as one pile (single pass, then refined).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from newsfuse.events import EventClusterer, cluster_articles
from newsfuse.model import Article

TARGET_PER_SECOND = 2000.0
COMMON = (
    "said officials police government people city year week report minister told country "
    "local state after before during including according new first two three killed injured "
    "meeting president company market workers water fire storm court election vote"
).split()
SYLLABLES = "ka ro mi ten vel sor an ti lu bra do nek os ur fa zil mor pe qui han".split()


def synthetic_stream(count: int, *, seed: int = 0) -> list[Article]:
    return [
        Article(id=article_id, text=text, published=moment)
        for article_id, text, moment in synthetic_reports(count, seed=seed)
    ]


def synthetic_reports(count: int, *, seed: int = 0) -> Iterator[tuple[str, str, datetime]]:
    """``(id, text, published)`` of each report of the stream, one at a time."""
    rng = random.Random(seed)
    # In the past, so no report is dated in the future (and taken for undated): a million
    # reports, five minutes apart, end in 2024.
    start = datetime(2015, 1, 1, tzinfo=UTC)
    events: list[tuple[list[str], datetime]] = []
    for number in range(count):
        moment = start + timedelta(minutes=5 * number)
        if not events or rng.random() < 0.15:
            names = ["".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() for _ in range(6)]
            events.append(([*names, str(rng.randint(10, 9999))], moment))
            del events[:-40]  # only the latest can still be reported
        recent = [e for e in events if moment - e[1] < timedelta(days=2)] or events[-1:]
        names, _ = rng.choice(recent)
        words = [rng.choice(names) if rng.random() < 0.25 else rng.choice(COMMON) for _ in range(80)]
        yield f"s{number}", " ".join(words) + ".", moment


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--pile", action="store_true", help="cluster the articles as one pile (refined) instead of a stream"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    stream = synthetic_stream(args.articles)
    if args.pile:
        return _pile(stream)
    clusterer = EventClusterer()
    step = max(args.articles // 10, 1)
    started = time.perf_counter()
    for position, article in enumerate(stream, start=1):
        clusterer.add(article)
        if position % step == 0:
            elapsed = time.perf_counter() - started
            memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{position:>8} articles  {position / elapsed:8.0f} articles/s  {memory:8.1f} MiB peak RSS")
    elapsed = time.perf_counter() - started
    rate = args.articles / elapsed
    print(f"{args.articles} articles, {len(clusterer.events)} events, {rate:.0f} articles/s on one core")
    print("working set at the end: " + ", ".join(f"{k} {v}" for k, v in clusterer.working_set.items()))
    print(f"target >= {TARGET_PER_SECOND:.0f} articles/s: {'met' if rate >= TARGET_PER_SECOND else 'MISSED'}")
    return 0


def _pile(articles: list[Article]) -> int:
    started = time.perf_counter()
    assignments = cluster_articles(articles)
    elapsed = time.perf_counter() - started
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    events = len({a.event_id for a in assignments})
    print(
        f"pile of {len(articles)} articles, {events} events: {elapsed:.1f} s "
        f"({len(articles) / elapsed:.0f} articles/s, refinement included), {memory:.0f} MiB peak RSS"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
