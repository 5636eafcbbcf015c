"""An article as a weighted bag of words for comparing it with events.

Words are stemmed content words; names and numbers (written with a capital inside a
sentence, or digits) weigh more, because they are what tells two earthquakes or two
elections apart. Inverse document frequencies grow with the stream, so no vocabulary has
to be known in advance.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.terms import STOPWORDS, stem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scipy.sparse import csr_matrix

# A number keeps its decimal point and thousands separators ("6.1", "1,400").
_NUMBER = r"\d+(?:[.,]\d+)*"
_WORD = re.compile(_NUMBER + r"|[^\W_]+(?:['’][^\W_]+)?")
# A name: a capitalised word inside a sentence (after a word, comma, or closing bracket);
# or a number.
_NAME_OR_NUMBER = re.compile(r"(?<=[\w,;)’'-] )[A-Z][^\W_]*(?:['’][^\W_]+)?|\b" + _NUMBER)


@dataclass(frozen=True, slots=True)
class VectorSettings:
    name_weight: float = 2.0
    """How much more a name (a capitalised word inside a sentence) or a number counts."""
    title_weight: float = 2.0
    """How much more a word of the headline counts."""
    max_terms: int = 60
    """Only the heaviest terms of an article are kept: enough to place it, cheap to compare."""


def term_counts(text: str, title: str | None, settings: VectorSettings) -> dict[str, float]:
    """Weighted counts of an article's content stems."""
    counts: dict[str, float] = {}
    for source, weight in ((title or "", settings.title_weight), (text, 1.0)):
        if not source:
            continue
        words = Counter(_WORD.findall(source.lower()))
        boosted = Counter(w.lower() for w in _NAME_OR_NUMBER.findall(source))
        for word, count in words.items():
            if word in STOPWORDS or len(word) < 2:
                continue
            key = stem(word)
            extra = boosted.get(word, 0) * (settings.name_weight - 1.0)
            counts[key] = counts.get(key, 0.0) + weight * (count + extra)
    return counts


class DocumentFrequencies:
    """Document frequencies of terms over the articles seen so far."""

    def __init__(self) -> None:
        self.documents = 0
        self.frequency: Counter[str] = Counter()

    def add(self, terms: Mapping[str, float]) -> None:
        self.documents += 1
        self.frequency.update(terms.keys())

    def idf(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.frequency[term] + 1)) + 1.0


def weigh(terms: Mapping[str, float], frequencies: DocumentFrequencies, max_terms: int) -> dict[str, float]:
    """Unit-length TF-IDF vector (log-scaled counts) of the ``max_terms`` heaviest terms."""
    weights = {t: (1.0 + math.log(c)) * frequencies.idf(t) for t, c in terms.items()}
    if len(weights) > max_terms:
        weights = dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:max_terms])
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def as_matrix(vectors: Sequence[Mapping[str, float]]) -> csr_matrix:
    """Term vectors as the rows of one sparse matrix (columns: terms, in order of first use)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, vector in enumerate(vectors):
        for term, weight in vector.items():
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(weight)
    shape = (len(vectors), max(len(vocabulary), 1))
    return csr_matrix((values, (rows, columns)), shape=shape, dtype=np.float64)
