"""What a short text means, as extra dimensions of its term vector.

Headlines and summaries share few words even when they report one event ("Fire guts Pier 9
warehouse" / "Velmora port blaze injures 14"). A short text's vector gains the sentence
encoder's vector as dimensions of their own, scaled so that the dot product of two such
vectors is ``w * meaning + (1 - w) * words``: centroids, similarities, refinement and
stored placements then work unchanged. Long texts keep their words only: their words
place them well, and encoding them would cost more than everything else.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from newsfuse.model import Article
from newsfuse.settings import ClusteringSettings

PREFIX = "~"
"""Meaning dimensions are named ``~0``, ``~1``...: no term (a stem of letters or digits)
starts so."""
_FIRST = f"{PREFIX}0"


def is_meaning(term: str) -> bool:
    return term.startswith(PREFIX)


def by_meaning(vector: Mapping[str, float]) -> bool:
    """Whether a vector carries meaning dimensions (its text is short)."""
    return _FIRST in vector


def compared_by_meaning(article: Article, settings: ClusteringSettings) -> bool:
    return settings.meaning_weight > 0 and len(article.text.split()) <= settings.meaning_max_words


def with_meaning(
    words: Mapping[str, float], article: Article, settings: ClusteringSettings
) -> dict[str, float]:
    """``words`` (a unit-length term vector), with the meaning of ``article`` if it is short."""
    if not compared_by_meaning(article, settings):
        return dict(words)
    from newsfuse.evidence.encoder import load_sentence_encoder

    text = (
        f"{article.title}. {article.text}"
        if article.title and article.title not in article.text
        else article.text
    )
    (meaning,) = load_sentence_encoder().encode([text])
    share = settings.meaning_weight
    vector = {term: weight * math.sqrt(1.0 - share) for term, weight in words.items()}
    vector.update({f"{PREFIX}{n}": float(value) * math.sqrt(share) for n, value in enumerate(meaning)})
    return vector
