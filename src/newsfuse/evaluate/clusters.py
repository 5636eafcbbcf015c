"""Event-clustering evaluation: newsfuse and simple baselines against gold event labels.

Data: ECB+ style (one article per line: ``doc_id``, ``event_label``, ``text``) or the
summarization benchmark format (``id``, ``documents``), where each cluster is one gold
event and all articles are shuffled into one stream. Each clusterer is run on several
random orders of the same articles (fixed seeds): the scores are their mean, and the
spread of B-cubed F1 (highest less lowest) says how much the order matters.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from newsfuse.evaluate.metrics import bcubed, pairwise
from newsfuse.events import EventClusterer, cluster_articles
from newsfuse.ingest.benchmark import LabelledArticles
from newsfuse.ingest.benchmark import read_labelled as read_raw
from newsfuse.model import Article
from newsfuse.pipeline import prepare
from newsfuse.segment import split_sentences
from newsfuse.settings import ClusteringSettings, load_settings
from newsfuse.text.vectors import DocumentFrequencies, VectorSettings, as_matrix, term_counts, weigh


def read_labelled(
    paths: Sequence[str | Path], *, seed: int = 0, first_sentence: bool = False
) -> LabelledArticles:
    """Labelled articles, shuffled together and cleaned as newsfuse cleans any input;
    with ``first_sentence``, each cut to its first sentence (short texts, as feeds and
    aggregators give them)."""
    raw = read_raw(paths, seed=seed)
    cleaned = prepare(raw.articles, load_settings(environ={}, user_file=False)).articles
    if first_sentence:
        cleaned = tuple(_first_sentence(a) for a in cleaned)
    return LabelledArticles(cleaned, {a.id: raw.gold[a.id] for a in cleaned})


def _first_sentence(article: Article) -> Article:
    sentences = split_sentences(article)
    text = sentences[0].text if sentences else article.text
    return replace(article, text=text, title=None)


Clusterer = Callable[[Sequence[Article]], dict[str, str]]


def newsfuse_clusterer(
    settings: ClusteringSettings | None = None, *, refine: bool = True, storylines: bool = False
) -> Clusterer:
    """newsfuse on a pile, refined (``refine``) or not: one decision per article, in the
    pile's own order; its events, or with ``storylines`` its storylines."""

    def run(articles: Sequence[Article]) -> dict[str, str]:
        placed = cluster_articles(articles, settings, refine=refine)
        return {a.article_id: a.storyline_id if storylines else a.event_id for a in placed}

    return run


def newsfuse_stream(settings: ClusteringSettings | None = None, *, storylines: bool = False) -> Clusterer:
    """newsfuse as ``newsfuse add`` sees articles: one at a time, in the order they come,
    each placed before the next is known (document frequencies counted as they come); its
    events, or with ``storylines`` its storylines."""

    def run(articles: Sequence[Article]) -> dict[str, str]:
        clusterer = EventClusterer(settings)
        placed = [clusterer.add(a) for a in articles]
        return {a.article_id: a.storyline_id if storylines else a.event_id for a in placed}

    return run


def single_pass_baseline(threshold: float = 0.3) -> Clusterer:
    """Plain single-pass clustering: TF-IDF of words (no name weighting, no look-ahead IDF),
    each article joins the most similar earlier article's group above the threshold."""
    plain = VectorSettings(name_weight=1.0, title_weight=1.0, max_terms=10_000)

    def run(articles: Sequence[Article]) -> dict[str, str]:
        frequencies = DocumentFrequencies()
        vectors: list[dict[str, float]] = []
        labels: dict[str, str] = {}
        for article in articles:
            terms = term_counts(article.text, None, plain)
            frequencies.add(terms)
            vector = weigh(terms, frequencies, plain.max_terms)
            best, best_similarity = None, threshold
            for index, other in enumerate(vectors):
                similarity = sum(w * other.get(t, 0.0) for t, w in vector.items())
                if similarity >= best_similarity:
                    best, best_similarity = index, similarity
            labels[article.id] = labels[articles[best].id] if best is not None else f"g{len(vectors)}"
            vectors.append(vector)
        return labels

    return run


def agglomerative_baseline(threshold: float = 0.7) -> Clusterer:
    """Average-linkage agglomerative clustering of TF-IDF vectors, cut at a cosine distance."""

    def run(articles: Sequence[Article]) -> dict[str, str]:
        from scipy.cluster.hierarchy import fcluster, linkage

        plain = VectorSettings(name_weight=1.0, title_weight=1.0, max_terms=10_000)
        frequencies = DocumentFrequencies()
        counts = [term_counts(a.text, None, plain) for a in articles]
        for terms in counts:
            frequencies.add(terms)
        matrix = as_matrix([weigh(terms, frequencies, plain.max_terms) for terms in counts])
        similarity = np.asarray((matrix @ matrix.T).toarray())
        distance = np.clip(1.0 - similarity, 0.0, None)[np.triu_indices(len(articles), 1)]
        groups = fcluster(linkage(distance, method="average"), t=threshold, criterion="distance")
        return {a.id: f"g{g}" for a, g in zip(articles, groups, strict=True)}

    return run


@dataclass(frozen=True, slots=True)
class ClusterScores:
    """One clusterer's scores, the mean over the orders it was run on."""

    name: str
    events: float
    bcubed: tuple[float, float, float]
    pairwise: tuple[float, float, float]
    articles_per_second: float
    spread: float = 0.0
    """Highest less lowest B-cubed F1 over the orders."""


def evaluate_clusterers(
    data: LabelledArticles, clusterers: dict[str, Clusterer], *, orders: int = 5, seed: int = 0
) -> list[ClusterScores]:
    """Each clusterer on ``orders`` random orders of the articles (the first as given)."""
    shuffles = [list(data.articles)]
    for n in range(1, orders):
        shuffled = list(data.articles)
        random.Random(seed + n).shuffle(shuffled)
        shuffles.append(shuffled)
    results = []
    for name, clusterer in clusterers.items():
        runs = []
        for articles in shuffles:
            start = time.perf_counter()
            predicted = clusterer(articles)
            elapsed = time.perf_counter() - start
            speed = len(articles) / elapsed if elapsed else float("inf")
            runs.append(
                (
                    len(set(predicted.values())),
                    bcubed(predicted, data.gold),
                    pairwise(predicted, data.gold),
                    speed,
                )
            )
        f1s = [run[1][2] for run in runs]
        results.append(
            ClusterScores(
                name=name,
                events=float(np.mean([run[0] for run in runs])),
                bcubed=_mean([run[1] for run in runs]),
                pairwise=_mean([run[2] for run in runs]),
                articles_per_second=float(np.mean([run[3] for run in runs])),
                spread=max(f1s) - min(f1s),
            )
        )
    return results


def _mean(triples: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    p, r, f = (float(np.mean(values)) for values in zip(*triples, strict=True))
    return p, r, f


def format_cluster_table(results: Sequence[ClusterScores], gold_events: int, orders: int = 1) -> str:
    columns = [
        ("events", 8),
        ("B3 P", 8),
        ("B3 R", 8),
        ("B3 F1", 8),
        ("spread", 8),
        ("pair F1", 9),
        ("art/s", 9),
    ]
    header = f"{'system':<34}" + "".join(f"{name:>{width}}" for name, width in columns)
    lines = [header, "-" * len(header)]
    for r in results:
        p, rc, f = r.bcubed
        lines.append(
            f"{r.name:<34}{r.events:>8.0f}{p:>8.3f}{rc:>8.3f}{f:>8.3f}{r.spread:>8.3f}"
            f"{r.pairwise[2]:>9.3f}{r.articles_per_second:>9.0f}"
        )
    lines.append(f"{'(gold)':<34}{gold_events:>8}")
    lines.append(f"(means over {orders} orders of the articles; spread: highest less lowest B3 F1)")
    return "\n".join(lines)
