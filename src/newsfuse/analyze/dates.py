"""Date expressions resolved to calendar ranges.

spaCy finds the expressions ("Nov. 8", "last month", "in February", "since 2017", "before
the end of the year"); dateparser reads them against the article's publication date. An
article without a date borrows the latest date of its cluster's dated reports (then even
"on Tuesday" resolves, marked inferred), else the latest year its cluster names (the seeds
name "the 2019 Moscow ... Conference"): dates that need only a year are resolved against
it and marked inferred, while those that need the day itself ("last month", "yesterday")
stay unresolved rather than guessed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from newsfuse.model import Article
from newsfuse.model.analysis import DateMention, Mention

_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_SINCE = re.compile(r"^(?:ever\s+)?since\s+(.+)$", re.I)
_YEAR_END = re.compile(r"^(before\s+|by\s+)?(?:the\s+)?end\s+of\s+(?:this|the)\s+year$", re.I)
_EARLIER_THIS_YEAR = re.compile(r"^earlier\s+this\s+year$", re.I)
_DECADE = re.compile(r"^(?:the\s+)?(\d{3})0['’]?s$", re.I)
_RELATIVE = re.compile(
    r"\b(?:ago|last|next|yesterday|today|tomorrow|tonight|later|past|coming|month|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weekend)\b",
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
_NEAR_AHEAD = timedelta(days=31)
_AHEAD = re.compile(r"^(?:by|until|till|before|through)\b", re.I)


def find_dates(articles: Sequence[Article], docs: Sequence[Any]) -> tuple[DateMention, ...]:
    """Every date expression of ``articles`` (``docs``: their spaCy parses), resolved."""
    published = [a.published.replace(tzinfo=None) for a in articles if a.published is not None]
    year = _year_of_reports(docs)
    # An undated article was written about when its cluster's dated reports were, else in
    # the latest year the reports name.
    borrowed = max(published) if published else datetime(year, 12, 31) if year is not None else None
    found = []
    for article, doc in zip(articles, docs, strict=True):
        spans = [_expression(article, span) for span in doc.ents if span.label_ == "DATE"]
        absolute = {m: _absolute(m.text) for m in spans if _YEAR.search(m.text) and not _SINCE.match(m.text)}
        own_date = None if article.published is not None else _written_day(spans, absolute)
        for mention in spans:
            if (resolved := absolute.get(mention)) is not None:
                found.append(_resolved(mention, resolved, "published" if article.published else "written"))
                continue
            if article.published is not None:
                base, anchor = article.published.replace(tzinfo=None), "published"
            elif own_date is not None:
                base, anchor = own_date, "inferred"  # the day its dateline gives
            elif borrowed is not None and (published or not _RELATIVE.search(mention.text)):
                # A report date of the same event anchors even "on Tuesday"; a year alone
                # anchors only what needs no more than the year.
                base, anchor = borrowed, "inferred"
            else:
                found.append(DateMention(mention, None, None, None, "none"))
                continue
            resolved = resolve(mention.text, base)
            found.append(
                _resolved(mention, resolved, anchor)
                if resolved
                else DateMention(mention, None, None, None, "none")
            )
    return tuple(found)


def _expression(article: Article, span: Any) -> Mention:
    """The date expression as written, with a "since" before it ("since 2017" is a range
    from 2017, not the year) and without a time after its year ("July 21, 2013 11")."""
    start, end = span.start_char, span.end_char
    since = _SINCE_BEFORE.search(article.text, max(0, start - 12), start)
    if since is not None:
        start = since.start()
    text = article.text[start:end]
    year = list(_YEAR.finditer(text))
    if year and text[year[-1].end() :].strip(" ,\n") and not text[year[-1].end() :].strip()[:1].isalpha():
        end = start + year[-1].end()
    return Mention(article.id, start, end, article.text[start:end].rstrip())


def _absolute(text: str) -> tuple[date, date, str] | None:
    """What an expression that gives its own year means, whatever the day it was written."""
    return resolve(text, datetime(int(_YEAR.findall(text)[-1]), 12, 31))


def _written_day(
    spans: Sequence[Mention], absolute: dict[Mention, tuple[date, date, str] | None]
) -> datetime | None:
    """The first full date an undated article writes ("Sunday, July 21, 2013"): its
    dateline, or near it, so the day its "yesterday" and "on Saturday" count from."""
    for mention in spans:
        resolved = absolute.get(mention)
        if resolved is not None and resolved[2] == "day":
            return datetime.combine(resolved[0], datetime.min.time())
    return None


def _resolved(mention: Mention, resolved: tuple[date, date, str], anchor: str) -> DateMention:
    first, last, precision = resolved
    return DateMention(mention, first, last, precision, anchor)


def resolve(text: str, base: datetime) -> tuple[date, date, str] | None:
    """The first and last day ``text`` can mean, read on ``base``, and its precision."""
    phrase = " ".join(text.split())
    since = _SINCE.match(phrase)
    if since:
        start = resolve(since.group(1), base)
        return (start[0], base.date(), "range") if start else None
    year_end = _YEAR_END.match(phrase)
    if year_end:
        last = date(base.year, 12, 31)
        first = base.date() if year_end.group(1) else date(base.year, 12, 1)
        return (min(first, last), last, "range")
    if _EARLIER_THIS_YEAR.match(phrase):
        return (date(base.year, 1, 1), base.date(), "range")
    decade = _DECADE.match(phrase)
    if decade:
        start_year = int(decade.group(1)) * 10
        return (date(start_year, 1, 1), date(start_year + 9, 12, 31), "range")
    data = _parser(base, "past").get_date_data(phrase)
    if data.date_obj is None:
        return None
    if not _DIRECTED.search(phrase):
        # "Tuesday" or "Nov. 11" without a year: the nearest such day, before or after the
        # day of writing, when it is within a month ahead (a story tells of the days around
        # it); further ahead, the past one ("the summit in February" written in November).
        ahead = _parser(base, "future").get_date_data(phrase)
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
def _parser(base: datetime, prefer: str) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first"},
    )
