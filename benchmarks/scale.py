"""The batch pipeline at scale (make bench-scale).

1. Copies and events over synthetic articles (the stream benchmark's generator, with 3% exact
   and 3% near copies) written as JSONL shards, on a LocalCluster of 1 and then 2 worker
   processes (one thread each): wall time, speed-up, and each worker's peak memory
   (resident set, sampled every 0.2 s).
2. ``--compare N``: the events of N of those articles by the batch (2 workers) against one
   process (``newsfuse.pipeline.group``): B-cubed F1 between the two, and whether the
   copies agree.
3. ``--digest-articles N``: summaries on a pile of real text, built from the benchmark
   data's articles repeated with variations (dates moved, ids new, a sentence dropped), on
   2 workers; ``--analysis-articles M``: summaries and analysis on the first M of them
   (analysis costs several times what a summary does): articles and events per second.

Results go to ``bench-results/scale.json`` and are printed. The targets (issue 16): speed-up
>= 1.7 from 1 to 2 workers, peak memory per worker <= 4 GiB, the 2-worker run <= 15 minutes
for 1,000,000 articles, B-cubed F1 >= 0.99.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from stream_speed import synthetic_reports

SHARDS = 64
TARGET_SPEEDUP = 1.7
TARGET_MINUTES = 15.0
TARGET_WORKER_GIB = 4.0
TARGET_BCUBED = 0.99


def write_synthetic(folder: Path, count: int, *, shards: int = SHARDS, seed: int = 0) -> int:
    """``count`` synthetic reports and their copies as JSONL shards; returns how many lines."""
    rng = random.Random(seed + 1)
    folder.mkdir(parents=True, exist_ok=True)
    per_shard = -(-count // shards)
    handles = [(folder / f"shard-{n:03d}.jsonl").open("w", encoding="utf-8") for n in range(shards)]
    lines = 0
    try:
        for number, (article_id, text, moment) in enumerate(synthetic_reports(count, seed=seed)):
            handle = handles[number // per_shard]
            for record in _with_copies(rng, article_id, text, moment):
                handle.write(json.dumps(record) + "\n")
                lines += 1
    finally:
        for handle in handles:
            handle.close()
    return lines


def _with_copies(
    rng: random.Random, article_id: str, text: str, moment: datetime
) -> Iterator[dict[str, str]]:
    published = moment.isoformat()
    yield {"id": article_id, "text": text, "published": published}
    chance = rng.random()
    if chance < 0.03:
        yield {"id": f"{article_id}-copy", "text": text, "published": published}
    elif chance < 0.06:
        words = text.split()
        for position in rng.sample(range(len(words)), 3):
            words[position] = "edited"
        yield {"id": f"{article_id}-near", "text": " ".join(words), "published": published}


class PeakMemory:
    """Samples the resident memory of the cluster's worker processes while a run goes on."""

    def __init__(self, client: Any) -> None:
        import psutil

        self._processes = [psutil.Process(pid) for pid in client.run(os.getpid).values()]
        self.peak: dict[int, int] = {p.pid: 0 for p in self._processes}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            for process in self._processes:
                try:
                    self.peak[process.pid] = max(self.peak[process.pid], process.memory_info().rss)
                except Exception:  # a worker that died and was replaced: its peak so far stands
                    continue
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def timed_run(shards: Path, out: Path, workers: int, until: str) -> dict[str, Any]:
    from newsfuse.scale import run_batch

    distributed: Any = importlib.import_module("distributed")
    shutil.rmtree(out, ignore_errors=True)
    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, dashboard_address="127.0.0.1:0", memory_limit="4GiB"
        ) as cluster,
        distributed.Client(cluster) as client,
        PeakMemory(client) as memory,
    ):
        started = time.perf_counter()
        result = run_batch([str(shards)], out, scheduler=cluster.scheduler_address, until=until)
        seconds = time.perf_counter() - started
    if result.skipped:  # a timing of half the input would be no timing at all
        problems = "; ".join(str(p) for p in result.problems if p.level == "skipped")
        raise SystemExit(f"the batch skipped {result.skipped} inputs: {problems[:500]}")
    return {
        "workers": workers,
        "seconds": round(seconds, 1),
        "articles": result.articles,
        "copies": result.copies,
        "events": result.events,
        "storylines": result.storylines,
        "articles_per_second": round(result.articles / seconds, 1),
        "peak_worker_gib": round(max(memory.peak.values()) / 2**30, 2),
        "step_seconds": result.seconds,
    }


def compare(shards: Path, out: Path) -> dict[str, Any]:
    """The batch's events and copies against one process's, on the same shards."""
    import pyarrow.parquet as pq

    from newsfuse.evaluate.metrics import bcubed
    from newsfuse.pipeline import group, read
    from newsfuse.settings import load_settings

    batch = timed_run(shards, out, 2, "events")
    rows = pq.read_table(out / "articles", columns=["id", "event_id", "copy_of"]).to_pylist()
    started = time.perf_counter()
    settings = load_settings()
    grouping = group(read([str(shards)], settings), settings)
    single_seconds = time.perf_counter() - started
    single = {a.article_id: a.event_id for a in grouping.assignments}
    distributed = {r["id"]: r["event_id"] for r in rows}
    precision, recall, f1 = bcubed(distributed, single)
    single_copies = {a.article_id: a.duplicate_of for a in grouping.assignments if a.duplicate_of}
    batch_copies = {r["id"]: r["copy_of"] for r in rows if r["copy_of"]}
    return {
        "articles": len(single),
        "single_process_seconds": round(single_seconds, 1),
        "batch": batch,
        "same_event_ids": sum(single[i] == distributed.get(i) for i in single) / len(single),
        "bcubed": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)},
        "copies_single": len(single_copies),
        "copies_batch": len(batch_copies),
        "copies_same": single_copies == batch_copies,
    }


def write_real_pile(folder: Path, data: Path, count: int, *, seed: int = 0) -> int:
    """``count`` articles of real text: the benchmark data's articles, each cluster as one
    event published over a day, repeated with variations until there are enough."""
    from newsfuse.evaluate import read_benchmark

    clusters = []
    for name in ("multinews-sample/validation.jsonl", "duc2004/test.jsonl", "vims/all.jsonl"):
        path = data / name
        if path.exists():
            clusters += read_benchmark(path)
    if not clusters:
        return 0
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2020, 1, 1, tzinfo=UTC)  # 100,000 articles end in 2023: none in the future
    written = 0
    round_number = 0
    with (folder / "pile.jsonl").open("w", encoding="utf-8") as handle:
        while written < count:
            for number, cluster in enumerate(clusters):
                day = start + timedelta(hours=2 * (round_number * len(clusters) + number))
                for index, text in enumerate(cluster.documents):
                    sentences = text.split(". ")
                    if round_number and len(sentences) > 3:
                        del sentences[rng.randrange(1, len(sentences))]
                    record = {
                        "id": f"{cluster.id}-{index}-r{round_number}",
                        "text": ". ".join(sentences),
                        "published": (day + timedelta(minutes=37 * index)).isoformat(),
                    }
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                    written += 1
                    if written >= count:
                        return written
            round_number += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1_000_000, help="synthetic articles (before copies)")
    parser.add_argument("--workers", default="1,2", help="worker counts to time, comma-separated")
    parser.add_argument("--compare", type=int, default=100_000, help="articles for the comparison (0: none)")
    parser.add_argument("--digest-articles", type=int, default=100_000, help="real-text articles (0: none)")
    parser.add_argument("--analysis-articles", type=int, default=20_000, help="of which analyzed (0: none)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument(
        "--scratch", type=Path, default=None, help="where the shards go (default: a temporary folder)"
    )
    parser.add_argument("--json", type=Path, default=Path("bench-results/scale.json"))
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="newsfuse-scale-", dir=args.scratch))
    results: dict[str, Any] = {"machine_cores": os.cpu_count()}
    try:
        if args.articles:
            shards = scratch / "synthetic"
            lines = write_synthetic(shards, args.articles)
            print(
                f"{args.articles:,} synthetic articles, {lines:,} with copies, in {SHARDS} shards", flush=True
            )
            runs = []
            for workers in (int(w) for w in args.workers.split(",")):
                run = timed_run(shards, scratch / "out", workers, "events")
                runs.append(run)
                print(json.dumps(run), flush=True)
            results["copies_and_events"] = runs
            if len(runs) >= 2:
                speedup = runs[0]["seconds"] / runs[-1]["seconds"]
                results["speedup"] = round(speedup, 2)
            shutil.rmtree(shards)
        if args.compare:
            shards = scratch / "compare"
            write_synthetic(shards, args.compare, shards=16)
            results["compare"] = compare(shards, scratch / "out")
            print(json.dumps(results["compare"]), flush=True)
            shutil.rmtree(shards)
        for name, count, until in (
            ("summaries", args.digest_articles, "summaries"),
            ("summaries_and_analysis", args.analysis_articles, "analysis"),
        ):
            if not count:
                continue
            pile = scratch / "real"
            shutil.rmtree(pile, ignore_errors=True)
            if not write_real_pile(pile, args.data, count):
                print(f"skipped the real-text pile: no benchmark data under {args.data}")
                break
            run = timed_run(pile, scratch / "out", 2, until)
            run["events_per_second"] = round(run["events"] / run["seconds"], 2)
            results[name] = run
            print(json.dumps({name: run}), flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _verdicts(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def _verdicts(results: dict[str, Any]) -> None:
    def say(name: str, value: float, target: str, met: bool) -> None:
        print(f"{name}: {value} (target {target}): {'met' if met else 'NOT met'}")

    runs = results.get("copies_and_events", [])
    if "speedup" in results:
        say(
            "speed-up 1 -> 2 workers",
            results["speedup"],
            f">= {TARGET_SPEEDUP}",
            results["speedup"] >= TARGET_SPEEDUP,
        )
    if runs:
        minutes = runs[-1]["seconds"] / 60
        say(
            f"minutes with {runs[-1]['workers']} workers",
            round(minutes, 1),
            f"<= {TARGET_MINUTES:g}",
            minutes <= TARGET_MINUTES,
        )
        peak = max(r["peak_worker_gib"] for r in runs)
        say("peak GiB per worker", peak, f"<= {TARGET_WORKER_GIB:g}", peak <= TARGET_WORKER_GIB)
    if "compare" in results:
        f1 = results["compare"]["bcubed"]["f1"]
        say("B-cubed F1, batch against one process", f1, f">= {TARGET_BCUBED}", f1 >= TARGET_BCUBED)


if __name__ == "__main__":
    sys.exit(main())
