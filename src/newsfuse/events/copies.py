"""Copies: syndicated and lightly edited versions of one story.

Exact copies (the same words: ``text.fingerprint``) are caught by their fingerprint.
Near copies are compared by MinHash signatures of their 5-word shingles (datasketch),
indexed with locality-sensitive hashing, so each new article is checked against all
earlier ones in constant time.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
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
        self._template: Any = None

    def add(self, article_id: str, text: str) -> Copy | None:
        words = tokens(text)
        if not words:
            return None  # no words: nothing to be a copy of
        fingerprint = words_fingerprint(words)
        original = self._fingerprints.get(fingerprint)
        if original is not None:
            return Copy(article_id, original, "exact")
        self._fingerprints[fingerprint] = article_id
        if len(words) < SHINGLE_WORDS * 2:
            return None  # too short for shingles to mean anything; exact copies only
        signature = self._signature(words)
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

    def _signature(self, words: list[str]) -> Any:
        from datasketch import MinHash

        if self._template is None:
            self._template = MinHash(num_perm=NUM_PERM, seed=self.seed, hashfunc=_crc32)
        signature = MinHash(
            num_perm=NUM_PERM,
            permutations=self._template.permutations,
            scheme=self._template.scheme,
            hashfunc=_crc32,
        )
        shingles = word_runs(words, SHINGLE_WORDS)
        signature.update_batch([s.encode() for s in shingles])
        return signature

    def _index(self) -> Any:
        if self._lsh is None:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)
        return self._lsh


def _crc32(data: bytes) -> int:
    """A fast, deterministic 32-bit hash of a shingle (SHA-1 costs more and adds nothing here)."""
    return zlib.crc32(data)


def find_copies(articles: Iterable[Article], threshold: float = 0.8) -> list[Copy]:
    """Every article that copies an earlier one, exactly or nearly."""
    index = NearDuplicateIndex(threshold)
    return [copy for article in articles if (copy := index.add(article.id, article.text)) is not None]
