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
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsfuse import __version__
from newsfuse.errors import BatchError, NewsfuseError
from newsfuse.ingest.ranges import count_newlines
from newsfuse.model import Copy, Problem
from newsfuse.scale import blocks as block_stage
from newsfuse.scale.blocks import Archive, BlockEvents, Key, archive_frequencies
from newsfuse.scale.copies import (
    FirstRound,
    Position,
    archive_copies,
    first_round,
    merge_first_rounds,
    merge_second_rounds,
    second_round,
)
from newsfuse.scale.defaults import DEFAULT_BLOCK_DAYS, STAGES
from newsfuse.scale.digests import TOP_EVENTS, digest_bucket, label_block
from newsfuse.scale.partitions import (
    UNDATED_BLOCK,
    FileRange,
    Partition,
    ReadOptions,
    StoredPart,
    block_folder,
    block_number,
    buckets_for,
    count_lines,
    in_block_order,
    plan_partitions,
    read_partition,
)
from newsfuse.scale.work import load, open_work, read_json, read_pickle, write_json, write_pickle
from newsfuse.settings import Settings, load_settings

TABLES = ("articles", "events", "summaries", "conflicts")
WAIT_FOR_WORKERS = 60
"""Seconds a run waits for a scheduler's first worker."""
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
    stores: Sequence[str] = (),
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
    the articles of ``stores`` (paths or URLs of the databases ``newsfuse add`` and
    ``watch`` fill; their articles are grouped afresh, their stored events not read) and
    write its tables under ``out``. ``block_days``: the length of the time blocks events are
    grouped in (``--partition-days``). ``until``: one of ``STAGES``. ``now``: the clock
    publication times are checked against (a time later than this is no date).
    ``keep_work``: leave each task's results in ``OUT/.work`` after the run (to look into)."""
    settings = settings or load_settings()
    if until not in STAGES:
        raise BatchError(f"until must be one of {', '.join(STAGES)}, not {until!r}")
    window_days = settings.clustering.window_days
    if block_days < 2 * window_days:
        raise BatchError(
            f"--partition-days must be at least twice the event window ({2 * window_days:g} days), "
            f"not {block_days:g}"
        )
    out = Path(out).resolve()  # workers elsewhere know no working folder of ours
    stored = [_stored_part(url) for url in dict.fromkeys(stores)]  # a store given twice is read once
    partitions, problems = plan_partitions(
        [str(Path(i).resolve()) if i.strip() else i for i in inputs], [part for part, _ in stored]
    )
    problems += [
        Problem(where=stamp[0], message="the store holds no articles", kind="empty", level="warning")
        for _, stamp in stored
        if not stamp[1]
    ]
    if not partitions:
        raise BatchError(
            "no input to read: " + "; ".join(str(p) for p in problems) if problems else "no input"
        )
    buckets = buckets_for(len(partitions))
    identity = {
        "version": __version__,
        "files": [[path, _stamp(path)] for path in dict.fromkeys(f for p in partitions for f in p.paths)],
        "stores": [stamp for _, stamp in stored],
        "plan": [_planned(p) for p in partitions],
        "buckets": buckets,
        "settings": settings.to_dict(),
        "block_days": block_days,
        "until": until,
        "now": now.isoformat() if now else None,
    }
    with open_work(out, identity) as work:
        clock_file = work / "now.json"
        if not clock_file.exists():
            write_json(clock_file, (now or datetime.now(UTC)).isoformat())
        clock = datetime.fromisoformat(read_json(clock_file))
        options = ReadOptions(settings, clock, block_days, buckets)
        resumed = sum((work / "partitions" / f"{p.name}.json").exists() for p in partitions)
        with connect(workers, scheduler) as client:
            run = _Run(client, progress)
            partitions = count_lines(partitions, _newlines(run, work, partitions))
            counts = run.map("read", read_partition, partitions, work=work, options=options)
            for partition in partitions:
                problems += [Problem(**p) for p in read_json(work / "problems" / f"{partition.name}.json")]
            problems += _removed_meanwhile(stored, partitions, counts)
            latest = max((datetime.fromisoformat(c["latest"]) for c in counts if c["latest"]), default=None)
            run.one("frequencies", _frequencies, work, partitions)
            copies, renamed = _copies(run, work, options, latest)
            varieties = set().union(*(set(c["varieties"]) for c in counts))
            archive = Archive(settings.clustering, copies, renamed, len(varieties) > 1, clock, block_days)
            write_pickle(work / "archive.pkl", archive)
            found, homes = _events(run, work, latest, options, renamed)
            event_of = run.here("stitch", block_stage.stitch, found, homes)
            moved = _moved(run, work, found, event_of)
            labelled = in_block_order((work / "labelled").glob("k*.parquet"))
            storyline_of = run.one(
                "storylines", block_stage.link_storylines, labelled, event_of, settings.clustering
            )
            labels = _label_inputs(work, labelled, found, event_of, moved, storyline_of)
            run.map("label", _label, labels, work=work, buckets=options.buckets)
            top: list[tuple[Any, dict[str, Any]]] = []
            if until != "events":
                digests = run.map(
                    "digest",
                    digest_bucket,
                    range(options.buckets),
                    work=work,
                    settings=settings,
                    analysis=until == "analysis",
                )
                problems += [problem for d in digests for problem in d.problems]
                ranked = sorted((item for d in digests for item in d.top), key=lambda item: tuple(item[0]))
                top = ranked[:TOP_EVENTS]
        result = BatchResult(
            out,
            articles=sum(c["articles"] for c in counts),
            events=len(set(event_of.values())),
            storylines=len(set(storyline_of.values())),
            copies=len(copies),
            problems=tuple(problems),
            resumed=resumed,
            seconds={step: round(value, 2) for step, value in run.seconds.items()},
        )
        _publish(work, out, result, [event for _, event in top], settings, until)
        if not keep_work:
            shutil.rmtree(work)  # its lock too: the run is over
    return result


def _stored_part(url: str) -> tuple[StoredPart, list[Any]]:
    """Every article a store holds now (one added later is left to the next run), and
    what the run's identity keeps of the store: its URL without password and revision."""
    from newsfuse.store import absolute, open_store

    try:
        url = absolute(url)  # workers elsewhere know no working folder of ours
        with open_store(url, read_only=True) as store:
            revision = store.revision()
            shown = store.url
    except NewsfuseError as error:
        raise BatchError(f"cannot read the store: {error}") from None
    return StoredPart(url, range(1, revision.last + 1)), [shown, *revision]


def _planned(partition: Partition) -> list[Any]:
    """A partition as the run's identity keeps it (a store by its URL without password)."""
    lines, stored = partition.lines, partition.stored
    return [
        [path for path, _ in partition.files],
        [lines.path, lines.start, lines.end] if lines else None,
        [_shown(stored.url), stored.sequences.start, stored.sequences.stop] if stored else None,
    ]


def _shown(url: str) -> str:
    from newsfuse.store.sql import redacted

    return redacted(url)


def _newlines(run: _Run, work: Path, partitions: Sequence[Partition]) -> list[int | None]:
    """The newlines of each byte range of a large JSONL file, counted once per run."""
    done = work / "newlines.json"
    if done.exists():
        kept: list[int | None] = read_json(done)
        return kept
    ranges = [p.lines for p in partitions if p.lines is not None]
    counted: list[int | None] = run.map("count-lines", _count_newlines, ranges)
    if None not in counted:  # a range that could not be read is counted again next time
        write_json(done, counted)
    return counted


def _count_newlines(lines: FileRange) -> int | None:
    return count_newlines(Path(lines.path), lines.start, lines.end)


def _removed_meanwhile(
    stored: Sequence[tuple[StoredPart, list[Any]]], partitions: Sequence[Partition], counts: Sequence[Any]
) -> list[Problem]:
    """A warning for each store that lost articles between the run's start and its reading
    them (``newsfuse watch`` replacing a changed page, say): those were not read."""
    found = []
    for part, (shown, planned, _) in stored:
        read = sum(
            c["stored"]
            for p, c in zip(partitions, counts, strict=True)
            if p.stored is not None and p.stored.url == part.url
        )
        if read < planned:
            removed = f"{planned - read:,} article{'s were' if planned - read > 1 else ' was'}"
            message = f"{removed} removed from the store while the run read it"
            found.append(Problem(where=shown, message=message, kind="store", level="warning"))
    return found


def _stamp(path: str) -> list[int]:
    """A file's size and modification time: a changed input makes a new run."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise BatchError(f"{path}: {error.strerror or error} (it was there a moment ago)") from None
    return [status.st_size, status.st_mtime_ns]


class _Run:
    """Submits a step's tasks to the cluster, shows their progress, gathers their results."""

    def __init__(self, client: Any, progress: bool) -> None:
        self.client = client
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self.token = uuid.uuid4().hex[:12]
        """Task keys carry it: two runs on one scheduler never take each other's results."""

    def map(self, step: str, function: Any, items: Sequence[Any], **shared: Any) -> list[Any]:
        if not items:
            return []
        with self._timed(step):
            keys = [f"{step}-{n}-{self.token}" for n in range(len(items))]
            futures = self.client.map(function, items, key=keys, pure=False, **shared)
            if self.progress:
                print(f"{step}:", file=sys.stderr)
                _distributed().progress(futures)
                print(file=sys.stderr)
            results: list[Any] = self.client.gather(futures)
        return results

    def here(self, step: str, function: Any, *arguments: Any) -> Any:
        """A step the driver does itself (on what the tasks gathered)."""
        with self._timed(step):
            return function(*arguments)

    def one(self, step: str, function: Any, *arguments: Any) -> Any:
        with self._timed(step):
            return self.client.submit(function, *arguments, key=f"{step}-{self.token}", pure=False).result()

    @contextmanager
    def _timed(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started


@contextmanager
def connect(workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a LocalCluster of ``workers``
    worker processes (one thread each)."""
    distributed = _distributed()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as error:
            raise BatchError(f"no Dask scheduler answers at {scheduler} ({error})") from None
        with client:
            try:
                client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
            except TimeoutError:
                raise BatchError(
                    f"the Dask scheduler at {scheduler} has no worker (waited {WAIT_FOR_WORKERS} s)"
                ) from None
            yield client
        return
    count = workers or max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    memory = min(WORKER_MEMORY, _machine_memory() // count)
    with (
        distributed.LocalCluster(
            n_workers=count,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",  # this machine only, any free port (runs side by side)
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


def _frequencies(work: Path, partitions: Sequence[Partition]) -> None:
    done = work / "frequencies.pkl"
    if not done.exists():
        parts = [read_pickle(work / "frequencies" / f"{p.name}.pkl") for p in partitions]
        write_pickle(done, archive_frequencies(parts))


def _copies(
    run: _Run, work: Path, options: ReadOptions, latest: datetime | None
) -> tuple[dict[str, Copy], dict[Position, str]]:
    """The archive's copies and renamed ids, by the two shuffles of ``scale.copies``."""
    buckets = range(options.buckets)
    first = merge_first_rounds(run.map("ids-and-copies", _first_round, buckets, work=work))
    write_pickle(work / "copies" / "first.pkl", first)
    window = options.settings.clustering.window
    near = run.map("near-copies", _second_round, buckets, work=work, window=window, latest=latest)
    return archive_copies(first, merge_second_rounds(near)), first.renamed


def _first_round(bucket: int, work: Path) -> FirstRound:
    done = work / "copies" / f"first-{bucket}.pkl"
    if not done.exists():
        write_pickle(done, first_round(work / "keys", bucket))
    found: FirstRound = read_pickle(done)
    return found


def _second_round(bucket: int, work: Path, window: timedelta, latest: datetime | None) -> Any:
    done = work / "copies" / f"second-{bucket}.pkl"
    if not done.exists():
        first = load(work / "copies" / "first.pkl")
        write_pickle(done, second_round(work / "bands", bucket, first, window, latest))
    return read_pickle(done)


def _events(
    run: _Run, work: Path, latest: datetime | None, options: ReadOptions, renamed: Mapping[Position, str]
) -> tuple[list[BlockEvents], dict[str, Key]]:
    """Every block's events, and the block event of each article that opens the undated
    articles' block (its lead-in: the archive's last window)."""
    undated = block_folder(work, UNDATED_BLOCK)
    lead: list[tuple[Any, str]] = []
    if undated.exists() and latest is not None:
        window = options.settings.clustering.window
        lead = run.one(
            "undated-lead", block_stage.write_undated_lead, work, latest, window, options.block_days
        )
    folders = in_block_order((work / "blocks").iterdir()) if (work / "blocks").exists() else []
    found: list[BlockEvents] = run.map("events", _group_block, folders, work=work)
    ids = {renamed.get(place, article_id) for place, article_id in lead}
    labelled = [p for p in (work / "labelled").glob("k*.parquet") if p.stem != undated.name]
    return found, _find_events(run, work, "find-lead", labelled, ids)


def _find_events(run: _Run, work: Path, step: str, labelled: Sequence[Path], ids: set[str]) -> dict[str, Key]:
    """The block event of each of ``ids``, looked up in every block's grouped articles. The
    ids go to the tasks as a file: a large argument would ride in the task graph."""
    wanted = work / "lookups" / f"{step}.pkl"
    write_pickle(wanted, ids)
    found: dict[str, Key] = {}
    for part in run.map(step, _find_in_block, labelled, wanted=wanted):
        found.update(part)
    return found


def _find_in_block(labelled: Path, wanted: Path) -> dict[str, Key]:
    return block_stage.find_events(labelled, load(wanted))


def _group_block(folder: Path, work: Path) -> BlockEvents:
    done = work / "labelled" / f"{folder.name}.pkl"
    if not done.exists():
        labelled = work / "labelled" / f"{folder.name}.parquet"
        found = block_stage.group_block(
            folder, labelled, load(work / "archive.pkl"), load(work / "frequencies.pkl")
        )
        write_pickle(done, found)
    found_events: BlockEvents = read_pickle(done)
    return found_events


def _moved(
    run: _Run, work: Path, found: Sequence[BlockEvents], event_of: Mapping[Key, str]
) -> dict[str, str]:
    """The event of every copy whose original is in an earlier block: its original's."""
    wanted = {original for f in found for original in f.foreign_copies.values()}
    labelled = sorted((work / "labelled").glob("k*.parquet"))
    found_at = _find_events(run, work, "find-originals", labelled, wanted)
    located = {article_id: event_of[key] for article_id, key in found_at.items() if key[1] >= 0}
    foreign = {copy: original for f in found for copy, original in f.foreign_copies.items()}

    def event(article_id: str, seen: frozenset[str] = frozenset()) -> str:
        if article_id in located:
            return located[article_id]
        original = foreign.get(article_id)
        if original is None or article_id in seen:
            raise BatchError(f"the original of copy {article_id!r} was not found")
        return event(original, seen | {article_id})

    return {copy: event(copy) for copy in foreign}


@dataclass(frozen=True, slots=True)
class _LabelInput:
    """What labelling one block needs: only its own events, copies and storylines."""

    labelled: Path
    event_of: dict[int, str]
    moved: dict[str, str]
    storyline_of: dict[str, str]


def _label_inputs(
    work: Path,
    labelled: Sequence[Path],
    found: Sequence[BlockEvents],
    event_of: Mapping[Key, str],
    moved: Mapping[str, str],
    storyline_of: Mapping[str, str],
) -> list[Path]:
    """Each block's labelling task, written to a file."""
    numbers: dict[int, dict[int, str]] = {}
    for (block, number), event_id in event_of.items():
        numbers.setdefault(block, {})[number] = event_id
    by_block = {f.block: f for f in found}
    inputs = []
    for path in labelled:
        block = block_number(path)
        own = numbers.get(block, {})
        copies = {article_id: moved[article_id] for article_id in by_block[block].moved}
        events = {*own.values(), *copies.values()}
        task = work / "lookups" / f"label-{path.stem}.pkl"  # a file: large maps would ride in the task graph
        write_pickle(task, _LabelInput(path, own, copies, {e: storyline_of[e] for e in events}))
        inputs.append(task)
    return inputs


def _label(path: Path, work: Path, buckets: int) -> int:
    task: _LabelInput = read_pickle(path)
    return label_block(task.labelled, work, task.event_of, task.moved, task.storyline_of, buckets)


def _publish(
    work: Path, out: Path, result: BatchResult, top: list[dict[str, Any]], settings: Settings, until: str
) -> None:
    """Move the finished tables into ``out`` and write the JSON digest; the manifest comes
    last, so a reader who finds it finds every table whole."""
    manifest = out / "manifest.json"
    manifest.unlink(missing_ok=True)
    final, old = work / "final", work / "old"
    old.mkdir(exist_ok=True)
    for table in TABLES:  # the earlier run's tables move aside, then the new ones in
        if (out / table).exists():
            (out / table).rename(old / table)
    for table in TABLES:
        if (final / table).exists():
            (final / table).rename(out / table)
    problems = [asdict(p) for p in result.problems]
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
    shutil.rmtree(old)


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The finished run's manifest, or None when no run has finished writing ``out``."""
    path = out / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
