"""Problems: what results carry about inputs that were skipped or will be handled less well.

A ``Problem`` is a plain record, not an exception, so a result that carries problems can
be pickled, sent to another process or stored as JSON and still say what went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["skipped", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    """The input: a path, a URL, ``-`` for standard input, or an article id ("" for the
    input as a whole)."""
    message: str
    kind: str
    """What kind of problem, e.g. ``empty-article`` or ``malformed-record``."""
    line: int | None = None
    level: Level = "skipped"
    """``skipped``: the input was left out; ``warning`` and ``note``: it was used, less well."""

    @property
    def location(self) -> str:
        return f"{self.where}:{self.line}" if self.line is not None else self.where

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.where else self.message
