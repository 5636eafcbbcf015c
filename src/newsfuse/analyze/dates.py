"""Date expressions resolved to calendar ranges.

spaCy finds the expressions ("Nov. 8", "last month", "in February", "since 2017", "before
the end of the year"), with whole dates, decades and day-naming times it misses added.
``calendar_words`` reads what news writes without a date (a weekday, the weekend, a month,
a holiday, "tonight"), pointed back or ahead by the tense of its sentence; this module
reads "the same day" and decades, and dateparser the rest. All count from the article's publication
date, else the full date at its head (its dateline), else the latest date of its
cluster's dated reports (then even "on Tuesday" resolves, marked inferred), else the
latest year its cluster names (the seeds name "the 2019 Moscow ... Conference"): dates
that need only a year are resolved against it and marked inferred, while those that need
the day itself ("last month", "yesterday") stay unresolved rather than guessed.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from newsfuse.analyze.calendar_words import HOLIDAYS, MONTH_NAMES, WEEKDAY, WEEKDAYS, calendar_word
from newsfuse.analyze.quote_marks import Quotation, without_quotations
from newsfuse.analyze.vietnamese import date_phrase, weekday_of_week
from newsfuse.model import Article, Sentence
from newsfuse.model.analysis import DateMention, Mention
from newsfuse.text.tokens import lexicon_for

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_SINCE = re.compile(r"^(?:ever\s+)?since\s+(.+)$", re.I)
_YEAR_END = re.compile(r"^(before\s+|by\s+)?(?:the\s+)?end\s+of\s+(?:this|the)\s+year$", re.I)
_EARLIER_THIS_YEAR = re.compile(r"^earlier\s+this\s+year$", re.I)
_DECADE = re.compile(r"^(?:the\s+)?(\d{2}|['’])?(\d)0['’]?s$", re.I)
_DECADE_TEXT = re.compile(r"(?<![\w'’])(?:the\s+(?:\d{2}|['’])?|\d{2}|['’])\d0['’]?s\b", re.I)
"""A decade ("the 1940s", "the '90s", "the 50s"; not "10s of people"), which the recogniser
may join to the next."""
_AGE_DECADE = re.compile(r"\b(?:her|his|their|its|my|your|our)\s+(?:(?:early|mid|late)[\s-]*)?$", re.I)
"""Before a decade, an owner makes it an age ("in her 40s")."""
_HEAD = 300
"""How far into an undated article its dateline may stand."""
_STAMP_LINE = re.compile(r"^\s*(?:posted|published|updated|last updated)\b", re.I | re.M)
_RELATIVE = re.compile(
    r"\b(?:ago|last|next|yesterday|today|tomorrow|tonight|later|past|coming|month|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend"
    r"|hôm|qua|nay|mai|trước|tuần|thứ|chủ nhật|ngoái|tới)\b",
    re.I,
)
"""Words that tie an expression to the day or month it was written: an inferred year does
not resolve it ("this year" and "the end of the year" need only the year)."""
_SINCE_BEFORE = re.compile(r"\b(?:ever\s+)?since\s+$", re.I)
_DIRECTED = re.compile(
    r"\b(?:ago|last|next|yesterday|today|tomorrow|tonight|past|coming|earlier|later|previous|"
    r"this|since|until|\d{4})\b",
    re.I,
)
"""Words that say which way from the day of writing an expression points."""
_AGO = re.compile(r"\bago\b", re.I)
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|is to|are to|due|plans?|planned|scheduled|expects? to|expected to|"
    r"set to|going to|next|upcoming|coming|hopes? to|intends? to|aims? to|until|till"
    r"|sẽ|dự kiến|kế hoạch|tới đây|sắp)\b|['’]ll\b",
    re.I,
)
"""Words that put a clause after its day of writing: its "Monday" is the coming one."""
_FULL_DATE = re.compile(
    rf"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH_NAMES})\.?,?\s+\d{{4}}"
    rf"|(?:{MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{4}|\d{4}-\d{2}-\d{2})\b",
    re.I,
)
"""A whole date, which the entity recognizer may miss or split ("15 / 09 / 2013")."""
_HEDGE = re.compile(r"^(?:early|late|mid)[\s-]+(?=\w)", re.I)
"""Words that narrow a span without moving it ("late last week" is last week)."""
_WEEK_END = re.compile(r"^(?:by\s+|before\s+)?(?:the\s+)?end\s+of\s+(?:the|this)\s+week$", re.I)
_AGE = re.compile(r"\byears?[\s-]*old\b", re.I)
_DATED = re.compile(rf"\b(?:{MONTH_NAMES})\b|\d\s?/\s?\d|\d{{4}}-\d", re.I)
"""A date that a weekday before it may belong to ("Monday, Nov. 9")."""
_ANAPHORIC = re.compile(
    r"\b(?:(?:the\s+)?(same|next|following|previous|preceding)|(that))\s+(?:day|night|morning|afternoon|evening)\b"
    r"|\bthe\s+day\s+(before|after)\b",
    re.I,
)
"""A day told by the date before it ("the same day", "that night", "the next morning")."""
_ANAPHORIC_STEP = {
    "same": 0,
    "that": 0,
    "next": 1,
    "following": 1,
    "after": 1,
    "previous": -1,
    "preceding": -1,
    "before": -1,
}
_PARTS = r"(?:\s+(?:morning|afternoon|evening|night))"
_DAY_TIME = re.compile(
    rf"^(tonight|last night|this (?:morning|afternoon|evening)|(?:yesterday|tomorrow|{'|'.join(WEEKDAYS)}))"
    rf"{_PARTS}?$",
    re.I,
)
"""A time that names its day; the day is the expression ("Saturday night" -> "Saturday")."""
_COUNTED_FROM = re.compile(r"(?:[\w-]+\s+){1,3}(?:before|after)\s+", re.I)
_NAMED_DAY = re.compile(
    rf"^(?:{'|'.join(WEEKDAYS)}|{MONTH_NAMES}|{'|'.join(map(re.escape, HOLIDAYS))})\b|\d", re.I
)
_POSSESSIVE = re.compile(r"['’]s$")
_JOINED = re.compile(r"^\s*(?:,|\()?\s*$")
"""What may stand between a weekday and its date to make one expression ("Monday, Nov. 9")."""
_NEAR_AHEAD = timedelta(days=31)
_AHEAD = re.compile(r"^(?:by|until|till|before|through)\b", re.I)


def find_dates(
    articles: Sequence[Article],
    docs: Sequence[Any],
    sentences: Mapping[str, Sequence[Sentence]],
    quotations: Mapping[str, Sequence[Quotation]],
) -> tuple[DateMention, ...]:
    """Every date expression of ``articles`` (``docs``: their spaCy parses; ``sentences``
    and ``quotations``: theirs by article id), resolved."""
    published = [a.published.replace(tzinfo=None) for a in articles if a.published is not None]
    year = _year_of_reports(docs)
    # An undated article was written about when its cluster's dated reports were, else in
    # the latest year the reports name.
    borrowed = max(published) if published else datetime(year, 12, 31) if year is not None else None
    found: list[DateMention] = []
    for article, doc in zip(articles, docs, strict=True):
        language = lexicon_for(article.language).language
        spans = _expressions(article, doc)
        ends = [sentence.end for sentence in sentences[article.id]]
        outside = without_quotations(article.text, quotations[article.id])  # their own tense
        absolute = {m: _absolute(m.text, language) for m in spans if _written_year(m.text)}
        own_date = None if article.published is not None else _written_day(article.text, spans, absolute)
        told: DateMention | None = None  # the last day the article has told
        for mention in spans:
            if found and found[-1].precision == "day" and found[-1].mention.article_id == article.id:
                told = found[-1]
            anaphoric = _ANAPHORIC.fullmatch(mention.text)
            if anaphoric:
                found.append(_told_by(mention, anaphoric, told))
                continue
            if (resolved := absolute.get(mention)) is not None:
                found.append(_resolved(mention, resolved, "published" if article.published else "written"))
                continue
            lent = False  # the day of writing is another report's: it may be a day or two off
            if article.published is not None:
                base, anchor = article.published.replace(tzinfo=None), "published"
            elif own_date is not None:
                base, anchor = own_date, "inferred"  # the day its dateline gives
            elif borrowed is not None and (published or not _RELATIVE.search(mention.text)):
                # A report date of the same event anchors even "on Tuesday"; a year alone
                # anchors only what needs no more than the year.
                base, anchor = borrowed, "inferred"
                lent = True
            else:
                found.append(DateMention(mention, None, None, None, "none"))
                continue
            planned = _planned(outside, mention, ends)
            # Planned: ahead. Otherwise back, or, when the day of writing is only borrowed,
            # the nearest either way.
            future = True if planned else None if lent else False
            resolved = resolve(mention.text, base, future=future, language=language)
            found.append(
                _resolved(mention, resolved, anchor)
                if resolved
                else DateMention(mention, None, None, None, "none")
            )
    return tuple(found)


def _expressions(article: Article, doc: Any) -> list[Mention]:
    """The date expressions of an article: the recognizer's, with whole dates it missed or
    split, and a weekday joined to the date beside it."""
    found = [
        _expression(article, span.start_char, span.end_char)
        for span in doc.ents
        if span.label_ == "DATE" and not _age_decade(article.text, span)
    ]
    for span in doc.ents:  # "tonight", "last night", "Saturday night": times that name a day
        day = _DAY_TIME.match(_HEDGE.sub("", span.text)) if span.label_ == "TIME" else None
        if day:
            start = span.start_char + len(span.text) - len(_HEDGE.sub("", span.text))
            found.append(Mention(article.id, start, start + len(day.group(1)), day.group(1)))
    text = article.text
    decades = [
        m
        for m in _DECADE_TEXT.finditer(text)
        if not _AGE_DECADE.search(text, max(0, m.start() - 20), m.start())
    ]
    # Whole dates replace the recogniser's spans they overlap (one sweep, in order).
    wholes: list[tuple[int, int]] = []
    for start, end in sorted(
        m.span() for m in (*_FULL_DATE.finditer(text), *_ANAPHORIC.finditer(text), *decades)
    ):
        if not wholes or start >= wholes[-1][1]:
            wholes.append((start, end))
    starts = [start for start, _ in wholes]
    kept = [m for m in found if not _overlaps_any(m, wholes, starts)]
    found = sorted(
        [*kept, *(_expression(article, start, end) for start, end in wholes)], key=lambda m: m.start
    )
    joined: list[Mention] = []
    for mention in found:
        last = joined[-1] if joined else None
        if (
            last
            and WEEKDAY.match(last.text)
            and _DATED.search(mention.text)
            and _JOINED.match(article.text[last.end : mention.start])
        ):
            joined[-1] = Mention(article.id, last.start, mention.end, article.text[last.start : mention.end])
        else:
            joined.append(mention)
    return joined


def _told_by(mention: Mention, anaphoric: re.Match[str], told: DateMention | None) -> DateMention:
    """ "The same day", "the next morning": a day from the last day the article told."""
    if told is None or told.first is None:
        return DateMention(mention, None, None, None, "none")
    word = next(group for group in anaphoric.groups() if group).lower()
    try:
        day = told.first + timedelta(days=_ANAPHORIC_STEP[word])
    except OverflowError:  # the day after 9999-12-31
        return DateMention(mention, None, None, None, "none")
    return DateMention(mention, day, day, "day", told.anchor)


def _overlaps_any(mention: Mention, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``mention`` overlaps one of ``spans`` (sorted, apart; ``starts`` their starts)."""
    index = bisect_left(starts, mention.end) - 1
    return index >= 0 and spans[index][1] > mention.start


def _age_decade(text: str, span: Any) -> bool:
    """Whether a span is an age: "36-year-old", or a decade after an owner ("in her 40s")."""
    if _AGE.search(span.text):
        return True
    start = span.start_char
    return bool(_DECADE.match(span.text.strip()) and _AGE_DECADE.search(text, max(0, start - 20), start))


def _planned(text: str, mention: Mention, sentence_ends: list[int]) -> bool:
    """Whether the sentence holding ``mention`` speaks of what is still to come (``text``
    without its quotations, which have a tense of their own)."""
    index = bisect_left(sentence_ends, mention.end)
    start = sentence_ends[index - 1] if 0 < index <= len(sentence_ends) else 0
    end = sentence_ends[index] if index < len(sentence_ends) else len(text)
    return bool(_FUTURE.search(text, start, end))


def _expression(article: Article, start: int, end: int) -> Mention:
    """The date expression as written, with a "since" before it ("since 2017" is a range
    from 2017, not the year) and without a time after its year ("July 21, 2013 11")."""
    since = _SINCE_BEFORE.search(article.text, max(0, start - 12), start)
    if since is not None:
        start = since.start()
    counted = _COUNTED_FROM.match(article.text, start, end)
    if counted and _NAMED_DAY.match(article.text[counted.end() : end].strip()):
        start = counted.end()  # "two weeks before Christmas": the date named is "Christmas"
    text = article.text[start:end]
    year = list(_YEAR.finditer(text))
    rest = text[year[-1].end() :] if year else ""
    if year and rest.strip(" ,\n") and not rest.strip()[:1].isalpha() and not re.match(r"['’]s\b", rest):
        end = start + year[-1].end()
    return Mention(article.id, start, end, article.text[start:end].rstrip())


def _written_year(text: str) -> bool:
    """Whether an expression gives its own year ("June 2018", "the 1940s"): it means the
    same whenever it was written."""
    decade = _DECADE.match(text.strip())
    if decade:
        return (decade.group(1) or "").isdigit()  # "the 1940s", not "the '40s"
    return bool(_YEAR.search(text)) and not _SINCE.match(text)


def _absolute(text: str, language: str) -> tuple[date, date, str] | None:
    """What an expression that gives its own year means, whatever the day it was written."""
    years = _YEAR.findall(text)
    # A decade with its century ("the 1940s") names no year and needs none.
    return resolve(text, datetime(int(years[-1]) if years else 2000, 12, 31), language=language)


def _written_day(
    text: str, spans: Sequence[Mention], absolute: dict[Mention, tuple[date, date, str] | None]
) -> datetime | None:
    """The day an undated article gives itself: the first full date at its head (its
    dateline, "Sunday, July 21, 2013") or on a "Posted ..." line, so the day its
    "yesterday" and "on Saturday" count from; a birth date further down is no dateline."""
    stamps = [m.start() for m in _STAMP_LINE.finditer(text)]
    for mention in spans:
        resolved = absolute.get(mention)
        at_head = mention.start < _HEAD or any(0 <= mention.start - s < 80 for s in stamps)
        if resolved is not None and resolved[2] == "day" and at_head:
            return datetime.combine(resolved[0], datetime.min.time())
    return None


def _resolved(mention: Mention, resolved: tuple[date, date, str], anchor: str) -> DateMention:
    first, last, precision = resolved
    return DateMention(mention, first, last, precision, anchor)


def resolve(
    text: str, base: datetime, *, future: bool | None = False, language: str = "en"
) -> tuple[date, date, str] | None:
    """The first and last day ``text`` (in English, or Vietnamese: ``language`` "vi") can
    mean, read on ``base`` in a sentence about the past (or, with ``future``, about what
    is planned; ``None``: about a day near ``base`` either way), and its precision."""
    day = datetime.combine(base.date(), datetime.min.time())  # ranges are whole days
    try:
        if language == "vi":  # day before month ("8/11" is 8 November), no English forms
            phrase = date_phrase(text)
            weekday = weekday_of_week(" ".join(phrase.lower().split()), day.date())
            if weekday is not None:
                return (weekday, weekday, "day")
            return _parsed(phrase, day, future, "vi")
        phrase = _POSSESSIVE.sub("", _HEDGE.sub("", " ".join(text.split())))  # "last year's"
        return _resolve(phrase, day, future)
    except (ValueError, OverflowError):  # read at the ends of the calendar (year 1 or 9999)
        return None


@lru_cache(maxsize=4096)
def _resolve(phrase: str, base: datetime, future: bool | None) -> tuple[date, date, str] | None:
    """``resolve`` of a normalised English phrase on a midnight; a cluster repeats its phrases."""
    named = calendar_word(phrase, base.date(), future)
    if named is not None:
        return named
    since = _SINCE.match(phrase)
    if since:
        start = resolve(since.group(1), base)
        return (start[0], base.date(), "range") if start else None
    if _WEEK_END.match(phrase):
        friday = base.date() + timedelta(days=4 - base.weekday())
        return (friday, friday + timedelta(days=2), "range")
    year_end = _YEAR_END.match(phrase)
    if year_end:
        last = date(base.year, 12, 31)
        first = base.date() if year_end.group(1) else date(base.year, 12, 1)
        return (min(first, last), last, "range")
    if _EARLIER_THIS_YEAR.match(phrase):
        return (date(base.year, 1, 1), base.date(), "range")
    decade = _DECADE.match(phrase)
    if decade:
        century, digit = decade.group(1), int(decade.group(2))
        if century and century.isdigit():
            start_year = int(century) * 100 + digit * 10
        else:  # "the '90s": the latest such decade begun by the day of writing
            recent = 2000 + digit * 10
            start_year = recent if recent <= base.year else recent - 100
        return (date(start_year, 1, 1), date(start_year + 9, 12, 31), "range")
    return _parsed(phrase, base, future, "en")


@lru_cache(maxsize=4096)
def _parsed(phrase: str, base: datetime, future: bool | None, language: str) -> tuple[date, date, str] | None:
    """What dateparser reads ``phrase`` as, on ``base``, as a range and its precision (a
    Vietnamese phrase of a planned day read ahead: English ones are by ``calendar_word``)."""
    # An English phrase's tense was read by ``calendar_word``; a Vietnamese one's is read here:
    # a planned day ahead, a told one back, one near a borrowed day of writing either way.
    told = language == "vi" and future is not None
    data = _parser(base, "future" if told and future else "past", language).get_date_data(phrase)
    if data.date_obj is None:
        return None
    if not told and not _DIRECTED.search(phrase):
        # "Tuesday" or "Nov. 11" without a year: the nearest such day, before or after the
        # day of writing, when it is within a month ahead (a story tells of the days around
        # it); further ahead, the past one ("the summit in February" written in November).
        ahead = _parser(base, "future", language).get_date_data(phrase)
        if (
            ahead.date_obj is not None
            and ahead.date_obj - base <= _NEAR_AHEAD
            and abs(ahead.date_obj - base) < abs(data.date_obj - base)
        ):
            data = ahead
    day = data.date_obj.date()
    if _AGO.search(phrase):
        return (day, day, "day")  # "two weeks ago": that day, not the week
    if data.period == "year":
        return (date(day.year, 1, 1), date(day.year, 12, 31), "year")
    if data.period == "month":
        length = calendar.monthrange(day.year, day.month)[1]
        return (day.replace(day=1), day.replace(day=length), "month")
    if data.period == "week":
        monday = day - timedelta(days=day.weekday())
        return (monday, monday + timedelta(days=6), "range")
    return (day, day, "day")


def _year_of_reports(docs: Sequence[Any]) -> int | None:
    """The latest year the cluster's date expressions name, deadlines aside ("by 2030"):
    reports are written in or after the years they tell of."""
    years = [
        int(year)
        for doc in docs
        for span in doc.ents
        if span.label_ == "DATE" and not _AHEAD.match(span.text)
        for year in _YEAR.findall(span.text)
    ]
    return max(years) if years else None


@cache
def _parser(base: datetime, prefer: str, language: str) -> Any:
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first"}
    if language == "vi":
        settings["DATE_ORDER"] = "DMY"
    return DateDataParser(languages=[language], settings=settings)
