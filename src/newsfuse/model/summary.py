"""Cited summaries: every sentence traced to its origin and to every source that supports it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsfuse.errors import ConfigError
from newsfuse.model.analysis import Analysis, EventCard
from newsfuse.model.article import Article, CleanedArticle, Sentence
from newsfuse.model.event import Copy
from newsfuse.model.problems import Problem

CITATION_KINDS = ("origin", "supports", "partial", "translated", "conflicts")
"""What a cited sentence is to a summary sentence: the sentence itself, another that reports
all of its fact, one that reports a part, one in another language that gives the same names,
numbers and dates (``evidence.languages``), or one that gives a value that cannot also be
true."""


@dataclass(frozen=True, slots=True)
class Citation:
    """One source's sentence for a summary sentence: the exact span that says it."""

    article_id: str
    start: int
    end: int
    text: str
    kind: str
    """One of ``CITATION_KINDS``."""
    confidence: float
    """The probability that the sentence reports the summary sentence's fact, from the
    support model (calibrated on hand-labelled pairs); 1.0 for the origin."""


@dataclass(frozen=True, slots=True)
class Conflict:
    """Another source reports what a summary sentence reports with a different value: it
    is not cited as support, and a reader sees both side by side."""

    claim: Citation
    """The summary sentence's own words, in its article."""
    other: Citation
    """The sentence that disagrees, in its article."""
    detail: str
    """What differs, e.g. ``people: 14 against 12`` or ``direct against not direct``."""


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
    independent_sources: int = 1
    """How many independent reports the citations come from: copies, versions of one
    story, one outlet's articles and one sentence carried word for word count once."""

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(c.article_id for c in self.citations)


@dataclass(frozen=True, slots=True)
class SameReport:
    """An article that is no independent report: it belongs to an earlier one's."""

    article_id: str
    same_as: str
    reason: str
    """``same outlet`` (one outlet, twice) or ``same story`` (versions of one story, such as
    a wire story's successive versions, sharing most of their passages)."""


@dataclass(frozen=True, slots=True)
class Budget:
    """The summary length limit: a number of words or a number of sentences."""

    words: int | None = None
    sentences: int | None = None

    def __post_init__(self) -> None:
        if (self.words is None) == (self.sentences is None):
            raise ConfigError("a budget is either words or sentences, exactly one of them")
        limit = self.words if self.words is not None else self.sentences
        if limit is None or limit < 1:
            raise ConfigError(f"a budget must be at least 1, not {limit}")

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
    problems: tuple[Problem, ...] = ()
    """Inputs left out because they were unusable, and notes on the ones used."""
    copies: tuple[Copy, ...] = ()
    """Articles whose text repeats an earlier one's: listed among the articles, but they add
    no evidence and are never cited."""
    conflicts: tuple[Conflict, ...] = ()
    """Where another source gives a different value for what a summary sentence reports."""
    same_reports: tuple[SameReport, ...] = ()
    """Articles, not copies, that are one report with an earlier article."""
    settings: dict[str, Any] = field(default_factory=dict, compare=False)
    """The resolved settings that produced this summary, and the identity of any model file."""
    # The headline, analysis and event card, set when the summary is analyzed
    # (``newsfuse.analyze_summary``).
    headline: str | None = None
    analysis: Analysis | None = None
    card: EventCard | None = None

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def word_count(self) -> int:
        return sum(count_words(s.text) for s in self.sentences)

    @property
    def skipped(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "skipped")

    @property
    def independent_reports(self) -> int:
        """The articles that are neither copies nor part of an earlier report."""
        return len(self.articles) - len(self.copies) - len(self.same_reports)

    @property
    def known_outlets(self) -> tuple[str, ...]:
        """The outlets the articles name (an article without one is not counted)."""
        return tuple(
            sorted({o for a in self.articles if (o := a.known_outlet) is not None}, key=str.casefold)
        )

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)


def count_words(text: str) -> int:
    """Words as a reader counts them: whitespace-separated tokens."""
    return len(text.split())
