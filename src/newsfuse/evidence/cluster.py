"""What the evidence relations read of a cluster's sentences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from newsfuse.model import Sentence


class ClusterSentences(Protocol):
    """A cluster's sentences with their term matrices (``fuse.features.ClusterFeatures``)."""

    @property
    def sentences(self) -> Sequence[Sentence]: ...
    @property
    def article_of(self) -> NDArray[np.int64]: ...
    @property
    def matrices(self) -> Any:
        """``unigrams``, ``binary``, ``normalised`` (sparse), ``unigram_totals``, ``vocabulary``."""

    def quote_overlap(self, index: int) -> dict[int, tuple[float, float]]: ...
