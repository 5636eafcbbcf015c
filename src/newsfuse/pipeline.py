"""The whole job in one call: paths in, a cited summary out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from newsfuse.config import Config, load_config
from newsfuse.errors import ErrorPolicy, NothingToSummarizeError, Problems
from newsfuse.fuse.summarizer import Summarizer, clean_all
from newsfuse.ingest import read_articles
from newsfuse.model import Summary


def summarize_paths(
    paths: Iterable[str | Path], *, config: Config | None = None, stdin: BinaryIO | None = None
) -> Summary:
    """Read, clean and fuse every article under ``paths``.

    Unusable inputs are listed in ``Summary.skipped``; with ``config.strict`` the first one
    raises instead. Raises ``NothingToSummarizeError`` when no usable article is left.
    """
    config = config if config is not None else load_config()
    policy = ErrorPolicy.RAISE if config.strict else ErrorPolicy.SKIP
    ingested = read_articles(paths, policy=policy, stdin=stdin)
    problems = Problems(policy)
    problems.errors.extend(ingested.errors)
    cleaned = clean_all(ingested.articles, problems)
    if not cleaned:
        details = "; ".join(str(e) for e in problems.errors[:3])
        raise NothingToSummarizeError("no usable article in the input" + (f" ({details})" if details else ""))
    summary = Summarizer(config).fuse(cleaned)
    return replace(summary, skipped=tuple(problems.errors))
