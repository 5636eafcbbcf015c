"""Publication dates as given by feeds, JSON records and page metadata."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

# LDC news-wire document ids (DUC, TDT, Gigaword) carry the day the agency filed the story:
# APW19981016.0240 is Associated Press Worldstream, 16 October 1998, story 240.
_NEWSWIRE_ID = re.compile(r"^[A-Z]{2,3}_?(?:ENG_)?(\d{4})(\d{2})(\d{2})\.\d{4}$")

_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
)


def parse_published(value: object) -> datetime | None:
    """A timezone-aware datetime from a date value, or None when it is absent or unreadable.

    Accepts datetimes, dates, Unix timestamps, ISO 8601 (with ``Z``), RFC 2822 (feeds) and a
    few common written forms. Times without a zone are taken as UTC.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        try:
            return _aware(value)
        except OverflowError:
            return None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return _aware(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except (ValueError, OverflowError):  # overflow: year 1 or 9999 moved to UTC
        pass
    try:
        return _aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def newswire_date(document_id: str) -> datetime | None:
    """The filing day a news-wire document id gives (``APW19981016.0240``), or None."""
    found = _NEWSWIRE_ID.match(document_id.strip())
    if found is None:
        return None
    year, month, day = (int(part) for part in found.groups())
    if not 1900 <= year <= 2100:  # news wires began in the 19th century's end; no id is older
        return None
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None
