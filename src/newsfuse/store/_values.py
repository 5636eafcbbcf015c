"""How values that SQL has no portable type for are kept: moments as ISO 8601 text with
their UTC offset, which every database stores and sorts the same way and which reads back
as the same instant with the same offset."""

from __future__ import annotations

from datetime import datetime


class MalformedValueError(ValueError):
    """A stored value this newsfuse did not write (an edited or damaged database); the
    store reports it as a ``StoreError`` naming the database."""


def moment_to_text(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def moment_from_text(text: object, what: str) -> datetime | None:
    """The moment ``moment_to_text`` wrote; ``what`` names the value for the message."""
    if text is None or text == "":
        return None
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() is None:
        raise MalformedValueError(f"{what} is {text!r}, not a date and time with a time zone")
    return moment
