"""Who said what: direct quotations with their speaker, one statement across sources.

A quotation is text in quotation marks of at least ``MIN_WORDS`` words. Its speaker is the
person the text names beside it with a verb of saying: after it (`"...," Jo Chol-su said`,
`"...", said Jo`), before it (`Jo said: "..."`, `According to Jo, "..."`), or a pronoun
after it (`"...," he said`) standing for the person named last before the quotation in
the same article. Outlets render one statement differently, translations most of all
("We have spent a lot of time with the US..." / "We have given the US too much time..."):
quotations of one speaker (or of no known speaker) are one statement when a sentence of
one is close in meaning to a sentence of the other (the sentence encoder of the support
relation, cosine at least ``SAME_STATEMENT``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.evidence.encoder import load_sentence_encoder
from newsfuse.model import Article, Sentence
from newsfuse.model.analysis import Entity, Mention, Quote, QuoteVariant

SPEAKERS = ("person", "organisation")
"""Who can be quoted: people, and organisations ("police said", "the ministry said")."""
MIN_WORDS = 4
"""Shorter quoted text is a term or a title ("forward-looking"), not a statement."""
SAME_STATEMENT = 0.6
"""The least cosine between sentences of two quotations of one statement (unrelated
quotations of one story score below 0.35; the seeds' two renderings, 0.65 as wholes)."""
SPEECH = (
    "said|says|say|told|tells|added|adds|stressed|emphasized|emphasised|warned|urged|asked|"
    "noted|explained|insisted|stated|declared|wrote|replied|continued|argued|acknowledged|"
    "admitted|announced|claimed|recalled|suggested|concluded"
)
_QUOTED = re.compile(r"“([^”]{8,1200})”|\"([^\"\n]{8,1200})\"")
_SPEECH_WORD = re.compile(rf"\b(?:{SPEECH})\b", re.I)
_PRONOUN_AFTER = re.compile(rf"^[\s,.]*(?:he|she)\s+(?:{SPEECH})\b", re.I)
_NEAR = 60
"""How many characters from the quotation its speaker's name may stand."""
_APPOSITION = 160
"""How long an apposition between a speaker's name and "said" may be."""
_REPORTING = re.compile(r"\b(?:according to|warning|urging|saying|adding|calling)\b", re.I)
_PIECES = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class _Person:
    start: int
    end: int
    entity: Entity


def find_quotes(
    articles: Sequence[Article], entities: Sequence[Entity], sentences: Mapping[str, Sequence[Sentence]]
) -> tuple[Quote, ...]:
    """The quotations of ``articles`` (split into ``sentences``, by article id) with their
    speakers (from ``entities``), one per statement, each rendering kept with its source
    and span."""
    people: dict[str, list[_Person]] = {}
    for entity in entities:
        if entity.kind in SPEAKERS:
            for mention in entity.mentions:
                people.setdefault(mention.article_id, []).append(_Person(mention.start, mention.end, entity))
    variants: list[tuple[QuoteVariant, Entity | None]] = []
    for article in articles:
        named = sorted(people.get(article.id, []), key=lambda p: p.start)
        starts = [s.start for s in sentences[article.id]]
        for match in _QUOTED.finditer(article.text):
            group = 1 if match.group(1) is not None else 2
            raw = match.group(group)
            text = raw.strip().rstrip(",;:").rstrip()  # `"...," he said`: the comma is the writer's
            if len(text.split()) < MIN_WORDS:
                continue
            start = match.start(group) + len(raw) - len(raw.lstrip())
            quote = Mention(article.id, start, start + len(text), text)
            speaker = _speaker(article.text, match.start(), match.end(), named, starts)
            if speaker is None:
                variants.append((QuoteVariant(quote, None), None))
            else:
                named_as = article.text[speaker.start : speaker.end]
                said_by = Mention(article.id, speaker.start, speaker.end, named_as)
                variants.append((QuoteVariant(quote, said_by), speaker.entity))
    return _merge(variants)


def _speaker(text: str, start: int, end: int, named: list[_Person], sentences: list[int]) -> _Person | None:
    """Who speaks the quotation at ``text[start:end]`` (marks included): a person, or an
    organisation ("police said")."""
    after = text[end : end + _NEAR]
    if _PRONOUN_AFTER.match(after):
        before = [p for p in named if p.end <= start and p.entity.kind == "person"]
        return before[-1] if before else None
    near_after = [p for p in named if end <= p.start <= end + _NEAR and _one_stretch(text[end : p.start])]
    for person in near_after:
        if _SPEECH_WORD.search(text[end : person.end + 25]) or _said_after_apposition(text, person.end):
            return person
    window = text[max(0, start - 100) : start]
    if _SPEECH_WORD.search(window[-40:]) or re.search(r"according to [^.]*$", window, re.I):
        candidates = [p for p in named if start - 100 <= p.start and p.end <= start]
        if candidates:
            return candidates[-1]
    # Reported speech quoting a phrase: the one person its sentence names with a verb of saying.
    opening, previous = _sentence_starts(text, start, sentences)
    in_sentence = [p for p in named if opening <= p.start < start]
    said = _SPEECH_WORD.search(text[opening:start]) or _REPORTING.search(text[opening:start])
    if said and len({p.entity.id for p in in_sentence}) == 1:
        return in_sentence[-1]
    if previous is not None and not text[opening:start].strip():
        # A quotation that is a sentence of its own, attributed nowhere near it, continues
        # the speaker the sentence before it names with a verb of saying.
        sentence = text[previous:opening]
        in_previous = [p for p in named if previous <= p.start < opening]
        cue = _SPEECH_WORD.search(sentence) or _REPORTING.search(sentence)
        if cue and len({p.entity.id for p in in_previous}) == 1:
            return in_previous[-1]
    return None


def _sentence_starts(text: str, position: int, sentences: list[int]) -> tuple[int, int | None]:
    """Where the sentence holding ``position`` starts, and where the one before it does."""
    index = bisect_right(sentences, position) - 1
    opening = sentences[index] if index >= 0 else 0
    return opening, sentences[index - 1] if index >= 1 else None


def _one_stretch(between: str) -> bool:
    """Nothing between a quotation and a name that would part them: no line or sentence
    end, no other quotation."""
    return not any(mark in between for mark in ("\n", ". ", '"', "“", "”"))


def _said_after_apposition(text: str, name_end: int) -> bool:
    """`Jo Chol-su, head of the North American Department ..., said`."""
    if not text.startswith(",", name_end):
        return False
    close = text.find(",", name_end + 1, name_end + _APPOSITION)
    return close != -1 and bool(_SPEECH_WORD.match(text[close + 1 :].lstrip()))


def _merge(variants: list[tuple[QuoteVariant, Entity | None]]) -> tuple[Quote, ...]:
    if len({v.mention.article_id for v, _ in variants}) < 2:
        return _quotes([[i] for i in range(len(variants))], variants)  # one article: no renderings to merge
    pieces, owner = [], []
    for number, (variant, _) in enumerate(variants):
        for piece in _PIECES.split(variant.mention.text):
            if len(piece.split()) >= MIN_WORDS or piece == variant.mention.text:
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

    for a in range(len(variants)):
        for b in range(a + 1, len(variants)):
            speaker_a, speaker_b = variants[a][1], variants[b][1]
            if speaker_a is not None and speaker_b is not None and speaker_a.id != speaker_b.id:
                continue
            if variants[a][0].mention.article_id == variants[b][0].mention.article_id:
                continue  # one article quotes a statement once; two quotations are two statements
            best = float(closeness[np.ix_(owners == a, owners == b)].max())
            if best >= SAME_STATEMENT:
                statement[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for number in range(len(variants)):
        groups.setdefault(root(number), []).append(number)
    return _quotes(list(groups.values()), variants)


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
