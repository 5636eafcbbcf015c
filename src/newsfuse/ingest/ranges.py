"""Large JSON Lines files read in byte ranges, so that many workers share one file.

A range owns the lines that begin in it: its reader skips the line the range before
began and reads past its own end to finish its last line. Line numbers (for messages and
for the ids of records without one) come from the newlines before the range, which
``count_newlines`` counts range by range, so no reader has to read the file from its start.
"""

from __future__ import annotations

from pathlib import Path

from newsfuse.errors import InputError, UnreadableSourceError
from newsfuse.ingest.decode import decode_bytes
from newsfuse.ingest.records import ArticleOrError, parse_jsonl

_BLOCK = 8 << 20


def count_newlines(file: Path, start: int, end: int) -> int:
    """How many newline bytes the file holds from ``start`` up to ``end``."""
    found = 0
    with file.open("rb") as stream:
        stream.seek(start)
        left = end - start
        while left > 0:
            block = stream.read(min(_BLOCK, left))
            if not block:
                break
            found += block.count(b"\n")
            left -= len(block)
    return found


def read_lines(
    file: Path, article_id: str, start: int, end: int, newlines_before: int
) -> list[ArticleOrError]:
    """The articles of the JSONL lines that begin from byte ``start`` up to ``end``;
    ``newlines_before``: the newline bytes before ``start``."""
    origin = str(file)
    try:
        with file.open("rb") as stream:
            first_line = newlines_before + 1
            if start > 0:
                stream.seek(start - 1)
                if stream.read(1) != b"\n":  # the range begins inside a line: the range before reads it
                    stream.readline()
                    first_line += 1
            data = bytearray()
            while stream.tell() < end and (line := stream.readline()):
                data += line
    except OSError as error:
        return [UnreadableSourceError(origin, f"cannot read: {error.strerror or error}")]
    if not data.strip():
        return []
    try:
        text = decode_bytes(bytes(data), origin)
    except InputError as error:
        return [error]
    return list(parse_jsonl(text, article_id=article_id, origin=origin, first_line=first_line))
