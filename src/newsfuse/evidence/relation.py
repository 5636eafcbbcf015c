"""Does a sentence of another article support a summary sentence, in part, not at all, or
contradict it?

Four labels, decided in two steps. Learned models (``models/support.json``, logistic
regressions trained on the hand-labelled pairs of ``benchmarks/gold``) give the probability
that the pair reports the same fact, and whether all of it or a part. The first reads
lexical signals of every candidate pair: TF-IDF similarity, how much of each sentence's
content the other holds (all of it, and beyond names and attribution words, since two
sentences that share only "Prime Minister Hun Sen said" report nothing in common), shared
quotations, numbers given by one and missing from the other, and a negation on one side
only. For each other article, its likeliest sentence is then judged again with what the
two sentences mean as well (``evidence.encoder``), which tells paraphrases from pairs that
merely share words. Last, the value rules of ``evidence.conflicts`` turn a same-fact pair
whose values cannot both be true into CONFLICTS: never cited, shown side by side.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from functools import cache, cached_property
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from newsfuse.evidence.cluster import ClusterSentences
from newsfuse.evidence.conflicts import conflict, polarity_conflict
from newsfuse.evidence.encoder import load_sentence_encoder
from newsfuse.evidence.languages import translations
from newsfuse.evidence.quantities import quantities
from newsfuse.model import Citation, Conflict, Sentence
from newsfuse.text.tokens import capitalised, stem, words_and_numbers

WORD_FEATURES = (
    "similarity",
    "coverage of the claim",
    "coverage of the other",
    "plain coverage of the claim",
    "plain coverage of the other",
    "shared quotation",
    "claim numbers missing",
    "numbers shared",
    "negation on one side",
    "claim length",
    "other length",
)
"""The lexical signals, in the order of the word model's weights."""
FEATURES = (*WORD_FEATURES, "meaning similarity")
"""The signals of the model that also reads meaning, in the order of its weights."""
OPEN = (0.35, 0.9)
"""The word-model probabilities between which a pair is judged again with its meaning:
below, the words alone say it reports another fact; above, the same one. (On the 1,075
training pairs, cross-validated, a lower edge anywhere from 0.2 to 0.35 cites the same
pairs; 0.35 asks the sentence encoder about a quarter fewer.)"""

ATTRIBUTION = frozenset(
    "said say says saying told tell according report reported reports reporting added adds "
    "quoted statement statements spokesman spokeswoman spokesperson official officials "
    "agency news press sources source announced announce confirmed".split()
)
"""Words that say who said something, not what happened."""
SAME_QUOTE = 0.6
"""The IDF-weighted share of a quotation's words another must quote for the two to be one
quote (all 16 gold pairs above it support each other)."""
_NEGATIONS = frozenset("not never no cannot neither nor without".split())


class Label(Enum):
    SUPPORTS = "supports"
    PARTIAL = "partial"
    CONFLICTS = "conflicts"
    UNRELATED = "unrelated"


@dataclass(frozen=True, slots=True)
class Judgement:
    """What sentence ``other`` is to a claim."""

    other: int
    label: Label
    confidence: float
    """The model's probability that ``other`` reports the claim's fact (all or a part)."""
    detail: str | None = None
    """For CONFLICTS: what differs ("people: 14 against 12")."""


@dataclass(frozen=True, slots=True)
class SupportModel:
    """Two logistic regressions over ``features``: same fact or not, all of it or a part."""

    features: tuple[str, ...]
    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    same_fact: NDArray[np.float64]
    """Weights, intercept last: does the other sentence report the claim's fact?"""
    whole: NDArray[np.float64]
    """Weights, intercept last: given that it does, does it report all of it?"""
    cite_threshold: float
    """The least same-fact probability for a citation (chosen so that precision weighs
    twice as much as recall: a false citation misleads)."""
    same_threshold: float
    """The least same-fact probability at which a difference in value is a conflict
    (chosen for balanced precision and recall: a conflict shows both sides)."""

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SupportModel:
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            same_fact=np.asarray(data["same_fact"], dtype=np.float64),
            whole=np.asarray(data["whole"], dtype=np.float64),
            cite_threshold=float(data["cite_threshold"]),
            same_threshold=float(data["same_threshold"]),
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "same_fact": self.same_fact.tolist(),
            "whole": self.whole.tolist(),
            "cite_threshold": self.cite_threshold,
            "same_threshold": self.same_threshold,
        }

    def probabilities(self, signals: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Per row: P(same fact) and P(all of it | same fact)."""
        scaled = (signals - self.mean) / self.scale
        return _logistic(scaled @ self.same_fact[:-1] + self.same_fact[-1]), _logistic(
            scaled @ self.whole[:-1] + self.whole[-1]
        )


@dataclass(frozen=True, slots=True)
class SupportModels:
    words: SupportModel
    """Over ``WORD_FEATURES``: judges every candidate pair."""
    meaning: SupportModel
    """Over ``FEATURES``: judges again each other article's likeliest sentence."""


@cache
def load_support_models() -> SupportModels:
    """The shipped models (written by ``benchmarks/train_support.py``)."""
    text = resources.files("newsfuse").joinpath("models/support.json").read_text(encoding="utf-8")
    data = json.loads(text)
    models = SupportModels(SupportModel.from_data(data["words"]), SupportModel.from_data(data["meaning"]))
    if models.words.features != WORD_FEATURES or models.meaning.features != FEATURES:
        raise ValueError("the support models were trained on other features")
    return models


class Evidence:
    """The relation over one cluster: which sentences support, partly support or contradict
    a claim. Built once per cluster; each claim costs one sparse row product."""

    def __init__(self, features: ClusterSentences, models: SupportModels | None = None) -> None:
        self.features = features
        self._models = models
        self._vectors: dict[int, NDArray[np.float32]] = {}

    @cached_property
    def models(self) -> SupportModels:
        return self._models or load_support_models()

    def closeness(self, claim: int, others: NDArray[np.int64]) -> NDArray[np.float64]:
        """How close in meaning each of ``others`` is to ``claim`` (cosine of their
        encodings; each sentence is encoded once per cluster)."""
        wanted = [i for i in dict.fromkeys([claim, *others.tolist()]) if i not in self._vectors]
        if wanted:
            encoded = load_sentence_encoder().encode([self.features.sentences[i].text for i in wanted])
            self._vectors.update(zip(wanted, encoded, strict=True))
        claim_vector = self._vectors[claim]
        return np.array([float(self._vectors[i] @ claim_vector) for i in others.tolist()])

    @cached_property
    def _plain(self) -> Any:
        """The content-word weights without names and attribution words."""
        m = self.features.matrices
        names = {stem(word.lower()) for s in self.features.sentences for word in capitalised(s.text)}
        keep = np.ones(m.unigrams.shape[1], dtype=np.float64)
        for word, column in m.vocabulary.items():
            if word in names or word in _ATTRIBUTION_STEMS:
                keep[column] = 0.0
        plain = m.unigrams.multiply(keep[None, :]).tocsr()
        totals = np.asarray(plain.sum(axis=1), dtype=np.float64).ravel()
        return plain, m.binary.multiply(keep[None, :]).tocsr(), np.where(totals > 0, totals, 1.0)

    def signals(
        self, claim: int, others: NDArray[np.int64] | None = None
    ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """``others`` (by default the sentences of other articles that share a content word
        with ``claim``) and their ``WORD_FEATURES``."""
        m = self.features.matrices
        shared = np.asarray((m.binary @ m.unigrams[claim].T).toarray()).ravel()
        if others is None:
            other_article = self.features.article_of != self.features.article_of[claim]
            candidates = np.flatnonzero((shared > 0) & other_article)
        else:
            candidates = np.asarray(others, dtype=np.int64)
        if not len(candidates):
            return candidates, np.zeros((0, len(WORD_FEATURES)))
        similarity = np.asarray((m.normalised[candidates] @ m.normalised[claim].T).toarray()).ravel()
        plain, plain_binary, plain_totals = self._plain
        plain_shared = np.asarray((plain_binary[candidates] @ plain[claim].T).toarray()).ravel()
        quotes = self.features.quote_overlap(claim)
        claim_text = self.features.sentences[claim].text
        claim_values = quantities(claim_text, self.language(claim)).values
        claim_negated = _negated(claim_text)
        rows = np.zeros((len(candidates), len(WORD_FEATURES)))
        rows[:, 0] = similarity
        rows[:, 1] = shared[candidates] / m.unigram_totals[claim]
        rows[:, 2] = shared[candidates] / m.unigram_totals[candidates]
        rows[:, 3] = plain_shared / plain_totals[claim]
        rows[:, 4] = plain_shared / plain_totals[candidates]
        for row, other in enumerate(candidates.tolist()):
            text = self.features.sentences[other].text
            rows[row, 5] = max(quotes.get(other, (0.0, 0.0)))
            values = quantities(text, self.language(other)).values
            rows[row, 6] = len(claim_values - values) / len(claim_values) if claim_values else 0.0
            rows[row, 7] = min(len(claim_values & values), 3)
            rows[row, 8] = float(claim_negated != _negated(text))
        rows[:, 9] = np.log1p(m.unigram_totals[claim])
        rows[:, 10] = np.log1p(m.unigram_totals[candidates])
        return candidates, rows

    def judge(self, claim: int, others: NDArray[np.int64] | None = None) -> list[Judgement]:
        """Every sentence of another article (or of ``others``) that reports the claim's
        fact, in whole or part, or contradicts it; best first."""
        candidates, rows = self.signals(claim, others)
        if not len(candidates):
            return []
        words, meaning = self.models.words, self.models.meaning
        same, whole = words.probabilities(rows)
        judged_by = [words] * len(candidates)
        again = self._open_likeliest(candidates, same)
        if len(again):  # the sentence encoder reads English only: other pairs keep their words' verdict
            english = self.language(claim) == "en"
            again = again[[english and self.language(int(candidates[p])) == "en" for p in again.tolist()]]
        if len(again):
            closeness = self.closeness(claim, candidates[again])
            same[again], whole[again] = meaning.probabilities(np.column_stack([rows[again], closeness]))
            for position in again.tolist():
                judged_by[position] = meaning
        claim_text = self.features.sentences[claim].text
        judgements = []
        for other, row, p_same, p_whole, model in zip(
            candidates.tolist(), rows, same, whole, judged_by, strict=True
        ):
            text = self.features.sentences[other].text
            languages = (self.language(claim), self.language(other))
            found = decide(claim_text, text, float(p_same), float(p_whole), float(row[5]), model, languages)
            if found is not None:
                label, confidence, detail = found
                judgements.append(Judgement(other, label, confidence, detail))
        judgements.sort(key=lambda j: (-j.confidence, j.other))
        return judgements

    def _open_likeliest(self, candidates: NDArray[np.int64], same: NDArray[np.float64]) -> NDArray[np.int64]:
        """Positions of each other article's likeliest candidate, if the words leave it open."""
        low, high = OPEN
        seen: set[int] = set()
        chosen = []
        for position in np.argsort(-same, kind="stable").tolist():
            if same[position] < low:
                break
            article = int(self.features.article_of[candidates[position]])
            if article not in seen:
                seen.add(article)
                if same[position] <= high:
                    chosen.append(position)
        return np.asarray(chosen, dtype=np.int64)

    def language(self, sentence: int) -> str:
        """The language of a sentence's article ("en" or "vi")."""
        return self.features.lexicons[self.features.sentences[sentence].article_id].language

    def label(self, claim: int, other: int) -> Label:
        """What sentence ``other`` is to ``claim``."""
        found = self.judge(claim, np.array([other]))
        return found[0].label if found else Label.UNRELATED


def decide(
    claim: str,
    other: str,
    same: float,
    whole: float,
    quote_share: float,
    model: SupportModel,
    languages: tuple[str, str] = ("en", "en"),
) -> tuple[Label, float, str | None] | None:
    """The label, confidence and conflict detail for a pair ``model`` scored ``same`` (the
    probability of one fact) and ``whole`` (of all of it), or None when unrelated; the two
    sentences are in ``languages``."""
    one_quote = quote_share >= SAME_QUOTE
    if one_quote:
        # One quotation rendered two ways (as translations do) is one fact, whatever the
        # sentences around it say; the model, learning from few quotes, does not know that.
        same = max(same, quote_share)
    if same < model.same_threshold and not one_quote:
        return None
    claim_values, other_values = quantities(claim, languages[0]), quantities(other, languages[1])
    detail = conflict(claim_values, other_values) or polarity_conflict(claim, other)
    if detail is not None:
        return Label.CONFLICTS, round(same, 4), detail
    if same < model.cite_threshold and not one_quote:
        return None
    # A sentence that leaves out a number the claim gives reports only part of it.
    reports_all = whole >= 0.5 and claim_values.values <= other_values.values
    return (Label.SUPPORTS if reports_all else Label.PARTIAL), round(same, 4), None


_ATTRIBUTION_STEMS = frozenset(stem(word) for word in ATTRIBUTION)


def _negated(text: str) -> bool:
    return any(w in _NEGATIONS or w.endswith(("n't", "n’t")) for w in words_and_numbers(text))


def _logistic(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def cite(evidence: Evidence, claim: int) -> tuple[tuple[Citation, ...], tuple[Conflict, ...]]:
    """The claim's own sentence first, then for each other article its sentence most likely
    to report the claim's fact (all or a part); and, for each other article that gives a
    value that cannot also be true, that conflict."""
    sentences = evidence.features.sentences
    origin = sentences[claim]
    own = _citation(origin, "origin", 1.0)
    article_of = evidence.features.article_of
    best: dict[int, Judgement] = {}
    disagreeing: dict[int, Judgement] = {}
    for judgement in evidence.judge(claim):
        article = int(article_of[judgement.other])
        chosen = disagreeing if judgement.label is Label.CONFLICTS else best
        chosen.setdefault(article, judgement)  # judgements come best first
    citations = [own] + [
        _citation(sentences[j.other], j.label.value, j.confidence)
        for j in sorted(best.values(), key=lambda j: (-j.confidence, j.other))
    ]
    # Articles in another language: their sentence that gives the same names, numbers and
    # dates (the likeliest, by the share of anchors in common), unless its words already
    # cited or disputed one.
    rendered: dict[int, tuple[int, float]] = {}
    for other, share in translations(evidence.features, claim):
        article = int(article_of[other])
        if article not in best and article not in disagreeing and share > rendered.get(article, (0, 0.0))[1]:
            rendered[article] = (other, share)
    citations += [
        _citation(sentences[other], "translated", round(share, 4))
        for other, share in sorted(rendered.values(), key=lambda item: (-item[1], item[0]))
    ]
    conflicts = [
        Conflict(own, _citation(sentences[j.other], j.label.value, j.confidence), j.detail or "")
        for article, j in sorted(disagreeing.items(), key=lambda item: (-item[1].confidence, item[0]))
        # An article with another sentence that reports all of the claim gives its value too;
        # one that reports only a part can still disagree on the value.
        if article not in best or best[article].label is not Label.SUPPORTS
    ]
    return tuple(citations), tuple(conflicts)


def _citation(sentence: Sentence, kind: str, confidence: float) -> Citation:
    return Citation(sentence.article_id, sentence.start, sentence.end, sentence.text, kind, confidence)
