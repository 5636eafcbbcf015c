"""Render results for people and programs; each renderer is registered as ``object.format``
in ``registry.renderers`` (e.g. ``summary.text``, ``digest.json``)."""

from __future__ import annotations

from typing import Any

from newsfuse.errors import ConfigError
from newsfuse.registry import renderers


def formats(kind: str) -> list[str]:
    """The formats a kind of result (``summary``, ``digest``, ``events``) renders to."""
    return [name.split(".", 1)[1] for name in renderers.names() if name.startswith(kind + ".")]


def render(result: Any, fmt: str = "text", *, kind: str = "summary", explain: bool = False) -> str:
    """``result`` in format ``fmt``; ``explain`` adds why sentences were chosen and what
    cleaning removed (where the format has room for it)."""
    name = f"{kind}.{fmt}"
    if name not in renderers:
        raise ConfigError(f"a {kind} has no format {fmt!r}; choose one of {', '.join(formats(kind))}")
    return renderers.get(name)(result, explain=explain)
