"""Calendar words news writes without a date: a weekday, the weekend, a month, a holiday,
"tonight", read against the day of writing, pointing back for what happened and ahead for
what is planned ("last" and "next" say so themselves)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = re.compile(rf"^(?:(last|this|next|coming|past)\s+)?({'|'.join(WEEKDAYS)})$", re.I)
_WEEKEND = re.compile(r"^(?:(the|this|last|next|coming|past)\s+)?weekend$", re.I)
MONTH_NAMES = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = re.compile(rf"^(?:(last|this|next|coming)\s+)?({MONTH_NAMES})\.?$", re.I)
_NIGHT = re.compile(r"^(?:(tonight|this (?:morning|afternoon|evening))|(last night))$", re.I)
HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
}
_HOLIDAY = re.compile(rf"^(?:(last|this|next)\s+)?({'|'.join(map(re.escape, HOLIDAYS))})$", re.I)


def calendar_word(phrase: str, day: date, future: bool | None) -> tuple[date, date, str] | None:
    """The days ``phrase`` names, read on ``day`` (first, last, precision), or None when it
    is no calendar word. ``future``: the sentence tells what is planned (True), what
    happened (False), or the day of writing is only borrowed (None: the nearest such day).
    A holiday is the nearest one; "tonight" the day itself."""
    night, holiday = _NIGHT.match(phrase), _HOLIDAY.match(phrase.replace("’", "'"))
    if night:  # "tonight", "this morning": the day of writing; "last night": the day before
        found = day - timedelta(days=1) if night.group(2) else day
        return (found, found, "day")
    if holiday:
        month_day = HOLIDAYS[holiday.group(2).lower()]
        way = (holiday.group(1) or "").lower()
        years = {"last": [day.year - 1], "next": [day.year + 1]}.get(
            way, [day.year - 1, day.year, day.year + 1]
        )
        found = min((date(y, *month_day) for y in years), key=lambda d: abs(d - day))
        return (found, found, "day")
    weekday, weekend, month = WEEKDAY.match(phrase), _WEEKEND.match(phrase), _MONTH.match(phrase)
    if weekday:
        way = (weekday.group(1) or "").lower()
        wanted = WEEKDAYS.index(weekday.group(2).lower())
        back, ahead = (day.weekday() - wanted) % 7, (wanted - day.weekday()) % 7
        if way in {"", "this"} and future is None:
            found = day + timedelta(days=ahead) if ahead < back else day - timedelta(days=back)
        elif way in {"next", "coming"} or (way in {"", "this"} and future):
            found = day + timedelta(days=ahead or (7 if way == "next" else 0))
        else:
            found = day - timedelta(days=back or (7 if way in {"last", "past"} else 0))
        return (found, found, "day")
    if weekend:
        way = (weekend.group(1) or "").lower()
        if way in {"next", "coming"}:  # the weekend to come, even said on a weekend
            saturday = day + timedelta(days=(5 - day.weekday()) % 7 or 7)
        elif way != "last" and future:
            saturday = (
                day + timedelta(days=(5 - day.weekday()) % 7) if day.weekday() != 6 else day - timedelta(1)
            )
        else:
            saturday = day - timedelta(days=(day.weekday() - 5) % 7)
            if way in {"last", "past"} and day.weekday() >= 5:
                saturday -= timedelta(days=7)
        return (saturday, saturday + timedelta(days=1), "range")
    if month:
        way = (month.group(1) or "").lower()
        number = _month_number(month.group(2))
        year = day.year
        if way in {"next", "coming"} or (way == "" and future):
            year += number < day.month or (way != "" and number == day.month)
        elif way == "last" or way == "":
            year -= number > day.month or (way == "last" and number == day.month)
        length = calendar.monthrange(year, number)[1]
        return (date(year, number, 1), date(year, number, length), "month")
    return None


def _month_number(name: str) -> int:
    return next(
        n for n, full in enumerate(calendar.month_name) if n and full.lower().startswith(name.lower()[:3])
    )
