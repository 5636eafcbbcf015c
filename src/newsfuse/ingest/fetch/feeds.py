"""Feeds and feed lists: the items of an RSS (0.9x, 1.0, 2.0) or Atom feed, the feeds of an
OPML subscription list, and the one form of an item's URL that tells a new item from one
already seen.

Feeds are parsed by feedparser from bytes newsfuse fetched itself (``client.Fetcher``), so
feedparser never opens a URL. OPML is read with defusedxml: a feed list from elsewhere may
carry entity bombs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMETERS = frozenset(
    "fbclid gclid dclid msclkid mc_cid mc_eid igshid yclid _ga _gl ref_src cmpid ito".split()
)
"""Query parameters that say who sent a reader, never which page (``utm_*`` too)."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: where its story is, and what the feed itself says of it."""

    url: str
    """The item's link, normalised (``normalise_url``)."""
    title: str | None
    summary: str | None
    published: datetime | None
    guid: str | None


def normalise_url(url: str) -> str:
    """One form for one page: scheme and host in lower case, no default port, no fragment,
    no tracking parameters (``utm_*``, ``fbclid``, ...), an empty path as "/". The other
    query parameters keep their order, since some sites route by them."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(scheme)
    try:
        port = parts.port
    except ValueError:  # "http://host:99999/"
        port = None
    netloc = host if port in (None, default) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith("utm_") and name.lower() not in TRACKING_PARAMETERS
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed document read: its title and items, or why it is no feed."""

    title: str | None
    items: tuple[FeedItem, ...]
    problem: str | None = None


def read_feed(body: bytes, base_url: str, content_type: str = "application/xml") -> ParsedFeed:
    """The title and items of a feed document (RSS or Atom), links made absolute against
    ``base_url``; ``content_type`` is the one it was served with (its charset is the
    document's, unless the document says otherwise); ``problem`` says why the document
    is not a feed."""
    import feedparser

    headers = {"content-location": base_url, "content-type": content_type}
    parsed = feedparser.parse(body, response_headers=headers)
    if parsed.get("bozo") and not parsed.get("entries"):
        error = parsed.get("bozo_exception")
        return ParsedFeed(None, (), f"not a feed ({type(error).__name__ if error else 'unreadable'})")
    if not parsed.get("version") and not parsed.get("entries"):
        return ParsedFeed(None, (), "not an RSS or Atom feed")
    items = []
    for entry in parsed.get("entries", []):
        link = entry.get("link") or _alternate(entry.get("links", []))
        if not link or urlsplit(link).scheme not in ("http", "https"):
            continue  # an item without a web page to read
        items.append(
            FeedItem(
                url=normalise_url(link),
                title=_plain(entry.get("title")),
                summary=_plain(entry.get("summary")),
                published=_time(entry.get("published_parsed") or entry.get("updated_parsed")),
                guid=_text(entry.get("id")),
            )
        )
    return ParsedFeed(_plain(parsed.get("feed", {}).get("title")), tuple(items))


def opml_feeds(body: bytes) -> list[str]:
    """The feed URLs an OPML subscription list holds (``xmlUrl`` of its outlines), in order,
    each once; raises ``ValueError`` when the document is no OPML."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(body)
    except (ParseError, DefusedXmlException) as error:
        raise ValueError(f"not an OPML document ({error})") from error
    if root.tag.lower() != "opml":
        raise ValueError(f"not an OPML document (its root is <{root.tag}>)")
    urls = (outline.get("xmlUrl") or outline.get("xmlurl") for outline in root.iter("outline"))
    return list(dict.fromkeys(u.strip() for u in urls if u and u.strip()))


def _alternate(links: Iterable[dict[str, str]]) -> str | None:
    return next((link.get("href") for link in links if link.get("rel", "alternate") == "alternate"), None)


def _text(value: object) -> str | None:
    return str(value).strip() or None if value else None


def _plain(value: object) -> str | None:
    """A feed's text without its markup (feedparser keeps a summary's HTML, sanitised)."""
    text = _text(value)
    if text is None or "<" not in text:
        return text
    import lxml.html
    from lxml.etree import ParserError

    try:
        text = lxml.html.fragment_fromstring(text, create_parent="div").text_content()
    except (ParserError, ValueError):
        return text
    return " ".join(text.split()) or None


def _time(value: object) -> datetime | None:
    """A feed's parsed time (UTC), or None when absent or impossible."""
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)  # type: ignore[index, misc]
    except (TypeError, ValueError):
        return None
