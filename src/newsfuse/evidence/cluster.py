"""What the evidence relations read of a cluster's sentences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from newsfuse.model import Sentence
from newsfuse.text.tokens import Lexicon


class ClusterSentences(Protocol):
    """A cluster's sentences with their term matrices (``fuse.features.ClusterFeatures``)."""

    @property
    def sentences(self) -> Sequence[Sentence]: ...
    @property
    def article_of(self) -> NDArray[np.int64]: ...
    @property
    def matrices(self) -> Any:
        """``unigrams``, ``binary``, ``normalised`` (sparse), ``unigram_totals``, ``vocabulary``."""

    @property
    def lexicons(self) -> Mapping[str, Lexicon]:
        """Each article's lexicon, by article id."""

    @property
    def varieties(self) -> Sequence[str]:
        """Each sentence's language as texts written alike share it (``Lexicon.variety``)."""

    @property
    def multilingual(self) -> bool:
        """Whether the articles are in more than one language."""

    @property
    def anchors(self) -> Sequence[frozenset[str]]:
        """Each sentence's anchors (``text.anchors``)."""

    @property
    def numeric_anchors(self) -> Sequence[frozenset[str]]:
        """Each sentence's numbers and dates, of its anchors."""

    def quote_overlap(self, index: int) -> dict[int, tuple[float, float]]: ...
