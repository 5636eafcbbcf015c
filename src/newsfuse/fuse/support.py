"""Which sentences say the same thing: the rule behind citations and behind redundancy.

One relation serves both: a summary sentence cites every other article with a sentence
that reports the same thing (all of it or a part), and a sentence is never added to a
summary that already holds one it is related to that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsfuse.fuse.features import ClusterFeatures
from newsfuse.model import Citation

_BLOCK_ROWS = 256


@dataclass(frozen=True, slots=True)
class SupportRule:
    """Lexical thresholds for "sentences i and j report the same thing".

    ``similarity`` is TF-IDF cosine over stems and bigrams; ``coverage`` the IDF-weighted
    share of one sentence's content words found in the other. Close paraphrases pass on
    similarity alone; a shorter or longer wording passes when one covers most of the
    other; two quotations pass when they share most of their words.
    """

    strong_similarity: float = 0.30
    min_similarity: float = 0.15
    one_way_coverage: float = 0.50
    mutual_coverage: float = 0.40
    quote_coverage: float = 0.60
    """Share of a quotation's content words that another sentence's quotation must hold
    (or ``mutual_coverage`` both ways) for the two to be the same quote."""

    def graph(self, features: ClusterFeatures) -> SupportGraph:
        """The relation over all sentences, computed in row blocks (memory linear in n)."""
        from scipy.sparse import coo_matrix, csr_matrix

        n = len(features.sentences)
        if n == 0:
            return SupportGraph(csr_matrix((0, 0)))
        m = features.matrices
        rows: list[NDArray[np.int64]] = []
        columns: list[NDArray[np.int64]] = []
        values: list[NDArray[np.float64]] = []
        for start in range(0, n, _BLOCK_ROWS):
            stop = min(start + _BLOCK_ROWS, n)
            similarity = (m.normalised[start:stop] @ m.normalised.T).toarray()
            shared = (m.unigrams[start:stop] @ m.binary.T).toarray()
            forward = shared / m.unigram_totals[start:stop, None]
            backward = shared / m.unigram_totals[None, :]
            covered = (
                (forward >= self.one_way_coverage)
                | (backward >= self.one_way_coverage)
                | (np.minimum(forward, backward) >= self.mutual_coverage)
            )
            related = (similarity >= self.strong_similarity) | ((similarity >= self.min_similarity) & covered)
            block_rows, block_columns = np.nonzero(related)
            rows.append(block_rows + start)
            columns.append(block_columns)
            values.append(similarity[block_rows, block_columns])
        lexical = coo_matrix(
            (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))), shape=(n, n)
        ).tocsr()
        quotes = features.quote_coverage()
        pairs = [
            (i, j)
            for (i, j), share in quotes.items()
            if share >= self.quote_coverage or min(share, quotes.get((j, i), 0.0)) >= self.mutual_coverage
        ]
        pairs += [(j, i) for i, j in pairs]
        quoted = coo_matrix(
            (
                [max(features.similarity(i, j), 1e-6) for i, j in pairs],
                ([i for i, _ in pairs], [j for _, j in pairs]),
            ),
            shape=(n, n),
        ).tocsr()
        quoted.sum_duplicates()
        matrix = lexical.maximum(quoted).tocsr()
        matrix.setdiag(0)
        matrix.eliminate_zeros()
        matrix.data = np.maximum(matrix.data, 1e-6)
        return SupportGraph(matrix)


@dataclass(frozen=True, slots=True)
class SupportGraph:
    """Sentences that report the same thing, with their similarity (a symmetric matrix)."""

    matrix: Any

    def related(self, index: int) -> NDArray[np.int64]:
        """Sentences that report what sentence ``index`` reports (or part of it)."""
        start, stop = self.matrix.indptr[index], self.matrix.indptr[index + 1]
        related: NDArray[np.int64] = self.matrix.indices[start:stop]
        return related

    def __contains__(self, pair: tuple[int, int]) -> bool:
        return bool(pair[1] in self.related(pair[0]))

    def citations(self, features: ClusterFeatures, claim: int) -> tuple[Citation, ...]:
        """The origin of ``claim`` first, then the closest related sentence of each other article."""
        origin = features.sentences[claim]
        citations = [Citation(origin.article_id, origin.start, origin.end, origin.text, 1.0)]
        start, stop = self.matrix.indptr[claim], self.matrix.indptr[claim + 1]
        best: dict[int, tuple[float, int]] = {}
        own_article = int(features.article_of[claim])
        for evidence, score in zip(
            self.matrix.indices[start:stop], self.matrix.data[start:stop], strict=True
        ):
            article = int(features.article_of[evidence])
            if article != own_article and (article not in best or score > best[article][0]):
                best[article] = (float(score), int(evidence))
        for article in sorted(best, key=lambda a: (-best[a][0], a)):
            score, evidence = best[article]
            sentence = features.sentences[evidence]
            citations.append(
                Citation(sentence.article_id, sentence.start, sentence.end, sentence.text, round(score, 4))
            )
        return tuple(citations)
