"""The numbers a sentence gives, what each one counts, whose it is, and how exact it is.

"killing at least 60 people", "Aaron McKinney, 22,", "a 4.2-magnitude earthquake", "$180
million", "in 1988", "14 October": each is a ``Mention`` of a value for a slot. The slot is
the thing counted (the next content word, or "age", "year", "magnitude", "percent", a
month for a day), the person it belongs to when a name stands right before it, and the
content words around it (what happened to what it counts). A hedge makes the value a
bound ("at least", "up to") or an estimate ("about"), which a different exact value may
still agree with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from newsfuse.text import vietnamese
from newsfuse.text.tokens import NUMBER_WORDS, STOPWORDS, stem

_SPLIT_NUMBER = re.compile(r"(?<=\d)(\.|,(?= \d{3}\b)|:(?= \d\d\b)) (?=\d)")
"""Tokenised corpora write "6. 1" and "120, 000": joined before reading."""
_VIETNAMESE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+")
"""A Vietnamese number with full stops between its thousands ("1.400", "12.500,5") or a
decimal comma ("6,5")."""


def _english_number(written: str) -> str:
    return written.replace(".", "").replace(",", ".")


_TOKEN = re.compile(r"\$|%|,(?!\d)|\d+(?:[.,:]\d+)*|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_YEAR = re.compile(r"(1[89]|20)\d\d")
_NOT_OWNERS = (
    STOPWORDS
    | _MONTHS
    | frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday".split())
)
_AGE = frozenset(("year", "years", "old"))
_TENS = {
    word: 20.0 + 10 * n
    for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_YEAR_PREPOSITIONS = frozenset("in since until of by from".split())
_LOOK_AHEAD = 2
"""How many words after a number the thing it counts may come."""
_CONTEXT = 3
"""Words either side of a number that say what happened to what it counts."""
_OWNER_DISTANCE = 3
"""How many words before a number a name may stand and still own it ("Lawson posted 15")."""
_NOT_COUNTED = frozenset(
    "am pm cent gmt utc local square per a m p est edt pst pdt bst cet including include "
    "left remaining".split()
)
"""Words after a number that are not what it counts (a time of day, a unit's first word)."""
_SHORT_UNITS = frozenset("km kg cm mm ha ft lb mi".split())
"""Units shorter than the words a count's noun may be."""


class Bound(Enum):
    EXACT = "exact"
    AT_LEAST = "at least"
    AT_MOST = "at most"
    ABOUT = "about"


_HEDGES: dict[tuple[str, ...], Bound] = {
    ("at", "least"): Bound.AT_LEAST,
    ("more", "than"): Bound.AT_LEAST,
    ("over",): Bound.AT_LEAST,
    ("above",): Bound.AT_LEAST,
    ("upwards", "of"): Bound.AT_LEAST,
    ("up", "to"): Bound.AT_MOST,
    ("less", "than"): Bound.AT_MOST,
    ("fewer", "than"): Bound.AT_MOST,
    ("under",): Bound.AT_MOST,
    ("below",): Bound.AT_MOST,
    ("at", "most"): Bound.AT_MOST,
    ("nearly",): Bound.AT_MOST,
    ("almost",): Bound.AT_MOST,
    ("about",): Bound.ABOUT,
    ("around",): Bound.ABOUT,
    ("some",): Bound.ABOUT,
    ("roughly",): Bound.ABOUT,
    ("approximately",): Bound.ABOUT,
    ("estimated",): Bound.ABOUT,
    ("an", "estimated"): Bound.ABOUT,
    ("close", "to"): Bound.ABOUT,
    ("dozens",): Bound.ABOUT,
    # Vietnamese
    ("hơn",): Bound.AT_LEAST,
    ("trên",): Bound.AT_LEAST,
    ("ít", "nhất"): Bound.AT_LEAST,
    ("tối", "thiểu"): Bound.AT_LEAST,
    ("không", "dưới"): Bound.AT_LEAST,
    ("dưới",): Bound.AT_MOST,
    ("gần",): Bound.AT_MOST,
    ("tối", "đa"): Bound.AT_MOST,
    ("chưa", "đến"): Bound.AT_MOST,
    ("chưa", "tới"): Bound.AT_MOST,
    ("khoảng",): Bound.ABOUT,
    ("chừng",): Bound.ABOUT,
    ("xấp", "xỉ"): Bound.ABOUT,
    ("ước", "tính"): Bound.ABOUT,
}


@dataclass(frozen=True, slots=True)
class _Reading:
    """How a language names what a number counts."""

    function_words: frozenset[str]
    min_letters: int
    """Shorter words are not what is counted (English "a", "m"; Vietnamese words are short)."""
    classifiers: frozenset[str]
    """Words between a number and its noun that say only what kind of thing it is."""
    stem: Callable[[str], str]


_ENGLISH = _Reading(STOPWORDS | _NOT_COUNTED, 3, frozenset(), stem)
_VIETNAMESE = _Reading(vietnamese.STOPWORDS, 2, vietnamese.CLASSIFIERS, str)


@dataclass(frozen=True, slots=True)
class Mention:
    """One value a sentence gives."""

    value: float
    written: str
    """The value as the sentence writes it ("14", "twelve", "4.2")."""
    thing: str
    """What it counts: a stem ("peopl"), or "age", "year", "magnitud", "percent", a month."""
    noun: str
    """What it counts as a reader says it ("people", "age", "magnitude", "October")."""
    owner: str | None
    """The stem of the name it belongs to ("mckinney"), when a name stands right before it."""
    bound: Bound
    context: frozenset[str]
    """Content stems around it: what happened to what it counts."""

    def label(self) -> str:
        prefix = "" if self.bound is Bound.EXACT else f"{self.bound.value} "
        return prefix + self.written


@dataclass(frozen=True, slots=True)
class Quantities:
    mentions: tuple[Mention, ...] = ()
    values: frozenset[float] = frozenset()
    """Every number the sentence gives, counting something or not."""
    names: frozenset[str] = frozenset()
    """Stems of the capitalised words past the first: who and where the sentence speaks of."""


@lru_cache(maxsize=4096)
def quantities(text: str, language: str = "en") -> Quantities:
    """Every value ``text`` gives that counts or measures something. In Vietnamese
    (``language`` "vi") a full stop groups thousands and a comma marks decimals ("1.400" is
    1400, "12.500,5" is 12500.5), and a date's day and month ("đêm 8/11") or a clock time
    ("21 giờ đêm") count nothing."""
    reading = _VIETNAMESE if language == "vi" else _ENGLISH
    if language == "vi":
        for moment in (vietnamese.TIME_OF_DAY, vietnamese.DATE):
            text = moment.sub(lambda m: " " * len(m.group()), text)
    raw = _TOKEN.findall(_SPLIT_NUMBER.sub(r"\1", text))
    if language == "vi":
        raw = [_english_number(w) if _VIETNAMESE_NUMBER.fullmatch(w) else w for w in raw]
    words = [w.lower() for w in raw]
    mentions: list[Mention] = []
    values: set[float] = set()
    position = 0
    while position < len(words):
        parsed, width = _read_number(words, position)
        if parsed is None:
            position += 1
            continue
        values.add(parsed)
        mention = _mention(raw, words, position, width, parsed, reading)
        if mention is not None:
            mentions.append(mention)
        position += width
    names = frozenset(stem(w.lower()) for w in raw[1:] if w[:1].isupper())
    return Quantities(tuple(mentions), frozenset(values), names)


def _read_number(words: list[str], position: int) -> tuple[float | None, int]:
    """The number starting at ``position`` and how many words it takes ("twenty eight": 2)."""
    word = words[position]
    if ":" in word:
        return None, 1  # a time of day is no count
    value = _number(word)
    if value is None:
        return None, 1
    following = words[position + 1] if position + 1 < len(words) else ""
    if word in _TENS and following in NUMBER_WORDS and 0 < int(NUMBER_WORDS[following]) < 10:
        return value + float(NUMBER_WORDS[following]), 2
    return value, 1


def _mention(
    raw: list[str], words: list[str], position: int, width: int, value: float, reading: _Reading
) -> Mention | None:
    if words[position + width : position + width + 1] == ["of"] or _is_total(words, position):
        return None  # "28 of 41 passes": a part and a whole, not one count
    if _is_label(raw, position):
        return None
    word = words[position]
    written = raw[position] if word[:1].isdigit() else f"{value:g}"
    ahead = position + width
    if ahead < len(words) and words[ahead] in _SCALES:
        value *= _SCALES[words[ahead]]
        written += " " + words[ahead]
        ahead += 1
    found = _thing(raw, words, position, ahead, value, reading)
    if found is None:
        return None
    thing, noun = found
    return Mention(
        value=value,
        written=written,
        thing=thing,
        noun=noun,
        owner=_owner(raw, position, ahead, thing),
        bound=_bound(words, position),
        context=_context(words, position, thing, reading),
    )


def _is_label(raw: list[str], position: int) -> bool:
    """ "Pier 9", "Flight 370", "Route 66": a number that names a thing, not a count."""
    before = raw[position - 1] if position >= 2 else ""
    return before[:1].isupper() and before.lower() not in _NOT_OWNERS and raw[position][:1].isdigit()


def _is_total(words: list[str], position: int) -> bool:
    """The 41 of "28 of 41" or "28 of the 41"."""
    before = words[max(0, position - 3) : position]
    return "of" in before[-2:] and any(_number(w) is not None for w in before[:-1])


def _thing(
    raw: list[str], words: list[str], position: int, ahead: int, value: float, reading: _Reading
) -> tuple[str, str] | None:
    """What the number at ``position`` counts: its slot key and the word a reader knows it by."""
    before = words[position - 1] if position else ""
    if before in _MONTHS:
        return _month(before) if 1 <= value <= 31 else None
    if before == "magnitude" or words[max(0, position - 2) : position] == ["magnitude", "of"]:
        return "magnitud", "magnitude"
    if before == "$":
        return "dollar", "dollars"
    following = words[ahead : ahead + _LOOK_AHEAD]
    if following[:1] in (["%"], ["percent"]) or following == ["per", "cent"]:
        return "percent", "percent"
    if following in (["year", "old"], ["years", "old"]) or _is_age_apposition(raw, position):
        return "age", "age"
    for offset, word in enumerate(following):
        if word == "," or _number(word) is not None:
            break
        if word in _MONTHS:
            return _month(word) if 1 <= value <= 31 else None
        short = len(word) < reading.min_letters and word not in _SHORT_UNITS
        if word in reading.function_words or word in reading.classifiers or short:
            continue
        if raw[ahead + offset][:1].isupper() and offset:
            break  # a name further on is not what is counted ("180 in Sweden")
        if raw[ahead + offset][:1].isupper() and following[offset + 1 : offset + 2]:
            after = following[offset + 1]
            if after not in STOPWORDS and after.isalpha() and len(after) > 2:
                return reading.stem(after), raw[ahead + offset + 1]  # "five Israeli soldiers"
        return reading.stem(word), raw[ahead + offset]
    if _YEAR.fullmatch(words[position]) and before in _YEAR_PREPOSITIONS:
        return "year", "year"
    return _done_to(raw, words, position)


def _done_to(raw: list[str], words: list[str], position: int) -> tuple[str, str] | None:
    """A count with no noun takes the verb before it ("injuring about 180")."""
    start = position - 1
    while start >= 0 and (words[start] in STOPWORDS or tuple(words[start:position]) in _HEDGES):
        start -= 1
    if (
        start >= 0
        and position - start <= 3
        and raw[start][:1].islower()
        and raw[start].endswith(("ing", "ed"))
    ):
        return stem(words[start]), raw[start]
    return None


def _is_age_apposition(raw: list[str], position: int) -> bool:
    """ "McKinney, 22, was ...": a number set off by commas right after a name."""
    return (
        position >= 2
        and raw[position - 1] == ","
        and raw[position - 2][:1].isupper()
        and (position + 1 == len(raw) or raw[position + 1] in (",", ")"))
        and raw[position].isdigit()
        and 0 < int(raw[position]) < 120
    )


def _month(word: str) -> tuple[str, str]:
    """A month's slot key and full name ("sept" -> "septemb", "September")."""
    full = next((m for m in _MONTHS if len(m) > 4 and m.startswith(word)), word)
    return stem(full), full.capitalize()


def _owner(raw: list[str], position: int, ahead: int, thing: str) -> str | None:
    """The name right before the number ("Lawson posted 15 points", "McKinney, 22"), or
    for an age the name right after it ("the 32-year-old Peterson")."""
    if thing == "age" and raw[ahead : ahead + 1] in (["year"], ["years"]):
        after = ahead + 2
        while after + 1 < len(raw) and raw[after + 1][:1].isupper():
            after += 1  # the surname ends a run of capitalised words
        if after < len(raw) and raw[after][:1].isupper():
            return stem(raw[after].lower())
    start = max(0, position - _OWNER_DISTANCE)
    for index in range(position - 1, start - 1, -1):
        word = raw[index]
        if word[:1].isdigit():
            return None  # "Pier 9 injured 14": the name labels the other number
        if word[:1].isupper() and index and word.lower() not in _NOT_OWNERS:
            return stem(word.lower())
    return None


_HEDGE_WORDS = frozenset(word for hedge in _HEDGES for word in hedge)


def _bound(words: list[str], position: int) -> Bound:
    for hedge, bound in _HEDGES.items():
        if tuple(words[max(0, position - len(hedge)) : position]) == hedge:
            return bound
    return Bound.EXACT


def _context(words: list[str], position: int, thing: str, reading: _Reading) -> frozenset[str]:
    nearby = words[max(0, position - _CONTEXT) : position + _CONTEXT + 2]
    return frozenset(
        reading.stem(w)
        for w in nearby
        if w not in reading.function_words
        and w not in reading.classifiers
        and w not in _MONTHS
        and w not in _AGE
        and _number(w) is None
        and len(w) >= reading.min_letters
        and w not in _HEDGE_WORDS
    ) - {thing}


def _number(word: str) -> float | None:
    """ "1,400" -> 1400.0, "4.2" -> 4.2, "twelve" -> 12.0, "1,4" (a decimal comma) -> 1.4."""
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    if word in _TENS:
        return _TENS[word]
    if word == "dozen":
        return 12.0
    if not word[:1].isdigit():
        return None
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", word):
        return float(word.replace(",", ""))
    if re.fullmatch(r"\d+,\d{1,2}", word):
        return float(word.replace(",", "."))
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None
