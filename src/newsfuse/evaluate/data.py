"""Benchmark clusters: ``id``, ``documents``, reference ``summaries``, optional peer outputs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.errors import MalformedRecordError, SourceNotFoundError
from newsfuse.model import Article


@dataclass(frozen=True, slots=True)
class BenchmarkCluster:
    id: str
    documents: tuple[str, ...]
    references: tuple[str, ...]
    document_ids: tuple[str, ...] = ()
    system_summaries: dict[str, str] = field(default_factory=dict)

    def articles(self) -> list[Article]:
        ids = self.document_ids or tuple(f"{self.id}-{n}" for n in range(1, len(self.documents) + 1))
        return [Article(id=i, text=text, origin=self.id) for i, text in zip(ids, self.documents, strict=True)]


def read_benchmark(path: str | Path, *, limit: int | None = None) -> list[BenchmarkCluster]:
    """Read a benchmark file in the shared format (one cluster per JSON line)."""
    location = Path(path)
    if not location.is_file():
        raise SourceNotFoundError(str(location), "no such benchmark file")
    clusters = []
    for number, line in enumerate(location.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            clusters.append(
                BenchmarkCluster(
                    id=str(record["id"]),
                    documents=tuple(record["documents"]),
                    references=tuple(record["summaries"]),
                    document_ids=tuple(record.get("doc_ids") or ()),
                    system_summaries=dict(record.get("system_summaries") or {}),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise MalformedRecordError(
                str(location), f"not a benchmark cluster ({error})", line=number
            ) from None
        if limit is not None and len(clusters) >= limit:
            break
    return clusters
