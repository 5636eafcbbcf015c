"""Which sentences say the same thing: the rule behind citations and behind redundancy.

One predicate serves both: a summary sentence cites every other article with a sentence
that supports it, and a sentence is never added to a summary that already holds a
sentence supporting it (or supported by it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsfuse.fuse.features import ClusterFeatures
from newsfuse.model import Citation


@dataclass(frozen=True, slots=True)
class SupportRule:
    """Lexical thresholds for "sentence j reports what sentence i reports".

    ``similarity`` is TF-IDF cosine over stems and bigrams; ``coverage`` the IDF-weighted
    share of one sentence's content words found in the other. Close paraphrases pass on
    similarity alone; a shorter or longer wording passes when it covers most of the claim.
    """

    strong_similarity: float = 0.30
    min_similarity: float = 0.15
    one_way_coverage: float = 0.50
    mutual_coverage: float = 0.40
    quote_coverage: float = 0.60
    """Share of a quotation's content words that another sentence's quotation must hold
    (or ``mutual_coverage`` both ways) for the two to be the same quote."""

    def matrix(self, features: ClusterFeatures) -> NDArray[np.bool_]:
        """``matrix[i, j]``: sentence j reports what sentence i says."""
        similarity = features.similarity
        forward = features.coverage
        quotes = features.quote_coverage
        covered = (forward >= self.one_way_coverage) | (
            np.minimum(forward, forward.T) >= self.mutual_coverage
        )
        result: NDArray[np.bool_] = (
            (similarity >= self.strong_similarity)
            | ((similarity >= self.min_similarity) & covered)
            | (quotes >= self.quote_coverage)
            | (np.minimum(quotes, quotes.T) >= self.mutual_coverage)
        )
        return result


def citations_for(features: ClusterFeatures, claim: int, support: NDArray[np.bool_]) -> tuple[Citation, ...]:
    """The origin of ``claim`` first, then the best supporting sentence of each other article.

    ``support`` is ``SupportRule.matrix(features)``.
    """
    origin = features.sentences[claim]
    citations = [Citation(origin.article_id, origin.start, origin.end, origin.text, 1.0)]
    best: dict[int, tuple[float, int]] = {}
    own_article = features.article_of[claim]
    for found in np.flatnonzero(support[claim]):
        evidence = int(found)
        article = int(features.article_of[evidence])
        if article == own_article:
            continue
        score = float(features.similarity[claim, evidence])
        if article not in best or score > best[article][0]:
            best[article] = (score, evidence)
    for article in sorted(best, key=lambda a: (-best[a][0], a)):
        score, evidence = best[article]
        sentence = features.sentences[evidence]
        citations.append(
            Citation(sentence.article_id, sentence.start, sentence.end, sentence.text, round(score, 4))
        )
    return tuple(citations)
