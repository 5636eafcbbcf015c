"""Partitions: the inputs cut into pieces a worker reads whole, and what reading one leaves.

A JSONL file (plain or ``.gz``) is a partition of its own, or, when it is larger than
``JSONL_BYTES_PER_PARTITION``, neither compressed nor UTF-16/32, one partition per range of
that many bytes (``ingest.ranges``). Other article files (text, Markdown, HTML, JSON) are gathered
in partitions of ``FILES_PER_PARTITION``. A store (the database ``newsfuse add`` and
``watch`` fill) is read in runs of ``STORED_PER_PARTITION`` articles in the order they
were added. Reading a partition reads and cleans its articles as ``newsfuse`` reads any
input (a store's articles were cleaned when they were added), and writes, in one pass:

- ``blocks/kNNNNNN/pNNNNN.parquet``: the clean articles of each time block (``blocks``),
  with what grouping needs of each (text fingerprint, publication time as the clusterer
  takes it, term counts, copy band keys), and the last ``window`` of the block before as
  a lead-in;
- ``frequencies/pNNNNN.pkl``: the partition's share of the archive's document frequencies;
- ``keys/pNNNNN.parquet`` and ``bands/pNNNNN.parquet``: the rows of the shuffles that
  find clashing ids and exact copies (by id and text fingerprint) and near copies (by band
  key), a row group for each bucket their keys hash to (``work.write_buckets``);
- ``problems/pNNNNN.json``: what could not be read, by file and line."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsfuse.errors import InputError, UnreadableSourceError
from newsfuse.events.clustering import EventClusterer, plausible
from newsfuse.events.copies import band_keys
from newsfuse.events.languages import language_of
from newsfuse.ingest import input_files, read_file
from newsfuse.ingest.ranges import read_lines
from newsfuse.ingest.sources import format_of
from newsfuse.model import Article, Problem
from newsfuse.pipeline import prepare
from newsfuse.pipeline.batch import with_languages
from newsfuse.scale.copies import id_base
from newsfuse.scale.work import read_json, write_buckets, write_json, write_pickle, write_table
from newsfuse.settings import Settings
from newsfuse.text.fingerprint import words_fingerprint
from newsfuse.text.tokens import tokens

FILES_PER_PARTITION = 500
JSONL_BYTES_PER_PARTITION = 32 << 20
"""About 10,000 articles of news text (a gzipped file cannot be cut: it is read whole)."""
STORED_PER_PARTITION = 5000
"""Stored articles per partition (by sequence number: fewer where articles were removed)."""
MIN_BUCKETS = 64
PARTITIONS_PER_BUCKET = 8
"""Each shuffle sends its rows to ``buckets_for(partitions)`` buckets (a reduce task each):
64, or one for every 8 partitions of a larger archive, so that a reducer holds the keys of
about 80,000 articles at most, however large the archive."""
UNDATED_BLOCK = 2**40
"""The block of articles with no usable publication time (after every dated block)."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class StoredPart:
    """A run of a store's articles, by their sequence numbers."""

    url: str
    """The store's path or URL (with its password: the worker opens it)."""
    sequences: range


@dataclass(frozen=True, slots=True)
class FileRange:
    """The lines of a large JSONL file that begin from byte ``start`` up to ``end``."""

    path: str
    article_id: str
    start: int
    end: int
    newlines_before: int | None = None
    """The newlines before ``start``: counted once the run has a cluster (``count_lines``)."""


@dataclass(frozen=True, slots=True)
class Partition:
    number: int
    files: tuple[tuple[str, str], ...] = ()
    """``(path, article id)`` of each file, as ``ingest.input_files`` names them."""
    stored: StoredPart | None = None
    lines: FileRange | None = None

    @property
    def name(self) -> str:
        return f"p{self.number:05d}"

    @property
    def paths(self) -> list[str]:
        """The files it reads."""
        return [path for path, _ in self.files] + ([self.lines.path] if self.lines else [])


def plan_partitions(
    inputs: Sequence[str], stores: Sequence[StoredPart] = ()
) -> tuple[list[Partition], list[Problem]]:
    """The inputs as partitions, in input order, then the stores' (``stores``: a part
    each, cut here into partitions), and a problem for each input that cannot be read at
    all (a missing file, an unreadable folder)."""
    partitions: list[Partition] = []
    problems: list[Problem] = []
    gathered: list[tuple[str, str]] = []

    def flush() -> None:
        if gathered:
            partitions.append(Partition(len(partitions), tuple(gathered)))
            gathered.clear()

    for given in inputs:
        for item in input_files(given):
            if not isinstance(item, tuple):
                problems.append(Problem.from_error(item))
                continue
            path, article_id = item
            if _is_jsonl(path):
                flush()
                size = path.stat().st_size
                if size <= JSONL_BYTES_PER_PARTITION or not _cuttable(path):
                    partitions.append(Partition(len(partitions), ((str(path), article_id),)))
                    continue
                for start in range(0, size, JSONL_BYTES_PER_PARTITION):
                    end = min(start + JSONL_BYTES_PER_PARTITION, size)
                    ranged = FileRange(str(path), article_id, start, end)
                    partitions.append(Partition(len(partitions), lines=ranged))
            else:
                gathered.append((str(path), article_id))
                if len(gathered) >= FILES_PER_PARTITION:
                    flush()
        flush()
    for store in stores:
        whole = store.sequences
        for start in range(whole.start, whole.stop, STORED_PER_PARTITION):
            part = range(start, min(start + STORED_PER_PARTITION, whole.stop))
            partitions.append(Partition(len(partitions), stored=StoredPart(store.url, part)))
    return partitions, problems


def _is_jsonl(path: Path) -> bool:
    return format_of(path) == "jsonl"


def _cuttable(path: Path) -> bool:
    """Whether a file can be read in byte ranges: not gzipped (a stream read from its
    start), not UTF-16 or UTF-32, with or without a byte-order mark (their newlines are not
    single bytes)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False  # read whole, and reported as any unreadable file
    return not head.startswith(b"\x1f\x8b") and b"\x00" not in head  # UTF-16/32 hold NUL bytes


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What every partition's reading needs to know, the same for all."""

    settings: Settings
    now: datetime
    """The run's clock: a publication time later than this is no date."""
    block_days: float
    buckets: int
    """How many buckets each shuffle has (``buckets_for``)."""


def read_partition(partition: Partition, work: Path, options: ReadOptions) -> dict[str, Any]:
    """Read and clean one partition and write what it leaves (see the module's docstring).
    Returns how many articles it holds, how many inputs were skipped and the languages
    (varieties) its articles are compared in; an earlier run's answer if it finished it."""
    done = work / "partitions" / f"{partition.name}.json"
    if done.exists():
        found: dict[str, Any] = read_json(done)
        return {**found, "resumed": True}
    import pyarrow as pa

    articles: list[Article] = []
    problems: list[Problem] = []
    items = _read(partition)
    for item in items:
        if isinstance(item, Article):
            articles.append(item)
        else:
            problems.append(Problem.from_error(item))
    if partition.stored is None:  # a store's articles were cleaned when they were added
        prepared = prepare(articles, options.settings, problems=problems, unique_ids=False)
        articles, problems = list(prepared.articles), list(prepared.problems)
    cleaned, notes = with_languages(articles)
    problems += [n for n in notes if n.kind == "language"]
    rows = _rows(cleaned, partition.number, options)
    table = pa.Table.from_pylist(rows, schema=article_schema())
    _write_shuffles(table, partition, work, options)
    frequencies: Counter[str] = Counter()
    for keys in table.column("term_keys").to_pylist():
        frequencies.update(keys)
    write_pickle(work / "frequencies" / f"{partition.name}.pkl", (table.num_rows, frequencies))
    write_json(work / "problems" / f"{partition.name}.json", [asdict(p) for p in problems])
    found = {
        "articles": table.num_rows,
        "skipped": sum(p.level == "skipped" for p in problems),
        "varieties": sorted({language_of(a) for a in cleaned}),
        "latest": max((m.isoformat() for m in table.column("moment").to_pylist() if m), default=None),
        "stored": len(items) if partition.stored else 0,
    }
    write_json(done, found)  # last: its presence says the partition is finished
    return {**found, "resumed": False}


def count_lines(partitions: Sequence[Partition], newlines: Sequence[int | None]) -> list[Partition]:
    """The partitions with the line numbers of the JSONL ranges set, given the newlines of
    each ranged partition (``ingest.ranges.count_newlines``, in the partitions' order); a
    range after one that could not be counted stays unnumbered."""
    counted = iter(newlines)
    before: dict[str, int | None] = {}
    numbered = []
    for partition in partitions:
        if partition.lines is not None:
            path = partition.lines.path
            if partition.lines.start == 0:  # a file given twice is read twice, from line 1
                before[path] = 0
            lines = replace(partition.lines, newlines_before=before[path])
            count, so_far = next(counted), before[path]
            before[path] = None if count is None or so_far is None else so_far + count
            partition = replace(partition, lines=lines)
        numbered.append(partition)
    return numbered


def _read(partition: Partition) -> list[Article | InputError]:
    items: list[Article | InputError] = []
    for path, article_id in partition.files:
        items += read_file(Path(path), article_id)
    if (lines := partition.lines) is not None:
        if (before := lines.newlines_before) is None:
            where = f"bytes {lines.start:,} to {lines.end:,}"
            why = "an earlier part of the file could not be read, so its lines cannot be numbered"
            items.append(UnreadableSourceError(lines.path, f"cannot read {where}: {why}"))
        else:
            items += read_lines(Path(lines.path), lines.article_id, lines.start, lines.end, before)
    if partition.stored is not None:
        from newsfuse.store import open_store

        with open_store(partition.stored.url, read_only=True) as store:
            items += store.added(partition.stored.sequences)
    return items


def _rows(articles: Iterable[Article], partition: int, options: ReadOptions) -> list[dict[str, Any]]:
    settings = options.settings.clustering
    counter = EventClusterer(settings, storylines=False, anchored=True)  # counts terms only
    threshold = settings.near_duplicate_threshold
    rows = []
    for row, article in enumerate(articles):
        words = tokens(article.text)
        counted = counter.terms(article)
        moment = plausible(article.published, lambda: options.now)
        rows.append(
            {
                "partition": partition,
                "row": row,
                "id": article.id,
                "title": article.title,
                "text": article.text,
                "source": article.source,
                "url": article.url,
                "published": article.published,
                "language": article.language,
                "origin": article.origin,
                "fingerprint": words_fingerprint(words),
                "moment": moment,
                "block": block_of(moment, options.block_days),
                "term_keys": list(counted),
                "term_counts": list(counted.values()),
                "bands": band_keys(words, threshold),
            }
        )
    return rows


def block_of(moment: datetime | None, block_days: float) -> int:
    """The time block an article falls in: ``block_days`` of publication time each."""
    if moment is None:
        return UNDATED_BLOCK
    return math.floor((moment - _EPOCH) / timedelta(days=block_days))


def _write_shuffles(table: Any, partition: Partition, work: Path, options: ReadOptions) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    identity = table.select(["partition", "row", "id", "fingerprint", "moment"])
    # Each row goes to its id's bucket (to find clashing ids) and its fingerprint's (copies).
    # Ids go by their base, so that "a", "a~2" and a second "a" meet (``copies.first_round``).
    ids = [bucket_of(id_base(k), options.buckets) for k in table.column("id").to_pylist()]
    prints = [bucket_of(k, options.buckets) for k in table.column("fingerprint").to_pylist()]
    kinds = pa.array(["id"] * len(ids) + ["fingerprint"] * len(prints))
    keys = pa.concat_tables([identity, identity]).append_column("by", kinds)
    write_buckets(work / "keys" / f"{partition.name}.parquet", keys, pa.array(ids + prints, pa.int32()))

    flat = table.select(["partition", "row", "id", "fingerprint", "moment", "bands"])
    lengths = pc.list_value_length(flat.column("bands")).to_numpy(zero_copy_only=False)
    repeated = flat.drop_columns(["bands"]).take(
        pa.array([i for i, n in enumerate(lengths) for _ in range(int(n))], pa.int64())
    )
    band = pc.list_flatten(flat.column("bands"))
    bands = repeated.append_column("band", band)
    bucket = pa.array([bucket_of(str(k), options.buckets) for k in band.to_pylist()], pa.int32())
    write_buckets(work / "bands" / f"{partition.name}.parquet", bands, bucket)

    blocks = table.column("block").to_pylist()
    for block in sorted(set(blocks)):
        members = table.filter(pc.equal(table.column("block"), block))
        lead_in = pa.array([False] * members.num_rows)
        write_table(
            block_folder(work, block) / f"{partition.name}.parquet",
            members.append_column("lead_in", lead_in),
        )
    # The last window of each block opens the next one too, so that an event going on over
    # the border is seen whole from its second side (see ``blocks.stitch``).
    window = options.settings.clustering.window
    leads: dict[int, list[int]] = {}
    for index, (moment, block) in enumerate(zip(table.column("moment").to_pylist(), blocks, strict=True)):
        if moment is not None and (following := block_of(moment + window, options.block_days)) != block:
            leads.setdefault(following, []).append(index)
    for block, chosen in sorted(leads.items()):
        lead = table.take(pa.array(chosen, pa.int64()))
        write_table(
            block_folder(work, block) / f"{partition.name}-lead.parquet",
            lead.append_column("lead_in", pa.array([True] * lead.num_rows)),
        )


def block_folder(work: Path, block: int) -> Path:
    """Where a block's articles are gathered (``k`` and the block's number)."""
    return work / "blocks" / f"k{block}"


def block_number(path: Path) -> int:
    """The block a block's folder or file is of (``k-3``, ``k10349.parquet``)."""
    return int(path.name[1:].split(".")[0])


def in_block_order(paths: Iterable[Path]) -> list[Path]:
    """Block folders or files in the order of their blocks, so in time order."""
    return sorted(paths, key=block_number)


def buckets_for(partitions: int) -> int:
    """How many buckets each shuffle of an archive of ``partitions`` partitions has."""
    return max(MIN_BUCKETS, -(-partitions // PARTITIONS_PER_BUCKET))


def bucket_of(key: str, buckets: int) -> int:
    """A key's bucket, the same in every process (Python's ``hash`` of a str is not)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % buckets


def article_fields() -> list[tuple[str, Any]]:
    """The columns that hold an article, in every table of articles between the steps."""
    import pyarrow as pa

    time = pa.timestamp("us", tz="UTC")
    return [
        ("partition", pa.int32()),
        ("row", pa.int32()),
        ("id", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("published", time),
        ("language", pa.string()),
        ("origin", pa.string()),
        ("moment", time),
    ]


def article_schema() -> Any:
    """The columns of the articles in ``blocks/kNNNNNN/pNNNNN.parquet`` (and ``lead_in``)."""
    import pyarrow as pa

    return pa.schema(
        [
            *article_fields(),
            ("fingerprint", pa.string()),
            ("block", pa.int64()),
            ("term_keys", pa.list_(pa.string())),
            ("term_counts", pa.list_(pa.float64())),
            ("bands", pa.list_(pa.int64())),
        ]
    )
