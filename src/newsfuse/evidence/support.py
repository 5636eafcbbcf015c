"""Which sentences say much the same thing: the rule behind redundancy.

A sentence is never added to a summary that already holds one related to it this way (or
its rendering in another language: ``evidence.languages``). The rule is lexical and cheap,
computed one row at a time for the sentences a summary actually uses, so cost grows
linearly with the number of sentences in the cluster. What a summary sentence cites is
decided by the finer relation of ``evidence.relation``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from newsfuse.evidence.cluster import ClusterSentences
from newsfuse.evidence.languages import translations
from newsfuse.settings import SupportSettings


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

    @classmethod
    def from_settings(cls, settings: SupportSettings) -> SupportRule:
        return cls(
            strong_similarity=settings.strong_similarity,
            min_similarity=settings.min_similarity,
            one_way_coverage=settings.one_way_coverage,
            mutual_coverage=settings.mutual_coverage,
            quote_coverage=settings.quote_coverage,
        )

    def related(
        self, features: ClusterSentences, index: int
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """The sentences that report what sentence ``index`` reports, with their similarity."""
        m = features.matrices
        # Matrix times one column: no transpose of the big matrix is ever built.
        similarity = np.asarray((m.normalised @ m.normalised[index].T).toarray()).ravel()
        shared = np.asarray((m.binary @ m.unigrams[index].T).toarray()).ravel()
        forward = shared / m.unigram_totals[index]
        backward = shared / m.unigram_totals
        covered = (
            (forward >= self.one_way_coverage)
            | (backward >= self.one_way_coverage)
            | (np.minimum(forward, backward) >= self.mutual_coverage)
        )
        related = (similarity >= self.strong_similarity) | ((similarity >= self.min_similarity) & covered)
        for other, (share, back) in features.quote_overlap(index).items():
            if (
                share >= self.quote_coverage
                or back >= self.quote_coverage
                or min(share, back) >= self.mutual_coverage
            ):
                related[other] = True
        for other, share in translations(features, index):  # the same fact in another language
            related[other] = True
            similarity[other] = max(similarity[other], share)
        related[index] = False
        indices = np.flatnonzero(related)
        return indices, np.maximum(similarity[indices], 1e-6)

    def related_among(self, features: ClusterSentences, indices: NDArray[np.int64]) -> NDArray[np.bool_]:
        """``result[a, b]``: sentences ``indices[a]`` and ``indices[b]`` report the same thing."""
        m = features.matrices
        rows = m.normalised[indices]
        similarity = np.asarray((rows @ rows.T).toarray())
        shared = np.asarray((m.unigrams[indices] @ m.binary[indices].T).toarray())
        totals = m.unigram_totals[indices]
        forward = shared / totals[:, None]
        backward = forward.T
        covered = (
            (forward >= self.one_way_coverage)
            | (backward >= self.one_way_coverage)
            | (np.minimum(forward, backward) >= self.mutual_coverage)
        )
        related: NDArray[np.bool_] = (similarity >= self.strong_similarity) | (
            (similarity >= self.min_similarity) & covered
        )
        position = {int(index): number for number, index in enumerate(indices)}
        for index in indices:
            for other, (share, back) in features.quote_overlap(int(index)).items():
                if other in position and (
                    share >= self.quote_coverage
                    or back >= self.quote_coverage
                    or min(share, back) >= self.mutual_coverage
                ):
                    related[position[int(index)], position[other]] = True
                    related[position[other], position[int(index)]] = True
            for other, _ in translations(features, int(index)):
                if other in position:
                    related[position[int(index)], position[other]] = True
                    related[position[other], position[int(index)]] = True
        np.fill_diagonal(related, False)
        return related
