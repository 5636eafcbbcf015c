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

import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from newsfuse.events.clustering import feeding_order
from newsfuse.ingest import with_unique_ids
from newsfuse.model import Article, Copy
from newsfuse.scale.work import read_bucket
from newsfuse.text.fingerprint import NO_WORDS

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
    """Where an article comes in the archive's order, as one process feeds its clusterer."""
    return feeding_order(row["moment"], row["fingerprint"], (row["partition"], row["row"]))


def id_base(article_id: str) -> str:
    """What an id is named after: ``a`` for ``a``, ``a~2`` and ``a~2~3``. Ids that clash,
    and the names that resolve the clash, share it, so they meet in one bucket."""
    return _RENAMED.sub("", article_id)


_RENAMED = re.compile(r"(?:~\d+)+$")


def first_round(keys: Path, bucket: int) -> FirstRound:
    """Clashing ids and exact copies among one bucket's rows (of every partition's file in
    ``keys``). Ids are made unique as ``ingest.with_unique_ids`` makes them, in input
    order, among all ids of one base."""
    rows = read_bucket(keys, bucket)
    renamed: dict[Position, str] = {}
    exact: dict[Position, Position] = {}
    ids: dict[Position, str] = {}
    by_base: dict[str, list[dict[str, Any]]] = {}
    by_print: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["by"] == "id":
            by_base.setdefault(id_base(row["id"]), []).append(row)
        else:
            by_print.setdefault(row["fingerprint"], []).append(row)
    for group in by_base.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (r["partition"], r["row"]))
        unique = with_unique_ids(Article(id=r["id"], text="") for r in group)
        for row, article in zip(group, unique, strict=True):
            if article.id != row["id"]:
                renamed[(row["partition"], row["row"])] = article.id
    for fingerprint, group in by_print.items():
        if len(group) > 1 and fingerprint != NO_WORDS:  # wordless texts copy nothing
            group.sort(key=order_key)
            original = (group[0]["partition"], group[0]["row"])
            ids[original] = group[0]["id"]
            for row in group[1:]:
                exact[(row["partition"], row["row"])] = original
                ids[(row["partition"], row["row"])] = row["id"]
    return FirstRound(renamed, exact, ids)


def second_round(
    bands: Path, bucket: int, first: FirstRound, window: timedelta, latest: datetime | None
) -> dict[Position, tuple[str, str]]:
    """Near copies among one bucket's band rows (of every partition's file in ``bands``):
    each later article -> its final id and the smallest final id of the earlier articles
    it shares a band with, published within ``window`` before it (exact copies take no
    part). One process forgets the texts of closed events; an undated article, fed last,
    meets those of the archive's last ``window`` (up to ``latest``)."""
    rows = [r for r in read_bucket(bands, bucket) if (r["partition"], r["row"]) not in first.exact]
    by_band: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_band.setdefault(row["band"], []).append(row)
    found: dict[Position, tuple[str, str]] = {}
    for group in by_band.values():
        if len(group) < 2:
            continue
        group.sort(key=order_key)
        earlier: deque[tuple[datetime | None, str]] = deque()  # in time order: the undated last
        for row in group:
            position = (row["partition"], row["row"])
            article_id = first.renamed.get(position, row["id"])
            moment = row["moment"] or latest
            while (
                earlier
                and moment is not None
                and earlier[0][0] is not None
                and moment - earlier[0][0] > window
            ):
                earlier.popleft()
            if earlier:
                smallest = min(other for _, other in earlier)
                if position not in found or smallest < found[position][1]:
                    found[position] = (article_id, smallest)
            earlier.append((row["moment"], article_id))
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
