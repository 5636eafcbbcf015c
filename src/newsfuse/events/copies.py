"""Copies: syndicated and lightly edited versions of one story.

Exact copies (the same words: ``text.fingerprint``) are caught by their fingerprint.
Near copies are compared by MinHash signatures of their 5-word shingles (datasketch),
indexed with locality-sensitive hashing, so each new article is checked against all
earlier ones in constant time.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from functools import cache
from typing import Any

from newsfuse.model import Article, Copy
from newsfuse.text.fingerprint import NO_WORDS, words_fingerprint
from newsfuse.text.tokens import tokens, word_runs

SHINGLE_WORDS = 5
NUM_PERM = 64


class NearDuplicateIndex:
    """Remembers texts; ``add`` tells which earlier text a new one copies, if any."""

    def __init__(self, threshold: float = 0.8, *, seed: int = 1) -> None:
        self.threshold = threshold
        self.seed = seed
        self._fingerprints: dict[str, str] = {}
        self._signed: set[str] = set()
        self._lsh: Any = None

    def add(self, article_id: str, text: str) -> Copy | None:
        words = tokens(text)
        if not words:
            return None  # no words: nothing to be a copy of
        fingerprint = words_fingerprint(words)
        original = self._fingerprints.get(fingerprint)
        if original is not None:
            return Copy(article_id, original, "exact")
        self._fingerprints[fingerprint] = article_id
        if len(words) < MIN_SIGNED_WORDS:
            return None  # too short for shingles to mean anything; exact copies only
        signature = minhash(words, self.seed)
        matches = sorted(self._index().query(signature))
        self._index().insert(article_id, signature)
        self._signed.add(article_id)
        return Copy(article_id, matches[0], "near") if matches else None

    def remember(self, article_id: str, fingerprint: str) -> None:
        """Recognise exact copies of a text known only by its ``text_fingerprint`` (an
        article of a closed event, restored from storage)."""
        if fingerprint != NO_WORDS:
            self._fingerprints.setdefault(fingerprint, article_id)

    def forget(self, article_id: str) -> None:
        """Stop matching new texts against this one for near copies (its event has closed),
        which keeps a long stream's index small. Exact copies are still recognised: their
        fingerprints are small and are kept."""
        self._signed.discard(article_id)
        if self._lsh is not None and article_id in self._lsh:
            self._lsh.remove(article_id)

    def __len__(self) -> int:
        """How many texts are remembered for near copies."""
        return len(self._signed)

    def _index(self) -> Any:
        if self._lsh is None:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)
        return self._lsh


MIN_SIGNED_WORDS = SHINGLE_WORDS * 2
"""Shorter texts are matched as exact copies only."""


@cache
def _template(seed: int) -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=seed, hashfunc=_crc32)


def minhash(words: list[str], seed: int = 1) -> Any:
    """The MinHash signature of a text's 5-word shingles (``words``: its ``tokens``)."""
    from datasketch import MinHash

    template = _template(seed)
    signature = MinHash(
        num_perm=NUM_PERM, permutations=template.permutations, scheme=template.scheme, hashfunc=_crc32
    )
    signature.update_batch([s.encode() for s in word_runs(words, SHINGLE_WORDS)])
    return signature


@cache
def band_shape(threshold: float) -> tuple[int, int]:
    """How the index cuts a signature for ``threshold``: bands, and values per band."""
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return index.b, index.r


def band_keys(words: list[str], threshold: float, seed: int = 1) -> list[int]:
    """The keys under which the index files a text (one per band, the band's number in
    it): two texts are candidate copies when they share one. Empty for a text too short
    to sign."""
    if len(words) < MIN_SIGNED_WORDS:
        return []
    bands, rows = band_shape(threshold)
    values = minhash(words, seed).hashvalues
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(values[band * rows : (band + 1) * rows].tobytes(), digest_size=7).digest()
        keys.append(band << 56 | int.from_bytes(digest, "big"))
    return keys


def _crc32(data: bytes) -> int:
    """A fast, deterministic 32-bit hash of a shingle (SHA-1 costs more and adds nothing here)."""
    return zlib.crc32(data)


def find_copies(articles: Iterable[Article], threshold: float = 0.8) -> list[Copy]:
    """Every article that copies an earlier one, exactly or nearly."""
    index = NearDuplicateIndex(threshold)
    return [copy for article in articles if (copy := index.add(article.id, article.text)) is not None]
