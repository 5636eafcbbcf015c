"""The whole job in one call: paths in, a cited summary out."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from newsfuse.config import Config, load_config
from newsfuse.errors import ErrorPolicy
from newsfuse.fuse.summarizer import Summarizer
from newsfuse.ingest import read_articles
from newsfuse.model import Summary


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
