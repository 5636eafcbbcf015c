"""Events as tab-separated lines: ``article_id<TAB>event_id``, for scripts."""

from __future__ import annotations

from newsfuse.model import Grouping


def to_tsv(grouping: Grouping, *, explain: bool = False) -> str:
    return "\n".join(f"{a.article_id}\t{a.event_id}" for a in grouping.assignments)
