"""The one tokenizer, stemmer, stopword list and number normaliser of newsfuse.

Every stage that compares words (summaries, evidence, events, copies) takes them from
here. ``tokens`` follows the convention of ROUGE scoring (lowercase alphanumeric runs,
Porter-stemmed), so the content the summarizer counts is the content a reader's reference
is scored on; letters of any script count, so "Zürich" is one word and Cyrillic text has
words at all. ``words_and_numbers`` keeps a number whole ("6.1", "1,400"), which is what
tells two earthquakes apart; ``capitalised`` finds the words written with a capital inside
a sentence, which is how names show themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+")
NUMBER = r"\d+(?:[.,]\d+)*"
"""A number with its decimal point and thousands separators."""
_WORD_OR_NUMBER = re.compile(NUMBER + r"|[^\W_]+(?:['’][^\W_]+)?")
UPPERCASE = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x2000)) if c.isupper())
"""The capital letters of Latin (with Vietnamese's "Đ", "Ư", "Ố"...), Greek and Cyrillic
script, for a regular expression's character class: ``f"[{UPPERCASE}]"``."""
# Inside a sentence: after a word, a comma or a closing bracket, not at a start.
_CAPITALISED = re.compile(rf"(?<=[\w,;)’'-] )[{UPPERCASE}][^\W_]*(?:['’][^\W_]+)?")

STOPWORDS = frozenset(
    "a about above after again against ago all almost also although always am among an "
    "and another any anyone anything are around as at be became because become been "
    "before being below between both but by can cannot could did do does doing done down "
    "during each either else enough even ever every few for from further get gets getting "
    "go going got had has have having he her here hers herself him himself his how "
    "however i if in into is it its itself just last least less let like made make many "
    "may me might more most much must my myself neither never no nor not now of off often "
    "on once one only or other others our ours ourselves out over own per perhaps put "
    "quite rather really said same say says see seen several shall she should since so "
    "some something still such than that the their theirs them themselves then there "
    "these they this those though through thus till to too toward towards under until up "
    "upon very via was we were what whatever when where whether which while who whom "
    "whose why will with within without would yet you your yours yourself yourselves mr "
    "mrs ms dr s t d ll re ve m ".split()
)
"""English function words. "us" is not among them: lowercased, it is also "US"."""

NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
    if value > 1  # "one" is too often not a count ("one of the ...")
}
"""Spelled-out numbers compare equal to digits: "three injured" supports "3 injured"."""


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer  # PyStemmer: C implementation of the Snowball/Porter stemmers

    return Stemmer.Stemmer("porter")


_stem_cache: dict[str, str] = {}


def stem(word: str) -> str:
    cached = _stem_cache.get(word)
    if cached is None:
        cached = _stemmer().stemWord(word) if len(word) > 3 else word  # type: ignore[attr-defined]
        if len(_stem_cache) < 500_000:
            _stem_cache[word] = cached
    return cached


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What newsfuse knows of one language's words: its function words, its numbers written
    out, and whether words are stemmed (English) or compared as written (Vietnamese)."""

    language: str
    stopwords: frozenset[str]
    number_words: Mapping[str, str]
    stemming: bool
    accents: bool = True
    """False for Vietnamese typed without its accents ("Ha Noi"): its words are other words
    than the accented ones, and it has function words of its own ("cua", "duoc")."""

    @property
    def variety(self) -> str:
        """The language as texts written alike share it: "vi", or "vi-plain" without accents."""
        return self.language if self.accents else f"{self.language}-plain"

    def stem(self, word: str) -> str:
        return stem(word) if self.stemming else word


ENGLISH = Lexicon("en", STOPWORDS, NUMBER_WORDS, stemming=True)


def lexicon_for(language: str | None, text: str | None = None) -> Lexicon:
    """The lexicon of a language code ("vi", "vi-VN"), English's for any other or none; for
    Vietnamese ``text`` typed without accents, the lexicon of such text."""
    if language and language[:2].lower() == "vi":
        return _vietnamese(accents=text is None or _has_accents(text))
    return ENGLISH


READ = ("en", "vi")
"""The languages newsfuse reads with tools of their own; any other is read as English."""


def reads(language: str | None) -> bool:
    """Whether newsfuse has tools for the language of this code (None: unknown, read as English)."""
    return language is None or language[:2].lower() in READ


@lru_cache(maxsize=2)
def _vietnamese(*, accents: bool) -> Lexicon:
    from newsfuse.text import vietnamese

    if accents:
        return Lexicon("vi", vietnamese.STOPWORDS, vietnamese.NUMBER_WORDS, stemming=False)
    return Lexicon("vi", vietnamese.PLAIN_STOPWORDS, {}, stemming=False, accents=False)


_ACCENTED = re.compile(r"[^\W\d_a-zA-Z]")
_SAMPLE_CHARS = 3000
_MIN_ACCENTED_SHARE = 0.05


def _has_accents(text: str) -> bool:
    """Whether a Vietnamese text is written with its accents: in accented Vietnamese most
    words carry one; typed without, next to none do (a foreign name's "é" aside)."""
    sample = text[:_SAMPLE_CHARS]
    words = len(sample.split())
    return words == 0 or len(_ACCENTED.findall(sample)) >= _MIN_ACCENTED_SHARE * words


_folded: dict[str, str] = {}


def fold(word: str) -> str:
    """A word without accents, in lowercase: "Nguyễn" and "Nguyen" are "nguyen", "Đà" is "da"."""
    known = _folded.get(word)
    if known is None:
        import unicodedata

        plain = unicodedata.normalize("NFKD", word.replace("đ", "d").replace("Đ", "D"))
        known = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
        if len(_folded) < 200_000:
            _folded[word] = known
    return known


def tokens(text: str) -> list[str]:
    """Lowercase alphanumeric tokens (letters of any script), in order."""
    return _TOKEN.findall(text.lower())


def words_and_numbers(text: str) -> list[str]:
    """Lowercase words (with an inner apostrophe: "don't") and whole numbers, in order."""
    return _WORD_OR_NUMBER.findall(text.lower())


def capitalised(text: str) -> list[str]:
    """The words written with a capital inside a sentence (names, mostly), as written."""
    return _CAPITALISED.findall(text)


def names_and_numbers(text: str) -> list[str]:
    """``capitalised`` words and whole numbers ("6.1", "1,400"), as written, in one pass."""
    return _NAME_OR_NUMBER.findall(text)


_NAME_OR_NUMBER = re.compile(_CAPITALISED.pattern + r"|\b" + NUMBER)


@dataclass(frozen=True, slots=True)
class Terms:
    """The lexical content of one sentence."""

    stems: tuple[str, ...]
    """Every token, stemmed, in order (stopwords included)."""
    content: frozenset[str]
    """Stems of content words (stopwords removed)."""
    bigrams: frozenset[tuple[str, str]]
    """Adjacent stem pairs in which at least one word is a content word."""


def sentence_terms(
    text: str, aliases: Mapping[str, str] | None = None, lexicon: Lexicon | None = None
) -> Terms:
    """The terms of ``text`` in the language of ``lexicon`` (English when None); ``aliases``
    maps spelling variants of a name to one form."""
    lexicon = lexicon or ENGLISH
    stopwords, numbers = lexicon.stopwords, lexicon.number_words
    words = [numbers.get(w, w) for w in tokens(text)]
    if aliases:
        words = [aliases.get(w, w) for w in words]
    stems = tuple(stem(w) for w in words) if lexicon.stemming else tuple(words)
    content = frozenset(s for w, s in zip(words, stems, strict=True) if w not in stopwords)
    bigrams = frozenset(
        (stems[i], stems[i + 1])
        for i in range(len(words) - 1)
        if words[i] not in stopwords or words[i + 1] not in stopwords
    )
    return Terms(stems=stems, content=content, bigrams=bigrams)


def word_runs(words: Sequence[str], size: int) -> set[str]:
    """Every run of ``size`` consecutive words (shingles), as text: the unit in which two
    texts are compared passage by passage."""
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
