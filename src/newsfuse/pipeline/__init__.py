"""The one orchestrator: read -> clean (once) -> copies -> events -> summarize, returning
data plus problems. Every command and the service call these functions; the stages below
never call back up.

    prepared = read(paths, settings)               # or prepare(articles, settings)
    summary = summarize_prepared(prepared, settings)
    analysis = analyze_prepared(prepared)          # entities and dates
    digest = digest_prepared(prepared, settings)   # events, each summarized
    added = add_prepared(prepared, store, settings)
"""

from newsfuse.pipeline.batch import (
    Prepared,
    analyze_prepared,
    analyze_summary,
    digest_prepared,
    group,
    prepare,
    prepare_bytes,
    read,
    summarize,
    summarize_paths,
    summarize_prepared,
    warm_up,
    with_names,
)
from newsfuse.pipeline.stored import (
    STREAM_STATE,
    Added,
    EventBoard,
    EventFilters,
    EventListing,
    EventWriter,
    add_prepared,
    digest_store,
)
from newsfuse.pipeline.watching import Watched, follow_feeds, forget_feed, polite_fetcher, watch

__all__ = [
    "STREAM_STATE",
    "Added",
    "EventBoard",
    "EventFilters",
    "EventListing",
    "EventWriter",
    "Prepared",
    "Watched",
    "add_prepared",
    "analyze_prepared",
    "analyze_summary",
    "digest_prepared",
    "digest_store",
    "follow_feeds",
    "forget_feed",
    "group",
    "polite_fetcher",
    "prepare",
    "prepare_bytes",
    "read",
    "summarize",
    "summarize_paths",
    "summarize_prepared",
    "warm_up",
    "watch",
    "with_names",
]
