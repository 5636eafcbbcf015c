"""Events as tab-separated lines: ``article_id<TAB>event_id``, for scripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsfuse.model import Assignment, Event


def to_tsv(
    grouping: tuple[Sequence[Event], Sequence[Assignment], dict[str, Any]], *, explain: bool = False
) -> str:
    _, assignments, _ = grouping
    return "\n".join(f"{a.article_id}\t{a.event_id}" for a in assignments)
