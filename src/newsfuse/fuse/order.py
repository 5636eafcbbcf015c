"""Order chosen sentences so the summary reads as a story, not a list."""

from __future__ import annotations

import math

from newsfuse.fuse.features import ClusterFeatures


def reading_order(chosen: list[int], features: ClusterFeatures) -> list[int]:
    """Sentences from early in their article first; earlier reports break ties.

    News puts the core of an event first and develops it later, so a sentence's relative
    position in its article (in tenths) is the main key; the publication time of its
    article orders sentences from the same part of different reports, so events read in
    the order sources learned of them. Undated articles sort after dated ones.
    """

    def key(index: int) -> tuple[float, float, int]:
        article = features.articles[int(features.article_of[index])]
        published = article.published.timestamp() if article.published else math.inf
        return (round(float(features.relative_position[index]), 1), published, index)

    return sorted(chosen, key=key)
