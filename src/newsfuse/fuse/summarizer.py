"""Fuse: one short, non-redundant, cited summary of the clean articles of one event.

The summarizer takes articles that are already clean and uniquely identified (the
pipeline reads and cleans them), with the copies found among them: a copy is listed but
adds no evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from newsfuse.errors import NewsfuseError, NothingToSummarizeError, TooManySentencesError
from newsfuse.evidence.relation import Evidence, cite
from newsfuse.evidence.sources import independent_sources, report_of, same_reports
from newsfuse.evidence.support import SupportRule
from newsfuse.fuse.algorithms import Algorithm, build_algorithm
from newsfuse.fuse.concept_model import load_concept_model
from newsfuse.fuse.features import CandidateRules, ClusterFeatures
from newsfuse.fuse.introductions import People, introduce_first, people_of, unintroduced
from newsfuse.fuse.order import reading_order
from newsfuse.fuse.search import SelectionInput
from newsfuse.model import Budget, CleanedArticle, Conflict, Copy, Problem, Sentence, Summary, SummarySentence
from newsfuse.segment import split_sentences
from newsfuse.settings import Settings, load_settings
from newsfuse.text.fingerprint import exact_copies


class Summarizer:
    """A configured summarizer for reuse; ``newsfuse.summarize()`` is the one-call form."""

    def __init__(self, settings: Settings | None = None, *, algorithm: Algorithm | None = None) -> None:
        """``algorithm`` replaces the configured one (e.g. one holding a model in memory)."""
        self.settings = settings if settings is not None else load_settings()
        self.algorithm = algorithm

    def summarize(
        self,
        cleaned: Sequence[CleanedArticle],
        *,
        copies: Sequence[Copy] = (),
        problems: Sequence[Problem] = (),
    ) -> Summary:
        """Summarize clean articles (unique ids) within the configured budget. Exact copies
        among them are found here too; ``copies`` adds those found before (near copies)."""
        if not cleaned:
            raise NothingToSummarizeError("no usable article in the input", problems=problems)
        articles = tuple(c.article for c in cleaned)
        if len({a.id for a in articles}) != len(articles):
            raise NewsfuseError("article ids must be unique in one summary")
        summary_settings = self.settings.summary
        algorithm = self.algorithm or self._configured_algorithm()
        copies = exact_copies(articles, copies)
        copy_ids = {c.copy_id for c in copies}
        originals = [a for a in articles if a.id not in copy_ids]
        sentences: list[Sentence] = []
        for article in originals:  # the cap is checked as sentences come, not after all of them
            sentences += split_sentences(article)
            if len(sentences) > summary_settings.max_sentences:
                raise TooManySentencesError(
                    f"more than {summary_settings.max_sentences} sentences, the most one summary takes "
                    "(max_sentences); summarize one event at a time"
                )
        features = ClusterFeatures(originals, sentences)
        rule = SupportRule.from_settings(self.settings.support)
        budget = summary_settings.budget
        task = SelectionInput(
            features=features,
            candidates=_candidates(features, self.settings),
            related=lambda i: rule.related(features, i)[0],
            related_among=lambda indices: rule.related_among(features, indices),
            budget=budget,
        )
        chosen, order = _select_introducing_people(algorithm, task)
        evidence = Evidence(features)
        same = same_reports(articles, copies)
        reports = report_of(copies, same)
        summary_sentences: list[SummarySentence] = []
        conflicts: list[Conflict] = []
        for i in order:
            citations, disagreements = cite(evidence, i)
            sentence = features.sentences[i]
            summary_sentences.append(
                SummarySentence(
                    sentence.text,
                    sentence,
                    citations,
                    round(chosen[i], 6),
                    independent_sources(citations, reports),
                )
            )
            conflicts += disagreements
        return Summary(
            sentences=tuple(summary_sentences),
            articles=articles,
            algorithm=algorithm.name,
            budget=budget,
            cleaning=tuple(cleaned),
            problems=tuple(problems),
            copies=tuple(copies),
            conflicts=tuple(conflicts),
            same_reports=same,
            settings=self._record(algorithm),
        )

    def _configured_algorithm(self) -> Algorithm:
        summary = self.settings.summary
        model = load_concept_model(summary.concept_model) if summary.concept_model is not None else None
        return build_algorithm(summary.algorithm, summary.algorithm_options, model=model)

    def _record(self, algorithm: Algorithm) -> dict[str, Any]:
        return {**self.settings.to_dict(), "algorithm": algorithm.describe()}


INTRODUCTION_ROUNDS = 3
"""How many sentences naming someone not introduced are mended before the rest are left out."""


def _select_introducing_people(
    algorithm: Algorithm, task: SelectionInput
) -> tuple[dict[int, float], list[int]]:
    """The chosen sentences (index -> score) in reading order, every person a sentence names
    introduced by it or by one before it. A sentence that introduces someone moves up; when
    no chosen sentence does, the cluster's best introduction of that person is brought in
    and the rest of the budget chosen again around the two; failing that, the sentence is
    replaced."""
    features = task.features
    texts = [s.text for s in features.sentences]
    people = people_of(texts)
    kept: dict[int, float] = {}  # sentences brought in, or kept with their introduction
    excluded = np.zeros(len(texts), dtype=bool)
    chosen = {s.index: s.score for s in algorithm.select(task)}
    for _ in range(INTRODUCTION_ROUNDS):
        order = introduce_first(reading_order(list(chosen), features), texts, people)
        missing = unintroduced([texts[i] for i in order], people)
        position = next((p for p, names in enumerate(missing) if names), None)
        if position is None:
            return chosen, order
        unfit = order[position]
        introduction = _introduction(task, people, missing[position], unfit, excluded)
        if introduction is not None and _fits(task, [*kept, unfit, introduction]):
            kept |= {unfit: chosen[unfit], introduction: 0.0}
        else:
            excluded[unfit] = True
            kept.pop(unfit, None)
        chosen = {**kept, **_select_around(algorithm, task, list(kept), excluded)}
    order = introduce_first(reading_order(list(chosen), features), texts, people)
    missing = unintroduced([texts[i] for i in order], people)
    fit = [i for i, names in zip(order, missing, strict=True) if not names] or order
    return {i: chosen[i] for i in fit}, fit


def _introduction(
    task: SelectionInput, people: People, names: set[str], unfit: int, excluded: np.ndarray
) -> int | None:
    """The candidate sentence that introduces ``names`` as the unfit sentence's own article
    does, if it can: from that article, the earliest, then the shortest."""
    features = task.features
    sentences = features.sentences
    article = sentences[unfit].article_id
    found = [
        i
        for i in np.flatnonzero(task.candidates & ~excluded).tolist()
        if i != unfit and names <= people.introduced_in(sentences[i].text)
    ]
    if not found:
        return None
    return min(
        found, key=lambda i: (sentences[i].article_id != article, sentences[i].index, features.words[i])
    )


def _fits(task: SelectionInput, sentences: list[int]) -> bool:
    budget = task.budget
    if budget.words is not None:
        return int(task.features.words[sentences].sum()) <= budget.words
    return len(sentences) <= (budget.sentences or 0)


def _select_around(
    algorithm: Algorithm, task: SelectionInput, kept: list[int], excluded: np.ndarray
) -> dict[int, float]:
    """The best sentences for what the budget leaves beside ``kept``, none related to them."""
    budget = task.budget
    if budget.words is not None:
        room = budget.words - int(task.features.words[kept].sum())
    else:
        room = (budget.sentences or 0) - len(kept)
    if room < 1:
        return {}  # the kept sentences fill the budget (a Budget of 0 would be refused)
    left = Budget(words=room) if budget.words is not None else Budget(sentences=room)
    candidates = task.candidates & ~excluded
    for index in kept:
        candidates[index] = False
        candidates[task.related(index)] = False
    return {s.index: s.score for s in algorithm.select(replace(task, candidates=candidates, budget=left))}


def _candidates(features: ClusterFeatures, settings: Settings) -> np.ndarray:
    """Sentences fit to stand in a summary; when none fits the budget, any sentence that does."""
    summary = settings.summary
    rules = CandidateRules(summary.min_sentence_words, summary.max_sentence_words)
    candidates = np.array(
        [features.is_candidate(i, rules) for i in range(len(features.sentences))], dtype=bool
    )
    limit = summary.budget.words
    fits = features.words <= limit if limit is not None else np.ones(len(candidates), dtype=bool)
    if not (candidates & fits).any():
        has_content = np.array([bool(t.content) for t in features.terms], dtype=bool)
        candidates = has_content & fits
    return candidates
