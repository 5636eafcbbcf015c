"""Plain text and Markdown reports.

A plain-text file is taken as it is; its headline, when the first real line is one, is
recognised by cleaning (which knows which lines are boilerplate). Markdown gives its title
explicitly (a leading ``# heading``) and loses its markup here, so that later stages see
the prose a reader sees.
"""

from __future__ import annotations

import re

from newsfuse.model import Article

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT_RULE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
# Link text holds no bracket and a span is bounded, so a run of "[[[" or "**" costs a
# linear scan, not one from every position to the end of the line.
_IMAGE = re.compile(r"!\[([^\[\]]{0,500})\]\([^()]{0,2000}\)")
_LINK = re.compile(r"\[([^\[\]]{1,500})\]\((?:[^()]|\([^()]{0,500}\)){0,2000}\)")
_REFERENCE_LINK = re.compile(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,100}\]")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
# Emphasis holds no emphasis character, so a search never runs past the next one.
_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|_)(?=\S)([^*_~\n]{1,500}?)(?<=\S)\1")
_EMPHASIS_DEPTH = 3
_INLINE_CODE = re.compile(r"`([^`]+)`")
_BLOCK_PREFIX = re.compile(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)")
_HORIZONTAL_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def parse_text(text: str, *, article_id: str, origin: str) -> list[Article]:
    return [Article(id=article_id, text=_normalise_newlines(text), origin=origin)]


def parse_markdown(text: str, *, article_id: str, origin: str) -> list[Article]:
    lines = _normalise_newlines(text).split("\n")
    title, lines = _take_title(lines)
    body = "\n".join(_plain_line(line) for line in lines if not _LINK_DEFINITION.match(line))
    return [Article(id=article_id, text=body.strip("\n"), title=title, origin=origin)]


def _take_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """The first heading, when it comes before any prose, is the title."""
    for position, line in enumerate(lines):
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading:
            return _inline(heading.group(2)), lines[position + 1 :]
        following = lines[position + 1] if position + 1 < len(lines) else ""
        if _SETEXT_RULE.match(following) and following.strip()[0] == "=":
            return _inline(line.strip()), lines[position + 2 :]
        return None, lines
    return None, lines


def _plain_line(line: str) -> str:
    if _HORIZONTAL_RULE.match(line) or _SETEXT_RULE.match(line):
        return ""
    heading = _HEADING.match(line)
    if heading:
        return _inline(heading.group(2))
    while True:
        stripped = _BLOCK_PREFIX.sub("", line, count=1)
        if stripped == line:
            break
        line = stripped
    return _inline(line)


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _INLINE_CODE.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    for _ in range(_EMPHASIS_DEPTH):  # nested emphasis (***a***) takes a pass per level
        previous, text = text, _EMPHASIS.sub(r"\2", text)
        if text == previous:
            break
    return text.rstrip()


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
