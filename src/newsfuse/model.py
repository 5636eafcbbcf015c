"""The data model: articles, sentences as views into articles, and cited summaries.

Every object that carries text downstream of ingest keeps the link back to the exact
characters it came from (article id + character span), so any summary sentence can be
traced to its source text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsfuse.errors import InputError


@dataclass(frozen=True, slots=True)
class Article:
    """One news report. ``text`` is the story body; after cleaning it holds no boilerplate."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    """The outlet that published the report (a name, or the web site)."""
    url: str | None = None
    published: datetime | None = None
    """Publication time, always timezone-aware (UTC when the input gave no zone)."""
    language: str | None = None
    origin: str | None = None
    """Where the article was read from: a file path (with ``:line`` for JSONL) or ``-``."""

    @property
    def outlet(self) -> str:
        """A name to show for the source: the outlet, else the web site, else the id."""
        if self.source:
            return self.source
        if self.url:
            from urllib.parse import urlsplit

            host = urlsplit(self.url).hostname
            if host:
                return host.removeprefix("www.")
        return self.id


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a view into its article: ``article.text[start:end] == text``."""

    article_id: str
    start: int
    end: int
    text: str
    index: int
    """Position of the sentence within its article (0 for the first)."""


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the input that cleaning removed, with the rule that removed it and why."""

    rule: str
    reason: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class CleanedArticle:
    """The result of cleaning one article: the clean article and what was removed from it.

    Removal spans index into ``original.text``; sentence spans index into ``article.text``.
    """

    article: Article
    original: Article
    removals: tuple[Removal, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    """One source's support for a summary sentence: the exact sentence that says it."""

    article_id: str
    start: int
    end: int
    text: str
    similarity: float
    """How closely the cited sentence matches the summary sentence (1.0 for its origin)."""


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the summary, taken verbatim from ``origin``, with every supporting source.

    ``citations`` holds one entry per supporting article, the origin first.
    """

    text: str
    origin: Sentence
    citations: tuple[Citation, ...]
    score: float = 0.0
    """The selection score the algorithm gave this sentence when it chose it."""

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(c.article_id for c in self.citations)


@dataclass(frozen=True, slots=True)
class Budget:
    """The summary length limit: a number of words or a number of sentences."""

    words: int | None = None
    sentences: int | None = None

    def __post_init__(self) -> None:
        if (self.words is None) == (self.sentences is None):
            raise ValueError("a budget is either words or sentences, exactly one of them")
        limit = self.words if self.words is not None else self.sentences
        if limit is None or limit < 1:
            raise ValueError(f"a budget must be at least 1, not {limit}")

    def describe(self) -> str:
        return f"{self.words} words" if self.words is not None else f"{self.sentences} sentences"


@dataclass(frozen=True, slots=True)
class Summary:
    """A fused summary of several articles, every sentence citing its supporting sources."""

    sentences: tuple[SummarySentence, ...]
    articles: tuple[Article, ...]
    algorithm: str
    budget: Budget
    cleaning: tuple[CleanedArticle, ...] = field(default=(), repr=False)
    """What cleaning removed from each article (kept so ``--explain`` can show it)."""
    skipped: tuple[InputError, ...] = ()
    """Inputs left out because they were unusable (empty after cleaning, unreadable, ...)."""
    duplicates: tuple[tuple[str, str], ...] = ()
    """``(copy id, original id)`` for articles whose text repeats an earlier one's exactly:
    a copy is listed among the articles but adds no evidence and is never cited."""

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def word_count(self) -> int:
        return sum(count_words(s.text) for s in self.sentences)

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)


def count_words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens."""
    return len(text.split())
