"""Copies over the whole archive, by two shuffles: no step compares all pairs.

Articles come in the archive's order (publication time, then text fingerprint, then input
position), as one process would feed them to its clusterer (``events.clustering``):

1. by id and by text fingerprint (``keys/``): a later article with a taken id is renamed
   ``id~2``, ``~3`` (as ``ingest.with_unique_ids`` does), and a later article with the same
   words as an earlier one is its exact copy;
2. by MinHash band key (``bands/``): a later article that shares a band with earlier ones
   (none of them an exact copy) nearly copies the one of them with the smallest id, as
   ``events.copies.NearDuplicateIndex`` answers.

Each reduce task reads one bucket of every partition; what the driver gathers is the
renamed ids and the copies, not the articles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsfuse.model import Copy

Position = tuple[int, int]
"""An article's place in the input: ``(partition, row)``."""


@dataclass(frozen=True, slots=True)
class FirstRound:
    renamed: dict[Position, str]
    """New ids of articles whose id an earlier article had."""
    exact: dict[Position, Position]
    """Exact copy -> its original."""
    ids: dict[Position, str]
    """The id each article named in ``exact`` was given (before any renaming)."""


def order_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Where an article comes in the archive's order (publication time, then text
    fingerprint, then input position; undated articles last)."""
    moment = row["moment"]
    return (
        moment is None,
        moment.timestamp() if moment else 0.0,
        row["fingerprint"],
        row["partition"],
        row["row"],
    )


def _read_bucket(folder: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("p*.parquet")):
        rows += pq.read_table(path).to_pylist()
    return rows


def first_round(bucket: Path) -> FirstRound:
    """Clashing ids and exact copies among one bucket's rows."""
    rows = _read_bucket(bucket)
    renamed: dict[Position, str] = {}
    exact: dict[Position, Position] = {}
    ids: dict[Position, str] = {}
    by_id: dict[str, list[dict[str, Any]]] = {}
    by_print: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        (by_id if row["by"] == "id" else by_print).setdefault(row[row["by"]], []).append(row)
    for article_id, group in by_id.items():
        group.sort(key=lambda r: (r["partition"], r["row"]))  # input order, as ids are made unique
        for number, row in enumerate(group[1:], start=2):
            renamed[(row["partition"], row["row"])] = f"{article_id}~{number}"
    for group in by_print.values():
        if len(group) > 1:
            group.sort(key=order_key)
            original = (group[0]["partition"], group[0]["row"])
            ids[original] = group[0]["id"]
            for row in group[1:]:
                exact[(row["partition"], row["row"])] = original
                ids[(row["partition"], row["row"])] = row["id"]
    return FirstRound(renamed, exact, ids)


def second_round(
    bucket: Path, renamed: Mapping[Position, str], exact: Mapping[Position, Position]
) -> dict[Position, tuple[str, str]]:
    """Near copies among one bucket's band rows: each later article -> its final id and
    the smallest final id of the earlier articles it shares a band with (exact copies take
    no part)."""
    rows = [r for r in _read_bucket(bucket) if (r["partition"], r["row"]) not in exact]
    by_band: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_band.setdefault(row["band"], []).append(row)
    found: dict[Position, tuple[str, str]] = {}
    for group in by_band.values():
        if len(group) < 2:
            continue
        group.sort(key=order_key)
        smallest: str | None = None
        for row in group:
            position = (row["partition"], row["row"])
            article_id = renamed.get(position, row["id"])
            if smallest is not None and (position not in found or smallest < found[position][1]):
                found[position] = (article_id, smallest)
            smallest = article_id if smallest is None else min(smallest, article_id)
    return found


def archive_copies(first: FirstRound, near: Mapping[Position, tuple[str, str]]) -> dict[str, Copy]:
    """Copy id -> its copy, from the two rounds (``near`` gathered over every bucket)."""

    def final(position: Position) -> str:
        return first.renamed.get(position, first.ids[position])

    copies = {final(p): Copy(final(p), final(o), "exact") for p, o in first.exact.items()}
    for copy_id, original in near.values():
        copies.setdefault(copy_id, Copy(copy_id, original, "near"))
    return copies


def merge_first_rounds(rounds: list[FirstRound]) -> FirstRound:
    merged = FirstRound({}, {}, {})
    for part in rounds:
        merged.renamed.update(part.renamed)
        merged.exact.update(part.exact)
        merged.ids.update(part.ids)
    return merged


def merge_second_rounds(rounds: list[dict[Position, tuple[str, str]]]) -> dict[Position, tuple[str, str]]:
    """Each article's smallest candidate over every bucket."""
    merged: dict[Position, tuple[str, str]] = {}
    for part in rounds:
        for position, found in part.items():
            if position not in merged or found[1] < merged[position][1]:
                merged[position] = found
    return merged
