"""Ingest: read articles from files, folders, JSON/JSONL records, HTML pages and stdin."""

from newsfuse.ingest.records import article_from_record
from newsfuse.ingest.sources import (
    INPUT_FORMATS,
    Ingested,
    read_articles,
    read_source,
    sniff_format,
    with_unique_ids,
)

__all__ = [
    "INPUT_FORMATS",
    "Ingested",
    "article_from_record",
    "read_articles",
    "read_source",
    "sniff_format",
    "with_unique_ids",
]
