"""Render: a summary as text for people, plain lines for scripts, Markdown, or JSON."""

from __future__ import annotations

from newsfuse.model import Summary
from newsfuse.render.json import SCHEMA_VERSION, summary_to_dict, to_json
from newsfuse.render.text import to_markdown, to_plain, to_text

FORMATS = ("text", "plain", "markdown", "json")


def render(summary: Summary, fmt: str = "text", *, explain: bool = False) -> str:
    """The summary in one of ``FORMATS``; ``explain`` adds why sentences were chosen and
    what cleaning removed (not in ``plain``, which stays one sentence per line)."""
    if fmt == "text":
        return to_text(summary, explain=explain)
    if fmt == "plain":
        return to_plain(summary)
    if fmt == "markdown":
        return to_markdown(summary, explain=explain)
    if fmt == "json":
        return to_json(summary, explain=explain)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "render",
    "summary_to_dict",
    "to_json",
    "to_markdown",
    "to_plain",
    "to_text",
]
