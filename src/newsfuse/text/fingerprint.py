"""The one definition of an exact copy: the same words, whatever the case, spacing and
punctuation. Used by summaries (a copy adds no evidence), events (a copy joins its
original) and storage (an article already stored)."""

from __future__ import annotations

import hashlib

from newsfuse.text.tokens import tokens


def text_fingerprint(text: str) -> str:
    """Equal for texts with the same words, whatever their case, spacing and punctuation."""
    return words_fingerprint(tokens(text))


def words_fingerprint(words: list[str]) -> str:
    """The fingerprint of a text already split by ``tokens``."""
    return hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()


NO_WORDS = words_fingerprint([])
"""The fingerprint of a text with no words: never a copy of anything."""
