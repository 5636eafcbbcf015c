"""Events as tab-separated lines, ``article_id<TAB>event_id<TAB>storyline_id``, for scripts."""

from __future__ import annotations

from newsfuse.model import Grouping
from newsfuse.renderers.escape import tsv_field


def to_tsv(grouping: Grouping, *, explain: bool = False) -> str:
    return "\n".join(
        "\t".join(tsv_field(value) for value in (a.article_id, a.event_id, a.storyline_id))
        for a in grouping.assignments
    )
