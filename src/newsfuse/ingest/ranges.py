"""Large JSON Lines files read in byte ranges, so that many workers share one file.

A range owns the lines that begin in it: its reader skips the line the range before
began and reads past its own end to finish its last line. Line numbers (for messages and
for the ids of records without one) come from the newlines before the range, which
``count_newlines`` counts range by range, so no reader has to read the file from its start.
A line longer than ``MAX_INPUT_BYTES`` (a file that is no JSON Lines at all) is reported,
never held in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from newsfuse.errors import InputError, MalformedRecordError, UnreadableSourceError
from newsfuse.ingest.decode import decode_bytes
from newsfuse.ingest.records import ArticleOrError, parse_jsonl
from newsfuse.ingest.sources import MAX_INPUT_BYTES, describe_size, shown_name

_BLOCK = 8 << 20


def count_newlines(file: Path, start: int, end: int) -> int | None:
    """How many newline bytes the file holds from ``start`` up to ``end``; None when it
    cannot be read (the ranges after it cannot be numbered)."""
    found = 0
    try:
        with file.open("rb") as stream:
            stream.seek(start)
            left = end - start
            while left > 0 and (block := stream.read(min(_BLOCK, left))):
                found += block.count(b"\n")
                left -= len(block)
    except OSError:
        return None
    return found


def read_lines(
    file: Path, article_id: str, start: int, end: int, newlines_before: int
) -> list[ArticleOrError]:
    """The articles of the JSONL lines that begin from byte ``start`` up to ``end``;
    ``newlines_before``: the newline bytes before ``start``."""
    origin, article_id = shown_name(str(file)), shown_name(article_id)
    problems: list[ArticleOrError] = []
    data = bytearray()
    try:
        with file.open("rb") as stream:
            number = newlines_before + 1
            if start > 0:
                stream.seek(start - 1)
                if stream.read(1) != b"\n":  # the range begins inside a line: the range before reads it
                    _skip_line(stream, end)
                    number += 1
            first_line = number
            while stream.tell() < end and (line := stream.readline(MAX_INPUT_BYTES + 1)):
                if len(line) > MAX_INPUT_BYTES and not line.endswith(b"\n"):
                    _skip_line(stream, end)
                    longer = f"a line longer than {describe_size(MAX_INPUT_BYTES)}"
                    problems.append(MalformedRecordError(origin, longer, line=number))
                    line = b"\n"  # the lines after keep their numbers
                data += line
                number += 1
    except OSError as error:
        where = f"bytes {start:,} to {end:,}"
        return [UnreadableSourceError(origin, f"cannot read {where}: {error.strerror or error}")]
    if not data.strip():
        return problems
    try:
        text = decode_bytes(bytes(data), origin)
    except InputError as error:
        return [*problems, error]
    return [*problems, *parse_jsonl(text, article_id=article_id, origin=origin, first_line=first_line)]


def _skip_line(stream: BinaryIO, end: int) -> None:
    """Read past the end of the current line, a block at a time, or up to ``end``: what
    lies beyond is another range's (a file of one huge line is read once, not once a range)."""
    while (left := end - stream.tell()) > 0:
        chunk = stream.readline(min(_BLOCK, left))
        if not chunk or chunk.endswith(b"\n"):
            return
