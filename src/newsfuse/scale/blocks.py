"""Events over an archive, block by block of publication time, stitched at the borders.

Each block (``partitions.block_of``) is grouped by itself, as one process groups a pile
(``events.cluster_articles``), with what only the whole archive knows given to it: the
archive's term frequencies, its copies and whether it holds several languages. A block
opens with the last ``window`` of the block before (its lead-in), which the clusterer sees
as it would have seen them, still open: an event of the block before that goes on over
the border shares those articles with an event of this block, and the two are one
(``stitch``). A copy whose original lies in an earlier block goes with its original, as it
would in one process. Events are numbered in order of their first article, and linked
into storylines by their first report, one event after another (``link_storylines``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from newsfuse.events.clustering import ArchivePart, cluster_articles, feeding_order, storyline_linker
from newsfuse.events.languages import without_anchors
from newsfuse.model import Article, Copy
from newsfuse.scale.copies import Position, order_key
from newsfuse.scale.partitions import UNDATED_BLOCK, article_fields, block_folder, block_number, block_of
from newsfuse.scale.work import read_pickle, write_pickle, write_table
from newsfuse.settings import ClusteringSettings
from newsfuse.text.vectors import DocumentFrequencies, weigh

Key = tuple[int, int]
"""An event of one block: ``(block, number in the block)``."""
_KEPT_TERMS = 200
"""An event's summed vector keeps its heaviest terms, this many (as a storyline does)."""


class ArchiveFrequencies(Counter[str]):
    """Document frequencies of the terms more than one article of the archive has; any
    other term an article has, only it has (so counts 1): exact, and much smaller."""

    def __missing__(self, key: str) -> int:
        return 1


def archive_frequencies(parts: Sequence[tuple[int, Counter[str]]]) -> DocumentFrequencies:
    """The archive's document frequencies from each partition's ``(documents, counts)``."""
    total: Counter[str] = Counter()
    documents = 0
    for count, counted in parts:
        documents += count
        total.update(counted)
    frequencies = DocumentFrequencies()
    frequencies.documents = documents
    frequencies.frequency = ArchiveFrequencies({t: n for t, n in total.items() if n > 1})
    return frequencies


@dataclass(frozen=True, slots=True)
class Archive:
    """What every block is told of the whole archive."""

    settings: ClusteringSettings
    copies: Mapping[str, Copy]
    renamed: Mapping[Position, str]
    multilingual: bool
    now: datetime
    block_days: float


@dataclass(slots=True)
class BlockEvents:
    """One block's events: what stitching, numbering and storylines need of them."""

    block: int
    first: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    """Each event's first own article (not of the lead-in), by the archive's order."""
    tail: dict[str, int] = field(default_factory=dict)
    """The block's own articles that the next block sees as its lead-in -> their event."""
    lead: dict[str, int] = field(default_factory=dict)
    """The lead-in articles -> their event in this block."""
    foreign_copies: dict[str, str] = field(default_factory=dict)
    """Copies whose original is in an earlier block -> the original's id: not grouped
    here, they go with their originals (``moved``)."""
    moved: list[str] = field(default_factory=list)
    """The block's own foreign copies (their event comes from their original's)."""


@dataclass(slots=True)
class StorylineInput:
    """What linking storylines needs of one block's share of an event (kept on disk
    beside the block's articles, read back one block at a time)."""

    first: tuple[Any, ...]
    """Its first own article, by the archive's order."""
    first_vector: dict[str, float]
    """That article's word vector."""
    published: tuple[datetime | None, datetime | None]
    """Its first and last own articles' publication times."""
    rest: dict[str, float] = field(default_factory=dict)
    """The sum of its other own articles' word vectors (the heaviest ``_KEPT_TERMS``)."""


def _block_rows(folder: Path, archive: Archive) -> list[dict[str, Any]]:
    """A block's articles (its lead-in first), in the archive's order, with their final ids."""
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("p*.parquet")):
        rows += pq.read_table(path).to_pylist()
    rows.sort(key=order_key)
    for row in rows:
        row["id"] = archive.renamed.get((row["partition"], row["row"]), row["id"])
    return rows


def _words(
    terms: Mapping[str, float], frequencies: DocumentFrequencies, archive: Archive
) -> dict[str, float]:
    return weigh(without_anchors(terms)[0], frequencies, archive.settings.vectors.max_terms)


def group_block(folder: Path, out: Path, archive: Archive, frequencies: DocumentFrequencies) -> BlockEvents:
    """Group one block's articles; write every own article's event to ``out`` (Parquet),
    and return what the driver needs to stitch, number and link the events."""
    import pyarrow as pa

    block = block_number(folder)
    rows = _block_rows(folder, archive)
    found = BlockEvents(block)
    found.foreign_copies = _foreign_copies([r["id"] for r in rows], archive.copies)
    moved = [
        _final_row(row, block, archive.copies[row["id"]])
        for row in rows
        if row["id"] in found.foreign_copies and not row["lead_in"]
    ]
    found.moved = [row["id"] for row in moved]
    rows = [r for r in rows if r["id"] not in found.foreign_copies]
    articles = [
        Article(
            id=r["id"], text=r["text"], title=r["title"], published=r["published"], language=r["language"]
        )
        for r in rows
    ]
    terms = [dict(zip(r["term_keys"], r["term_counts"], strict=True)) for r in rows]
    if not archive.multilingual:
        terms = [without_anchors(t)[0] for t in terms]
    copies = {a.id: archive.copies[a.id] for a in articles if a.id in archive.copies}
    assignments = cluster_articles(
        articles,
        archive.settings,
        clock=lambda: archive.now,
        part=ArchivePart(frequencies, copies, archive.multilingual, terms),
    )
    numbers: dict[str, int] = {}
    own = []
    linking: dict[int, StorylineInput] = {}
    for row, assignment, counted in zip(rows, assignments, terms, strict=True):
        number = numbers.setdefault(assignment.event_id, len(numbers))
        if row["lead_in"]:
            found.lead[row["id"]] = number
            continue
        own.append((row, number, assignment))
        words = _words(counted, frequencies, archive)
        if number not in found.first:
            found.first[number] = order_key(row)
            linking[number] = StorylineInput(order_key(row), words, (row["moment"], row["moment"]))
        else:
            _add(linking[number], words, row["moment"])
        if row["moment"] is not None and _leads_on(row, archive):
            found.tail[row["id"]] = number
    records = [
        {**_final_row(r, block, copies.get(r["id"])), "number": n, "similarity": a.similarity}
        for r, n, a in own
    ]
    records += [{**r, "number": -1, "similarity": 1.0} for r in moved]
    table = pa.Table.from_pylist(records, schema=labelled_schema())
    write_table(out, table)
    write_pickle(storyline_inputs(out), linking)
    return found


def storyline_inputs(labelled: Path) -> Path:
    """Where a block's ``StorylineInput`` of each event is kept, beside its articles."""
    return labelled.with_suffix(".storylines.pkl")


def _add(linking: StorylineInput, words: Mapping[str, float], moment: datetime | None) -> None:
    rest = linking.rest
    for term, weight in words.items():
        rest[term] = rest.get(term, 0.0) + weight
    if len(rest) > 2 * _KEPT_TERMS:  # pruned in bulk, as a storyline is
        linking.rest = dict(sorted(rest.items(), key=lambda item: (-item[1], item[0]))[:_KEPT_TERMS])
    first, last = linking.published
    if moment is not None and (last is None or moment > last):
        linking.published = (first, moment)


def _foreign_copies(ids: Sequence[str], copies: Mapping[str, Copy]) -> dict[str, str]:
    """The copies among ``ids`` whose original is not among them (or is such a copy)."""
    present = set(ids)
    foreign: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for article_id in ids:
            copy = copies.get(article_id)
            if copy is None or article_id in foreign:
                continue
            if copy.original_id not in present or copy.original_id in foreign:
                foreign[article_id] = copy.original_id
                changed = True
    return foreign


def _final_row(row: Mapping[str, Any], block: int, copy: Copy | None) -> dict[str, Any]:
    return {
        **{name: row[name] for name, _ in article_fields()},
        "block": block,
        "copy_of": copy.original_id if copy else None,
        "copy_kind": copy.kind if copy else None,
    }


def labelled_schema() -> Any:
    """The columns of a block's grouped articles (``number`` -1: a copy placed by its original)."""
    import pyarrow as pa

    return pa.schema(
        [
            *article_fields(),
            ("block", pa.int64()),
            ("number", pa.int32()),
            ("similarity", pa.float64()),
            ("copy_of", pa.string()),
            ("copy_kind", pa.string()),
        ]
    )


def _leads_on(row: Mapping[str, Any], archive: Archive) -> bool:
    """Whether the next block opens with this article (its lead-in)."""
    block: int = row["block"]
    return block_of(row["moment"] + archive.settings.window, archive.block_days) != block


class _Sets:
    """Union-find over block events."""

    def __init__(self) -> None:
        self.parent: dict[Key, Key] = {}

    def find(self, key: Key) -> Key:
        parent = self.parent.setdefault(key, key)
        if parent != key:
            parent = self.parent[key] = self.find(parent)
        return parent

    def union(self, a: Key, b: Key) -> None:
        first, second = sorted((self.find(a), self.find(b)))
        self.parent[second] = first


def stitch(
    blocks: Sequence[BlockEvents], homes: Mapping[str, Key] | None = None, id_prefix: str = "event-"
) -> dict[Key, str]:
    """One archive's events from its blocks': an event of a block that holds lead-in
    articles is the event those articles belong to where they are their block's own (the
    one holding most of them); numbered in order of first article. Returns every block
    event's event id. ``homes``: the block event of lead-in articles that are no block's
    ``tail`` (the undated block's)."""
    sets = _Sets()
    home_of: dict[str, Key] = dict(homes or {})
    for found in blocks:
        home_of.update({article_id: (found.block, number) for article_id, number in found.tail.items()})
    for found in blocks:
        for number in found.first:
            sets.find((found.block, number))
        votes: dict[int, Counter[Key]] = {}
        for article_id, number in found.lead.items():
            home = home_of.get(article_id)
            if home is not None:
                votes.setdefault(number, Counter())[home] += 1
        for number, counted in votes.items():
            home = min(counted, key=lambda h: (-counted[h], h))
            if number in found.first:
                sets.union(home, (found.block, number))
    firsts: dict[Key, tuple[Any, ...]] = {}
    for found in blocks:
        for number, first in found.first.items():
            root = sets.find((found.block, number))
            if root not in firsts or first < firsts[root]:
                firsts[root] = first
    ordered = sorted(firsts, key=firsts.__getitem__)
    event_id = {root: f"{id_prefix}{n + 1:06d}" for n, root in enumerate(ordered)}
    return {key: event_id[sets.find(key)] for key in list(sets.parent)}


def link_storylines(
    labelled: Sequence[Path], event_of: Mapping[Key, str], settings: ClusteringSettings
) -> dict[str, str]:
    """Each event's storyline (``labelled``: the blocks' grouped articles, in block order,
    so in the archive's order). Within a block, each event is linked by its first report
    when that comes, and its storyline grows by its other articles when the last of them
    comes (one process grows it article by article). Only one block's events and the open
    storylines are in memory at once."""
    linker = storyline_linker(settings)
    for path in labelled:
        block = block_number(path)
        inputs: dict[int, StorylineInput] = read_pickle(storyline_inputs(path))
        steps: list[tuple[tuple[Any, ...], bool, int]] = []
        for number, linking in inputs.items():
            steps.append((linking.first, False, number))
            last = linking.published[1]
            if linking.rest:  # after every article of the same moment: "~" sorts after fingerprints
                steps.append((feeding_order(last, "~", (0, 0)), True, number))
        for _, grows, number in sorted(steps):
            linking, event_id = inputs[number], event_of[(block, number)]
            first, last = linking.published
            if grows:
                linker.grow(event_id, linking.rest, last)
            elif linker.knows(event_id):  # its first part was in a block before
                linker.grow(event_id, linking.first_vector, first)
            else:
                linker.link(event_id, linking.first_vector, first)
    return {event_id: linker.storyline_of(event_id) for event_id in set(event_of.values())}


def find_events(labelled: Path, ids: Collection[str]) -> dict[str, Key]:
    """The block event of each of ``ids`` that a block's grouped articles hold."""
    import pyarrow.parquet as pq

    table = pq.read_table(labelled, columns=["id", "block", "number"])
    return {
        article_id: (block, number)
        for article_id, block, number in zip(
            table.column("id").to_pylist(),
            table.column("block").to_pylist(),
            table.column("number").to_pylist(),
            strict=True,
        )
        if article_id in ids
    }


def write_undated_lead(
    work: Path, latest: datetime, window: timedelta, block_days: float
) -> list[tuple[Position, str]]:
    """Open the undated articles' block with the archive's last ``window``: one process
    feeds undated articles last, when only the events of that window are still open.
    Returns the place and id (as read) of those lead-in articles."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    since = latest - window
    target = block_folder(work, UNDATED_BLOCK)
    lead: list[tuple[Position, str]] = []
    for block in sorted({block_of(since, block_days), block_of(latest, block_days)}):
        for path in sorted(block_folder(work, block).glob("p*.parquet")):
            if path.stem.endswith("-lead"):
                continue  # the block before's articles: their own block gives them
            table = pq.read_table(path)
            moment = table.column("moment")
            chosen = table.filter(pc.greater_equal(moment, pa.scalar(since, moment.type)))
            if chosen.num_rows:
                flag = chosen.schema.get_field_index("lead_in")
                chosen = chosen.set_column(flag, "lead_in", pa.array([True] * chosen.num_rows))
                write_table(target / f"{path.stem}-k{block}-lead.parquet", chosen)
                places = zip(
                    chosen.column("partition").to_pylist(), chosen.column("row").to_pylist(), strict=True
                )
                lead += list(zip(places, chosen.column("id").to_pylist(), strict=True))
    return lead
