"""Analyze: who is involved in an event and when things happened, every finding traced to
its source span."""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.analyze.dates import find_dates
from newsfuse.analyze.entities import find_entities
from newsfuse.analyze.nlp import parse
from newsfuse.analyze.quotes import find_quotes
from newsfuse.analyze.timeline import build_timeline
from newsfuse.model import Article
from newsfuse.model.analysis import Analysis
from newsfuse.segment import split_sentences


def analyze(articles: Sequence[Article]) -> Analysis:
    """The entities, quotes, dates and timeline of clean articles of one event."""
    docs = list(parse(a.text for a in articles))
    sentences = {article.id: split_sentences(article) for article in articles}
    entities = find_entities(articles, docs)
    dates = find_dates(articles, docs, sentences)
    return Analysis(
        entities=entities,
        dates=dates,
        quotes=find_quotes(articles, entities, sentences),
        timeline=build_timeline(dates, sentences),
    )


__all__ = ["analyze"]
