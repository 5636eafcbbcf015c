"""newsfuse: many news reports in, one trustworthy account out: events, and for each a short
summary in which every sentence cites every source that supports it.

    >>> import newsfuse
    >>> summary = newsfuse.summarize_paths("examples/harbor-fire")
    >>> [(s.text, s.source_ids) for s in summary.sentences]
    >>> digest = newsfuse.digest_prepared(newsfuse.read("examples"))

Heavy libraries (trafilatura, scipy, numpy) load on first use, so ``import newsfuse`` stays
cheap. ``newsfuse.registry`` holds the pluggable parts (readers, renderers, algorithms...).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

_EXPORTS = {
    "Article": "newsfuse.model",
    "Assignment": "newsfuse.model",
    "Budget": "newsfuse.model",
    "Citation": "newsfuse.model",
    "CleanedArticle": "newsfuse.model",
    "Copy": "newsfuse.model",
    "Digest": "newsfuse.model",
    "Event": "newsfuse.model",
    "EventDigest": "newsfuse.model",
    "Problem": "newsfuse.model",
    "Removal": "newsfuse.model",
    "Sentence": "newsfuse.model",
    "Summary": "newsfuse.model",
    "Analysis": "newsfuse.model",
    "Entity": "newsfuse.model",
    "DateMention": "newsfuse.model",
    "SummarySentence": "newsfuse.model",
    "from_data": "newsfuse.model",
    "to_data": "newsfuse.model",
    "Settings": "newsfuse.settings",
    "SummarySettings": "newsfuse.settings",
    "DigestSettings": "newsfuse.settings",
    "SupportSettings": "newsfuse.settings",
    "ClusteringSettings": "newsfuse.settings",
    "StoreSettings": "newsfuse.settings",
    "InputSettings": "newsfuse.settings",
    "load_settings": "newsfuse.settings",
    "Prepared": "newsfuse.pipeline",
    "Grouping": "newsfuse.model",
    "Added": "newsfuse.pipeline",
    "read": "newsfuse.pipeline",
    "prepare": "newsfuse.pipeline",
    "summarize": "newsfuse.pipeline",
    "summarize_paths": "newsfuse.pipeline",
    "summarize_prepared": "newsfuse.pipeline",
    "analyze_prepared": "newsfuse.pipeline",
    "analyze_summary": "newsfuse.pipeline",
    "group": "newsfuse.pipeline",
    "digest_prepared": "newsfuse.pipeline",
    "digest_store": "newsfuse.pipeline",
    "add_prepared": "newsfuse.pipeline",
    "watch": "newsfuse.pipeline",
    "Watched": "newsfuse.pipeline",
    "FeedState": "newsfuse.model",
    "FetchSettings": "newsfuse.settings",
    "WatchSettings": "newsfuse.settings",
    "FetchError": "newsfuse.errors",
    "Ingested": "newsfuse.ingest",
    "read_articles": "newsfuse.ingest",
    "clean_article": "newsfuse.clean",
    "split_sentences": "newsfuse.segment",
    "Summarizer": "newsfuse.fuse.summarizer",
    "EventClusterer": "newsfuse.events",
    "StreamState": "newsfuse.events",
    "cluster_articles": "newsfuse.events",
    "find_copies": "newsfuse.events",
    "render": "newsfuse.renderers",
    "Store": "newsfuse.store",
    "open_store": "newsfuse.store",
    "NewsfuseError": "newsfuse.errors",
    "ConfigError": "newsfuse.errors",
    "UnknownAlgorithmError": "newsfuse.errors",
    "NothingToSummarizeError": "newsfuse.errors",
    "TooManySentencesError": "newsfuse.errors",
    "InputError": "newsfuse.errors",
    "StoreError": "newsfuse.errors",
    "UsageError": "newsfuse.errors",
    "ErrorPolicy": "newsfuse.errors",
    "BatchError": "newsfuse.errors",
    "run_batch": "newsfuse.scale",
    "BatchResult": "newsfuse.scale",
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
    from newsfuse.errors import BatchError as BatchError
    from newsfuse.errors import ConfigError as ConfigError
    from newsfuse.errors import ErrorPolicy as ErrorPolicy
    from newsfuse.errors import FetchError as FetchError
    from newsfuse.errors import InputError as InputError
    from newsfuse.errors import NewsfuseError as NewsfuseError
    from newsfuse.errors import NothingToSummarizeError as NothingToSummarizeError
    from newsfuse.errors import StoreError as StoreError
    from newsfuse.errors import TooManySentencesError as TooManySentencesError
    from newsfuse.errors import UnknownAlgorithmError as UnknownAlgorithmError
    from newsfuse.errors import UsageError as UsageError
    from newsfuse.events import EventClusterer as EventClusterer
    from newsfuse.events import StreamState as StreamState
    from newsfuse.events import cluster_articles as cluster_articles
    from newsfuse.events import find_copies as find_copies
    from newsfuse.fuse.summarizer import Summarizer as Summarizer
    from newsfuse.ingest import Ingested as Ingested
    from newsfuse.ingest import read_articles as read_articles
    from newsfuse.model import Analysis as Analysis
    from newsfuse.model import Article as Article
    from newsfuse.model import Assignment as Assignment
    from newsfuse.model import Budget as Budget
    from newsfuse.model import Citation as Citation
    from newsfuse.model import CleanedArticle as CleanedArticle
    from newsfuse.model import Copy as Copy
    from newsfuse.model import DateMention as DateMention
    from newsfuse.model import Digest as Digest
    from newsfuse.model import Entity as Entity
    from newsfuse.model import Event as Event
    from newsfuse.model import EventDigest as EventDigest
    from newsfuse.model import FeedState as FeedState
    from newsfuse.model import Grouping as Grouping
    from newsfuse.model import Problem as Problem
    from newsfuse.model import Removal as Removal
    from newsfuse.model import Sentence as Sentence
    from newsfuse.model import Summary as Summary
    from newsfuse.model import SummarySentence as SummarySentence
    from newsfuse.model import from_data as from_data
    from newsfuse.model import to_data as to_data
    from newsfuse.pipeline import Added as Added
    from newsfuse.pipeline import Prepared as Prepared
    from newsfuse.pipeline import Watched as Watched
    from newsfuse.pipeline import add_prepared as add_prepared
    from newsfuse.pipeline import analyze_prepared as analyze_prepared
    from newsfuse.pipeline import analyze_summary as analyze_summary
    from newsfuse.pipeline import digest_prepared as digest_prepared
    from newsfuse.pipeline import digest_store as digest_store
    from newsfuse.pipeline import group as group
    from newsfuse.pipeline import prepare as prepare
    from newsfuse.pipeline import read as read
    from newsfuse.pipeline import summarize as summarize
    from newsfuse.pipeline import summarize_paths as summarize_paths
    from newsfuse.pipeline import summarize_prepared as summarize_prepared
    from newsfuse.pipeline import watch as watch
    from newsfuse.renderers import render as render
    from newsfuse.scale import BatchResult as BatchResult
    from newsfuse.scale import run_batch as run_batch
    from newsfuse.segment import split_sentences as split_sentences
    from newsfuse.settings import ClusteringSettings as ClusteringSettings
    from newsfuse.settings import DigestSettings as DigestSettings
    from newsfuse.settings import FetchSettings as FetchSettings
    from newsfuse.settings import InputSettings as InputSettings
    from newsfuse.settings import Settings as Settings
    from newsfuse.settings import StoreSettings as StoreSettings
    from newsfuse.settings import SummarySettings as SummarySettings
    from newsfuse.settings import SupportSettings as SupportSettings
    from newsfuse.settings import WatchSettings as WatchSettings
    from newsfuse.settings import load_settings as load_settings
    from newsfuse.store import Store as Store
    from newsfuse.store import open_store as open_store
