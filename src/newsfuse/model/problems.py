"""Problems: what results carry about inputs that were skipped or will be handled less well.

A ``Problem`` is a plain record, not an exception, so a result that carries problems can
be pickled, sent to another process or stored as JSON and still say what went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsfuse.errors import ErrorPolicy, InputError

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

    @classmethod
    def from_error(cls, error: InputError) -> Problem:
        return cls(where=error.origin, message=error.message, kind=error.kind, line=error.line)


class ProblemLog:
    """Collects input errors under a policy: raises at once, or keeps them as problems."""

    def __init__(self, policy: ErrorPolicy = ErrorPolicy.SKIP) -> None:
        self.policy = policy
        self.found: list[Problem] = []

    def report(self, error: InputError) -> None:
        if self.policy is ErrorPolicy.RAISE:
            raise error
        self.found.append(Problem.from_error(error))
