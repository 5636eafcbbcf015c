"""The one definition of an exact copy: the same words, whatever the case, spacing and
punctuation. Used by summaries (a copy adds no evidence), events (a copy joins its
original) and storage (an article already stored)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from newsfuse.model import Article, Copy
from newsfuse.text.tokens import tokens


def text_fingerprint(text: str) -> str:
    """Equal for texts with the same words, whatever their case, spacing and punctuation."""
    return words_fingerprint(tokens(text))


def words_fingerprint(words: list[str]) -> str:
    """The fingerprint of a text already split by ``tokens``."""
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


NO_WORDS = words_fingerprint([])
"""The fingerprint of a text with no words: never a copy of anything."""


def exact_copies(articles: Iterable[Article], known: Sequence[Copy] = ()) -> list[Copy]:
    """``known`` copies, and every article whose words repeat an earlier one's exactly."""
    copies = list(known)
    marked = {c.copy_id for c in copies}
    first_with: dict[str, str] = {}
    for article in articles:
        fingerprint = text_fingerprint(article.text)
        if fingerprint in first_with and article.id not in marked:
            copies.append(Copy(article.id, first_with[fingerprint], "exact"))
        first_with.setdefault(fingerprint, article.id)
    return copies
