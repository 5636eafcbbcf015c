"""The lexical picture of a cluster of articles that selection and citation share.

Built once per summary: every sentence's terms, IDF-weighted term vectors, and how many
articles mention each concept (a stemmed bigram). Pairwise comparisons are done in row
blocks by ``fuse.support`` so memory stays linear in the number of sentences.
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

from newsfuse.fuse.concepts import ConceptTable, build_concept_table, concept_features
from newsfuse.model import Article, Sentence, count_words
from newsfuse.text.anchors import anchors
from newsfuse.text.names import name_variants
from newsfuse.text.tokens import Terms, lexicon_for, sentence_terms
from newsfuse.text.vectors import idf, idf_array

_QUOTED = re.compile(r"\"([^\"]{12,})\"|“([^”]{12,})”")
_ENDS_SENTENCE = re.compile(r"""[.!?。！？]["'”’)\]」』]*\s*$""")
_MIN_QUOTE_WORDS = 4
# A sentence that opens by pointing back ("He said...", "That was...") needs the one before
# it: standing alone in a summary, it can put words in the wrong mouth.
_OPENS_WITH_REFERENCE = re.compile(
    r"^[\"“'‘`(]*(?:he|she|they|it|this|that|these|those|his|her|their|its|him|them|such)\b", re.I
)


@dataclass(frozen=True, slots=True)
class CandidateRules:
    """Which sentences may appear in a summary (all sentences may still be cited)."""

    min_words: int = 8
    max_words: int = 55
    min_content_words: int = 4


@dataclass(frozen=True, slots=True)
class TermMatrices:
    """Sentence-by-term matrices (scipy CSR), weighted by inverse sentence frequency."""

    unigrams: Any
    """Content stems only; ``unigrams[i] @ binary[j].T`` is the weight of shared words."""
    binary: Any
    """The same stems with weight 1."""
    normalised: Any
    """Stems and bigrams, rows scaled to unit length: row products are cosine similarities."""
    unigram_totals: NDArray[np.float64]
    """Each sentence's total content-word weight."""
    vocabulary: dict[str, int]
    """Content stem -> its column in ``unigrams`` and ``binary``."""


class ClusterFeatures:
    """Sentences of a cluster of articles with their terms, vectors and concept counts."""

    def __init__(self, articles: Sequence[Article], sentences: Sequence[Sentence]) -> None:
        self.articles = tuple(articles)
        self.sentences = tuple(sentences)
        self._aliases = name_variants(s.text for s in self.sentences)
        self.lexicons = {a.id: lexicon_for(a.language, a.text) for a in self.articles}
        """Each article's lexicon, by article id: its language's stopwords and stemming."""
        self.terms: tuple[Terms, ...] = tuple(
            sentence_terms(s.text, self._aliases, self.lexicons[s.article_id]) for s in self.sentences
        )
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
        first_letter = next((c for c in text if c.isalnum()), "")
        return (
            rules.min_words <= self.words[index] <= rules.max_words
            and len(self.terms[index].content) >= rules.min_content_words
            and bool(_ENDS_SENTENCE.search(text))
            and not first_letter.islower()
            and not _OPENS_WITH_REFERENCE.match(text)
        )

    @cached_property
    def varieties(self) -> tuple[str, ...]:
        """Each sentence's language as texts written alike share it (``Lexicon.variety``)."""
        return tuple(self.lexicons[s.article_id].variety for s in self.sentences)

    @cached_property
    def multilingual(self) -> bool:
        """Whether the cluster's articles are in more than one language (or variety)."""
        return len({lexicon.variety for lexicon in self.lexicons.values()}) > 1

    @cached_property
    def anchors(self) -> tuple[frozenset[str], ...]:
        """Each sentence's anchors: names, numbers and dates written alike in any language."""
        return tuple(frozenset(anchors(s.text, self.lexicons[s.article_id])) for s in self.sentences)

    @cached_property
    def numeric_anchors(self) -> tuple[frozenset[str], ...]:
        """Each sentence's numbers and dates, of its anchors."""
        return tuple(frozenset(a for a in found if a[:1].isdigit()) for found in self.anchors)

    @cached_property
    def concept_table(self) -> ConceptTable:
        """Every concept (stemmed bigram) of the cluster, where it occurs, in how many articles."""
        return build_concept_table(self)

    @cached_property
    def concept_features(self) -> NDArray[np.float64]:
        """What is known of each concept (``fuse.concepts.FEATURE_NAMES``), for learned weights."""
        return concept_features(self)

    @cached_property
    def matrices(self) -> TermMatrices:
        from scipy.sparse import csr_matrix, hstack

        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        columns: list[int] = []
        for row, terms in enumerate(self.terms):
            for word in terms.content:
                rows.append(row)
                columns.append(vocabulary.setdefault(word, len(vocabulary)))
        n = len(self.terms)
        binary = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(n, max(len(vocabulary), 1)))
        bigrams = self.concept_table.incidence  # the concepts are the stemmed bigrams
        binary_both = hstack([binary, bigrams]).tocsr()
        binary_both.data[:] = 1.0
        document_frequency = np.asarray(binary_both.sum(axis=0)).ravel()
        weights = idf_array(n, document_frequency.astype(np.float64))
        both = binary_both.multiply(weights[None, :]).tocsr()
        unigrams = both[:, : binary.shape[1]].tocsr()
        norms = np.sqrt(np.asarray(both.multiply(both).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        totals = np.asarray(unigrams.sum(axis=1), dtype=np.float64).ravel()
        totals[totals == 0] = 1.0
        return TermMatrices(
            unigrams=unigrams,
            binary=binary,
            normalised=both.multiply(1.0 / norms[:, None]).tocsr(),
            unigram_totals=totals,
            vocabulary=vocabulary,
        )

    @cached_property
    def quoted_words(self) -> dict[int, frozenset[str]]:
        """The content words each quoting sentence puts in quotation marks."""
        quoted = {}
        for index, sentence in enumerate(self.sentences):
            spans = " ".join(a or b for a, b in _QUOTED.findall(sentence.text))
            if spans:
                words = sentence_terms(spans, self._aliases, self.lexicons[sentence.article_id]).content
                if len(words) >= _MIN_QUOTE_WORDS:
                    quoted[index] = words
        return quoted

    @cached_property
    def _quote_weights(self) -> dict[str, float]:
        n = len(self.sentences)
        frequency = Counter(word for terms in self.terms for word in terms.content)
        return {w: idf(n, float(frequency[w])) for q in self.quoted_words.values() for w in q}

    def quote_overlap(self, index: int) -> dict[int, tuple[float, float]]:
        """``other -> (share, back)`` for every other quoting sentence: the IDF-weighted share
        of the words sentence ``index`` quotes that ``other`` quotes too, and the reverse. The
        same quote rendered two ways, as translations do, shares most of its content words
        even when the attributions around it differ.
        """
        quoted = self.quoted_words
        words = quoted.get(index)
        if not words:
            return {}
        weight = self._quote_weights
        total = sum(weight[w] for w in words)
        overlap = {}
        for other, other_words in quoted.items():
            if other != index:
                common = sum(weight[w] for w in words & other_words)
                overlap[other] = (common / total, common / sum(weight[w] for w in other_words))
        return overlap
