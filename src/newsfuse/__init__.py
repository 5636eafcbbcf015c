"""newsfuse: many news reports of one event in, one short summary out, every sentence cited.

    >>> import newsfuse
    >>> articles = newsfuse.read_articles(["examples/harbor-fire"]).articles
    >>> summary = newsfuse.summarize(articles, words=80)
    >>> [(s.text, s.source_ids) for s in summary.sentences]

Heavy libraries (trafilatura, scipy) load on first use, so ``import newsfuse`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "newsfuse.model",
    "Budget": "newsfuse.model",
    "Citation": "newsfuse.model",
    "CleanedArticle": "newsfuse.model",
    "Removal": "newsfuse.model",
    "Sentence": "newsfuse.model",
    "Summary": "newsfuse.model",
    "SummarySentence": "newsfuse.model",
    "Config": "newsfuse.config",
    "load_config": "newsfuse.config",
    "Ingested": "newsfuse.ingest",
    "read_articles": "newsfuse.ingest",
    "clean_article": "newsfuse.clean",
    "split_sentences": "newsfuse.segment",
    "Summarizer": "newsfuse.fuse.summarizer",
    "summarize": "newsfuse.fuse.summarizer",
    "summarize_paths": "newsfuse.pipeline",
    "render": "newsfuse.render",
    "ErrorPolicy": "newsfuse.errors",
    "NewsfuseError": "newsfuse.errors",
    "InputError": "newsfuse.errors",
    "ConfigError": "newsfuse.errors",
    "NothingToSummarizeError": "newsfuse.errors",
    "UnknownAlgorithmError": "newsfuse.errors",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from newsfuse.clean import clean_article
    from newsfuse.config import Config, load_config
    from newsfuse.errors import (
        ConfigError,
        ErrorPolicy,
        InputError,
        NewsfuseError,
        NothingToSummarizeError,
        UnknownAlgorithmError,
    )
    from newsfuse.fuse.summarizer import Summarizer, summarize
    from newsfuse.ingest import Ingested, read_articles
    from newsfuse.model import (
        Article,
        Budget,
        Citation,
        CleanedArticle,
        Removal,
        Sentence,
        Summary,
        SummarySentence,
    )
    from newsfuse.pipeline import summarize_paths
    from newsfuse.render import render
    from newsfuse.segment import split_sentences
