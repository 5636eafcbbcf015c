"""The service under load (make bench-service): concurrent submissions while events are read.

A database is filled with ``--stored`` synthetic articles (the feed bench's fictional
stories, added through the library), then ``newsfuse serve`` runs on 127.0.0.1 in its own
process and receives ``--submissions`` new articles from that many concurrent clients
while four readers list events and a fifth keeps opening the latest event. Reports
throughput and p50/p95/p99 latency of reads and writes, then checks in the database that
every acknowledged article is stored exactly once. A submission refused as busy (503) is
retried by its client, as the answer asks; one that never succeeds is reported.

Run on SQLite, and with ``--postgresql`` on a PostgreSQL server this run starts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from feed_speed import story

READ_TARGET_P95_MS = 100.0


def article(number: int, rng: random.Random) -> dict[str, object]:
    title, paragraphs = story(number // 5, number % 50, rng)
    return {
        "id": f"load-{number}",
        "title": title,
        "source": f"The Outlet {number % 50} Gazette",
        "published": f"2026-11-{1 + (number // 400) % 28:02d}T{(number // 20) % 24:02d}:00:00Z",
        "text": "\n\n".join(paragraphs),
    }


def fill(db: str, count: int) -> float:
    from newsfuse.model import Article
    from newsfuse.pipeline import add_prepared, prepare
    from newsfuse.settings import load_settings
    from newsfuse.store import open_store

    settings = load_settings(environ={})
    rng = random.Random(3)
    begun = time.perf_counter()
    with open_store(db, settings.store) as store:
        for start in range(0, count, 500):
            batch = []
            for number in range(start, min(start + 500, count)):
                data = article(number, rng)
                batch.append(
                    Article(
                        id=str(data["id"]),
                        text=str(data["text"]),
                        title=str(data["title"]),
                        source=str(data["source"]),
                    )
                )
            add_prepared(prepare(batch, settings), store, settings)
    return time.perf_counter() - begun


def percentiles(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return f"p50 {at(0.5):.0f} ms, p95 {at(0.95):.0f} ms, p99 {at(0.99):.0f} ms (n={len(ordered)})"


@dataclass
class Load:
    elapsed: float
    writes: list[float]
    reads: list[float]
    event_reads: list[float]
    acknowledged: list[str]
    failed: list[str]
    busy: int


async def load(base: str, submissions: int, first_number: int) -> Load:
    import httpx

    rng = random.Random(11)
    writes: list[float] = []
    reads: list[float] = []
    event_reads: list[float] = []
    acknowledged: list[str] = []
    failed: list[str] = []
    busy = 0
    done = asyncio.Event()
    limits = httpx.Limits(max_connections=submissions + 10)
    async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as client:

        async def submit(number: int) -> None:
            nonlocal busy
            body = article(number, rng)
            begun = time.perf_counter()
            for _ in range(50):
                answer = await client.post("/api/articles", json=body)
                if answer.status_code != 503:
                    break
                busy += 1
                await asyncio.sleep(float(answer.headers.get("retry-after", "1")))
            writes.append(time.perf_counter() - begun)
            if answer.status_code == 200:
                acknowledged.append(str(body["id"]))
            else:
                failed.append(f"{body['id']}: HTTP {answer.status_code} {answer.text[:120]}")

        async def read() -> None:
            while not done.is_set():
                begun = time.perf_counter()
                answer = await client.get("/api/events", params={"limit": 20})
                reads.append(time.perf_counter() - begun)
                if answer.status_code != 200:
                    failed.append(f"read: HTTP {answer.status_code}")
                await asyncio.sleep(0.05)

        async def open_latest() -> None:
            """As a reader with the latest event open: its page, whenever it changes."""
            while not done.is_set():
                listed = (await client.get("/api/events", params={"limit": 1})).json()["events"]
                if listed:
                    begun = time.perf_counter()
                    answer = await client.get(f"/api/events/{listed[0]['id']}")
                    event_reads.append(time.perf_counter() - begun)
                    if answer.status_code != 200:
                        failed.append(f"event read: HTTP {answer.status_code}")
                await asyncio.sleep(0.5)

        readers = [asyncio.create_task(read()) for _ in range(4)]
        readers.append(asyncio.create_task(open_latest()))
        begun = time.perf_counter()
        await asyncio.gather(*(submit(first_number + n) for n in range(submissions)))
        elapsed = time.perf_counter() - begun
        done.set()
        await asyncio.gather(*readers)
    return Load(elapsed, writes, reads, event_reads, acknowledged, failed, busy)


def serve(db: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "newsfuse", "serve", "--db", db, "--port", str(port)],
        env={k: v for k, v in os.environ.items() if not k.startswith("NEWSFUSE_")},
    )
    import httpx

    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/api/health").status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the service did not start")


def run(db: str, label: str, stored: int, submissions: int) -> bool:
    from newsfuse.store import open_store

    filled = fill(db, stored)
    server, base = serve(db)
    try:
        result = asyncio.run(load(base, submissions, first_number=stored))
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open_store(db, read_only=True) as store:
        ids = [s.article.id for s in store.stored()]
    acknowledged = set(result.acknowledged)
    lost = sorted(acknowledged - set(ids))
    duplicated = len(ids) - len(set(ids))
    rate = len(acknowledged) / result.elapsed
    p95 = sorted(result.reads)[int(0.95 * len(result.reads))] * 1000 if result.reads else float("inf")
    met = "met" if p95 < READ_TARGET_P95_MS else "NOT met"
    print(f"{label}: {stored:,} articles stored beforehand (added in {filled:.0f} s)")
    print(
        f"  {submissions} concurrent submissions: {len(acknowledged)} acknowledged in {result.elapsed:.1f} s"
    )
    print(f"  writes: {rate:.1f}/s, {percentiles(result.writes)}; busy {result.busy} times (retried)")
    print(f"  reads of the event list meanwhile: {percentiles(result.reads)}")
    print(f"    (target p95 < {READ_TARGET_P95_MS:.0f} ms: {met})")
    print(f"  reads of the latest event (its digest) meanwhile: {percentiles(result.event_reads)}")
    print(f"  in the database: {len(ids):,} articles; lost {len(lost)}, duplicated {duplicated}")
    print(f"  failed requests: {len(result.failed)}")
    for line in result.failed[:5]:
        print(f"    {line}")
    return not lost and not duplicated and len(ids) == stored + len(acknowledged)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--postgresql", action="store_true", help="on a PostgreSQL server this run starts")
    args = parser.parse_args()
    if args.postgresql:
        from newsfuse.evaluate.local_postgres import LocalPostgres

        with LocalPostgres() as server:
            return 0 if run(server.database("load"), "PostgreSQL", args.stored, args.submissions) else 1
    with tempfile.TemporaryDirectory() as folder:
        return 0 if run(str(Path(folder) / "news.db"), "SQLite", args.stored, args.submissions) else 1


if __name__ == "__main__":
    sys.exit(main())
