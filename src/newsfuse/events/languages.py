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

from newsfuse.events.refine import close_in_time, time_spans
from newsfuse.model import Article
from newsfuse.text.anchors import anchors
from newsfuse.text.tokens import Lexicon, lexicon_for

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


def anchor_counts(article: Article, lexicon: Lexicon, title_weight: float) -> dict[str, float]:
    """The anchors of the article's headline and lead (``LEAD_CHARS``: who, where and when
    are said early, and reading the rest would cost as much as all its words) as terms
    (``@``-named), in the language of ``lexicon``, headline anchors counting more. A
    headline In Title Case capitalises every word: only its numbers and dates count."""
    title = article.title or ""
    counts: dict[str, float] = {}
    for source, weight, names in (
        (title, title_weight, not _title_case(title)),
        (article.text[:LEAD_CHARS], 1.0, True),
    ):
        for anchor, count in anchors(source, lexicon, names=names).items():
            key = PREFIX + anchor
            counts[key] = counts.get(key, 0.0) + weight * count
    return counts


def _title_case(title: str) -> bool:
    words = [w for w in title.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


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
    common_events: int = 50,
) -> NDArray[np.int64]:
    """Join events (``labels`` of articles) into events across languages: the most similar
    pairs first (cosine of the events' summed anchors, from ``anchor_rows``, one row per
    article), each at least ``threshold``, in time with each other (``times``: seconds,
    NaN when undated), and never two events sharing a language in one. Anchors found in
    more than ``common_events`` events (a year, a small number) find no pairs: only events
    in different languages are compared, and only by their rarer anchors. Returns each
    article's new label (the label of its joined event's first event)."""
    current = np.asarray(labels, dtype=np.int64)
    if len(current) == 0:
        return current
    count = int(current.max()) + 1
    event_languages: dict[int, set[str]] = {}
    for label, language in zip(current.tolist(), languages, strict=True):
        event_languages.setdefault(label, set()).add(language)
    signatures = {label: frozenset(found) for label, found in event_languages.items()}
    if len(set(signatures.values())) < 2:
        return current
    size = len(current)
    membership = csr_matrix((np.ones(size), (current, np.arange(size))), shape=(count, size))
    summed = (membership @ anchor_rows).tocsr()
    events_with = np.diff((summed != 0).tocsc().indptr)
    summed = summed[:, np.flatnonzero(events_with <= common_events)].tocsr()
    norms = np.sqrt(np.asarray(summed.multiply(summed).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    unit = csr_matrix(summed.multiply(scale[:, np.newaxis]))
    by_signature: dict[frozenset[str], list[int]] = {}
    for label, signature in sorted(signatures.items()):
        by_signature.setdefault(signature, []).append(label)
    pairs = []
    kinds = sorted(by_signature, key=sorted)
    for n, one in enumerate(kinds):
        for another in kinds[n + 1 :]:
            if one & another:
                continue
            rows, columns = by_signature[one], by_signature[another]
            block = (unit[rows] @ unit[columns].T).tocoo()
            keep = block.data >= threshold
            pairs += [
                (-float(value), min(rows[a], columns[b]), max(rows[a], columns[b]))
                for a, b, value in zip(block.row[keep], block.col[keep], block.data[keep], strict=True)
            ]
    pairs.sort()
    earliest, latest = time_spans(current, times)
    slack = window.total_seconds()
    parent = list(range(count))
    group_languages = {label: set(found) for label, found in event_languages.items()}
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
        if not close_in_time((first[into], last[into]), (first[other], last[other]), slack):
            continue
        parent[other] = into
        group_languages[into] |= group_languages.pop(other)
        first[into] = np.fmin(first[into], first[other])
        last[into] = np.fmax(last[into], last[other])
    return np.array([root(label) for label in current.tolist()], dtype=np.int64)
