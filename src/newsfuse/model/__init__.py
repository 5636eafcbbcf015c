"""The data model: small frozen records that every stage passes on, each keeping the link
back to the exact source characters it came from. Every result survives a pickle round
trip and a JSON round trip (``to_data`` / ``from_data``), so it can cross a process
boundary (a worker, a service) unchanged."""

from newsfuse.model.analysis import Analysis, DateMention, Entity, Mention
from newsfuse.model.article import Article, CleanedArticle, Removal, Sentence
from newsfuse.model.digest import Digest, EventDigest, StorylineDigest
from newsfuse.model.event import Assignment, Copy, Event, Grouping
from newsfuse.model.feeds import FeedState, SeenItem
from newsfuse.model.problems import Problem
from newsfuse.model.serialize import from_data, to_data
from newsfuse.model.summary import (
    Budget,
    Citation,
    Conflict,
    SameReport,
    Summary,
    SummarySentence,
    count_words,
)

__all__ = [
    "Analysis",
    "Article",
    "Assignment",
    "Budget",
    "Citation",
    "CleanedArticle",
    "Conflict",
    "Copy",
    "DateMention",
    "Digest",
    "Entity",
    "Event",
    "EventDigest",
    "FeedState",
    "Grouping",
    "Mention",
    "Problem",
    "Removal",
    "SameReport",
    "SeenItem",
    "Sentence",
    "StorylineDigest",
    "Summary",
    "SummarySentence",
    "count_words",
    "from_data",
    "to_data",
]
