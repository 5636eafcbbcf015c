"""Vietnamese text for the analysis: names found by underthesea's recogniser and date
expressions in Vietnamese forms, given as a spaCy document like the English pipeline's,
so that merging names, resolving dates and finding who said what work the same.

underthesea (a conditional random field over words, offline) labels persons,
organisations and places; its words are found back in the text to give each name its
exact span. Dates are found by their written forms: "ngày 8/11", "đêm 8.11",
"20/05/2016", "ngày 8 tháng 11 năm 2026", "tháng 11", "năm 2019", weekdays ("thứ Hai",
"Thứ 6", "chủ nhật") and days told from the day of writing ("hôm qua", "sáng nay",
"tuần trước", "năm ngoái", "2 ngày trước").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import cache
from typing import Any

from newsfuse.analyze.nlp import MAX_CHARS, blank_long_runs
from newsfuse.text.tokens import UPPERCASE
from newsfuse.text.vietnamese import DATE

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
"""underthesea's labels as the English pipeline's (a place is a GPE there)."""
_DAY_WORD = re.compile(r"^(?:ngày|hôm)\s+(?=\d)", re.IGNORECASE)
_DAY_DOT_MONTH = re.compile(r"(?<![\d.])(\d{1,2})[.-](\d{1,2})(?=$|[/.-]\d{4}$)")
_WEEKDAY_NUMBER = {
    **{f"thứ {name}": n for n, name in enumerate(("hai", "ba", "tư", "năm", "sáu", "bảy"))},
    **{f"thứ {n + 2}": n for n in range(6)},
    "chủ nhật": 6,
}
_WEEKDAY_OF_WEEK = re.compile(r"((?:thứ\s+\S+|chủ\s+nhật))\s+tuần\s+(trước|này|tới|sau)", re.IGNORECASE)
_WEEK_SHIFT = {"trước": -1, "này": 0, "tới": 1, "sau": 1}
_PART_OF_DAY_WORD = re.compile(
    r"^(?:rạng sáng|sáng sớm|sáng|trưa|chiều|tối|đêm|khuya)\s*,?\s+", re.IGNORECASE
)
_CAPITALISED_RUN = re.compile(rf"(?<!\w)[{UPPERCASE}][^\W_]*(?:[ -][{UPPERCASE}][^\W_]*)*")
_HEAD_WORD = re.compile(
    r"^(?:Ông|Bà|Anh|Chị|Cô|Chú|Bác|Cụ|Em|Cháu|Ngài|Tỉnh|TP|Huyện|Quận|Xã|Phường|Thôn|Ấp|Bản|Làng|"
    r"Sông|Núi|Đảo|Theo|Tại|Ở)\s+(?=\S)"
)
"""A word that stands before a name with a capital when it opens a sentence ("Ông Lê...")."""
# A place's type: an administrative one with or without its capital ("xã Phú Lạc", "Tỉnh
# Trà Vân" at a sentence's start), a natural one only in lower case ("Hồ Chí Minh" is no lake).
_PLACE_TYPE = (
    r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|[Tt]hị xã|[Tt]hị trấn|[Hh]uyện|[Qq]uận|[Xx]ã|[Pp]hường|[Tt]hôn|"
    r"[Ấấ]p|[Bb]ản|[Ll]àng|[Xx]óm|sông|suối|đảo|núi|đèo|vịnh|biển|cảng|cửa khẩu|khu vực|vùng)"
)
_PLACE_WORD_INSIDE = re.compile(rf"^{_PLACE_TYPE}\s+(?=\w)")
"""A place's type written at the head of its name ("xã Phú Lạc"): no part of the name."""
_PLACE_WORD_BEFORE = re.compile(rf"\b{_PLACE_TYPE}\s+$")
_PERSON_WORD_BEFORE = re.compile(r"\b(?:ông|bà|anh|chị|cô|chú|bác|cụ|em|cháu|bé|ngài)\s+$")
"""A name after "ông" (Mr), "bà" (Mrs)...: a person's."""
_ORGANISATION_HEAD = re.compile(
    r"^(?:UBND|HĐND|Ủy ban|Uỷ ban|Bộ|Sở|Ban|Cục|Tổng cục|Vụ|Viện|Công ty|Tập đoàn|Ngân hàng|Bệnh viện|"
    r"Trường|Đại học|Hội|Liên đoàn|Đài|Báo|Công an|Tòa án|Toà án|Viện kiểm sát|Quân đội|Bộ đội|Đảng|"
    r"Văn phòng|Trung tâm|Câu lạc bộ|CLB|Đội|Tổ chức|Quỹ)\b"
)


def parse_vietnamese(texts: Iterable[str]) -> Iterator[Any]:
    """One spaCy ``Doc`` per Vietnamese text, in order, its entities the names and dates
    found (labelled as the English pipeline labels them)."""
    nlp = _blank()
    for text in texts:
        text = blank_long_runs(text[:MAX_CHARS])
        doc = nlp.make_doc(text)
        spans = []
        taken: list[tuple[int, int]] = []
        for start, end, label in (*_names(text), *_dates(text)):
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
                taken.append((start, end))
        doc.ents = sorted(spans, key=lambda s: s.start)
        yield doc


def written_names(text: str) -> tuple[str, ...]:
    """The names a Vietnamese text writes, each once: runs of words with a capital, the
    first word of a sentence alone and a head word such as "Ông" or "Tỉnh" opening one left
    out. Fast (no recogniser): what an event can be found by, not its analysis."""
    names = []
    for match in _CAPITALISED_RUN.finditer(text):
        run = match.group()
        before = text[max(0, match.start() - 20) : match.start()]
        opens = (
            "\n" in before[len(before.rstrip()) :]
            or before.rstrip()[-1:] in '.!?:"“-–—('
            or not before.strip()
        )
        if opens:  # its first word has a capital for opening the sentence
            head = _HEAD_WORD.match(run)
            run = run[head.end() :] if head else run if len(run.split()) > 1 else ""
        if run:
            names.append(run)
    return tuple(dict.fromkeys(names))


def date_phrase(text: str) -> str:
    """A Vietnamese date expression as the date parser reads it: the part of the day
    dropped ("đêm 8/11" is the day 8/11; "sáng nay" is today), "ngày" or "hôm" before a
    day and month dropped, and a day and month written "8.11" or "8-11" written "8/11"
    (read so, the parser takes it for a time of day)."""
    phrase = _PART_OF_DAY_WORD.sub("", " ".join(text.split()).rstrip(" ,"))
    lowered = phrase.lower()
    if lowered in ("nay", "qua", "mai"):
        return {"nay": "hôm nay", "qua": "hôm qua", "mai": "ngày mai"}[lowered]
    phrase = _DAY_WORD.sub("", phrase)
    return _DAY_DOT_MONTH.sub(r"\1/\2", phrase)


def weekday_of_week(phrase: str, written: date) -> date | None:
    """The day "thứ Hai tuần trước" (Monday of last week), "chủ nhật tuần này"... means,
    written on ``written``; None for any other phrase."""
    match = _WEEKDAY_OF_WEEK.fullmatch(phrase.strip())
    if match is None:
        return None
    day = _WEEKDAY_NUMBER[match.group(1).lower()]
    monday = written - timedelta(days=written.weekday())
    return monday + timedelta(weeks=_WEEK_SHIFT[match.group(2).lower()], days=day)


def _names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of each name underthesea finds, paragraph by paragraph."""
    from underthesea import ner

    found = []
    offset = 0
    for paragraph in text.split("\n"):
        if paragraph.strip():
            found += _aligned(paragraph, ner(paragraph), offset)
        offset += len(paragraph) + 1
    return [name for span in found if (name := _read(text, *span)) is not None]


def _read(text: str, start: int, end: int, label: str) -> tuple[int, int, str] | None:
    """A name as the recogniser gave it, its kind corrected by the words at its head and
    before it (the recogniser calls "tỉnh Trà Vân" a person now and then), a place's type
    left out of its name; None for what is no name (it starts in lower case)."""
    head = _PLACE_WORD_INSIDE.match(text[start:end])
    if head:
        start, label = start + head.end(), "GPE"
    name = text[start:end]
    if not name[:1].isupper():
        return None
    before = text[max(0, start - 16) : start]
    if _ORGANISATION_HEAD.match(name):
        label = "ORG"
    elif _PLACE_WORD_BEFORE.search(before):
        label = "GPE"
    elif _PERSON_WORD_BEFORE.search(before):
        label = "PERSON"
    return start, end, label


def _aligned(paragraph: str, tagged: list[tuple[str, ...]], offset: int) -> list[tuple[int, int, str]]:
    """The names of one tagged paragraph as character spans: each word is found again in
    the paragraph after the one before it (a word not found there is skipped)."""
    found: list[tuple[int, int, str]] = []
    cursor = 0
    current: list[Any] | None = None  # [start, end, label] of the name being read
    plain = _letters(paragraph)
    for word, *_, tag in tagged:
        start = paragraph.find(word, cursor)
        if start < 0:  # the recogniser may move a tone mark ("Hoà" -> "Hòa"): find it without
            start = plain.find(_letters(word), cursor)
        if start < 0:
            current = None
            continue
        end = cursor = start + len(word)
        kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
        label = LABELS.get(kind)
        if current is not None and tag.startswith("I-") and current[2] == label:
            current[1] = end
            continue
        if current is not None:
            found.append((offset + current[0], offset + current[1], current[2]))
        current = [start, end, label] if label and tag.startswith("B-") else None
    if current is not None:
        found.append((offset + current[0], offset + current[1], current[2]))
    return found


def _letters(text: str) -> str:
    """``text`` letter by letter without accents, in lower case: the same length, so an
    offset into it is an offset into ``text``."""
    return "".join(_base_letter(c) for c in text)


@cache
def _base_letter(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1] or char
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def _dates(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), "DATE") for m in DATE.finditer(text)]


@cache
def _blank() -> Any:
    import spacy

    return spacy.blank("xx")
