"""Articles, sentences as views into articles, and what cleaning removed from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Article:
    """One news report. ``text`` is the story body; after cleaning it holds no boilerplate."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    """The outlet that published the report (a name, or the web site)."""
    url: str | None = None
    published: datetime | None = None
    """Publication time, always timezone-aware (UTC when the input gave no zone)."""
    language: str | None = None
    origin: str | None = None
    """Where the article was read from: a file path (with ``:line`` for JSONL), ``-`` or a URL."""
    fetched: datetime | None = None
    """When its page was fetched from the web (None for files and standard input)."""
    feed_text_only: bool = False
    """The text is only what a feed said of the story (its title and summary): the page
    itself could not be fetched."""

    @property
    def known_outlet(self) -> str | None:
        """The outlet the input names, else the web site of its URL; None when neither."""
        if self.source and self.source.strip():
            return self.source.strip()
        if self.url:
            from urllib.parse import urlsplit

            try:
                host = urlsplit(self.url).hostname
            except ValueError:  # not a URL after all ("http://[oops")
                host = None
            if host:
                return host.removeprefix("www.")
        return None

    @property
    def outlet(self) -> str:
        """A name to show for the source: the known outlet, else the id."""
        return self.known_outlet or self.id


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a view into its article: ``article.text[start:end] == text``."""

    article_id: str
    start: int
    end: int
    text: str
    index: int
    """Position of the sentence within its article (0 for the first)."""


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the input that cleaning removed, with the rule that removed it and why."""

    rule: str
    reason: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class CleanedArticle:
    """The result of cleaning one article: the clean article and what was removed from it.

    Removal spans index into ``original.text``; sentence spans index into ``article.text``.
    """

    article: Article
    original: Article
    removals: tuple[Removal, ...] = ()
