"""newsfuse: many news reports of one event in, one short summary out, every sentence cited.

    >>> import newsfuse
    >>> articles = newsfuse.read_articles(["examples/harbor-fire"]).articles
    >>> summary = newsfuse.summarize(articles, words=80)
    >>> [(s.text, s.source_ids) for s in summary.sentences]
    >>> events = newsfuse.cluster_articles(newsfuse.read_articles(["examples"]).articles)

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
    "InputTooLargeError": "newsfuse.errors",
    "Assignment": "newsfuse.events",
    "ClusteringSettings": "newsfuse.events",
    "EventClusterer": "newsfuse.events",
    "cluster_articles": "newsfuse.events",
    "find_near_duplicates": "newsfuse.events",
    "Digest": "newsfuse.digest",
    "EventDigest": "newsfuse.digest",
    "digest_batch": "newsfuse.digest",
    "add_to_store": "newsfuse.digest",
    "digest_store": "newsfuse.digest",
    "ArticleStore": "newsfuse.store",
    "StoreError": "newsfuse.store",
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
    from newsfuse.clean import clean_article as clean_article
    from newsfuse.config import Config as Config
    from newsfuse.config import load_config as load_config
    from newsfuse.digest import Digest as Digest
    from newsfuse.digest import EventDigest as EventDigest
    from newsfuse.digest import add_to_store as add_to_store
    from newsfuse.digest import digest_batch as digest_batch
    from newsfuse.digest import digest_store as digest_store
    from newsfuse.errors import ConfigError as ConfigError
    from newsfuse.errors import ErrorPolicy as ErrorPolicy
    from newsfuse.errors import InputError as InputError
    from newsfuse.errors import InputTooLargeError as InputTooLargeError
    from newsfuse.errors import NewsfuseError as NewsfuseError
    from newsfuse.errors import NothingToSummarizeError as NothingToSummarizeError
    from newsfuse.errors import UnknownAlgorithmError as UnknownAlgorithmError
    from newsfuse.events import Assignment as Assignment
    from newsfuse.events import ClusteringSettings as ClusteringSettings
    from newsfuse.events import EventClusterer as EventClusterer
    from newsfuse.events import cluster_articles as cluster_articles
    from newsfuse.events import find_near_duplicates as find_near_duplicates
    from newsfuse.fuse.summarizer import Summarizer as Summarizer
    from newsfuse.fuse.summarizer import summarize as summarize
    from newsfuse.ingest import Ingested as Ingested
    from newsfuse.ingest import read_articles as read_articles
    from newsfuse.model import Article as Article
    from newsfuse.model import Budget as Budget
    from newsfuse.model import Citation as Citation
    from newsfuse.model import CleanedArticle as CleanedArticle
    from newsfuse.model import Removal as Removal
    from newsfuse.model import Sentence as Sentence
    from newsfuse.model import Summary as Summary
    from newsfuse.model import SummarySentence as SummarySentence
    from newsfuse.pipeline import summarize_paths as summarize_paths
    from newsfuse.render import render as render
    from newsfuse.segment import split_sentences as split_sentences
    from newsfuse.store import ArticleStore as ArticleStore
    from newsfuse.store import StoreError as StoreError
