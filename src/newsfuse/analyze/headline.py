"""A headline for an event: the sources' own title that best represents them all, else the
summary sentence that best says what happened in few words; never a sentence cut short.

Titles and sentences are compared in meaning (the support relation's sentence encoder)
with the centre of the event: the titles and the summary together. A title shouted in
capitals is written in sentence case; outlet names after a title ("... - Reuters") go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from newsfuse.evidence.encoder import load_sentence_encoder
from newsfuse.model import Article

MAX_WORDS = 20
"""A headline longer than this is a paragraph; a longer sentence is used only when no
shorter complete one exists."""
_OUTLET_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—:]{2,40}$")
_COMPLETE = re.compile(r"""^[A-Z0-9"“'‘].*[.!?]["'”’)]*$""", re.S)
_TEASER = re.compile(
    r"^(?:well|so|oh|yes|no|now|but|and|also|however|still|here'?s|this is|it'?s|they|he|she|it|"
    r"that|these|this|those|his|her|their)\b",
    re.I,
)
"""Openings of sentences that tease, continue or point back: no headline."""


def headline(articles: Sequence[Article], summary_sentences: Sequence[str]) -> str:
    """The headline for the event these articles report (summarized by ``summary_sentences``)."""
    titles = list(dict.fromkeys(t for a in articles if a.title and (t := _clean_title(a.title))))
    if titles:
        return _closest(titles, titles + list(summary_sentences))
    candidates = [s for s in summary_sentences if _reads_as_headline(s)]
    short = [s for s in candidates if len(s.split()) <= MAX_WORDS]
    if short:
        return _closest(short, list(summary_sentences))
    if candidates:
        return min(candidates, key=lambda s: len(s.split()))
    if summary_sentences:
        return min(summary_sentences, key=lambda s: len(s.split()))
    return articles[0].id if articles else ""


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title.split()) > 4:
        title = _OUTLET_SUFFIX.sub("", title)
    letters = [c for c in title if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        title = title.capitalize()  # "THREE PEOPLE HAVE DIED" -> "Three people have died"
    return title


def _reads_as_headline(sentence: str) -> bool:
    """A complete sentence that does not open with a quotation, by pointing back or teasing."""
    text = " ".join(sentence.split())
    return bool(_COMPLETE.match(text)) and not _TEASER.match(text) and text[0] not in "\"“'‘"


def _closest(options: list[str], event: list[str]) -> str:
    """The option closest in meaning to the centre of ``event``."""
    if len(options) == 1:
        return options[0]
    encoder = load_sentence_encoder()
    centre = encoder.encode(event).mean(axis=0)
    scores = encoder.encode(options) @ centre
    return options[int(np.argmax(scores))]
