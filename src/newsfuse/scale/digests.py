"""The last stages: every article labelled with its event, and every event summarized.

``label_block`` gives a block's articles their event and storyline ids, writes them as a
part of the ``articles`` table, and sends each article to the bucket of its event for
``digest_bucket``, which summarizes and analyzes every event of its bucket as one process
digests an event (``pipeline.digest_events``) and writes the rows of the ``events``,
``summaries`` and ``conflicts`` tables.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsfuse.errors import NewsfuseError
from newsfuse.model import Article, CleanedArticle, Copy, Event, EventDigest, Problem
from newsfuse.pipeline.batch import digest_events
from newsfuse.renderers.json import event_to_dict
from newsfuse.scale.partitions import bucket_of
from newsfuse.scale.work import read_bucket, write_atomically, write_buckets, write_table
from newsfuse.settings import Settings

TOP_EVENTS = 50
"""The JSON digest holds this many events, those with the most independent sources."""


def label_block(
    labelled: Path,
    work: Path,
    event_of: Mapping[int, str],
    moved: Mapping[str, str],
    storyline_of: Mapping[str, str],
    buckets: int,
) -> int:
    """Write the block's part of the ``articles`` table and its articles' rows for the
    digest buckets. ``event_of``: the block's event numbers -> event ids; ``moved``: the
    event of each copy placed by its original. Returns how many articles it labelled."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = labelled.stem
    done = work / "final" / "articles" / f"{name}.parquet"
    if done.exists():
        return -1
    table = pq.read_table(labelled)
    ids = table.column("id").to_pylist()
    numbers = table.column("number").to_pylist()
    events = [moved[i] if n < 0 else event_of[n] for i, n in zip(ids, numbers, strict=True)]
    table = table.append_column("event_id", pa.array(events, pa.string()))
    table = table.append_column("storyline_id", pa.array([storyline_of[e] for e in events], pa.string()))
    bucket = pa.array([bucket_of(e, buckets) for e in events], pa.int32())
    write_buckets(work / "by_event" / f"{name}.parquet", table, bucket)
    public = table.select(ARTICLE_COLUMNS)
    write_table(done, public)
    rows: int = table.num_rows
    return rows


ARTICLE_COLUMNS = [
    "id",
    "event_id",
    "storyline_id",
    "title",
    "source",
    "url",
    "published",
    "language",
    "origin",
    "similarity",
    "copy_of",
    "copy_kind",
]
"""The columns of the ``articles`` table (the text stays with the input)."""


@dataclass(frozen=True, slots=True)
class BucketDigest:
    events: int
    top: list[tuple[tuple[Any, ...], dict[str, Any]]]
    """The bucket's best events for the JSON digest: (sort key, the event as JSON)."""
    problems: list[Problem]
    """Events that could not be summarized (they keep their articles, with no summary)."""


def digest_bucket(bucket: int, work: Path, settings: Settings, *, analysis: bool) -> BucketDigest:
    """Summarize (and with ``analysis``, analyze) every event of one bucket; write its rows
    of the ``events``, ``summaries`` and ``conflicts`` tables."""
    name = f"b{bucket}"
    top_file = work / "top" / f"{name}.json"  # written last: the bucket is done
    if top_file.exists():
        kept = json.loads(top_file.read_text(encoding="utf-8"))
        return BucketDigest(
            -1, [(tuple(k), v) for k, v in kept["top"]], [Problem(**p) for p in kept["problems"]]
        )
    rows = read_bucket(work / "by_event", bucket)
    rows.sort(key=lambda r: (r["partition"], r["row"]))  # the input's order, as one process has it
    members: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        members.setdefault(row["event_id"], []).append(row)
    cleaned: dict[str, CleanedArticle] = {}
    events = []
    for event_id in sorted(members):
        group = members[event_id]
        for row in group:
            article = Article(
                id=row["id"],
                text=row["text"],
                title=row["title"],
                source=row["source"],
                url=row["url"],
                published=row["published"],
                language=row["language"],
                origin=row["origin"],
            )
            cleaned[article.id] = CleanedArticle(article=article, original=article)
        moments = [r["published"] for r in group if r["published"] is not None]
        events.append(
            Event(
                id=event_id,
                article_ids=tuple(r["id"] for r in group),
                first_published=min(moments) if moments else None,
                last_published=max(moments) if moments else None,
                copies=tuple(
                    Copy(r["id"], r["copy_of"], r["copy_kind"]) for r in group if r["copy_of"] is not None
                ),
                storyline_id=group[0]["storyline_id"],
            )
        )
    digests: list[EventDigest] = []
    problems: list[Problem] = []
    for event in events:
        try:
            digests += digest_events([event], cleaned, settings, analyzed=analysis).events
        except NewsfuseError as error:  # one event too long to summarize: the rest go on
            problems.append(
                Problem(where=event.id, message=f"not summarized: {error}", kind="event", level="warning")
            )
    if digests:
        _write_tables(work / "final", name, digests)
    ranked = sorted(digests, key=lambda e: (-e.sources, -e.latest, e.id))[:TOP_EVENTS]
    top = [((-e.sources, -e.latest, e.id), event_to_dict(e)) for e in ranked]
    stored = json.dumps({"top": top, "problems": [asdict(p) for p in problems]}, ensure_ascii=False)
    write_atomically(top_file, lambda p: p.write_text(stored, encoding="utf-8"))
    return BucketDigest(len(digests), top, problems)


def _write_tables(final: Path, name: str, digests: Any) -> None:
    import pyarrow as pa

    events, sentences, conflicts = [], [], []
    for digest in digests:
        summary = digest.summary
        events.append(
            {
                "event_id": digest.id,
                "storyline_id": digest.event.storyline_id,
                "title": digest.title,
                "articles": len(digest.articles),
                "independent_sources": digest.sources,
                "copies": len(digest.copies),
                "first_published": digest.event.first_published,
                "last_published": digest.event.last_published,
                "summary": summary.text,
            }
        )
        for position, sentence in enumerate(summary.sentences):
            sentences.append(
                {
                    "event_id": digest.id,
                    "position": position,
                    "text": sentence.text,
                    "article_id": sentence.origin.article_id,
                    "start": sentence.origin.start,
                    "end": sentence.origin.end,
                    "independent_sources": sentence.independent_sources,
                    "citations": [
                        {
                            "article_id": c.article_id,
                            "start": c.start,
                            "end": c.end,
                            "kind": c.kind,
                            "confidence": c.confidence,
                        }
                        for c in sentence.citations
                    ],
                }
            )
        for conflict in summary.conflicts:
            conflicts.append(
                {
                    "event_id": digest.id,
                    "detail": conflict.detail,
                    "claim_article_id": conflict.claim.article_id,
                    "claim_start": conflict.claim.start,
                    "claim_end": conflict.claim.end,
                    "claim_text": conflict.claim.text,
                    "other_article_id": conflict.other.article_id,
                    "other_start": conflict.other.start,
                    "other_end": conflict.other.end,
                    "other_text": conflict.other.text,
                }
            )
    for table, rows in (("summaries", sentences), ("conflicts", conflicts), ("events", events)):
        write_table(final / table / f"{name}.parquet", pa.Table.from_pylist(rows, schema=SCHEMAS[table]()))


def _events_schema() -> Any:
    import pyarrow as pa

    time = pa.timestamp("us", tz="UTC")
    return pa.schema(
        [
            ("event_id", pa.string()),
            ("storyline_id", pa.string()),
            ("title", pa.string()),
            ("articles", pa.int32()),
            ("independent_sources", pa.int32()),
            ("copies", pa.int32()),
            ("first_published", time),
            ("last_published", time),
            ("summary", pa.string()),
        ]
    )


def _summaries_schema() -> Any:
    import pyarrow as pa

    citation = pa.struct(
        [
            ("article_id", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("kind", pa.string()),
            ("confidence", pa.float64()),
        ]
    )
    return pa.schema(
        [
            ("event_id", pa.string()),
            ("position", pa.int32()),
            ("text", pa.string()),
            ("article_id", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("independent_sources", pa.int32()),
            ("citations", pa.list_(citation)),
        ]
    )


def _conflicts_schema() -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("event_id", pa.string()),
            ("detail", pa.string()),
            *(
                (f"{side}_{field}", kind)
                for side in ("claim", "other")
                for field, kind in (
                    ("article_id", pa.string()),
                    ("start", pa.int32()),
                    ("end", pa.int32()),
                    ("text", pa.string()),
                )
            ),
        ]
    )


SCHEMAS = {"events": _events_schema, "summaries": _summaries_schema, "conflicts": _conflicts_schema}
