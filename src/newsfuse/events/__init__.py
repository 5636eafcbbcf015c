"""Events: which articles report the same happening, in a pile or as a stream, and which
of them are copies."""

from newsfuse.events.clustering import EventClusterer, StreamState, cluster_articles
from newsfuse.events.copies import NearDuplicateIndex, find_copies

__all__ = ["EventClusterer", "NearDuplicateIndex", "StreamState", "cluster_articles", "find_copies"]
