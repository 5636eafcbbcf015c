"""Analyze: who is involved in an event and when things happened, every finding traced to
its source span."""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.analyze.dates import find_dates
from newsfuse.analyze.entities import find_entities, mentioned_names
from newsfuse.analyze.nlp import parse
from newsfuse.analyze.quote_marks import find_quotations
from newsfuse.analyze.quotes import find_quotes
from newsfuse.analyze.timeline import build_timeline
from newsfuse.model import Article, Problem
from newsfuse.model.analysis import Analysis
from newsfuse.segment import split_sentences
from newsfuse.text.language import detect_language


def analyze(articles: Sequence[Article]) -> Analysis:
    """The entities, quotes, dates and timeline of clean articles of one event; an article
    in another language than English is left out, with a note saying so."""
    articles, notes = _in_english(articles)
    docs = list(parse(a.text for a in articles))
    sentences = {article.id: split_sentences(article) for article in articles}
    quotations = {article.id: find_quotations(article.text) for article in articles}
    entities = find_entities(articles, docs)
    dates = find_dates(articles, docs, sentences, quotations)
    return Analysis(
        entities=entities,
        dates=dates,
        quotes=find_quotes(articles, entities, sentences, quotations),
        timeline=build_timeline(dates, sentences),
        problems=tuple(notes),
    )


def names_in(articles: Sequence[Article]) -> list[tuple[str, ...]]:
    """The people, organisations and places each clean article names, as written, each
    once (none for an article in another language than English): what an event can be
    found by."""
    english = {article.id for article in _in_english(articles)[0]}
    docs = parse(a.text for a in articles if a.id in english)
    return [mentioned_names(a, next(docs)) if a.id in english else () for a in articles]


def _in_english(articles: Sequence[Article]) -> tuple[list[Article], list[Problem]]:
    """The articles the English models can read, and a note for each other one (an English
    recogniser finds "people" in every Vietnamese phrase)."""
    kept, notes = [], []
    for article in articles:
        language = article.language or detect_language(article.text)
        if language is None or language.lower().startswith("en"):
            kept.append(article)
            continue
        notes.append(
            Problem(
                where=article.origin or article.id,
                message=f"reads as {language}, not English; left out of the analysis, which reads English",
                kind="language",
            )
        )
    return kept, notes


__all__ = ["analyze", "names_in"]
