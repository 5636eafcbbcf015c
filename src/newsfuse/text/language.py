"""Which language a text is written in."""

from __future__ import annotations

from newsfuse.text.tokens import STOPWORDS, tokens


def reads_as_english(text: str, *, min_words: int = 30, min_share: float = 0.15) -> bool:
    """Whether English function words make up a normal share of the text (about 40% in
    news prose); short texts get the benefit of the doubt."""
    words = tokens(text)
    if len(words) < min_words:
        return True
    return sum(1 for w in words if w in STOPWORDS) / len(words) >= min_share
