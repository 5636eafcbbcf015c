"""ROUGE as the literature reports it: n-gram overlap, summaries cut to a word limit.

Scores come from rouge-score-rs, which reproduces Google's rouge-score exactly and is much
faster. With several references, a cluster's score is the mean over its references.

How text becomes tokens (``TOKENS``): ``stemmed`` is rouge-score's own (ASCII letters and
digits, Porter-stemmed), the convention of English benchmarks; it drops every letter with a
diacritic, so Vietnamese is scored by ``syllables`` (lowercased runs of word characters, no stemming:
a Vietnamese syllable is written as a word) or by ``words`` (underthesea's word
segmentation: "Hà Nội" is one token).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsfuse.ingest.benchmark import BenchmarkCluster

METRICS = ("rouge1", "rouge2", "rougeL")
MEASURES = ("recall", "f1")
TOKENS = ("stemmed", "syllables", "words")


def truncate_words(text: str, words: int) -> str:
    """The first ``words`` whitespace-separated words of ``text`` (DUC's length limit)."""
    return " ".join(text.split()[:words])


@dataclass(frozen=True, slots=True)
class ClusterScore:
    """One summary's ROUGE against a cluster's references: ``values[(metric, measure)]``."""

    values: dict[tuple[str, str], float]


class RougeScorer:
    """ROUGE with each of ``tokens`` (``TOKENS``): the first gives the metrics their plain
    names ("rouge2"), each further one its own ("rouge2_words")."""

    def __init__(self, metrics: Sequence[str] = METRICS, tokens: Sequence[str] = ("stemmed",)) -> None:
        unknown = [t for t in tokens if t not in TOKENS]
        if unknown or not tokens:
            from newsfuse.errors import ConfigError

            raise ConfigError(f"unknown ROUGE tokens {unknown}; known: {', '.join(TOKENS)}")
        self.tokens = tuple(tokens)
        self.base_metrics = tuple(metrics)
        named = [(n, kind, metric) for n, kind in enumerate(self.tokens) for metric in metrics]
        self.metrics = tuple(metric if n == 0 else f"{metric}_{kind}" for n, kind, metric in named)
        self._scorers: list[Any] = []

    def score(self, references: Sequence[str], summary: str) -> ClusterScore:
        if not self._scorers:
            self._scorers = [_make_scorer(self.base_metrics, kind) for kind in self.tokens]
        totals = {(m, measure): 0.0 for m in self.metrics for measure in MEASURES}
        names = iter(self.metrics)
        for scorer in self._scorers:
            named = [(metric, next(names)) for metric in self.base_metrics]
            for reference in references:
                scores = scorer.score(reference, summary)
                for metric, name in named:
                    totals[(name, "recall")] += scores[metric].recall
                    totals[(name, "f1")] += scores[metric].fmeasure
        count = max(len(references), 1)
        return ClusterScore({key: value / count for key, value in totals.items()})


def default_tokens(clusters: Sequence[BenchmarkCluster]) -> tuple[str, ...]:
    """Stemmed tokens for an English benchmark; syllables, then words, for a Vietnamese one
    (as its first cluster's first document reads)."""
    from newsfuse.text.language import detect_language

    first = clusters[0].documents[0] if clusters and clusters[0].documents else ""
    return ("syllables", "words") if detect_language(first) == "vi" else ("stemmed",)


class SyllableTokens:
    """Lowercased runs of word characters of the NFC text, no stemming."""

    def tokenize(self, text: str) -> list[str]:
        return _WORD_RUN.findall(unicodedata.normalize("NFC", text).lower())


class SegmentedWords:
    """underthesea's words (syllables of one word joined by "_"), lowercased, punctuation dropped."""

    def tokenize(self, text: str) -> list[str]:
        from underthesea import word_tokenize

        words = word_tokenize(unicodedata.normalize("NFC", text))
        return [w.lower().replace(" ", "_") for w in words if _WORD_RUN.search(w)]


_WORD_RUN = re.compile(r"\w+")


def _make_scorer(metrics: Sequence[str], tokens: str) -> Any:
    import importlib

    tokenizer = {"syllables": SyllableTokens, "words": SegmentedWords}.get(tokens)
    for module in ("rouge_score_rs.rouge_scorer", "rouge_score.rouge_scorer"):
        try:  # the second, slower reference implementation gives the same numbers
            scorer_module: Any = importlib.import_module(module)
        except ImportError:
            continue
        if tokenizer is None:
            return scorer_module.RougeScorer(list(metrics), use_stemmer=True)
        return scorer_module.RougeScorer(list(metrics), tokenizer=tokenizer())
    from newsfuse.errors import ConfigError

    raise ConfigError("evaluation needs a ROUGE scorer: pip install 'newsfuse[eval]' (rouge-score-rs)")
