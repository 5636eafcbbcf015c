"""Choose clustering settings by cross-validation over topics, never on the scored fold.

The labelled articles are split into folds by topic (ECB+: the number before the event
label's underscore, so both events of a topic fall in one fold; elsewhere each gold
cluster is its own topic). Fold by fold, every setting of the grid clusters the other
folds' articles as one pile, the setting with the best B-cubed F1 there is chosen, and it
clusters the held-out fold. The held-out folds' events, scored together, are an honest
estimate for "tune, then use"; the setting chosen most often is the one to make the default.
With ``--both``, every setting is judged on the whole articles and on the articles cut to
their first sentence alike (the mean of the two F1s), and both are reported. With
``--level storylines``, storylines are scored instead of events; with ``--stream``, every
setting is judged on the pile and on the stream fed one article at a time alike.

    python benchmarks/tune_clusters.py DATA.jsonl [--first-sentence | --both] \\
        [--level storylines] [--stream] \\
        --grid '{"meaning_weight": [0, 0.3], "meaning_threshold": [0.3, 0.35]}'
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from newsfuse.evaluate.clusters import read_labelled
from newsfuse.evaluate.folds import assign_folds
from newsfuse.evaluate.metrics import bcubed
from newsfuse.events import EventClusterer, cluster_articles
from newsfuse.evidence import encoder
from newsfuse.model import Article
from newsfuse.settings import ClusteringSettings, load_settings


def topic(label: str) -> str:
    return label.split("_")[0] if "_" in label else label


def remember_meanings() -> None:
    """Each text is encoded once for the whole grid (the encoder is the slow part)."""
    loaded = encoder.load_sentence_encoder()
    original = loaded.encode
    known: dict[str, np.ndarray] = {}

    def encode(texts: list[str]) -> np.ndarray:
        missing = [t for t in texts if t not in known]
        if missing:
            for text, row in zip(missing, original(missing), strict=True):
                known[text] = row
        return np.stack([known[t] for t in texts])

    loaded.encode = encode  # type: ignore[method-assign]


def grouped(
    articles: Sequence[Article], settings: ClusteringSettings, level: str, stream: bool
) -> dict[str, str]:
    """Article id -> its event or storyline, from the pile or from the stream."""
    if stream:
        clusterer = EventClusterer(settings)
        placed = [clusterer.add(a) for a in articles]
    else:
        placed = cluster_articles(articles, settings)
    return {a.article_id: a.storyline_id if level == "storylines" else a.event_id for a in placed}


def score(
    articles: Sequence[Article], gold: dict[str, str], settings: ClusteringSettings, level: str, stream: bool
) -> float:
    return bcubed(grouped(articles, settings, level, stream), {a.id: gold[a.id] for a in articles})[2]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("datasets", nargs="+")
    parser.add_argument("--grid", required=True, help="JSON: clustering setting -> values to try")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--first-sentence", action="store_true")
    parser.add_argument("--both", action="store_true", help="judge on whole and cut articles alike")
    parser.add_argument("--level", choices=["events", "storylines"], default="events")
    parser.add_argument("--stream", action="store_true", help="judge on the pile and the stream alike")
    args = parser.parse_args()
    grid = json.loads(args.grid)
    base = load_settings(environ={}, user_file=False).clustering
    settings = [
        replace(base, **dict(zip(grid, values, strict=True))) for values in itertools.product(*grid.values())
    ]
    variants = [False, True] if args.both else [args.first_sentence]
    sets = [read_labelled(args.datasets, first_sentence=cut) for cut in variants]
    gold = sets[0].gold
    remember_meanings()
    topics = sorted({topic(label) for label in gold.values()})
    fold_of_topic = assign_folds(topics, args.folds)
    fold = {article_id: fold_of_topic[topic(label)] for article_id, label in gold.items()}
    modes = [
        (data, cut, stream)
        for data, cut in zip(sets, variants, strict=True)
        for stream in ([False, True] if args.stream else [False])
    ]
    chosen: list[int] = []
    predicted: list[dict[str, str]] = [{} for _ in modes]
    for held_out in range(args.folds):
        scored = []
        for n, setting in enumerate(settings):
            f1s = [
                score([a for a in d.articles if fold[a.id] != held_out], gold, setting, args.level, stream)
                for d, _, stream in modes
            ]
            scored.append((sum(f1s) / len(f1s), n))
        best_score, best = max(scored)
        chosen.append(best)
        for (data, _, stream), found in zip(modes, predicted, strict=True):
            testing = [a for a in data.articles if fold[a.id] == held_out]
            for article_id, label in grouped(testing, settings[best], args.level, stream).items():
                found[article_id] = f"{held_out}/{label}"
        print(f"fold {held_out}: chose {describe(settings[best], grid)} (training F1 {best_score:.3f})")
    for (_, cut, stream), found in zip(modes, predicted, strict=True):
        p, r, f = bcubed(found, gold)
        what = ("first sentences" if cut else "whole articles") + (", stream" if stream else ", pile")
        print(f"held-out folds together, {args.level}, {what}: B3 P {p:.3f} R {r:.3f} F1 {f:.3f}")
    (most, times), *_ = Counter(chosen).most_common(1)
    print(f"chosen most often ({times} of {args.folds} folds): {describe(settings[most], grid)}")
    return 0


def describe(settings: ClusteringSettings, grid: dict[str, list[object]]) -> str:
    return ", ".join(f"{name} {getattr(settings, name)}" for name in grid)


if __name__ == "__main__":
    sys.exit(main())
