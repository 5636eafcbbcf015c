"""Events across languages: reports in two languages meet by their anchors.

Words place a report among reports in its own language. A Vietnamese report and an
English one of the same event share almost no words, but they share anchors (the names,
numbers and dates of ``text.anchors``). So a term vector carries its anchors as dimensions
of their own (``@1400``, ``@phong``, ``@8/11``), weighed like words but apart from them,
and an event keeps, besides its words in each language, the sum of its reports' anchors.
A report is compared with an event by words when the event has a report in its language,
and by anchors (against ``cross_language_threshold``) when it has none: an event then
holds at most one group of reports per language, each formed by words, so anchors never
join two events of one language. A pile is grouped within each language first, then its
events in different languages are joined where their anchors match (``join_across``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from newsfuse.events.refine import time_spans
from newsfuse.model import Article
from newsfuse.text.anchors import anchors
from newsfuse.text.tokens import lexicon_for

PREFIX = "@"
"""Anchor dimensions are named ``@`` and the anchor: no term starts so."""
MAX_ANCHORS = 30
"""A report keeps its heaviest anchors, this many."""
LEAD_CHARS = 2000
"""Anchors are read from a report's first characters, this many (about 300 words)."""


def language_of(article: Article) -> str:
    """The language whose words the article is compared by: "vi", "vi-plain" for Vietnamese
    typed without accents, "en" for English and any language newsfuse does not read apart."""
    return lexicon_for(article.language, article.text).variety


def anchor_counts(article: Article, title_weight: float) -> dict[str, float]:
    """The anchors of the article's headline and lead (``LEAD_CHARS``: who, where and when
    are said early, and reading the rest would cost as much as all its words) as terms
    (``@``-named), headline anchors counting more."""
    lexicon = lexicon_for(article.language, article.text)
    counts: dict[str, float] = {}
    lead = article.text[:LEAD_CHARS]
    for source, weight in ((article.title or "", title_weight), (lead, 1.0)):
        for anchor, count in anchors(source, lexicon).items():
            key = PREFIX + anchor
            counts[key] = counts.get(key, 0.0) + weight * count
    return counts


def is_anchor(term: str) -> bool:
    return term.startswith(PREFIX)


def without_anchors(vector: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """A vector's other dimensions (words, meaning), and its anchors."""
    rest = {term: weight for term, weight in vector.items() if term[:1] != PREFIX}
    if len(rest) == len(vector):
        return rest, {}
    return rest, {term: weight for term, weight in vector.items() if term[:1] == PREFIX}


def join_across(
    labels: Sequence[int],
    anchor_rows: csr_matrix,
    languages: Sequence[str],
    times: NDArray[np.float64],
    window: timedelta,
    threshold: float,
) -> NDArray[np.int64]:
    """Join events (``labels`` of articles, each event in one language) into events across
    languages: the most similar pairs first (cosine of the events' summed anchors, from
    ``anchor_rows``, one row per article), each at least ``threshold``, in time with each
    other (``times``: seconds, NaN when undated), and never two events of one language in
    one. Returns each article's new label (the label of its joined event's first event)."""
    current = np.asarray(labels, dtype=np.int64)
    if len(current) == 0:
        return current
    count = int(current.max()) + 1
    event_language: dict[int, str] = {}
    for label, language in zip(current.tolist(), languages, strict=True):
        event_language.setdefault(label, language)
    if len(set(event_language.values())) < 2:
        return current
    size = len(current)
    membership = csr_matrix((np.ones(size), (current, np.arange(size))), shape=(count, size))
    summed = (membership @ anchor_rows).tocsr()
    norms = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    unit = csr_matrix(summed.multiply(scale[:, np.newaxis]))
    similar = (unit @ unit.T).tocoo()
    earliest, latest = time_spans(current, times)
    slack = window.total_seconds()
    pairs = sorted(
        (
            (-float(value), int(a), int(b))
            for a, b, value in zip(similar.row, similar.col, similar.data, strict=True)
            if a < b and value >= threshold and event_language.get(a) != event_language.get(b)
        ),
    )
    parent = list(range(count))
    group_languages = {label: {language} for label, language in event_language.items()}
    first, last = earliest.copy(), latest.copy()

    def root(label: int) -> int:
        while parent[label] != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for _, a, b in pairs:
        into, other = sorted((root(a), root(b)))
        if into == other or group_languages[into] & group_languages[other]:
            continue
        if not (
            np.isnan(first[into])
            or np.isnan(first[other])
            or (first[other] <= last[into] + slack and last[other] >= first[into] - slack)
        ):
            continue
        parent[other] = into
        group_languages[into] |= group_languages.pop(other)
        first[into] = np.fmin(first[into], first[other])
        last[into] = np.fmax(last[into], last[other])
    return np.array([root(label) for label in current.tolist()], dtype=np.int64)
