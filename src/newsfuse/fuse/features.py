"""The lexical picture of a cluster of articles that selection and citation share.

Built once per summary: every sentence's terms, a TF-IDF vector per sentence for
similarity, and how many articles mention each concept (a stemmed bigram).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsfuse.model import Article, Sentence, count_words
from newsfuse.terms import Terms, name_variants, sentence_terms

_QUOTED = re.compile(r"\"([^\"]{12,})\"|“([^”]{12,})”")
_ENDS_SENTENCE = re.compile(r"""[.!?]["'”’)\]]*\s*$""")
_STARTS_SENTENCE = re.compile(r"""^["'“‘(]?[A-Z0-9]""")

_MIN_QUOTE_WORDS = 4

Concept = tuple[str, str]


@dataclass(frozen=True, slots=True)
class CandidateRules:
    """Which sentences may appear in a summary (all sentences may still be cited)."""

    min_words: int = 8
    max_words: int = 55
    min_content_words: int = 4


class ClusterFeatures:
    """Sentences of a cluster of articles with their terms, vectors and concept counts."""

    def __init__(self, articles: Sequence[Article], sentences: Sequence[Sentence]) -> None:
        self.articles = tuple(articles)
        self.sentences = tuple(sentences)
        self._aliases = name_variants(s.text for s in self.sentences)
        self.terms: tuple[Terms, ...] = tuple(sentence_terms(s.text, self._aliases) for s in self.sentences)
        self.words: NDArray[np.int64] = np.array(
            [count_words(s.text) for s in self.sentences], dtype=np.int64
        )
        position = {article.id: number for number, article in enumerate(self.articles)}
        self.article_of: NDArray[np.int64] = np.array(
            [position[s.article_id] for s in self.sentences], dtype=np.int64
        )
        counts = Counter(s.article_id for s in self.sentences)
        self.relative_position: NDArray[np.float64] = np.array(
            [s.index / max(counts[s.article_id], 1) for s in self.sentences], dtype=np.float64
        )

    def is_candidate(self, index: int, rules: CandidateRules) -> bool:
        text = self.sentences[index].text
        return (
            rules.min_words <= self.words[index] <= rules.max_words
            and len(self.terms[index].content) >= rules.min_content_words
            and bool(_ENDS_SENTENCE.search(text))
            and bool(_STARTS_SENTENCE.match(text))
        )

    @cached_property
    def quote_coverage(self) -> NDArray[np.float64]:
        """``quote_coverage[i, j]``: the IDF-weighted share of the words sentence i quotes that
        sentence j quotes too (0 unless both quote someone). The same quote rendered two ways,
        as translations do, shares its content words even when the attributions differ.
        """
        n = len(self.sentences)
        coverage = np.zeros((n, n), dtype=np.float64)
        quoted = {}
        for index, sentence in enumerate(self.sentences):
            spans = " ".join(a or b for a, b in _QUOTED.findall(sentence.text))
            if spans:
                words = sentence_terms(spans, self._aliases).content
                if len(words) >= _MIN_QUOTE_WORDS:
                    quoted[index] = words
        if len(quoted) < 2:
            return coverage
        frequency = Counter(word for terms in self.terms for word in terms.content)
        weight = {w: np.log((n + 1) / (frequency[w] + 1)) + 1.0 for q in quoted.values() for w in q}
        for i, words in quoted.items():
            total = sum(weight[w] for w in words)
            for j, other in quoted.items():
                if i != j:
                    coverage[i, j] = sum(weight[w] for w in words & other) / total
        return coverage

    @cached_property
    def concept_article_counts(self) -> dict[Concept, int]:
        """For each bigram concept, the number of distinct articles that contain it."""
        seen: dict[Concept, set[int]] = {}
        for index, terms in enumerate(self.terms):
            article = int(self.article_of[index])
            for concept in terms.bigrams:
                seen.setdefault(concept, set()).add(article)
        return {concept: len(articles) for concept, articles in seen.items()}

    @cached_property
    def _weighted_features(self) -> tuple[Any, Any]:
        """IDF-weighted sentence-by-feature matrices: content stems, and stems plus bigrams."""
        from scipy.sparse import csr_matrix

        vocabulary: dict[object, int] = {}
        rows: list[int] = []
        columns: list[int] = []
        is_unigram: list[bool] = []
        for row, terms in enumerate(self.terms):
            for feature in (*terms.content, *terms.bigrams):
                column = vocabulary.setdefault(feature, len(vocabulary))
                rows.append(row)
                columns.append(column)
                is_unigram.append(isinstance(feature, str))
        n = len(self.terms)
        width = max(len(vocabulary), 1)
        document_frequency = np.bincount(np.array(columns, dtype=np.int64), minlength=width)
        idf = np.log((n + 1) / (document_frequency + 1)) + 1.0
        values = idf[np.array(columns, dtype=np.int64)] if columns else np.zeros(0)
        both = csr_matrix((values, (rows, columns)), shape=(n, width))
        mask = np.array(is_unigram, dtype=bool)
        unigrams = csr_matrix(
            (values[mask], (np.array(rows)[mask], np.array(columns)[mask])), shape=(n, width)
        )
        return unigrams, both

    @cached_property
    def similarity(self) -> NDArray[np.float64]:
        """Cosine similarity of every pair of sentences (TF-IDF over stems and bigrams)."""
        _, both = self._weighted_features
        norms = np.sqrt(np.asarray(both.multiply(both).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        normalised = both.multiply(1.0 / norms[:, None]).tocsr()
        similarity: NDArray[np.float64] = np.asarray((normalised @ normalised.T).toarray(), dtype=np.float64)
        return similarity

    @cached_property
    def coverage(self) -> NDArray[np.float64]:
        """``coverage[i, j]``: the IDF-weighted share of sentence i's content words found in j."""
        unigrams, _ = self._weighted_features
        binary = unigrams.copy()
        binary.data[:] = 1.0
        shared = np.asarray((unigrams @ binary.T).toarray(), dtype=np.float64)
        totals = np.asarray(unigrams.sum(axis=1)).ravel()
        totals[totals == 0] = 1.0
        coverage: NDArray[np.float64] = shared / totals[:, None]
        return coverage
