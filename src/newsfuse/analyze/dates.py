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
        for span in doc.ents:
            if span.label_ != "DATE":
                continue
            start = span.start_char
            since = _SINCE_BEFORE.search(article.text, max(0, start - 12), start)
            if since is not None:
                start = since.start()  # "since 2017" is a range from 2017, not the year
            mention = Mention(article.id, start, span.end_char, article.text[start : span.end_char])
            if article.published is not None:
                base, anchor = article.published.replace(tzinfo=None), "published"
            elif borrowed is not None and (published or not _RELATIVE.search(mention.text)):
                # A report date of the same event anchors even "on Tuesday"; a year alone
                # anchors only what needs no more than the year.
                base, anchor = borrowed, "inferred"
            else:
                found.append(DateMention(mention, None, None, None, "none"))
                continue
            resolved = resolve(mention.text, base)
            if resolved is None:
                found.append(DateMention(mention, None, None, None, "none"))
            else:
                first, last, precision = resolved
                written = anchor == "inferred" and _YEAR.search(mention.text)  # "June 2018" needs no anchor
                found.append(DateMention(mention, first, last, precision, "written" if written else anchor))
    return tuple(found)


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
    data = _parser(base).get_date_data(phrase)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
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
def _parser(base: datetime) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"},
    )
