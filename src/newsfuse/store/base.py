"""What the rest of newsfuse needs from a store of articles and events, apart from how it
is kept: a ``Store`` protocol and the plain records that cross it.

A stream is fed over several runs (``newsfuse add``) and digested later, so a store keeps
the articles with their events plus whatever the clusterer needs to take up the stream
where the last run stopped. The clusterer's data is opaque here (``placement``, named
state blobs): the store keeps text and never parses it, so the clusterer can change its
format without a schema change.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol, Self

from newsfuse.errors import InputError
from newsfuse.model import Article, Copy, FeedState, Removal, SeenItem


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One stored article in brief: enough to know the events and recognise repeated
    articles without reading the texts."""

    id: str
    event_id: str
    fingerprint: str
    source: str | None
    published: datetime | None
    title: str | None = None
    url: str | None = None
    language: str | None = None
    sequence: int = 0
    """The article's place in the order of addition (never reused)."""
    names: tuple[str, ...] = ()
    """The people, organisations and places the article names, as written."""
    copy_of: str | None = None
    """The article this one copies, if it is no independent report."""
    storyline_id: str = ""
    """The storyline of the article's event."""


class Revision(NamedTuple):
    """What the store holds, in brief: it changes whenever an article is added or removed."""

    articles: int
    last: int
    """The highest ``IndexEntry.sequence`` (0 when empty)."""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """A stored article with the event it was placed in."""

    article: Article
    event_id: str
    copy: Copy | None
    similarity: float | None
    """Similarity to the event when the article joined it (unknown for some old rows)."""
    placement: str | None
    """What the clusterer wrote when it placed the article; only the clusterer reads it."""
    removed: tuple[Removal, ...] | None = None
    """What cleaning took out of the article as it arrived (None: not recorded)."""
    names: tuple[str, ...] = ()
    storyline_id: str = ""
    """The storyline of the article's event."""


@dataclass(frozen=True, slots=True)
class NewRow:
    """An article to store, as the clusterer placed it."""

    article: Article
    event_id: str
    copy: Copy | None
    similarity: float
    fingerprint: str
    placement: str
    removed: tuple[Removal, ...] = ()
    names: tuple[str, ...] = ()
    storyline_id: str = ""


class Store(Protocol):
    """Articles and their events, kept between runs.

    Changes happen only inside ``writing()``: one transaction that holds the write lock
    from its start, so a run reads the stored state and writes its articles without
    another run slipping in between, and an interrupted run changes nothing. Reads work
    inside or outside it. Every database problem is raised as a ``StoreError``.
    """

    url: str
    """The database, as a path or a URL without password (for messages)."""
    upgraded_from: str | None
    """The schema the database had when it was opened, if opening upgraded it."""

    def writing(self) -> AbstractContextManager[None]:
        """One all-or-nothing transaction holding the write lock from its start."""
        ...

    def check_settings(self, identity: dict[str, str]) -> None:
        """Record the settings the events are formed with on first use; raise
        ``StoreSettingsError`` if they differ from the recorded ones. Call inside
        ``writing``."""
        ...

    def recorded_settings(self) -> dict[str, str]:
        """The settings recorded by ``check_settings``: those the stored events were formed with."""
        ...

    def index(self, after: int = 0) -> list[IndexEntry]:
        """Every stored article in brief (those whose sequence is above ``after``), in the
        order they were added."""
        ...

    def revision(self) -> Revision: ...

    def stored(self, events: Collection[str] | None = None) -> list[StoredArticle]:
        """The stored articles (of ``events`` only, if given), in the order they were added."""
        ...

    def article(self, article_id: str) -> StoredArticle | None:
        """One stored article by its id, or None."""
        ...

    def added(self, sequences: range) -> list[Article | InputError]:
        """The articles whose ``IndexEntry.sequence`` is in ``sequences``, in that order: a
        part of a large store, read on its own. A row with values this newsfuse did not
        write is an ``InputError`` naming it, and the others are still read."""
        ...

    def add(self, rows: Sequence[NewRow]) -> None:
        """Store new articles; their ids must be new. Call inside ``writing``."""
        ...

    def remove(self, article_ids: Collection[str]) -> None:
        """Delete stored articles (to add a new version of each); their copies lose the
        mark. Call inside ``writing``."""
        ...

    def feeds(self) -> dict[str, FeedState]:
        """Every watched feed's state, by URL."""
        ...

    def save_feeds(self, states: Sequence[FeedState]) -> None:
        """Keep each feed's state, replacing what was there. Call inside ``writing``."""
        ...

    def forget_feed(self, url: str) -> bool:
        """Stop following a feed (its articles stay); False if it was not followed."""
        ...

    def seen_items(self, urls: Collection[str]) -> dict[str, SeenItem]:
        """The feed items already taken in among ``urls``, by URL."""
        ...

    def seen_texts(self, keys: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which ``(site, text key)`` pairs a feed item already taken in has."""
        ...

    def unfetched_items(self, max_attempts: int) -> list[SeenItem]:
        """Feed items whose page is still due, tried fewer than ``max_attempts`` times."""
        ...

    def save_items(self, items: Sequence[SeenItem]) -> None:
        """Keep each feed item, replacing what was there under its URL. Call inside ``writing``."""
        ...

    def load_state(self, name: str) -> str | None:
        """The blob last saved under ``name``, or None."""
        ...

    def save_state(self, name: str, data: str) -> None:
        """Keep ``data`` under ``name``, replacing what was there. Call inside ``writing``."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
