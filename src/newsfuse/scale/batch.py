"""The batch pipeline on Dask: read, clean, find copies, group into events and storylines,
summarize and analyze every event, and write the results as Parquet tables.

The same code runs on a LocalCluster (``workers``) or on a cluster (``scheduler``: its
address; ``out`` must then be a folder every worker sees). Every step works per partition,
per shuffle bucket or per time block (see ``partitions``, ``copies``, ``blocks``,
``digests``); what the driver holds is the archive's term frequencies, its renamed ids and
copies, and one small record per event. Each task leaves its result in ``OUT/.work``: a
run started again after a crash redoes only what was not finished. The tables appear in
``OUT`` only when the run has finished, and ``manifest.json``, written last, says so.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsfuse import __version__
from newsfuse.errors import BatchError
from newsfuse.model import Problem
from newsfuse.scale import blocks as block_stage
from newsfuse.scale.blocks import Archive, BlockEvents, Key, archive_frequencies
from newsfuse.scale.copies import (
    archive_copies,
    first_round,
    merge_first_rounds,
    merge_second_rounds,
    second_round,
)
from newsfuse.scale.digests import TOP_EVENTS, digest_bucket, label_block
from newsfuse.scale.partitions import (
    BUCKETS,
    UNDATED_BLOCK,
    Partition,
    ReadOptions,
    plan_partitions,
    read_partition,
)
from newsfuse.scale.work import open_work, read_json, read_pickle, write_json, write_pickle
from newsfuse.settings import Settings, load_settings

TABLES = ("articles", "events", "summaries", "conflicts")
STAGES = ("events", "summaries", "analysis")
"""How far a run goes: events only, events with summaries, or summaries and analysis too."""
DEFAULT_BLOCK_DAYS = 28.0
WORKER_MEMORY = 4 << 30
"""Each local worker's memory limit (bytes), or the machine's share when smaller."""


@dataclass(frozen=True, slots=True)
class BatchResult:
    out: Path
    articles: int
    events: int
    storylines: int
    copies: int
    problems: tuple[Problem, ...]
    resumed: int = 0
    """Partitions an earlier, unfinished run had read already (not read again)."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of each step, by name, in the order they ran."""

    @property
    def skipped(self) -> int:
        return sum(p.level == "skipped" for p in self.problems)


def run_batch(
    inputs: Sequence[str],
    out: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    block_days: float = DEFAULT_BLOCK_DAYS,
    until: str = "analysis",
    settings: Settings | None = None,
    now: datetime | None = None,
    progress: bool = False,
    keep_work: bool = False,
) -> BatchResult:
    """Run the batch pipeline over ``inputs`` (files, folders, JSONL shards, ``.gz``) and
    write its tables under ``out``. ``until``: one of ``STAGES``. ``now``: the clock
    publication times are checked against (a time later than this is no date).
    ``keep_work``: leave each task's results in ``OUT/.work`` after the run (to look into)."""
    settings = settings or load_settings()
    if until not in STAGES:
        raise BatchError(f"--until must be one of {', '.join(STAGES)}, not {until!r}")
    window_days = settings.clustering.window_days
    if block_days < 2 * window_days:
        raise BatchError(
            f"--partition-days must be at least twice the event window ({2 * window_days:g} days), "
            f"not {block_days:g}"
        )
    out = Path(out)
    partitions, problems = plan_partitions(inputs)
    if not partitions:
        raise BatchError(
            "no input to read: " + "; ".join(str(p) for p in problems) if problems else "no input"
        )
    identity = {
        "version": __version__,
        "files": [[path, _stamp(path)] for p in partitions for path, _ in p.files],
        "settings": settings.to_dict(),
        "block_days": block_days,
        "until": until,
    }
    work = open_work(out, identity)
    clock_file = work / "now.json"
    if not clock_file.exists():
        write_json(clock_file, (now or datetime.now(UTC)).isoformat())
    clock = datetime.fromisoformat(read_json(clock_file))
    options = ReadOptions(settings, clock, block_days)
    with connect(workers, scheduler) as client:
        run = _Run(client, work, progress)
        counts = run.map("read", read_partition, partitions, work=work, options=options)
        for partition in partitions:
            problems += [Problem(**p) for p in read_json(work / "problems" / f"{partition.name}.json")]
        varieties = set().union(*(set(c["varieties"]) for c in counts))
        frequencies = run.one("frequencies", _frequencies, work, partitions)
        copies = _copies(run, work)
        renamed = run.one("renamed", _renamed, work)
        archive = Archive(
            settings.clustering, frequencies, copies, renamed, len(varieties) > 1, clock, block_days
        )
        shared = run.share(archive)
        latest = max((datetime.fromisoformat(c["latest"]) for c in counts if c["latest"]), default=None)
        found, homes = _events(run, work, shared, latest, options, renamed)
        event_of = run.here("stitch", block_stage.stitch, found, homes)
        moved = _moved(run, work, found, event_of)
        labelled = sorted((work / "labelled").glob("k*.parquet"))
        storyline_of = run.one(
            "storylines", block_stage.link_storylines, labelled, event_of, settings.clustering
        )
        run.map(
            "label",
            _label,
            labelled,
            work=work,
            event_of=run.share(event_of),
            moved=moved,
            storyline_of=run.share(storyline_of),
        )
        top: list[tuple[Any, dict[str, Any]]] = []
        if until != "events":
            buckets = sorted((work / "by_event").iterdir()) if (work / "by_event").exists() else []
            digests = run.map(
                "digest", digest_bucket, buckets, work=work, settings=settings, analysis=until == "analysis"
            )
            top = sorted((item for d in digests for item in d.top), key=lambda item: tuple(item[0]))[
                :TOP_EVENTS
            ]
    articles = sum(c["articles"] for c in counts)
    result = BatchResult(
        out,
        articles=articles,
        events=len(set(event_of.values())),
        storylines=len(set(storyline_of.values())),
        copies=len(copies),
        problems=tuple(problems),
        resumed=sum(c["resumed"] for c in counts),
        seconds={step: round(value, 2) for step, value in run.seconds.items()},
    )
    _publish(work, out, result, [event for _, event in top], settings, until)
    if not keep_work:
        shutil.rmtree(work)
    return result


def _stamp(path: str) -> list[int]:
    """A file's size and modification time: a changed input makes a new run."""
    status = os.stat(path)
    return [status.st_size, status.st_mtime_ns]


class _Run:
    """Submits a step's tasks to the cluster, shows their progress, gathers their results."""

    def __init__(self, client: Any, work: Path, progress: bool) -> None:
        self.client = client
        self.work = work
        self.progress = progress
        self.seconds: dict[str, float] = {}

    def map(self, step: str, function: Any, items: Sequence[Any], **shared: Any) -> list[Any]:
        if not items:
            return []
        started = time.perf_counter()
        keys = [f"{step}-{n}" for n in range(len(items))]
        futures = self.client.map(function, items, key=keys, pure=False, **shared)
        if self.progress:
            print(f"{step}:", file=sys.stderr)
            _distributed().progress(futures)
            print(file=sys.stderr)
        results: list[Any] = self.client.gather(futures)
        self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started
        return results

    def here(self, step: str, function: Any, *arguments: Any) -> Any:
        """A step the driver does itself (on what the tasks gathered)."""
        started = time.perf_counter()
        result = function(*arguments)
        self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started
        return result

    def share(self, value: Any) -> Any:
        """``value`` sent to every worker once, for tasks to take as an argument."""
        (future,) = self.client.scatter([value], broadcast=True, hash=False)
        return future

    def one(self, step: str, function: Any, *arguments: Any) -> Any:
        started = time.perf_counter()
        result = self.client.submit(function, *arguments, key=step, pure=False).result()
        self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started
        return result


@contextmanager
def connect(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a LocalCluster of ``workers``
    worker processes (one thread each)."""
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as error:
            raise BatchError(f"no Dask scheduler answers at {scheduler} ({error})") from None
        with client:
            yield client
        return
    count = workers or max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    memory = min(WORKER_MEMORY, _machine_memory() // count)
    with (
        distributed.LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=memory,
            silence_logs=40,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _distributed() -> Any:
    """Dask's distributed scheduler, imported when a batch runs (it takes a second)."""
    import distributed

    return distributed


def _machine_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def _frequencies(work: Path, partitions: Sequence[Partition]) -> Any:
    done = work / "frequencies.pkl"
    if not done.exists():
        parts = [read_pickle(work / "frequencies" / f"{p.name}.pkl") for p in partitions]
        write_pickle(done, archive_frequencies(parts))
    return read_pickle(done)


def _copies(run: _Run, work: Path) -> dict[str, Any]:
    buckets = [work / "keys" / f"b{n:03d}" for n in range(BUCKETS)]
    first = merge_first_rounds(run.map("ids-and-copies", _checkpointed_first, buckets, work=work))
    renamed, exact = run.share(first.renamed), run.share(first.exact)
    bands = [work / "bands" / f"b{n:03d}" for n in range(BUCKETS)]
    near = merge_second_rounds(
        run.map("near-copies", _checkpointed_second, bands, work=work, renamed=renamed, exact=exact)
    )
    write_pickle(work / "renamed.pkl", first.renamed)
    return archive_copies(first, near)


def _renamed(work: Path) -> Any:
    return read_pickle(work / "renamed.pkl")


def _checkpointed_first(bucket: Path, work: Path) -> Any:
    done = work / "copies" / f"first-{bucket.name}.pkl"
    if not done.exists():
        write_pickle(done, first_round(bucket))
    return read_pickle(done)


def _checkpointed_second(bucket: Path, work: Path, renamed: Any, exact: Any) -> Any:
    done = work / "copies" / f"second-{bucket.name}.pkl"
    if not done.exists():
        write_pickle(done, second_round(bucket, renamed, exact))
    return read_pickle(done)


def _events(
    run: _Run,
    work: Path,
    archive: Any,
    latest: datetime | None,
    options: ReadOptions,
    renamed: Mapping[Any, str],
) -> tuple[list[BlockEvents], dict[str, Key]]:
    """Every block's events, and the block event of each article that opens the undated
    articles' block (its lead-in: the archive's last window)."""
    undated = work / "blocks" / f"k{UNDATED_BLOCK:013d}"
    lead: list[tuple[Any, str]] = []
    if undated.exists() and latest is not None:
        window = options.settings.clustering.window
        lead = run.one(
            "undated-lead", block_stage.write_undated_lead, work, latest, window, options.block_days
        )
    folders = sorted((work / "blocks").iterdir()) if (work / "blocks").exists() else []
    found: list[BlockEvents] = run.map("events", _group_block, folders, work=work, archive=archive)
    ids = {renamed.get(place, article_id) for place, article_id in lead}
    homes: dict[str, Key] = {}
    labelled = sorted(p for p in (work / "labelled").glob("k*.parquet") if p.stem != undated.name)
    for part in run.map("find-lead", block_stage.find_events, labelled, ids=ids):
        homes.update(part)
    return found, homes


def _group_block(folder: Path, work: Path, archive: Archive) -> BlockEvents:
    done = work / "labelled" / f"{folder.name}.pkl"
    if not done.exists():
        labelled = work / "labelled" / f"{folder.name}.parquet"
        labelled.parent.mkdir(parents=True, exist_ok=True)
        found = block_stage.group_block(folder, labelled, archive)
        write_pickle(done, found)
    found_events: BlockEvents = read_pickle(done)
    return found_events


def _moved(run: _Run, work: Path, found: Sequence[BlockEvents], event_of: Any) -> dict[str, str]:
    """The event of every copy whose original is in an earlier block: its original's."""
    wanted = {original for f in found for original in f.foreign_copies.values()}
    located: dict[str, str] = {}
    labelled = sorted((work / "labelled").glob("k*.parquet"))
    for part in run.map("find-originals", block_stage.find_events, labelled, ids=wanted):
        for article_id, key in part.items():
            if key[1] >= 0:
                located[article_id] = event_of[key]
    foreign = {copy: original for f in found for copy, original in f.foreign_copies.items()}

    def event(article_id: str, seen: frozenset[str] = frozenset()) -> str:
        if article_id in located:
            return located[article_id]
        original = foreign.get(article_id)
        if original is None or article_id in seen:
            raise BatchError(f"the original of copy {article_id!r} was not found")
        return event(original, seen | {article_id})

    return {copy: event(copy) for copy in foreign}


def _label(labelled: Path, work: Path, event_of: Any, moved: Any, storyline_of: Any) -> int:
    block = int(labelled.stem[1:])
    numbers = {number: event_id for (b, number), event_id in event_of.items() if b == block}
    return label_block(labelled, work, numbers, moved, storyline_of, BUCKETS)


def _publish(
    work: Path, out: Path, result: BatchResult, top: list[dict[str, Any]], settings: Settings, until: str
) -> None:
    """Move the finished tables into ``out`` and write the JSON digest; the manifest comes
    last, so a reader who finds it finds every table whole."""
    manifest = out / "manifest.json"
    manifest.unlink(missing_ok=True)
    final = work / "final"
    for table in TABLES:
        target = out / table
        if target.exists():
            shutil.rmtree(target)
        source = final / table
        if source.exists():
            source.rename(target)
    problems = [
        {"where": p.where, "line": p.line, "message": p.message, "kind": p.kind, "level": p.level}
        for p in result.problems
    ]
    write_json(
        out / "digest.json",
        {"events": top, "problems": problems, "settings": settings.to_dict()},
    )
    write_json(
        manifest,
        {
            "newsfuse": __version__,
            "until": until,
            "tables": [t for t in TABLES if (out / t).exists()],
            "articles": result.articles,
            "events": result.events,
            "storylines": result.storylines,
            "copies": result.copies,
            "skipped": result.skipped,
            "finished": datetime.now(UTC).isoformat(),
        },
    )


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The finished run's manifest, or None when no run has finished writing ``out``."""
    path = out / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
