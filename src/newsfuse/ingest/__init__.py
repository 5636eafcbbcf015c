"""Ingest: read articles from files, folders, JSON/JSONL records, HTML pages and stdin.
Readers of each format are registered in ``registry.readers``."""

from newsfuse.ingest.records import article_from_record
from newsfuse.ingest.sources import (
    Ingested,
    input_files,
    read_articles,
    read_file,
    read_source,
    sniff_format,
    with_unique_ids,
)

__all__ = [
    "Ingested",
    "article_from_record",
    "input_files",
    "read_articles",
    "read_file",
    "read_source",
    "sniff_format",
    "with_unique_ids",
]
