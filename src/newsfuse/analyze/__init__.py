"""Analyze: who is involved in an event and when things happened, every finding traced to
its source span."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from newsfuse.analyze.dates import find_dates
from newsfuse.analyze.entities import find_entities, mentioned_names
from newsfuse.analyze.nlp import parse
from newsfuse.analyze.quote_marks import find_quotations
from newsfuse.analyze.quotes import find_quotes
from newsfuse.analyze.timeline import build_timeline
from newsfuse.analyze.vietnamese import parse_vietnamese, written_names
from newsfuse.model import Article, Problem
from newsfuse.model.analysis import Analysis
from newsfuse.segment import split_sentences
from newsfuse.text.language import detect_language
from newsfuse.text.tokens import lexicon_for, reads


def analyze(articles: Sequence[Article]) -> Analysis:
    """The entities, quotes, dates and timeline of clean articles of one event; an article
    in another language than English or Vietnamese is left out, with a note saying so."""
    articles, notes = _readable(articles)
    docs = _parsed(articles)
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
    once (for Vietnamese, the runs of words with capitals; none for an article in another
    language than English or Vietnamese): what an event can be found by."""
    readable = {a.id: a for a in _readable(articles)[0]}
    english = [a for a in readable.values() if not _vietnamese(a)]
    docs = dict(zip((a.id for a in english), parse(a.text for a in english), strict=True))
    found: list[tuple[str, ...]] = []
    for article in articles:
        if article.id in docs:
            found.append(mentioned_names(article, docs[article.id]))
        elif article.id in readable:  # Vietnamese: found fast by their capitals
            found.append(written_names(article.text))
        else:
            found.append(())
    return found


def _vietnamese(article: Article) -> bool:
    return lexicon_for(article.language).language == "vi"


def _readable(articles: Sequence[Article]) -> tuple[list[Article], list[Problem]]:
    """The articles the analysis reads (English and Vietnamese), with their language, and
    a note for each other one (an English recogniser finds "people" in every phrase of
    another language)."""
    kept, notes = [], []
    for article in articles:
        language = article.language or detect_language(article.text)
        if reads(language):
            kept.append(article if article.language else replace(article, language=language))
            continue
        notes.append(
            Problem(
                where=article.origin or article.id,
                message=f"reads as {language}, not English or Vietnamese; left out of the analysis",
                kind="language",
            )
        )
    return kept, notes


def _parsed(articles: Sequence[Article]) -> list[Any]:
    """Each article's parse: the English pipeline's, or for Vietnamese underthesea's names
    and the Vietnamese date forms (``analyze.vietnamese``), in order."""
    vietnamese = [_vietnamese(a) for a in articles]
    english = parse(a.text for a, vi in zip(articles, vietnamese, strict=True) if not vi)
    others = parse_vietnamese(a.text for a, vi in zip(articles, vietnamese, strict=True) if vi)
    return [next(others) if vi else next(english) for vi in vietnamese]


__all__ = ["analyze", "names_in"]
