"""Fuse: one short, non-redundant, cited summary of a cluster of articles about one event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from newsfuse.clean import clean_article
from newsfuse.config import Config, load_config
from newsfuse.errors import EmptyArticleError, ErrorPolicy, NothingToSummarizeError, Problems
from newsfuse.fuse.features import CandidateRules, ClusterFeatures
from newsfuse.fuse.order import reading_order
from newsfuse.fuse.selection import SelectionInput, get_selector
from newsfuse.fuse.support import SupportRule, citations_for
from newsfuse.model import Article, CleanedArticle, Summary, SummarySentence
from newsfuse.segment import split_sentences


class Summarizer:
    """A configured summarizer for reuse; ``summarize()`` is the one-call form."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config if config is not None else load_config()

    def summarize(self, articles: Iterable[Article | str]) -> Summary:
        """Clean, segment and fuse ``articles`` into a summary within the configured budget.

        Articles with no text left after cleaning are skipped and listed in
        ``Summary.skipped`` (or raise, when the configuration is strict).
        """
        policy = ErrorPolicy.RAISE if self.config.strict else ErrorPolicy.SKIP
        problems = Problems(policy)
        cleaned = clean_all(_as_articles(articles), problems)
        summary = self.fuse(cleaned)
        return replace(summary, skipped=tuple(problems.errors))

    def fuse(self, cleaned: Sequence[CleanedArticle]) -> Summary:
        """Summarize articles that are already cleaned."""
        if not cleaned:
            raise NothingToSummarizeError("no article with text to summarize")
        config = self.config
        selector = get_selector(config.algorithm)
        articles = tuple(c.article for c in cleaned)
        sentences = [s for article in articles for s in split_sentences(article)]
        features = ClusterFeatures(articles, sentences)
        rules = CandidateRules(config.min_sentence_words, config.max_sentence_words)
        candidates = np.array([features.is_candidate(i, rules) for i in range(len(sentences))], dtype=bool)
        support_rule = SupportRule(
            strong_similarity=config.strong_similarity,
            min_similarity=config.min_similarity,
            one_way_coverage=config.one_way_coverage,
            mutual_coverage=config.mutual_coverage,
            quote_coverage=config.quote_coverage,
        )
        support = support_rule.matrix(features) if sentences else np.zeros((0, 0), dtype=bool)
        task = SelectionInput(features, candidates, support | support.T, config.budget)
        chosen = {s.index: s.score for s in selector.select(task)} if sentences else {}
        summary_sentences = tuple(
            SummarySentence(
                text=features.sentences[i].text,
                origin=features.sentences[i],
                citations=citations_for(features, i, support),
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
        )


def summarize(
    articles: Iterable[Article | str],
    *,
    words: int | None = None,
    sentences: int | None = None,
    algorithm: str | None = None,
    config: Config | None = None,
) -> Summary:
    """Summarize ``articles`` (Article objects or plain texts) in ``words`` or ``sentences``."""
    if config is None:
        config = load_config({"words": words, "sentences": sentences, "algorithm": algorithm})
    else:
        if words is not None:
            config = replace(config, words=words, sentences=sentences)
        elif sentences is not None:
            config = replace(config, sentences=sentences)
        if algorithm is not None:
            config = replace(config, algorithm=algorithm)
    return Summarizer(config).summarize(articles)


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


def _as_articles(items: Iterable[Article | str]) -> list[Article]:
    return [
        item if isinstance(item, Article) else Article(id=str(number), text=item)
        for number, item in enumerate(items, start=1)
    ]
