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
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from newsfuse.analyze.nlp import MAX_CHARS, blank_long_runs
from newsfuse.text.tokens import UPPERCASE

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
"""underthesea's labels as the English pipeline's (a place is a GPE there)."""
_PART_OF_DAY = r"(?:rạng sáng|sáng sớm|sáng|trưa|chiều|tối|đêm|khuya)"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
_DAY_MONTH = r"\d{1,2}[/.-]\d{1,2}(?:[/.-](?:\d{4}|\d{2}))?"
_DATE = re.compile(
    "|".join(
        [
            # "ngày 8 tháng 11 năm 2026", "tháng 11 năm 2019", "tháng 11/2019"
            r"(?:ngày\s+\d{1,2}\s+)?tháng\s+\d{1,2}(?:\s+năm\s+\d{4}|/\d{4})?",
            # "(đêm) (thứ Hai,) (ngày) 8/11(/2026)": a day and month with a word that makes them
            # a date, or with a year
            rf"(?:{_PART_OF_DAY}\s+)?(?:{_WEEKDAY}\s*,?\s*)?(?:ngày|hôm)\s+{_DAY_MONTH}",
            rf"(?:{_PART_OF_DAY}|{_WEEKDAY})\s*,?\s*{_DAY_MONTH}",
            r"(?<![\d.,/])\d{1,2}/\d{1,2}(?:/\d{4})?(?![\d/])",
            r"\d{1,2}[.-]\d{1,2}[.-]\d{4}",
            rf"{_WEEKDAY}(?:\s+(?:tuần\s+)?(?:trước|này|tới|sau))?",
            rf"(?:hôm\s+(?:qua|nay|kia)|ngày\s+(?:mai|kia)|{_PART_OF_DAY}\s+(?:nay|qua|mai))",
            r"(?:tuần|tháng|năm)\s+(?:trước|này|tới|sau|ngoái|nay)",
            r"\d+\s+(?:ngày|tuần|tháng|năm)\s+(?:trước|qua)",
            r"năm\s+\d{4}",
        ]
    ),
    re.IGNORECASE,
)
_PART_OF_DAY_WORD = re.compile(rf"^{_PART_OF_DAY}\s+", re.IGNORECASE)
_CAPITALISED_RUN = re.compile(rf"(?<!\w)[{UPPERCASE}][^\W_]*(?:[ -][{UPPERCASE}][^\W_]*)*")
_HEAD_WORDS = frozenset(
    "ông bà anh chị cô chú bác cụ em cháu ngài tỉnh thành phố tp huyện quận xã phường thị "
    "trấn thôn ấp bản làng sông núi đảo theo tại ở và của".split()
)
"""Words that stand before a name with a capital when they open a sentence ("Ông Lê...")."""
_PLACE_TYPE = (
    r"(?:tỉnh|thành phố|TP\.?|thị xã|thị trấn|huyện|quận|xã|phường|thôn|ấp|bản|làng|xóm|"
    r"sông|suối|đảo|núi|đèo|vịnh|biển|hồ|cảng|cửa khẩu|khu vực|vùng)"
)
_PLACE_WORD_INSIDE = re.compile(rf"^{_PLACE_TYPE}\s+(?=\w)", re.IGNORECASE)
"""A place's type written at the head of its name ("xã Phú Lạc"): no part of the name."""
_PLACE_WORD_BEFORE = re.compile(rf"\b{_PLACE_TYPE}\s+$", re.IGNORECASE)
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
    first word of a sentence alone and a head word such as "Ông" or "Tỉnh" left out. Fast
    (no recogniser): what an event can be found by, not its analysis."""
    names = []
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group().split()
        while words and words[0].lower() in _HEAD_WORDS:
            words = words[1:]
        before = text[max(0, match.start() - 20) : match.start()]
        opens = (
            "\n" in before[len(before.rstrip()) :]
            or before.rstrip()[-1:] in '.!?:"“-–—('
            or not before.strip()
        )
        if len(words) > 1 or (words and not opens and words == match.group().split()):
            names.append(" ".join(words))
    return tuple(dict.fromkeys(names))


def date_phrase(text: str) -> str:
    """A Vietnamese date expression as the date parser reads it: the part of the day
    dropped ("đêm 8/11" is the day 8/11; "sáng nay" is today)."""
    phrase = _PART_OF_DAY_WORD.sub("", text.strip())
    lowered = phrase.lower()
    if lowered in ("nay", "qua", "mai"):
        return {"nay": "hôm nay", "qua": "hôm qua", "mai": "ngày mai"}[lowered]
    return phrase


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
    for word, *_, tag in tagged:
        start = paragraph.find(word, cursor)
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


def _dates(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), "DATE") for m in _DATE.finditer(text)]


@cache
def _blank() -> Any:
    import spacy

    return spacy.blank("xx")
