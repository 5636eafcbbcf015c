"""JSON and JSON Lines: one article per object, under the field names that tools commonly use.

A JSON file holds one article object, a list of them, or an object with an ``articles``
list. Each JSONL line holds one article object. An object with a ``documents`` list (the
benchmark cluster format) yields one article per document. An object whose ``html`` field
holds a page is extracted like an HTML file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from newsfuse.errors import EmptyArticleError, InputError, MalformedRecordError
from newsfuse.ingest.dates import parse_published
from newsfuse.model import Article

TEXT_FIELDS = ("text", "body", "content", "article", "maintext", "story")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link")
SOURCE_FIELDS = ("source", "outlet", "publisher", "site", "sitename", "site_name", "domain")
DATE_FIELDS = ("published", "date", "published_at", "datePublished", "date_publish", "pubDate")
LANGUAGE_FIELDS = ("language", "lang")

ArticleOrError = Article | InputError
MAX_BAD_LINES_SHOWN = 20
"""Malformed lines of one file reported one by one; the rest are counted."""


def parse_json(text: str, *, article_id: str, origin: str) -> Iterator[ArticleOrError]:
    default_id = article_id
    try:
        data = _loads(text)
    except _JSONError as error:
        yield MalformedRecordError(origin, error.message, line=error.line)
        return
    if isinstance(data, Mapping) and isinstance(data.get("articles"), list):
        data = data["articles"]
    found = False
    if isinstance(data, list):
        for position, item in enumerate(data, start=1):
            found = True
            yield from _records(item, f"{default_id}:{position}", origin, line=None, label=f"item {position}")
    else:
        found = True
        yield from _records(data, default_id, origin, line=None)
    if not found:
        yield EmptyArticleError(origin, "the JSON holds no articles")


def parse_jsonl(text: str, *, article_id: str, origin: str, first_line: int = 1) -> Iterator[ArticleOrError]:
    """``first_line``: the number of the text's first line in its file (a part of a large
    file is read on its own, see ``ingest.ranges``)."""
    default_id = article_id
    # Only "\n" ends a JSON line: U+2028 and friends may occur inside JSON strings.
    found = False
    bad = 0
    for number, line in enumerate(text.split("\n"), start=first_line):
        if not line.strip():
            continue
        found = True
        try:
            item = _loads(line)
        except _JSONError as error:
            bad += 1
            if bad <= MAX_BAD_LINES_SHOWN:  # a broken file of a million lines is one report, not a million
                yield MalformedRecordError(origin, error.message, line=number)
            continue
        yield from _records(item, f"{default_id}:{number}", origin, line=number)
    if bad > MAX_BAD_LINES_SHOWN:
        yield MalformedRecordError(origin, f"and {bad - MAX_BAD_LINES_SHOWN:,} more lines that are not JSON")
    if not found:
        yield EmptyArticleError(origin, "the JSONL file holds no lines")


class _JSONError(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        self.message = message
        self.line = line


def _loads(text: str) -> Any:
    try:
        data = json.loads(text)
        # Only an escape can put half a character in a JSON string: look for one first.
        return _whole_everywhere(data) if "\\ud" in text.lower() else data
    except json.JSONDecodeError as error:
        raise _JSONError(f"invalid JSON: {error.msg}", error.lineno) from None
    except RecursionError:
        raise _JSONError("invalid JSON: nested too deeply", None) from None
    except ValueError as error:  # a number of more digits than Python converts (4,300)
        raise _JSONError(f"invalid JSON: {error}", None) from None


def _records(
    item: Any, default_id: str, origin: str, *, line: int | None, label: str | None = None
) -> Iterator[ArticleOrError]:
    where = f"{origin}:{line}" if line is not None else origin
    prefix = f"{label}: " if label else ""
    if not isinstance(item, Mapping):
        found = type(item).__name__
        yield MalformedRecordError(origin, f"{prefix}expected a JSON object, found {found}", line=line)
        return
    documents = item.get("documents")
    if isinstance(documents, list) and _text(item) is None:
        yield from _cluster_documents(item, documents, default_id, origin, line=line)
        return
    try:
        yield article_from_record(item, default_id=default_id, origin=where)
    except InputError as error:
        yield type(error)(origin, prefix + error.message, line=line)


def article_from_record(record: Mapping[str, Any], *, default_id: str, origin: str) -> Article:
    """Build an article from a mapping with any of the usual field names."""
    record_id = record.get("id", record.get("doc_id"))
    article_id = str(record_id) if record_id not in (None, "") else default_id
    text = _text(record)
    html = record.get("html")
    if text is None and isinstance(html, str) and html.strip():
        from newsfuse.ingest.html import extract_page

        page = extract_page(html, article_id=article_id, origin=origin, url=_first(record, URL_FIELDS))
        return _with_record_metadata(page, record)
    if text is None:
        present = [name for name in TEXT_FIELDS if name in record]
        if present:
            kind = type(record[present[0]]).__name__
            raise MalformedRecordError(origin, f"field {present[0]!r} must be a string, not {kind}")
        if not _first(record, TITLE_FIELDS):
            names = ", ".join((*TEXT_FIELDS, *TITLE_FIELDS))
            raise MalformedRecordError(origin, f"no article text: expected one of the fields {names}")
        text = ""  # a headline with no body, as headline feeds give: the title is the text
    return _with_record_metadata(Article(id=article_id, text=text, origin=origin), record)


def _with_record_metadata(article: Article, record: Mapping[str, Any]) -> Article:
    from dataclasses import replace

    return replace(
        article,
        title=_first(record, TITLE_FIELDS) or article.title,
        url=_first(record, URL_FIELDS) or article.url,
        source=_first(record, SOURCE_FIELDS) or article.source,
        published=parse_published(_first_value(record, DATE_FIELDS)) or article.published,
        language=_first(record, LANGUAGE_FIELDS) or article.language,
    )


def _cluster_documents(
    item: Mapping[str, Any], documents: list[Any], default_id: str, origin: str, *, line: int | None
) -> Iterator[ArticleOrError]:
    if not documents:
        yield EmptyArticleError(origin, "the cluster holds no documents", line=line)
        return
    cluster_id = str(item.get("id") or default_id)
    doc_ids = item.get("doc_ids")
    where = f"{origin}:{line}" if line is not None else origin
    for position, document in enumerate(documents):
        if isinstance(doc_ids, list) and position < len(doc_ids):
            document_id = str(doc_ids[position])
        else:
            document_id = f"{cluster_id}-{position + 1}"
        if isinstance(document, str):
            yield Article(id=document_id, text=document, origin=where)
        elif isinstance(document, Mapping):
            try:
                yield article_from_record(document, default_id=document_id, origin=where)
            except InputError as error:
                yield type(error)(origin, f"document {position + 1}: {error.message}", line=line)
        else:
            yield MalformedRecordError(
                origin, f"document {position + 1} is neither text nor an object", line=line
            )


def _text(record: Mapping[str, Any]) -> str | None:
    """The article text; an empty string counts (cleaning reports the article as empty)."""
    found = None
    for name in TEXT_FIELDS:
        value = record.get(name)
        if isinstance(value, str):
            if value.strip():
                return value
            found = value
    return found


def _first(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    value = _first_value(record, names)
    return value if isinstance(value, str) else None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_everywhere(value: Any) -> Any:
    if isinstance(value, str):
        return _whole_characters(value)
    if isinstance(value, list):
        return [_whole_everywhere(item) for item in value]
    if isinstance(value, dict):
        return {_whole_characters(key): _whole_everywhere(item) for key, item in value.items()}
    return value


def _whole_characters(value: str) -> str:
    """JSON may escape half a character (``\\ud800``), which no text encoding can write:
    it becomes U+FFFD, the replacement character, as a decoder would make it."""
    return _LONE_SURROGATE.sub("\ufffd", value)


def _first_value(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return value
    return None
