"""A headline for an event: the sources' own title that best represents them all, else
the summary's lead or the first summary sentence after it that stands alone; never a
sentence cut at a character count.

Titles are compared in meaning (the support relation's sentence encoder) with the centre
of the event: the titles and the summary together. A title shouted in capitals is written
in sentence case; outlet names after a title ("... - Reuters") go. A long summary sentence
may lose a trailing clause that ends it (", saying ..."), which leaves a whole sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from newsfuse.analyze.quote_marks import QUOTE_MARK
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
_CONNECTIVE = re.compile(
    r"^(?:meanwhile|thus far|so far|most recently|recently|earlier|later|separately|in addition|"
    r"additionally|instead|for example|for instance|as a result|at the same time|elsewhere|"
    r"on the other hand|in other news|nevertheless|nonetheless|moreover|furthermore|similarly|likewise|"
    r"consequently|subsequently|finally|currently|previously|initially|also|again|still)\s*,",
    re.I,
)
"""An opening that ties a sentence to the one before it ("Meanwhile, ...")."""
_TRAILING_CLAUSE = re.compile(
    r",\s+(?:saying|adding|according to|which|who|where|while|as|after|before|but|and|"
    r"amid|despite|following|[a-z]\w*ing)\b"  # "Beijing" and "King" are names, not clauses
)
"""Where a long lead sentence can end early and stay whole ("..., saying the meeting ...")."""
_MIN_KEPT = 6


def headline(articles: Sequence[Article], summary_sentences: Sequence[str]) -> str:
    """The headline for the event these articles report (summarized by ``summary_sentences``)."""
    titles = list(dict.fromkeys(t for a in articles if a.title and (t := _clean_title(a.title))))
    if titles:
        return _closest(titles, titles + list(summary_sentences))
    # The summary's lead, or the first sentence after it that can stand alone, with a
    # trailing clause let go when that makes it short enough.
    candidates = [_main_clause(s) for s in summary_sentences if _reads_as_headline(s)]
    short = [s for s in candidates if len(s.split()) <= MAX_WORDS]
    if short:
        return short[0]
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
    """A complete sentence that quotes no one, and does not open by pointing back, tying
    itself to the sentence before or teasing."""
    text = " ".join(sentence.split())
    return (
        bool(_COMPLETE.match(text))
        and not _TEASER.match(text)
        and not _CONNECTIVE.match(text)
        and not QUOTE_MARK.search(text)
    )


def _main_clause(sentence: str) -> str:
    """A long sentence without its trailing clause, when the words before it number at least
    ``_MIN_KEPT`` ("King Sihanouk has declined requests to chair a summit, saying ..." ->
    "King Sihanouk has declined requests to chair a summit."); else the sentence whole."""
    text = " ".join(sentence.split())
    if len(text.split()) <= MAX_WORDS:
        return text
    for cut in _TRAILING_CLAUSE.finditer(text):
        kept = text[: cut.start()].rstrip()
        # A clause with a comma after it sits inside the sentence ("The bombers, who ...,
        # were identified"): cutting there would leave no verb.
        trailing = "," not in text[cut.end() :]
        if trailing and _MIN_KEPT <= len(kept.split()) <= MAX_WORDS:
            return kept + "."
    return text


def _closest(options: list[str], event: list[str]) -> str:
    """The option closest in meaning to the centre of ``event``."""
    if len(options) == 1:
        return options[0]
    encoder = load_sentence_encoder()
    centre = encoder.encode(event).mean(axis=0)
    scores = encoder.encode(options) @ centre
    return options[int(np.argmax(scores))]
