"""Concepts: the units of content a summary tries to cover, with what is known about each.

A concept is a stemmed bigram (at least one content word). For each, the cluster tells how
many articles mention it, how often and how early, whether its words are capitalised
(names) or numbers, and how widely its words spread across the articles. Selection
algorithms weigh concepts from these facts, by rule (article counts) or by a model
learned from reference summaries (``fuse.learned``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsfuse.terms import STOPWORDS, stem

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
    features: NDArray[np.float64]
    """Concepts-by-``FEATURE_NAMES`` matrix."""


def build_concept_table(features: Any) -> ConceptTable:
    """The concept table of a ``ClusterFeatures``."""
    from scipy.sparse import csr_matrix

    sentences = features.sentences
    n_articles = max(len(features.articles), 1)
    index: dict[Concept, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, terms in enumerate(features.terms):
        for concept in terms.bigrams:
            rows.append(row)
            columns.append(index.setdefault(concept, len(index)))
    concepts = tuple(index)
    n_sentences, n_concepts = len(sentences), len(concepts)
    incidence = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(n_sentences, max(n_concepts, 1)))
    if n_concepts == 0:
        return ConceptTable((), incidence, np.zeros(0), np.zeros((0, len(FEATURE_NAMES))))

    by_concept = incidence.tocsc()
    article_of = features.article_of
    position = features.relative_position
    sentence_index = np.array([s.index for s in sentences], dtype=np.int64)
    article_matrix = csr_matrix(
        (np.ones(n_sentences), (article_of, np.arange(n_sentences))), shape=(n_articles, n_sentences)
    )
    lead_matrix = article_matrix.multiply((sentence_index == 0).astype(np.float64)[None, :]).tocsr()
    top3_matrix = article_matrix.multiply((sentence_index < 3).astype(np.float64)[None, :]).tocsr()
    articles_with = (article_matrix @ by_concept > 0).sum(axis=0).A1
    lead_with = (lead_matrix @ by_concept > 0).sum(axis=0).A1
    top3_with = (top3_matrix @ by_concept > 0).sum(axis=0).A1
    occurrences = np.asarray(by_concept.sum(axis=0)).ravel()

    members = position[by_concept.indices]
    first_position = np.minimum.reduceat(members, by_concept.indptr[:-1])
    mean_position = np.add.reduceat(members, by_concept.indptr[:-1]) / occurrences
    capital_share = _capitalised_share(sentences)
    capitalised = np.array([(capital_share.get(a, 0.0) + capital_share.get(b, 0.0)) / 2 for a, b in concepts])

    word_articles = _word_article_shares(features, n_articles)
    stopword_counts = np.array([sum(w in STOPWORDS for w in c) for c in concepts], dtype=np.float64)
    has_number = np.array([any(w.isdigit() for w in c) for c in concepts], dtype=np.float64)
    shares = [[word_articles.get(w, 0.0) for w in c if w not in STOPWORDS] or [0.0] for c in concepts]
    table = np.column_stack(
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
            np.array([min(s) for s in shares]),
            np.array([max(s) for s in shares]),
        ]
    )
    return ConceptTable(concepts, incidence, articles_with.astype(np.float64), table)


def _capitalised_share(sentences: Any) -> dict[str, float]:
    """For each word (stem), the share of its uses written with a capital, not counting a
    sentence's first word: names score near 1, common words near 0."""
    capitalised: dict[str, int] = {}
    total: dict[str, int] = {}
    for sentence in sentences:
        words = sentence.text.split()
        for position, word in enumerate(words):
            token = word.strip(".,;:!?\"'“”‘’()[]")
            if not token or not token[0].isalpha():
                continue
            key = stem(token.lower())
            total[key] = total.get(key, 0) + 1
            if position and token[0].isupper():
                capitalised[key] = capitalised.get(key, 0) + 1
    return {key: capitalised.get(key, 0) / count for key, count in total.items()}


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
