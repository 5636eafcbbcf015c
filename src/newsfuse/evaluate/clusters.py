"""Event-clustering evaluation: newsfuse and simple baselines against gold event labels.

Data: ECB+ style (one article per line: ``doc_id``, ``event_label``, ``text``) or the
summarization benchmark format (``id``, ``documents``), where each cluster is one gold
event and all articles are shuffled into one stream (fixed seed).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsfuse.evaluate.metrics import bcubed, pairwise
from newsfuse.events import cluster_articles
from newsfuse.ingest.benchmark import LabelledArticles
from newsfuse.ingest.benchmark import read_labelled as read_raw
from newsfuse.model import Article
from newsfuse.pipeline import prepare
from newsfuse.settings import ClusteringSettings, load_settings
from newsfuse.text.vectors import DocumentFrequencies, VectorSettings, as_matrix, term_counts, weigh


def read_labelled(paths: Sequence[str | Path], *, seed: int = 0) -> LabelledArticles:
    """Labelled articles, shuffled together and cleaned as newsfuse cleans any input."""
    raw = read_raw(paths, seed=seed)
    cleaned = prepare(raw.articles, load_settings(environ={}, user_file=False)).articles
    return LabelledArticles(cleaned, {a.id: raw.gold[a.id] for a in cleaned})


Clusterer = Callable[[Sequence[Article]], dict[str, str]]


def newsfuse_clusterer(settings: ClusteringSettings | None = None, *, refine: bool = True) -> Clusterer:
    """newsfuse on a pile (``refine``), or as a stream sees it: one decision per article."""

    def run(articles: Sequence[Article]) -> dict[str, str]:
        return {a.article_id: a.event_id for a in cluster_articles(articles, settings, refine=refine)}

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
    name: str
    events: int
    bcubed: tuple[float, float, float]
    pairwise: tuple[float, float, float]
    articles_per_second: float


def evaluate_clusterers(data: LabelledArticles, clusterers: dict[str, Clusterer]) -> list[ClusterScores]:
    results = []
    for name, clusterer in clusterers.items():
        start = time.perf_counter()
        predicted = clusterer(data.articles)
        elapsed = time.perf_counter() - start
        results.append(
            ClusterScores(
                name=name,
                events=len(set(predicted.values())),
                bcubed=bcubed(predicted, data.gold),
                pairwise=pairwise(predicted, data.gold),
                articles_per_second=len(data.articles) / elapsed if elapsed else float("inf"),
            )
        )
    return results


def format_cluster_table(results: Sequence[ClusterScores], gold_events: int) -> str:
    header = f"{'system':<34}{'events':>8}{'B3 P':>8}{'B3 R':>8}{'B3 F1':>8}{'pair F1':>9}{'art/s':>9}"
    lines = [header, "-" * len(header)]
    for r in results:
        p, rc, f = r.bcubed
        lines.append(
            f"{r.name:<34}{r.events:>8}{p:>8.3f}{rc:>8.3f}{f:>8.3f}{r.pairwise[2]:>9.3f}{r.articles_per_second:>9.0f}"
        )
    lines.append(f"{'(gold)':<34}{gold_events:>8}")
    return "\n".join(lines)
