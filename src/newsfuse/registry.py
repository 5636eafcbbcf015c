"""Registries of pluggable parts under versioned names (spaCy-style ``"newsfuse.x.v1"``).

One registry per kind: input readers (by format), renderers (by object and format),
concept weighers, searches, summary algorithms (a weigher and a search) and stores. A
built-in part is listed by the module that defines it and imported on first use, so an
unused solver or parser never loads. Adding a part is one ``register`` call:

    from newsfuse.registry import weighers
    weighers.register("mylab.tf.v1", MyWeights)
    register_reader("csv", read_csv, suffixes=[".csv"])

The name a result was made with is recorded in it, so the result can be reproduced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any, Generic, TypeVar

from newsfuse.errors import ConfigError, UnknownAlgorithmError, UnknownNameError

T = TypeVar("T")
_VERSIONED = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+\.v[0-9]+$")


class Registry(Generic[T]):
    def __init__(
        self,
        kind: str,
        builtins: Iterable[tuple[str, str]] = (),
        *,
        unknown: type[UnknownNameError] = UnknownNameError,
        versioned: bool = False,
    ) -> None:
        self.kind = kind
        self.unknown = unknown
        self.versioned = versioned
        """Names must read ``owner.name.vN``, so a changed algorithm gets a new name."""
        self._entries: dict[str, T] = {}
        self._builtins = dict(builtins)
        """name -> "module:attribute", imported on first use."""

    def register(self, name: str, entry: T, *, replace: bool = False) -> T:
        """Make ``entry`` available as ``name``; taking a name already registered (a
        built-in one too) needs ``replace=True``."""
        if self.versioned and not _VERSIONED.match(name):
            raise ConfigError(f"a {self.kind} is named owner.name.vN (e.g. mylab.tf.v1), not {name!r}")
        if name in self and not replace:
            raise ConfigError(
                f"a {self.kind} named {name!r} is registered already (replace=True to replace it)"
            )
        self._entries[name] = entry
        return entry

    def unregister(self, name: str) -> None:
        """Forget an entry registered at run time (built-in parts stay)."""
        self._entries.pop(name, None)

    def get(self, name: str) -> T:
        if name not in self._entries and name in self._builtins:
            module, attribute = self._builtins[name].split(":")
            self._entries[name] = getattr(import_module(module), attribute)
        if name not in self._entries:
            raise self.unknown(f"no {self.kind} {name!r}; known: {', '.join(self.names())}")
        return self._entries[name]

    def names(self) -> list[str]:
        return sorted({*self._entries, *self._builtins})

    def __contains__(self, name: object) -> bool:
        return name in self._entries or name in self._builtins


readers: Registry[Callable[..., Any]] = Registry(
    "input format",
    [
        ("text", "newsfuse.ingest.plaintext:parse_text"),
        ("markdown", "newsfuse.ingest.plaintext:parse_markdown"),
        ("html", "newsfuse.ingest.html:parse_html"),
        ("json", "newsfuse.ingest.records:parse_json"),
        ("jsonl", "newsfuse.ingest.records:parse_jsonl"),
    ],
)
"""``reader(text, article_id=..., origin=...)`` -> articles (or input errors) of one input."""

reader_suffixes: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
"""Which reader a file in a folder is read with, by its suffix (``.gz`` aside)."""


def register_reader(
    name: str, reader: Callable[..., Any], suffixes: Iterable[str] = (), *, replace: bool = False
) -> None:
    """Read files ending in ``suffixes`` (and any input named with ``fmt=name``) with ``reader``."""
    readers.register(name, reader, replace=replace)
    for suffix in suffixes:
        reader_suffixes[suffix.lower()] = name


renderers: Registry[Callable[..., str]] = Registry(
    "output format",
    [
        ("summary.text", "newsfuse.renderers.summary:to_text"),
        ("summary.plain", "newsfuse.renderers.summary:to_plain"),
        ("summary.markdown", "newsfuse.renderers.summary:to_markdown"),
        ("summary.json", "newsfuse.renderers.json:summary_to_json"),
        ("summary.html", "newsfuse.renderers.html:summary_to_html"),
        ("digest.markdown", "newsfuse.renderers.digest:to_markdown"),
        ("digest.json", "newsfuse.renderers.json:digest_to_json"),
        ("digest.html", "newsfuse.renderers.html:digest_to_html"),
        ("events.tsv", "newsfuse.renderers.events:to_tsv"),
        ("events.json", "newsfuse.renderers.json:events_to_json"),
        ("analysis.text", "newsfuse.renderers.analysis:to_text"),
        ("analysis.markdown", "newsfuse.renderers.analysis:to_markdown"),
        ("analysis.json", "newsfuse.renderers.json:analysis_to_json"),
    ],
)
"""``renderer(result, explain=...)`` -> text; named ``object.format``."""

weighers: Registry[Callable[..., Any]] = Registry(
    "concept weigher",
    [
        ("newsfuse.article-count.v1", "newsfuse.fuse.weights:ArticleCountWeights"),
        ("newsfuse.learned.v1", "newsfuse.fuse.weights:LearnedWeights"),
    ],
    unknown=UnknownAlgorithmError,
    versioned=True,
)
"""``factory(**options)`` -> an object with ``weigh(features)``."""

searches: Registry[Callable[..., Any]] = Registry(
    "search",
    [
        ("newsfuse.greedy.v1", "newsfuse.fuse.search:GreedySearch"),
        ("newsfuse.beam.v1", "newsfuse.fuse.search:BeamSearch"),
        ("newsfuse.ilp.v1", "newsfuse.fuse.ilp:ILPSearch"),
    ],
    unknown=UnknownAlgorithmError,
    versioned=True,
)
"""``factory(**options)`` -> an object with ``search(task, weights)``."""

algorithms: Registry[Any] = Registry(
    "summarization algorithm",
    [
        ("newsfuse.coverage.v1", "newsfuse.fuse.algorithms:COVERAGE"),
        ("newsfuse.concept-ilp.v1", "newsfuse.fuse.algorithms:CONCEPT_ILP"),
        ("newsfuse.learned-coverage.v1", "newsfuse.fuse.algorithms:LEARNED_COVERAGE"),
        ("newsfuse.learned-ilp.v1", "newsfuse.fuse.algorithms:LEARNED_ILP"),
        ("newsfuse.learned-beam.v1", "newsfuse.fuse.algorithms:LEARNED_BEAM"),
    ],
    unknown=UnknownAlgorithmError,
    versioned=True,
)
"""An ``AlgorithmSpec``: a weigher and a search, each by name with its default options."""

stores: Registry[Callable[..., Any]] = Registry(
    "store",
    [("sqlite", "newsfuse.store.sql:SQLStore"), ("postgresql", "newsfuse.store.sql:SQLStore")],
)
"""``factory(url, settings, read_only=...)`` -> a store, by URL scheme."""
