"""Escaping for everything shown to a person or parsed by a program: nothing from an
article (a title, an outlet, an id, a path, the text) can move the cursor, retitle the
terminal, forge a Markdown structure or a TSV row."""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Control characters (terminal escapes among them), the Unicode line and paragraph
separators, and the marks that reorder text shown right to left, which can make a line
read differently from what it holds."""
_TSV = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """``text`` with every unsafe character written out as an escape (``\\x1b``); tabs
    and line breaks are left to the caller."""
    return _UNSAFE.sub(_escaped, text)


def inline(text: str) -> str:
    """One line of safe text: runs of white space (line breaks too) become one space."""
    return printable(" ".join(text.split()))


def markdown_inline(text: str) -> str:
    """One line of safe text in which Markdown sees no markup."""
    return escape_markdown(inline(text))


def escape_markdown(text: str) -> str:
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def tsv_field(text: str) -> str:
    """A value for one cell of tab-separated output: no tab or line break can start
    another cell or row."""
    return printable("".join(_TSV.get(char, char) for char in text))


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"
