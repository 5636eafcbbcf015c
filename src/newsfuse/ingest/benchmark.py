"""The one reader of the shared benchmark format, used by evaluation, training, tuning,
the quality gates and ``read_articles`` (a cluster record gives one article per document).

A summarization benchmark has one cluster per JSON line: ``id``, ``documents`` (texts or
article objects), optional ``doc_ids``, ``summaries`` (references) and
``system_summaries`` (published systems' outputs). An event benchmark has one article per
line: ``doc_id``, ``event_label``, ``text`` (ECB+), or ``id``, ``event``, ``text`` and,
optionally, ``title``, ``source``, ``published`` and ``language`` (our own gold sets).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from newsfuse.errors import MalformedRecordError, SourceNotFoundError
from newsfuse.ingest.dates import newswire_date, parse_published
from newsfuse.model import Article

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BenchmarkCluster:
    id: str
    documents: tuple[str, ...]
    references: tuple[str, ...] = ()
    document_ids: tuple[str, ...] = ()
    system_summaries: dict[str, str] = field(default_factory=dict)

    def articles(self) -> list[Article]:
        return [
            Article(id=i, text=text, origin=self.id, published=newswire_date(i))
            for i, text in zip(self.ids(), self.documents, strict=True)
        ]

    def ids(self) -> tuple[str, ...]:
        """``doc_ids`` where given, else ``<cluster id>-1``, ``-2``..."""
        given = self.document_ids
        return tuple(given[n] if n < len(given) else f"{self.id}-{n + 1}" for n in range(len(self.documents)))


def cluster_from_record(record: Mapping[str, Any]) -> BenchmarkCluster:
    """Raises ``KeyError``/``TypeError``/``ValueError`` on a record that is not a cluster."""
    documents = record["documents"]
    if not isinstance(documents, list):
        raise TypeError("documents must be a list")
    return BenchmarkCluster(
        id=str(record["id"]),
        documents=tuple(d if isinstance(d, str) else str(d.get("text", "")) for d in documents),
        references=tuple(record.get("summaries") or ()),
        document_ids=tuple(str(i) for i in record.get("doc_ids") or ()),
        system_summaries=dict(record.get("system_summaries") or {}),
    )


def read_benchmark(path: str | Path, *, limit: int | None = None) -> list[BenchmarkCluster]:
    """The clusters of a summarization benchmark file."""
    clusters = []
    for _, cluster in _records(path, "benchmark cluster", cluster_from_record):
        clusters.append(cluster)
        if limit is not None and len(clusters) >= limit:
            break
    return clusters


@dataclass(frozen=True, slots=True)
class LabelledArticles:
    articles: tuple[Article, ...]
    gold: dict[str, str]
    """Article id -> gold event."""


def read_labelled(paths: Sequence[str | Path], *, seed: int = 0) -> LabelledArticles:
    """Articles with gold event labels from event benchmark files (one article per line)
    or summarization benchmark files (each cluster one event), shuffled together."""
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for path in paths:
        for line, labelled in _records(path, "labelled article", _labelled):
            for article, label in labelled:
                if article.id in gold:
                    raise MalformedRecordError(str(path), f"article id {article.id!r} given twice", line=line)
                articles.append(article)
                gold[article.id] = label
    random.Random(seed).shuffle(articles)
    return LabelledArticles(tuple(articles), gold)


def _labelled(record: Mapping[str, Any]) -> list[tuple[Article, str]]:
    if "event_label" in record:
        return [(Article(id=str(record["doc_id"]), text=str(record["text"])), str(record["event_label"]))]
    if "event" in record:
        article = Article(
            id=str(record["id"]),
            text=str(record["text"]),
            title=_optional(record, "title"),
            source=_optional(record, "source"),
            published=parse_published(record.get("published")),
            language=_optional(record, "language"),
        )
        return [(article, str(record["event"]))]
    cluster = cluster_from_record(record)
    # One document may stand in several clusters (DUC does this): each stand is its own item.
    return [(replace(a, id=f"{cluster.id}/{a.id}"), cluster.id) for a in cluster.articles()]


def _optional(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    return None if value is None else str(value)


def _records(path: str | Path, what: str, parse: Callable[[Mapping[str, Any]], T]) -> Iterator[tuple[int, T]]:
    """``(line number, parsed record)`` for every record of a JSON Lines file."""
    location = Path(path)
    if not location.is_file():
        raise SourceNotFoundError(str(location), "no such benchmark file")
    for number, line in enumerate(location.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise TypeError(f"a {type(record).__name__}, not an object")
            parsed = parse(record)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise MalformedRecordError(str(location), f"not a {what} ({error})", line=number) from None
        yield number, parsed
