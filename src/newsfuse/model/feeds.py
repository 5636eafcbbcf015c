"""What a watcher remembers between polls: each feed's state and each item it has seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FeedState:
    """One watched feed: how to ask it only for what changed, and how its polls went."""

    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    """The feed's ``ETag`` and ``Last-Modified``, sent back so an unchanged feed answers 304."""
    checked: datetime | None = None
    """The last poll that reached the feed."""
    failures: int = 0
    """Polls that failed in a row (0 once one succeeds)."""
    error: str | None = None
    """Why the last poll failed, while it keeps failing."""
    retry_at: datetime | None = None
    """A failing feed is not polled before this (the wait doubles with each failure)."""


@dataclass(frozen=True, slots=True)
class SeenItem:
    """A feed item already taken in: its page's URL (normalised) and the text the feed gave."""

    url: str
    feed_url: str
    site: str
    """The item's host: the same text under another URL of the same site is the same item."""
    text_key: str
    """A fingerprint of the item's title and summary, to tell when the feed changed it."""
    title: str | None
    published: datetime | None
    """The item's title and time as the feed gave them, for a page fetched later."""
    article_id: str | None
    """The stored article made from it (None when neither page nor feed gave any text)."""
    page_fetched: bool
    """Whether the stored article holds the page (else only the feed's words)."""
    page_due: bool
    """Whether the page is still to be fetched: never had, or changed since; tried again at
    later polls, ``attempts`` times in all."""
    attempts: int
    """Fetches of the page tried so far."""
    seen: datetime
