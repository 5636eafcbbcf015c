"""Re-read every pair of ``evidence_pairs.jsonl`` from the shared data and check its spans.

Each side of a pair names an article and a character span into the article's *cleaned*
text (``newsfuse.prepare``) plus the sentence's index (``newsfuse.segment.split_sentences``).
The checker rebuilds each cluster exactly as newsfuse sees it, verifies that the span is
that sentence, and prints the counts per label, dataset and hard case.  Datasets that are
not present on this machine are skipped with a message.

    python benchmarks/gold/check_pairs.py [PAIRS.jsonl] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import newsfuse
from newsfuse.fuse.features import ClusterFeatures
from newsfuse.ingest.benchmark import read_benchmark
from newsfuse.model import Sentence
from newsfuse.segment import split_sentences

HERE = Path(__file__).resolve().parent
DEFAULT_PAIRS = HERE / "evidence_pairs.jsonl"
DEFAULT_DATA = HERE.parents[2] / "shared" / "data"
EXAMPLES = HERE.parents[1] / "examples"

LABELS = ("SUPPORTS", "PARTIAL", "CONFLICTS", "UNRELATED")
HARD_CASES = (
    "shared-names",
    "shared-attribution",
    "polarity",
    "numbers",
    "paraphrase",
    "quote",
    "date",
    "place",
    "person",
    "none",
)
DATASETS = ("duc2004", "multinews", "ecbplus", "examples")
BENCHMARK_FILES = {
    "duc2004": Path("duc2004/test.jsonl"),
    "multinews": Path("multinews-sample/validation.jsonl"),
}

Cluster = dict[str, dict[int, Sentence]]
"""Article id -> sentence index -> sentence."""


@dataclass(frozen=True)
class Side:
    article: str
    start: int
    end: int
    index: int
    text: str | None = None


@dataclass(frozen=True)
class Pair:
    dataset: str
    cluster: str
    a: Side
    b: Side
    label: str
    hard_case: str
    note: str


def _side(raw: Any) -> Side:
    if not isinstance(raw, dict):
        raise ValueError("a side must be an object")
    text = raw.get("text")
    return Side(
        article=str(raw["article"]),
        start=int(raw["start"]),
        end=int(raw["end"]),
        index=int(raw["index"]),
        text=None if text is None else str(text),
    )


def load_pairs(path: Path) -> list[Pair]:
    """Read and validate the fields of every pair (not yet the spans)."""
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            raw = json.loads(line)
            pair = Pair(
                dataset=str(raw["dataset"]),
                cluster=str(raw["cluster"]),
                a=_side(raw["a"]),
                b=_side(raw["b"]),
                label=str(raw["label"]),
                hard_case=str(raw["hard_case"]),
                note=str(raw.get("note", "")),
            )
            problems = []
            if pair.dataset not in DATASETS:
                problems.append(f"dataset {pair.dataset!r}")
            if pair.label not in LABELS:
                problems.append(f"label {pair.label!r}")
            if pair.hard_case not in HARD_CASES:
                problems.append(f"hard_case {pair.hard_case!r}")
            if pair.a.article == pair.b.article:
                problems.append("both sides in one article")
            if pair.dataset != "examples" and (pair.a.text is not None or pair.b.text is not None):
                problems.append("benchmark text stored in the pairs file")
            if problems:
                raise ValueError(f"{path}:{number}: bad " + ", ".join(problems))
            pairs.append(pair)
    return pairs


def _index(prepared: newsfuse.Prepared) -> Cluster:
    return {a.id: {s.index: s for s in split_sentences(a)} for a in prepared.articles}


def _benchmark_clusters(path: Path, wanted: set[str]) -> Iterator[tuple[str, newsfuse.Prepared]]:
    for cluster in read_benchmark(path):
        if str(cluster.id) in wanted:
            yield str(cluster.id), newsfuse.prepare(cluster.articles())


def _ecbplus_clusters(path: Path, wanted: set[str]) -> Iterator[tuple[str, newsfuse.Prepared]]:
    topics: dict[str, list[newsfuse.Article]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            topic = str(row["topic"])
            if topic in wanted:
                topics.setdefault(topic, []).append(newsfuse.Article(id=row["doc_id"], text=row["text"]))
    for topic, articles in topics.items():
        yield topic, newsfuse.prepare(articles)


def load_prepared(dataset: str, wanted: set[str], data: Path) -> dict[str, newsfuse.Prepared] | str:
    """The wanted clusters of one dataset, read and cleaned as newsfuse does, or why they
    cannot be read here."""
    if dataset == "examples":
        missing = [name for name in sorted(wanted) if not (EXAMPLES / name).is_dir()]
        if missing:
            return f"examples not found: {', '.join(missing)}"
        return {name: newsfuse.read(EXAMPLES / name) for name in sorted(wanted)}
    if dataset == "ecbplus":
        path = data / "ecbplus" / "docs.jsonl"
        if not path.is_file():
            return f"{path} not found"
        return dict(_ecbplus_clusters(path, wanted))
    path = data / BENCHMARK_FILES[dataset]
    if not path.is_file():
        return f"{path} not found"
    return dict(_benchmark_clusters(path, wanted))


PairCluster = tuple[ClusterFeatures, dict[tuple[str, int], int]]
"""A cluster's features and, for (article id, sentence index), the sentence's position in them."""


def load_pair_clusters(pairs: list[Pair], data: Path) -> dict[tuple[str, str], PairCluster]:
    """Every cluster the pairs use, read and cleaned as newsfuse does, by (dataset, cluster);
    exits with a message when a dataset is not on this machine."""
    wanted: dict[str, set[str]] = {}
    for pair in pairs:
        wanted.setdefault(pair.dataset, set()).add(pair.cluster)
    clusters: dict[tuple[str, str], PairCluster] = {}
    for dataset, names in wanted.items():
        loaded = load_prepared(dataset, names, data)
        if isinstance(loaded, str):
            raise SystemExit(f"skipped: {loaded}")
        for name, prepared in loaded.items():
            sentences = [s for article in prepared.articles for s in split_sentences(article)]
            position = {(s.article_id, s.index): n for n, s in enumerate(sentences)}
            clusters[(dataset, name)] = (ClusterFeatures(prepared.articles, sentences), position)
    return clusters


def locate(pair: Pair, clusters: dict[tuple[str, str], PairCluster]) -> tuple[ClusterFeatures, int, int]:
    """The pair's cluster features and the positions of its two sentences in them."""
    features, position = clusters[(pair.dataset, pair.cluster)]
    return features, position[(pair.a.article, pair.a.index)], position[(pair.b.article, pair.b.index)]


def load_clusters(dataset: str, wanted: set[str], data: Path) -> dict[str, Cluster] | str:
    """The sentences of the wanted clusters of one dataset, or why they cannot be read here."""
    prepared = load_prepared(dataset, wanted, data)
    if isinstance(prepared, str):
        return prepared
    return {name: _index(cluster) for name, cluster in prepared.items()}


def check_side(side: Side, cluster: Cluster) -> str | None:
    """Why ``side`` is not the sentence it claims to be, or None."""
    sentences = cluster.get(side.article)
    if sentences is None:
        return f"no article {side.article!r}"
    sentence = sentences.get(side.index)
    if sentence is None:
        return f"{side.article}: no sentence {side.index}"
    if (sentence.start, sentence.end) != (side.start, side.end):
        return f"{side.article}#{side.index}: span {side.start}-{side.end} != {sentence.start}-{sentence.end}"
    if side.text is not None and side.text != sentence.text:
        return f"{side.article}#{side.index}: stored text differs"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("pairs", nargs="?", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    pairs = load_pairs(args.pairs)
    errors: list[str] = []
    checked = skipped = 0
    for dataset in DATASETS:
        mine = [p for p in pairs if p.dataset == dataset]
        if not mine:
            continue
        clusters = load_clusters(dataset, {p.cluster for p in mine}, args.data)
        if isinstance(clusters, str):
            print(f"skipping {len(mine)} {dataset} pairs: {clusters}")
            skipped += len(mine)
            continue
        for pair in mine:
            cluster = clusters.get(pair.cluster)
            if cluster is None:
                errors.append(f"{dataset}/{pair.cluster}: cluster not found")
                continue
            for side in (pair.a, pair.b):
                problem = check_side(side, cluster)
                if problem:
                    errors.append(f"{dataset}/{pair.cluster}: {problem}")
            checked += 1
    keys = [(p.dataset, p.cluster, p.a.article, p.a.start, p.b.article, p.b.start) for p in pairs]
    duplicates = len(keys) - len(set(keys))
    if duplicates:
        errors.append(f"{duplicates} duplicate pairs")
    print(
        f"{len(pairs)} pairs, {len({(p.dataset, p.cluster) for p in pairs})} clusters; "
        f"{checked} re-read and checked, {skipped} skipped"
    )
    for title, counts in (
        ("label", Counter(p.label for p in pairs)),
        ("dataset", Counter(p.dataset for p in pairs)),
        ("hard_case", Counter(p.hard_case for p in pairs)),
    ):
        print(f"{title}: " + ", ".join(f"{key} {value}" for key, value in counts.most_common()))
    for error in errors:
        print("ERROR", error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
