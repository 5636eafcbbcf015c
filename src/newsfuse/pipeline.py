"""The whole job in one call: paths in, a cited summary out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from newsfuse.config import Config, load_config
from newsfuse.errors import ErrorPolicy, InputError, Problems
from newsfuse.fuse.summarizer import Summarizer, clean_all
from newsfuse.ingest import read_articles
from newsfuse.model import Article, Summary


def summarize_paths(
    paths: Iterable[str | Path] | str | Path, *, config: Config | None = None, stdin: BinaryIO | None = None
) -> Summary:
    """Read, clean and fuse every article under ``paths``.

    Unusable inputs are listed in ``Summary.skipped``; with ``config.strict`` the first one
    raises instead. Raises ``NothingToSummarizeError`` when no usable article is left.
    """
    config = config if config is not None else load_config()
    policy = ErrorPolicy.RAISE if config.strict else ErrorPolicy.SKIP
    ingested = read_articles(paths, policy=policy, stdin=stdin)
    return Summarizer(config).summarize(ingested.articles, skipped=ingested.errors)


def read_clean_articles(
    paths: Iterable[str | Path] | str | Path, *, strict: bool = False, stdin: BinaryIO | None = None
) -> tuple[list[Article], list[InputError]]:
    """Read and clean every article under ``paths``; the unusable ones are returned as errors
    (or raised at the first, when ``strict``)."""
    policy = ErrorPolicy.RAISE if strict else ErrorPolicy.SKIP
    ingested = read_articles(paths, policy=policy, stdin=stdin)
    problems = Problems(policy)
    problems.errors.extend(ingested.errors)
    cleaned = clean_all(ingested.articles, problems)
    return [c.article for c in cleaned], problems.errors
