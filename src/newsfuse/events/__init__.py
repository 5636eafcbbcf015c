"""Events: find which articles report the same event, in a pile or as a stream."""

from newsfuse.events.clustering import Assignment, ClusteringSettings, EventClusterer, cluster_articles
from newsfuse.events.duplicates import NearDuplicateIndex, find_near_duplicates
from newsfuse.events.metrics import bcubed, pairwise

__all__ = [
    "Assignment",
    "ClusteringSettings",
    "EventClusterer",
    "NearDuplicateIndex",
    "bcubed",
    "cluster_articles",
    "find_near_duplicates",
    "pairwise",
]
