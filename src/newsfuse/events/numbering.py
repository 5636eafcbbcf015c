"""Ids of events and storylines: a prefix and a number, never given twice."""

from __future__ import annotations


class Numbering:
    """Ids ``prefix000001``, ``prefix000002``...: a new one is above every id issued or
    seen, so no id is ever given twice in a stream, even after its last article is gone."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.highest = 0

    def see(self, given: str) -> None:
        """Note an id given elsewhere (restored from a store, or asked for)."""
        number = given[len(self.prefix) :]
        if given.startswith(self.prefix) and number.isdigit():
            self.highest = max(self.highest, int(number))

    def new(self) -> str:
        self.highest += 1
        return f"{self.prefix}{self.highest:06d}"
