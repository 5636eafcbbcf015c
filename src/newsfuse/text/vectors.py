"""TF-IDF: the one way newsfuse weighs terms by how rare they are.

``idf`` is the smoothed inverse document frequency every stage uses (sentences within a
summary, articles within a stream). An article's vector is its stemmed content words;
names and numbers (written with a capital inside a sentence, or digits) weigh more,
because they are what tells two earthquakes or two elections apart. Document
frequencies grow with the stream, so no vocabulary has to be known in advance.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.text.tokens import ENGLISH, Lexicon, names_and_numbers, stem, words_and_numbers

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    from numpy.typing import NDArray
    from scipy.sparse import csr_matrix


def idf(documents: int, frequency: float) -> float:
    """Smoothed inverse document frequency of a term found in ``frequency`` of ``documents``
    (the form scikit-learn's ``smooth_idf`` uses): never zero, never infinite."""
    return math.log((documents + 1) / (frequency + 1)) + 1.0


def idf_array(documents: int, frequency: NDArray[np.float64]) -> NDArray[np.float64]:
    """``idf`` of many terms at once."""
    import numpy as np

    result: NDArray[np.float64] = np.log((documents + 1) / (frequency + 1)) + 1.0
    return result


@dataclass(frozen=True, slots=True)
class VectorSettings:
    """How an article's terms are weighed (``settings.ClusteringSettings`` sets them)."""

    name_weight: float = 2.0
    """How much more a name (a capitalised word inside a sentence) or a number counts."""
    title_weight: float = 2.0
    """How much more a word of the headline counts."""
    max_terms: int = 60
    """Only the heaviest terms of an article are kept: enough to place it, cheap to compare."""


def term_counts(
    text: str, title: str | None, settings: VectorSettings, lexicon: Lexicon = ENGLISH
) -> dict[str, float]:
    """Weighted counts of an article's content stems, in the language of ``lexicon``."""
    stopwords, stemming = lexicon.stopwords, lexicon.stemming
    counts: dict[str, float] = {}
    for source, weight in ((title or "", settings.title_weight), (text, 1.0)):
        if not source:
            continue
        words = Counter(words_and_numbers(source))
        boosted = Counter(w.lower() for w in names_and_numbers(source))
        for word, count in words.items():
            if word in stopwords or len(word) < 2:
                continue
            key = stem(word) if stemming else word
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
        return idf(self.documents, self.frequency[term])


def weigh(terms: Mapping[str, float], frequencies: DocumentFrequencies, max_terms: int) -> dict[str, float]:
    """Unit-length TF-IDF vector (log-scaled counts) of the ``max_terms`` heaviest terms."""
    documents, frequency = frequencies.documents, frequencies.frequency
    weights = {t: (1.0 + math.log(c)) * idf(documents, frequency[t]) for t, c in terms.items()}
    if len(weights) > max_terms:
        weights = dict(sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:max_terms])
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


class VectorRows:
    """Term vectors gathered as the rows of one sparse matrix (columns: terms, in order of
    first use), kept compact as they come: a pile of 100,000 articles held as dicts of
    terms would take several times the memory of the text itself."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, int] = {}
        self._columns = array("l")
        self._values = array("d")
        self._ends = array("l", [0])

    def add(self, vector: Mapping[str, float]) -> None:
        for term, weight in vector.items():
            self._columns.append(self._vocabulary.setdefault(term, len(self._vocabulary)))
            self._values.append(weight)
        self._ends.append(len(self._columns))

    @property
    def terms(self) -> list[str]:
        """Each column's term."""
        return list(self._vocabulary)

    def matrix(self) -> csr_matrix:
        import numpy as np
        from scipy.sparse import csr_matrix

        shape = (len(self._ends) - 1, max(len(self._vocabulary), 1))
        # Copies: scipy may sort a matrix's rows in place, and a view of these buffers
        # would then reorder the values kept here but not their columns.
        columns = np.array(self._columns, dtype=np.int64)
        values = np.array(self._values, dtype=np.float64)
        ends = np.array(self._ends, dtype=np.int64)
        return csr_matrix((values, columns, ends), shape=shape, dtype=np.float64)


def as_matrix(vectors: Sequence[Mapping[str, float]]) -> csr_matrix:
    """Term vectors as the rows of one sparse matrix (columns: terms, in order of first use)."""
    rows = VectorRows()
    for vector in vectors:
        rows.add(vector)
    return rows.matrix()
