"""Web pages: the main text and metadata, extracted with trafilatura."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

from newsfuse.errors import NoArticleError
from newsfuse.ingest.dates import parse_published
from newsfuse.model import Article

_MIN_ARTICLE_WORDS = 8
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PUBLISHED_META = re.compile(
    r"<meta[^>]+(?:property|name|itemprop)\s*=\s*[\"'](?:article:published_time|datePublished|"
    r"pubdate|publish[-_]date|og:published_time)[\"'][^>]*>",
    re.I,
)
_CONTENT = re.compile(r"content\s*=\s*[\"']([^\"']+)[\"']", re.I)
_HTML_LANG = re.compile(r"<html[^>]*\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_TITLE_ELEMENT = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—:·»]+\s+")
_MAX_OUTLET_WORDS = 6


def parse_html(html: str, *, article_id: str, origin: str) -> list[Article]:
    """The article of a web page (a registered reader)."""
    return [extract_page(html, article_id=article_id, origin=origin)]


def extract_page(html: str, *, article_id: str, origin: str, url: str | None = None) -> Article:
    """Extract the article body, title, date, outlet, URL and language from a web page."""
    import trafilatura  # heavy: loaded only when a page is read

    html = _without_controls(html)
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,  # a table is often the story (results, standings, figures)
        include_images=False,
        deduplicate=False,
    )
    text = (getattr(document, "text", None) or "").strip()
    if len(text.split()) < _MIN_ARTICLE_WORDS:
        found = f" (only {text!r})" if text else ""
        raise NoArticleError(origin, f"no article text found in this HTML page{found}")
    language = getattr(document, "language", None)
    if not language:
        declared = _HTML_LANG.search(html[:4096])
        language = declared.group(1).lower() if declared else None
    return Article(
        id=article_id,
        text=text,
        title=getattr(document, "title", None) or None,
        source=_outlet(html, getattr(document, "title", None), getattr(document, "sitename", None))
        or getattr(document, "hostname", None),
        url=getattr(document, "url", None) or url,
        published=_published(html, getattr(document, "date", None)),
        language=language,
        origin=origin,
    )


def _outlet(html: str, title: str | None, sitename: str | None) -> str | None:
    """The site's name. The extractor sometimes takes the headline for it; then the page's
    ``<title>`` ("Headline - Outlet", "Outlet | Headline") names the outlet beside it."""
    if sitename and sitename.strip() != (title or "").strip():
        return sitename
    element = _TITLE_ELEMENT.search(html)
    if element is None or not title:
        return None
    parts = [unescape(p).strip() for p in _TITLE_SEPARATOR.split(element.group(1).strip())]
    others = [p for p in parts if p and p != title.strip()]
    if len(others) == 1 and len(parts) == 2 and len(others[0].split()) <= _MAX_OUTLET_WORDS:
        return others[0]
    return None


def _without_controls(html: str) -> str:
    """Control characters, written out or as references (``&#27;``), are not text and make
    the XML tree the extractor builds invalid, losing the whole page: they become spaces."""

    def replace(match: re.Match[str]) -> str:
        hexadecimal, decimal = match.groups()
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        return " " if (code < 32 and code not in (9, 10, 13)) or 127 <= code < 160 else match.group(0)

    return _CONTROL.sub(" ", _CHARACTER_REFERENCE.sub(replace, html))


def _published(html: str, extracted_date: str | None) -> datetime | None:
    """trafilatura finds the publication day; the time comes from the page's own
    publication meta tag, else from htmldate (which also reads JSON-LD and the page's text).

    Against the publication time 133 pages of the article-extraction benchmark declare,
    this order gets 109 right to the minute (126 to the day); the meta tag alone 80 (125),
    htmldate alone 78 (120): htmldate puts the day of a URL or a page's text above the
    meta tag the publisher wrote."""
    day = parse_published(extracted_date)
    tag = _PUBLISHED_META.search(html)
    content = _CONTENT.search(tag.group(0)) if tag else None
    precise = parse_published(content.group(1)) if content else _found_by_htmldate(html)
    if precise is not None and (day is None or abs((precise - day).days) <= 1):
        return precise
    return day


def _found_by_htmldate(html: str) -> datetime | None:
    from htmldate import find_date

    try:
        found = find_date(
            html, extensive_search=False, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z"
        )
    except ValueError:  # a page htmldate cannot parse: no time beyond the day
        return None
    return parse_published(found)
