"""Events as tab-separated lines: ``article_id<TAB>event_id``, for scripts."""

from __future__ import annotations

from newsfuse.model import Grouping
from newsfuse.renderers.escape import tsv_field


def to_tsv(grouping: Grouping, *, explain: bool = False) -> str:
    return "\n".join(f"{tsv_field(a.article_id)}\t{tsv_field(a.event_id)}" for a in grouping.assignments)
