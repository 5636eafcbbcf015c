"""Concepts: the units of content a summary tries to cover, with what is known about each.

A concept is a stemmed bigram (at least one content word). For each, the cluster tells how
many articles mention it, how often and how early, whether its words are capitalised
(names) or numbers, and how widely its words spread across the articles. Selection
algorithms weigh concepts from these facts, by rule (article counts) or by a model
learned from reference summaries (``fuse.learned``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsfuse.text.tokens import Lexicon, capitalised, words_and_numbers

Concept = tuple[str, str]

FEATURE_NAMES: tuple[str, ...] = (
    "article_share",
    "log_articles",
    "log_occurrences",
    "occurrence_share",
    "first_position",
    "mean_position",
    "lead_share",
    "top3_share",
    "stopwords",
    "has_number",
    "single_article",
    "log_cluster_articles",
    "capitalised",
    "min_word_share",
    "max_word_share",
)
"""The facts known about each concept, in the column order of ``ConceptTable.features``."""


@dataclass(frozen=True, slots=True)
class ConceptTable:
    """Every concept of a cluster, where it occurs, and its features."""

    concepts: tuple[Concept, ...]
    incidence: Any
    """Sentences-by-concepts 0/1 matrix (scipy CSR)."""
    article_counts: NDArray[np.float64]
    """How many articles mention each concept."""


def build_concept_table(features: Any) -> ConceptTable:
    """The concepts of a ``ClusterFeatures``, where they occur, and their article counts."""
    from scipy.sparse import csr_matrix

    n_articles = max(len(features.articles), 1)
    index: dict[Concept, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, terms in enumerate(features.terms):
        for concept in terms.bigrams:
            rows.append(row)
            columns.append(index.setdefault(concept, len(index)))
    concepts = tuple(index)
    n_sentences = len(features.sentences)
    incidence = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(n_sentences, max(len(concepts), 1)))
    by_article = _article_matrix(features.article_of, n_articles, np.ones(n_sentences))
    articles_with = np.asarray((by_article @ incidence > 0).sum(axis=0)).ravel()[: len(concepts)]
    return ConceptTable(concepts, incidence, articles_with.astype(np.float64))


def concept_features(features: Any) -> NDArray[np.float64]:
    """Concepts-by-``FEATURE_NAMES`` matrix for the concept table of a ``ClusterFeatures``."""
    table: ConceptTable = features.concept_table
    concepts = table.concepts
    n_concepts = len(concepts)
    if n_concepts == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    sentences = features.sentences
    n_articles = max(len(features.articles), 1)
    n_sentences = len(sentences)
    by_concept = table.incidence.tocsc()
    position = features.relative_position
    sentence_index = np.array([s.index for s in sentences], dtype=np.int64)
    lead_matrix = _article_matrix(features.article_of, n_articles, (sentence_index == 0).astype(np.float64))
    top3_matrix = _article_matrix(features.article_of, n_articles, (sentence_index < 3).astype(np.float64))
    articles_with = table.article_counts
    lead_with = (lead_matrix @ by_concept > 0).sum(axis=0).A1
    top3_with = (top3_matrix @ by_concept > 0).sum(axis=0).A1
    occurrences = np.asarray(by_concept.sum(axis=0)).ravel()

    members = position[by_concept.indices]
    first_position = np.minimum.reduceat(members, by_concept.indptr[:-1])
    mean_position = np.add.reduceat(members, by_concept.indptr[:-1]) / occurrences
    capital_share = _capitalised_share(features.articles, features.lexicons)
    capitalised = np.array([(capital_share.get(a, 0.0) + capital_share.get(b, 0.0)) / 2 for a, b in concepts])

    word_articles = _word_article_shares(features, n_articles)
    # A concept's function words are those of the language it is first written in (English
    # "an" and "to" are Vietnamese content words: "an toàn", safe).
    first_rows = np.minimum.reduceat(by_concept.indices, by_concept.indptr[:-1])
    lexicons = features.lexicons
    stop = [lexicons[sentences[row].article_id].stopwords for row in first_rows.tolist()]
    stopword_counts = np.array(
        [sum(w in s for w in c) for c, s in zip(concepts, stop, strict=True)], dtype=np.float64
    )
    has_number = np.array([any(w.isdigit() for w in c) for c in concepts], dtype=np.float64)
    first_share = np.array(
        [np.nan if a in s else word_articles.get(a, 0.0) for (a, _), s in zip(concepts, stop, strict=True)]
    )
    second_share = np.array(
        [np.nan if b in s else word_articles.get(b, 0.0) for (_, b), s in zip(concepts, stop, strict=True)]
    )
    return np.column_stack(
        [
            articles_with / n_articles,
            np.log1p(articles_with),
            np.log1p(occurrences),
            np.log1p(occurrences) / np.log1p(n_sentences),
            first_position,
            mean_position,
            lead_with / n_articles,
            top3_with / n_articles,
            stopword_counts,
            has_number,
            (articles_with == 1).astype(np.float64),
            np.full(n_concepts, np.log(n_articles)),
            capitalised,
            np.nan_to_num(np.fmin(first_share, second_share)),
            np.nan_to_num(np.fmax(first_share, second_share)),
        ]
    )


def _article_matrix(article_of: NDArray[np.int64], n_articles: int, weights: NDArray[np.float64]) -> Any:
    """Articles-by-sentences matrix: ``weights[s]`` where sentence s belongs to the article."""
    from scipy.sparse import csr_matrix

    n_sentences = len(article_of)
    return csr_matrix((weights, (article_of, np.arange(n_sentences))), shape=(n_articles, n_sentences))


def _capitalised_share(articles: Any, lexicons: Mapping[str, Lexicon]) -> dict[str, float]:
    """For each word (stem), the share of its uses written with a capital, not counting
    words that open a sentence: names score near 1, common words near 0."""
    stems_total: Counter[str] = Counter()
    stems_capitalised: Counter[str] = Counter()
    for article in articles:
        stem = lexicons[article.id].stem
        for word, count in Counter(words_and_numbers(article.text)).items():
            stems_total[stem(word)] += count
        for word, count in Counter(w.lower() for w in capitalised(article.text)).items():
            stems_capitalised[stem(word)] += count
    return {key: min(stems_capitalised[key] / count, 1.0) for key, count in stems_total.items()}


def _word_article_shares(features: Any, n_articles: int) -> dict[str, float]:
    seen: dict[str, set[int]] = {}
    for row, terms in enumerate(features.terms):
        article = int(features.article_of[row])
        for word in terms.content:
            seen.setdefault(word, set()).add(article)
    return {word: len(articles) / n_articles for word, articles in seen.items()}


def restrict(table: ConceptTable, candidates: NDArray[np.bool_]) -> Any:
    """The incidence matrix with only candidate sentences' rows kept (others zeroed)."""
    from scipy.sparse import diags

    return (diags(candidates.astype(np.float64)) @ table.incidence).tocsr()
