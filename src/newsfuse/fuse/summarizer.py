"""Fuse: one short, non-redundant, cited summary of a cluster of articles about one event."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from newsfuse.clean import clean_article
from newsfuse.config import Config, load_config
from newsfuse.errors import (
    ConfigError,
    EmptyArticleError,
    ErrorPolicy,
    InputError,
    InputTooLargeError,
    NothingToSummarizeError,
    Problems,
)
from newsfuse.fuse.features import CandidateRules, ClusterFeatures
from newsfuse.fuse.order import reading_order
from newsfuse.fuse.selection import SelectionInput, Selector, get_selector
from newsfuse.fuse.support import SupportRule
from newsfuse.ingest import with_unique_ids
from newsfuse.model import Article, CleanedArticle, Summary, SummarySentence
from newsfuse.segment import split_sentences

_SPACE = re.compile(r"\s+")


class Summarizer:
    """A configured summarizer for reuse; ``summarize()`` is the one-call form."""

    def __init__(self, config: Config | None = None, *, selector: Selector | None = None) -> None:
        """``selector`` replaces the configured algorithm (e.g. one holding a model in memory)."""
        self.config = config if config is not None else load_config()
        self.selector = selector

    def summarize(self, articles: Iterable[Article], *, skipped: Sequence[InputError] = ()) -> Summary:
        """Clean, segment and fuse ``articles`` into a summary within the configured budget.

        Articles with no text left after cleaning are skipped and listed in
        ``Summary.skipped`` after ``skipped`` (or raise, when the configuration is strict).
        Raises ``NothingToSummarizeError`` when no article has text.
        """
        problems = Problems(ErrorPolicy.RAISE if self.config.strict else ErrorPolicy.SKIP)
        problems.errors.extend(skipped)
        cleaned = clean_all(with_unique_ids(articles), problems)
        if not cleaned:
            raise NothingToSummarizeError("no usable article in the input", errors=problems.errors)
        return replace(self.fuse(cleaned), skipped=tuple(problems.errors))

    def fuse(self, cleaned: Sequence[CleanedArticle]) -> Summary:
        """Summarize articles that are already cleaned (their ids must be unique)."""
        if not cleaned:
            raise NothingToSummarizeError("no usable article in the input")
        config = self.config
        selector = self.selector or _configured_selector(config)
        articles = tuple(c.article for c in cleaned)
        originals, duplicates = _distinct_texts(articles)
        sentences = [s for article in originals for s in split_sentences(article)]
        if len(sentences) > config.max_sentences:
            raise InputTooLargeError(
                f"{len(sentences)} sentences are more than one summary takes (max_sentences = "
                f"{config.max_sentences}); summarize one event at a time"
            )
        features = ClusterFeatures(originals, sentences)
        rule = SupportRule(
            strong_similarity=config.strong_similarity,
            min_similarity=config.min_similarity,
            one_way_coverage=config.one_way_coverage,
            mutual_coverage=config.mutual_coverage,
            quote_coverage=config.quote_coverage,
        )
        task = SelectionInput(
            features=features,
            candidates=_candidates(features, config),
            related=lambda i: rule.related(features, i)[0],
            related_among=lambda indices: rule.related_among(features, indices),
            budget=config.budget,
        )
        chosen = {s.index: s.score for s in selector.select(task)}
        summary_sentences = tuple(
            SummarySentence(
                text=features.sentences[i].text,
                origin=features.sentences[i],
                citations=rule.citations(features, i),
                score=round(chosen[i], 6),
            )
            for i in reading_order(list(chosen), features)
        )
        return Summary(
            sentences=summary_sentences,
            articles=articles,
            algorithm=selector.name,
            budget=config.budget,
            cleaning=tuple(cleaned),
            duplicates=duplicates,
        )


def _configured_selector(config: Config) -> Selector:
    selector = get_selector(config.algorithm, config.algorithm_options)
    if config.concept_model is not None:
        if not hasattr(selector, "model"):
            raise ConfigError(f"algorithm {config.algorithm!r} uses no concept model")
        from newsfuse.fuse.learned import load_concept_model

        selector = replace(selector, model=load_concept_model(config.concept_model))  # type: ignore[type-var]
    return selector


def _candidates(features: ClusterFeatures, config: Config) -> np.ndarray:
    """Sentences fit to stand in a summary; when none fits the budget, any sentence that does."""
    rules = CandidateRules(config.min_sentence_words, config.max_sentence_words)
    candidates = np.array(
        [features.is_candidate(i, rules) for i in range(len(features.sentences))], dtype=bool
    )
    limit = config.budget.words
    fits = features.words <= limit if limit is not None else np.ones(len(candidates), dtype=bool)
    if not (candidates & fits).any():
        has_content = np.array([bool(t.content) for t in features.terms], dtype=bool)
        candidates = has_content & fits
    return candidates


def _distinct_texts(articles: Sequence[Article]) -> tuple[tuple[Article, ...], tuple[tuple[str, str], ...]]:
    """Articles with a text of their own, and ``(copy id, original id)`` for exact copies.

    A copy adds no evidence: the same text posted twice is one source, not two.
    """
    first_with: dict[str, str] = {}
    originals = []
    duplicates = []
    for article in articles:
        key = _SPACE.sub(" ", article.text).strip().lower()
        if key in first_with:
            duplicates.append((article.id, first_with[key]))
        else:
            first_with[key] = article.id
            originals.append(article)
    return tuple(originals), tuple(duplicates)


def summarize(
    articles: Iterable[Article | str] | str,
    *,
    words: int | None = None,
    sentences: int | None = None,
    algorithm: str | None = None,
    config: Config | None = None,
) -> Summary:
    """Summarize ``articles`` (Article objects or plain texts) in ``words`` or ``sentences``."""
    if words is not None and sentences is not None:
        raise ValueError("give a budget in words or in sentences, not both")
    if config is None:
        config = load_config({"words": words, "sentences": sentences, "algorithm": algorithm})
    else:
        if words is not None:
            config = replace(config, words=words, sentences=None)
        elif sentences is not None:
            config = replace(config, sentences=sentences)
        if algorithm is not None:
            config = replace(config, algorithm=algorithm)
    return Summarizer(config).summarize(_as_articles(articles))


def clean_all(articles: Iterable[Article], problems: Problems) -> list[CleanedArticle]:
    """Clean every article; one with no text left is reported to ``problems`` and dropped."""
    kept = []
    for article in articles:
        cleaned = clean_article(article)
        if not cleaned.article.text.strip():
            where = article.origin or article.id
            reason = (
                "no text" if not article.text.strip() else "no story text left after removing boilerplate"
            )
            problems.report(EmptyArticleError(where, f"article {article.id!r} has {reason}"))
            continue
        kept.append(cleaned)
    return kept


def _as_articles(items: Iterable[Article | str] | str) -> list[Article]:
    if isinstance(items, str):
        items = [items]
    return [
        item if isinstance(item, Article) else Article(id=str(number), text=item)
        for number, item in enumerate(items, start=1)
    ]
