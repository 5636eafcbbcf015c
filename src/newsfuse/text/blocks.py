"""Split an article's text into paragraph blocks that remember where they came from.

A block is a paragraph: a run of lines ended by a blank line, or a single line when the
text puts one paragraph per line (as extracted web text does). Lines of hard-wrapped
prose are joined back into their paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TERMINAL = re.compile(r"""[.!?:;"'”’»)\]…*]\s*$""")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the text being cleaned; ``start``/``end`` index the original text."""

    start: int
    end: int
    text: str
    """The paragraph on one line: newlines inside it become spaces (same length)."""

    @property
    def words(self) -> int:
        return len(self.text.split())

    def part(self, start: int, end: int) -> Block | None:
        """The sub-block between two offsets of ``text``, trimmed; None when only space."""
        piece = self.text[start:end]
        stripped = piece.strip()
        if not stripped:
            return None
        lead = len(piece) - len(piece.lstrip())
        begin = self.start + start + lead
        return Block(begin, begin + len(stripped), stripped)


def split_blocks(text: str) -> list[Block]:
    lines = _lines_with_offsets(text)
    wrapped = _looks_hard_wrapped([line for _, line in lines])
    blocks: list[tuple[int, int]] = []
    previous = ""
    for start, line in lines:
        if not line.strip():
            previous = ""
            continue
        end = start + len(line.rstrip())
        begin = start + len(line) - len(line.lstrip())
        if previous and _continues(previous, line, wrapped):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((begin, end))
        previous = line
    return [Block(s, e, text[s:e].replace("\n", " ")) for s, e in blocks]


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    lines = []
    position = 0
    for line in text.split("\n"):
        lines.append((position, line))
        position += len(line) + 1
    return lines


def _continues(previous: str, line: str, wrapped: bool) -> bool:
    """Does ``line`` carry on the paragraph of ``previous`` (a wrapped or broken line)?"""
    if _TERMINAL.search(previous):
        return False
    first = line.lstrip()[:1]
    return first.islower() or (wrapped and bool(first))


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """Most lines filled close to one width, as in text wrapped at a fixed column."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(lengths) < 4:
        return False
    width = max(lengths)
    if width > 100:
        return False
    filled = sum(1 for n in lengths if n >= 0.75 * width)
    return filled / len(lengths) >= 0.6
