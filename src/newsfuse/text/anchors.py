"""Anchors: what a report keeps when it is translated, in one form for every language.

A Vietnamese report and an English one of the same event share almost no words, but they
name the same people and places, give the same numbers and the same dates. Anchors are
those, written alike whatever the language: names without their accents and hyphens
("Lê Hoàng-Phong" and "Le Hoang Phong" are "le", "hoang", "phong"), numbers by value
("1.400" in Vietnamese and "1,400" in English are "1400"; "6,5" and "6.5" are "6.5"), and
dates by day and month ("ngày 8/11", "đêm 8.11", "Nov. 8" and "8 November" are "8/11").
"""

from __future__ import annotations

import re
from collections import Counter

from newsfuse.text import vietnamese
from newsfuse.text.tokens import UPPERCASE, Lexicon, fold
from newsfuse.text.vietnamese import day_and_month

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_CALENDAR = frozenset(_MONTHS) | frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
"""Capitalised, but not names: dates say when, and are anchors of their own. (Short
weekday forms are left out: "Thu" and "Tue" are Vietnamese names.)"""
_MONTH = "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True))
# News writes month names with a capital: matching them so keeps the search fast.
_ENGLISH_DATE = re.compile(
    rf"\b(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?!\d)|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\b)"
)
# A number, or a name: a word with a capital inside a sentence, with its hyphenated parts.
_NUMBER_OR_NAME = re.compile(
    r"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)*)(?!\w)"
    rf"|(?<=[\w,;)’'-] )(?<![Tt]hứ )(?<![Tt]háng )(?P<name>[{UPPERCASE}][^\W_]*(?:[-‐][^\W_]+)*)"
)


def anchors(text: str, lexicon: Lexicon, *, names: bool = True) -> Counter[str]:
    """The anchors of ``text`` (in the language of ``lexicon``), with how often each occurs:
    names as their folded words (unless not ``names``), numbers by value, dates as
    ``day/month``."""
    found: Counter[str] = Counter()
    in_dates: Counter[str] = Counter()  # numbers written as part of a date count as the date
    for day, month, written in _dates(text, lexicon):
        if 1 <= day <= 31 and 1 <= month <= 12:
            found[f"{day}/{month}"] += 1
            in_dates.update(written)
    stopwords = _folded_stopwords(lexicon)
    for (number, name), count in Counter(_NUMBER_OR_NAME.findall(text)).items():
        if number:
            count -= in_dates[number]
            if count > 0 and (value := number_value(number, lexicon)) is not None:
                found[value] += count
            continue
        if not names:
            continue
        for part in name.replace("‐", "-").split("-"):
            folded = fold(part)
            if len(folded) > 1 and folded not in stopwords and folded not in _CALENDAR:
                found[folded] += count
    return found


_FOLDED_STOPWORDS: dict[str, frozenset[str]] = {}


def _folded_stopwords(lexicon: Lexicon) -> frozenset[str]:
    """The lexicon's stopwords as anchors write words: without accents ("Ông" is no name)."""
    known = _FOLDED_STOPWORDS.get(lexicon.variety)
    if known is None:
        known = _FOLDED_STOPWORDS[lexicon.variety] = frozenset(fold(w) for w in lexicon.stopwords)
    return known


def number_value(written: str, lexicon: Lexicon) -> str | None:
    """A number as its value, in one form: "1.400" (Vietnamese) and "1,400" (English) are
    "1400"; "6,5" and "6.5" are "6.5". None for what is not one number ("1.2.3")."""
    decimal, thousands = (",", ".") if lexicon.language == "vi" else (".", ",")
    whole, fraction = written, ""
    if decimal in written:
        whole, _, fraction = written.rpartition(decimal)
        if decimal in whole or thousands in fraction:
            return None
    if thousands in whole:
        groups = whole.split(thousands)
        if 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            whole = "".join(groups)
        elif len(groups) == 2 and not fraction:
            whole, fraction = groups  # the other language's decimal mark: "6.5" in Vietnamese
        else:
            return None
    whole, fraction = whole.lstrip("0") or "0", fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _dates(text: str, lexicon: Lexicon) -> list[tuple[int, int, tuple[str, ...]]]:
    """(day, month, the numbers as written in it) of each date in ``text``: Vietnamese
    day/month forms in Vietnamese text, English month names in any."""
    found: list[tuple[int, int, tuple[str, ...]]] = []
    if lexicon.language == "vi":
        found += [named for match in vietnamese.DATE.finditer(text) if (named := day_and_month(match))]
    for match in _ENGLISH_DATE.finditer(text):
        day = match.group("day") or match.group("day2")
        month = match.group("month") or match.group("month2")
        found.append((int(day), _MONTHS[month.lower()], (day,)))
    return found
