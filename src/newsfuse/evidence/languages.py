"""Sentences in two languages that report one fact: matched by their anchors.

A Vietnamese sentence and its English rendering share no words, but they give the same
numbers and dates, and name the same people and places (``text.anchors``: written alike
in both languages). Two sentences of different articles in different languages are taken
as one fact rendered twice when they give exactly the same numbers and dates (at least
one), share at least two anchors in all, and, if both name anyone, share a name. Such a
sentence is cited as ``translated`` (matched by what it gives, not by its words) and
counts as saying what the other says when a summary avoids repeating itself.
"""

from __future__ import annotations

from newsfuse.evidence.cluster import ClusterSentences

MIN_SHARED = 2


def translations(features: ClusterSentences, index: int) -> list[tuple[int, float]]:
    """The sentences of other articles, in another language, that render sentence
    ``index``'s fact, each with the share of their anchors in common (Jaccard)."""
    if not features.multilingual:  # asked for every candidate of every summary: kept cheap
        return []
    varieties = features.varieties
    anchors, numeric = features.anchors, features.numeric_anchors
    mine, my_numbers = anchors[index], numeric[index]
    if not my_numbers:
        return []
    article_of = features.article_of
    found = []
    for other, theirs in enumerate(anchors):
        if (
            numeric[other] != my_numbers
            or varieties[other] == varieties[index]
            or article_of[other] == article_of[index]
        ):
            continue
        shared = mine & theirs
        if len(shared) < MIN_SHARED:
            continue
        my_names, their_names = mine - my_numbers, theirs - numeric[other]
        if my_names and their_names and not my_names & their_names:
            continue
        found.append((other, len(shared) / len(mine | theirs)))
    return found
