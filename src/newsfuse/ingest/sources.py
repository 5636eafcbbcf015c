"""Paths to articles: files of every supported kind, folders (recursively), standard input
and URLs (fetched safely: ``ingest.fetch``)."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from newsfuse.errors import (
    EmptyArticleError,
    ErrorPolicy,
    InputError,
    SourceNotFoundError,
    UnreadableSourceError,
    UnsupportedFormatError,
    UsageError,
)
from newsfuse.ingest.decode import decode_bytes, maybe_gunzip
from newsfuse.model import Article, Problem
from newsfuse.model.problems import ProblemLog
from newsfuse.registry import reader_suffixes, readers

if TYPE_CHECKING:
    from newsfuse.ingest.fetch import Fetched, Fetcher

ArticleOrError = Article | InputError

STDIN = "-"
MAX_INPUT_BYTES = 64 << 20
"""Refuse inputs (after decompression) larger than this: no news article comes close."""
_MARKDOWN_HEADING = re.compile(r"#{1,6} \S")
# A folder's own documentation is not an article (named explicitly, it is read).
_DOCUMENTATION = re.compile(r"(?i)^(readme|license|licence|changelog|contributing)(\.[a-z]+)*$")


class PageFetcher(Protocol):
    """What fetches a page: a ``Fetcher``, or a ``PoliteFetcher`` around one."""

    def fetch(self, url: str) -> Fetched: ...


@dataclass(frozen=True, slots=True)
class Ingested:
    """The articles read from a set of inputs, and the inputs that had to be skipped."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...] = ()


def read_articles(
    paths: Iterable[str | Path] | str | Path,
    *,
    policy: ErrorPolicy = ErrorPolicy.SKIP,
    stdin: BinaryIO | None = None,
    fetcher: Fetcher | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Ingested:
    """Read every article found under ``paths`` (files, folders, ``-`` for standard input,
    or http(s) URLs, fetched by ``fetcher``: default settings when None; ``progress`` is
    told ``("pages", done, total)`` as they are fetched).

    Folders are walked recursively for files with a known suffix (``.txt``, ``.md``,
    ``.html``, ``.json``, ``.jsonl``, each optionally ``.gz``); hidden files are ignored. A
    file named explicitly is read whatever its suffix, its format sniffed from its content;
    in folders, README, LICENSE, CHANGELOG and CONTRIBUTING files are documentation, not articles.
    Article ids come from the input's own ``id`` field, else from the file name; clashes get
    a ``~2``, ``~3`` suffix.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if not isinstance(paths, Iterable):
        raise UsageError("read_articles takes a path or a list of paths (str or pathlib.Path)")
    paths = list(paths)
    if not all(isinstance(path, str | Path) for path in paths):
        raise UsageError("read_articles takes a path or a list of paths (str or pathlib.Path)")
    problems = ProblemLog(policy)
    articles: list[Article] = []
    stdin_read = False
    urls = sum(1 for path in paths if is_url(str(path)))
    fetched = 0
    for path in paths:
        if str(path) == STDIN:
            if stdin_read:
                problems.report(UnsupportedFormatError(STDIN, "standard input given more than once"))
                continue
            stdin_read = True
        if is_url(str(path)):
            if fetcher is None:
                from newsfuse.ingest.fetch import Fetcher

                fetcher = Fetcher()
            items = read_url(str(path), fetcher)
            fetched += 1
            if progress:
                progress("pages", fetched, urls)
        else:
            items = list(_read_path(str(path), stdin))
        for item in items:
            if isinstance(item, InputError):
                problems.report(item)
            else:
                articles.append(item)
    return Ingested(tuple(with_unique_ids(articles)), tuple(problems.found))


def is_url(path: str) -> bool:
    """Whether an input names a web page rather than a file."""
    return path.lower().startswith(("http://", "https://"))


def read_url(url: str, fetcher: PageFetcher) -> list[ArticleOrError]:
    """The article of the page at ``url``, fetched safely, with the time it was fetched;
    it keeps the URL the page names as its own, else the one it was fetched from."""
    from newsfuse.errors import FetchError

    try:
        fetched = fetcher.fetch(url)
    except FetchError as error:
        return [error]
    fmt = "text" if fetched.content_type == "text/plain" else "html"
    items = read_source(fetched.body, origin=url, article_id=url_id(fetched.final_url), fmt=fmt)
    return [
        item
        if isinstance(item, InputError)
        else replace(item, url=item.url or fetched.final_url, fetched=fetched.fetched_at)
        for item in items
    ]


def url_id(url: str) -> str:
    """An article id from a URL: its host, path and query ("news.example/2026/fire",
    "news.example/story?id=7": some sites tell their pages apart by the query alone)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return (parts.hostname or "page") + (parts.path.rstrip("/") or "") + query


def read_source(data: bytes, *, origin: str, article_id: str, fmt: str | None = None) -> list[ArticleOrError]:
    """Parse one input's bytes; ``fmt`` names a registered reader (``registry.readers``),
    or None to sniff it."""
    try:
        data = maybe_gunzip(data, origin, limit=MAX_INPUT_BYTES)
        if not data.strip():
            raise EmptyArticleError(origin, "empty input")
        text = decode_bytes(data, origin)
        if not text.strip():
            raise EmptyArticleError(origin, "empty input")
        reader = readers.get(fmt or sniff_format(text))
        return list(reader(text, article_id=article_id, origin=origin))
    except InputError as error:
        return [error]


def sniff_format(text: str) -> str:
    """Guess the format of an input that has no telling file name."""
    head = text.lstrip()[:2048].lower()
    if head.startswith("<") and any(tag in head for tag in ("<html", "<body", "<p", "<div", "<!doctype")):
        return "html"
    if _MARKDOWN_HEADING.match(text.lstrip()):
        return "markdown"
    if head.startswith(("{", "[")):
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and all(line.lstrip().startswith("{") for line in lines):
            return "jsonl"
        return "json"
    return "text"


def _read_path(path: str, stdin: BinaryIO | None) -> Iterator[ArticleOrError]:
    if path == STDIN:
        if stdin is None and sys.stdin is None:
            yield UnreadableSourceError(STDIN, "standard input is closed")
            return
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            data = read_capped(stream, STDIN)
        except InputError as error:
            yield error
            return
        yield from read_source(data, origin=STDIN, article_id="stdin")
        return
    for item in input_files(path):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_file(*item)


def input_files(path: str) -> Iterator[tuple[Path, str] | InputError]:
    """The files a path names (itself, or the article files of a folder, in order), each
    with the id its article takes when it holds one; an error for what cannot be read."""
    if not path.strip():
        yield SourceNotFoundError(repr(path), "an empty path (an unset variable?) names no input")
        return
    location = Path(path)
    problem = _unusable(location)
    if problem is not None:
        yield problem
    elif location.is_dir():
        found = False
        for item in _walk(location):
            if isinstance(item, InputError):
                yield item
                continue
            found = True
            yield item, _relative_id(item, location)
        if not found:
            suffixes = " ".join(sorted(reader_suffixes))
            yield SourceNotFoundError(path, f"folder holds no article files (looked for {suffixes}, .gz)")
    else:
        yield location, _stem(location)


def _unusable(location: Path) -> InputError | None:
    """Why a path named explicitly cannot be read, or None: only regular files and folders
    are inputs (a device or a FIFO would be read forever, or block)."""
    where = str(location)
    try:
        status = location.stat()
    except FileNotFoundError:
        if location.is_symlink():
            return SourceNotFoundError(where, "a symbolic link to nothing (its target is missing)")
        return SourceNotFoundError(where, "no such file or folder")
    except OSError as error:
        if error.errno == errno.ELOOP:
            return UnreadableSourceError(where, "a loop of symbolic links")
        return UnreadableSourceError(where, f"cannot read: {error.strerror or error}")
    if stat.S_ISDIR(status.st_mode):
        if not os.access(location, os.R_OK | os.X_OK):
            return UnreadableSourceError(where, "cannot read this folder (permission denied)")
        return None
    if stat.S_ISREG(status.st_mode):
        return None
    kind = "a FIFO (named pipe)" if stat.S_ISFIFO(status.st_mode) else "a device or socket"
    return UnsupportedFormatError(where, f"not a regular file but {kind}; pipe it to standard input (-)")


def read_capped(stream: BinaryIO, origin: str, limit: int | None = None) -> bytes:
    """Read at most ``limit`` bytes (``MAX_INPUT_BYTES``), whatever the source claims its
    size is (``/dev/zero`` says 0); more is an error, not a run that never ends."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UnreadableSourceError(origin, f"larger than {describe_size(limit)}; split it")
    return data


def describe_size(size: int) -> str:
    return f"{size >> 20} MiB" if size >= 1 << 20 else f"{size:,} bytes"


def read_file(file: Path, article_id: str) -> list[ArticleOrError]:
    """The articles of one file (a JSONL file holds many), and the errors met reading it."""
    origin = shown_name(str(file))
    article_id = shown_name(article_id)
    try:
        with file.open("rb") as stream:
            data = read_capped(stream, origin)
    except InputError as error:
        return [error]
    except OSError as error:
        return [UnreadableSourceError(origin, f"cannot read: {error.strerror or error}")]
    return read_source(data, origin=origin, article_id=article_id, fmt=format_of(file))


def _walk(folder: Path) -> Iterator[Path | InputError]:
    """The article files under ``folder``, and an error for each entry that cannot be
    read (a subfolder without permission, a dangling link, a FIFO), never silently."""
    found: list[Path] = []
    visited: set[str] = set()
    for root, folders, files in os.walk(folder, onerror=lambda error: None, followlinks=True):
        base = Path(root)
        visited.add(os.path.realpath(base))
        # A linked folder is read once: a link back up the tree would be a loop.
        folders[:] = [
            f for f in folders if not f.startswith(".") and os.path.realpath(base / f) not in visited
        ]
        for name in folders:
            if not os.access(base / name, os.R_OK | os.X_OK):
                yield UnreadableSourceError(str(base / name), "cannot read this folder (permission denied)")
        for name in files:
            file = base / name
            if name.startswith(".") or format_of(file) is None or _DOCUMENTATION.match(name):
                continue
            problem = _unusable(file)
            if problem is not None:
                yield problem
            else:
                found.append(file)
    yield from sorted(found)


def format_of(file: Path) -> str | None:
    """The reader (``registry.readers``) a file's name calls for, or None."""
    suffixes = [s.lower() for s in file.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return reader_suffixes.get(suffixes[-1]) if suffixes else None


def _stem(file: Path) -> str:
    name = file.name
    for _ in range(2):  # "page.html.gz" -> "page"
        suffix = Path(name).suffix
        if suffix.lower() in (*reader_suffixes, ".gz"):
            name = name[: -len(suffix)]
    return name or file.name


def _relative_id(file: Path, root: Path) -> str:
    relative = file.relative_to(root)
    return (relative.parent / _stem(file)).as_posix()


def with_unique_ids(articles: Iterable[Article]) -> list[Article]:
    """The articles with clashing ids renamed ``id~2``, ``id~3`` (never onto a taken id)."""
    items = list(articles)
    taken = {article.id for article in items}
    seen: set[str] = set()
    unique = []
    for article in items:
        if article.id not in seen:
            seen.add(article.id)
            unique.append(article)
            continue
        new_id = unused_id(article.id, taken)
        taken.add(new_id)
        seen.add(new_id)
        unique.append(replace(article, id=new_id))
    return unique


def unused_id(article_id: str, taken: set[str]) -> str:
    """``article_id~2``, ``~3``...: the first that no article in ``taken`` has."""
    number = 2
    while f"{article_id}~{number}" in taken:
        number += 1
    return f"{article_id}~{number}"


def shown_name(name: str) -> str:
    """A file name that is not valid UTF-8 reaches Python with stand-ins for its bytes
    (surrogate escapes), which no output can write: each becomes U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
