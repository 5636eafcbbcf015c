"""Who said what: direct quotations with their speaker, one statement across sources.

A quotation (``quote_marks``) is reported when it has at least ``MIN_WORDS`` words, with
the speaker ``speakers`` reads around it.

Outlets render one statement differently, translations most of all ("We have spent a lot
of time with the US..." / "We have given the US too much time..."): quotations of one
speaker (or of no known speaker) are one statement when a sentence of one is close in
meaning to a sentence of the other (the sentence encoder of the support relation, cosine
at least ``SAME_STATEMENT``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from newsfuse.analyze.quote_marks import BLANK, Quotation, without_quotations
from newsfuse.analyze.speakers import Named, attribute
from newsfuse.evidence.encoder import load_sentence_encoder
from newsfuse.model import Article, Sentence
from newsfuse.model.analysis import Entity, Mention, Quote, QuoteVariant
from newsfuse.text.anchors import anchors
from newsfuse.text.tokens import Lexicon, lexicon_for

SPEAKERS = ("person", "organisation")
"""Who can be quoted: people, and organisations ("police said", "the ministry said")."""
MIN_WORDS = 4
"""Shorter quoted text is a term or a title ("forward-looking"), not a statement."""
SAME_STATEMENT = 0.6
"""The least cosine between sentences of two quotations of one statement (unrelated
quotations of one story score below 0.35; the seeds' two renderings, 0.65 as wholes)."""
_PIECES = re.compile(r"(?<=[.!?])\s+")


def find_quotes(
    articles: Sequence[Article],
    entities: Sequence[Entity],
    sentences: Mapping[str, Sequence[Sentence]],
    quotations: Mapping[str, Sequence[Quotation]],
) -> tuple[Quote, ...]:
    """The ``quotations`` of ``articles`` (with their ``sentences``, both by article id)
    with their speakers (from ``entities``), one per statement, each rendering kept with
    its source and span."""
    people: dict[str, list[Named]] = {}
    for entity in entities:
        if entity.kind in SPEAKERS:
            for mention in entity.mentions:
                people.setdefault(mention.article_id, []).append(Named(mention.start, mention.end, entity))
    variants: list[tuple[QuoteVariant, Entity | None]] = []
    for article in articles:
        in_article = quotations[article.id]
        # Attribution is read around the quotations, never inside them: a name or a "said"
        # within quoted words is no speaker's.
        text = without_quotations(article.text, in_article)
        named = sorted(
            (p for p in people.get(article.id, []) if text[p.start] != BLANK), key=lambda p: p.start
        )
        starts = [s.start for s in sentences[article.id]]
        for quotation, speaker in attribute(text, in_article, named, starts):
            words = article.text[quotation.start : quotation.end]
            if len(words.split()) < MIN_WORDS:
                continue  # too short to report ("Yes."), yet it passes its speaker on
            quote = Mention(article.id, quotation.start, quotation.end, words)
            if speaker is None:
                variants.append((QuoteVariant(quote, None), None))
            else:
                named_as = article.text[speaker.start : speaker.end]
                said_by = Mention(article.id, speaker.start, speaker.end, named_as)
                variants.append((QuoteVariant(quote, said_by), speaker.entity))
    lexicons = {a.id: lexicon_for(a.language, a.text) for a in articles}
    return _across_languages(_merge(variants), lexicons)


def _merge(variants: list[tuple[QuoteVariant, Entity | None]]) -> tuple[Quote, ...]:
    if len({v.mention.article_id for v, _ in variants}) < 2:
        return _quotes([[i] for i in range(len(variants))], variants)  # one article: no renderings to merge
    pieces, owner = [], []
    for number, (variant, _) in enumerate(variants):
        sentences = [p for p in _PIECES.split(variant.mention.text) if len(p.split()) >= MIN_WORDS]
        for piece in sentences or [variant.mention.text]:  # "Yes. No. Not now. Never.": one piece
            pieces.append(piece)
            owner.append(number)
    vectors = load_sentence_encoder().encode(pieces)
    closeness = vectors @ vectors.T
    owners = np.asarray(owner)
    statement = list(range(len(variants)))

    def root(item: int) -> int:
        while statement[item] != item:
            item = statement[item]
        return item

    # A group's speaker: an unattributed rendering joins one speaker's statement, never two.
    said_by = {n: entity.id for n, (_, entity) in enumerate(variants) if entity is not None}
    pairs = []
    for a in range(len(variants)):
        for b in range(a + 1, len(variants)):
            if variants[a][0].mention.article_id == variants[b][0].mention.article_id:
                continue  # one article quotes a statement once; two quotations are two statements
            best = float(closeness[np.ix_(owners == a, owners == b)].max())
            if best >= SAME_STATEMENT:
                pairs.append((best, a, b))
    for _, a, b in sorted(pairs, reverse=True):  # the closest renderings join first
        root_a, root_b = root(a), root(b)
        speaker_a, speaker_b = said_by.get(root_a), said_by.get(root_b)
        if root_a == root_b or (speaker_a is not None and speaker_b is not None and speaker_a != speaker_b):
            continue
        statement[root_b] = root_a
        if speaker_a is None and speaker_b is not None:
            said_by[root_a] = speaker_b
    groups: dict[int, list[int]] = {}
    for number in range(len(variants)):
        groups.setdefault(root(number), []).append(number)
    return _quotes(list(groups.values()), variants)


def _across_languages(quotes: tuple[Quote, ...], lexicons: Mapping[str, Lexicon]) -> tuple[Quote, ...]:
    """One statement rendered in two languages (a Vietnamese report and its English
    translation) is one quote: where a speaker has exactly one quote in one language and
    one in another, and they share a number when both give numbers, the two are merged.
    (The sentence encoder that merges renderings reads English only.)"""
    by_speaker: dict[str, dict[str, list[int]]] = {}
    for number, quote in enumerate(quotes):
        in_languages = {lexicons[article].variety for article in quote.sources}
        if quote.speaker is not None and len(in_languages) == 1:
            by_speaker.setdefault(quote.speaker, {}).setdefault(in_languages.pop(), []).append(number)
    merged: dict[int, int] = {}
    for found in by_speaker.values():
        single = [numbers[0] for numbers in found.values() if len(numbers) == 1]
        if (
            len(single) > 1
            and len(single) == len(found)
            and _share_numbers([quotes[n] for n in single], lexicons)
        ):
            merged.update(dict.fromkeys(single[1:], single[0]))
    if not merged:
        return quotes
    kept = []
    for number, quote in enumerate(quotes):
        if number in merged:
            continue
        joined = [quotes[n] for n, into in merged.items() if into == number]
        variants = tuple(v for q in (quote, *joined) for v in q.variants)
        kept.append(replace(quote, variants=variants))
    kept.sort(key=lambda q: -len(q.variants))
    return tuple(replace(q, id=f"quote-{n}") for n, q in enumerate(kept, start=1))


def _share_numbers(quotes: list[Quote], lexicons: Mapping[str, Lexicon]) -> bool:
    """Whether every two of these quotes share a number, where both give any."""
    found = [
        {
            anchor
            for v in q.variants
            for anchor in anchors(v.mention.text, lexicons[v.mention.article_id])
            if anchor[:1].isdigit()
        }
        for q in quotes
    ]
    return all(not a or not b or a & b for n, a in enumerate(found) for b in found[n + 1 :])


def _quotes(groups: list[list[int]], variants: list[tuple[QuoteVariant, Entity | None]]) -> tuple[Quote, ...]:
    """One quote per group of renderings, the most widely rendered first."""
    quotes = []
    for count, members in enumerate(sorted(groups, key=lambda m: -len(m)), start=1):
        speaker = next((variants[i][1] for i in members if variants[i][1] is not None), None)
        quotes.append(
            Quote(
                id=f"quote-{count}",
                speaker=speaker.id if speaker else None,
                speaker_name=speaker.name if speaker else None,
                variants=tuple(variants[i][0] for i in members),
            )
        )
    return tuple(quotes)
