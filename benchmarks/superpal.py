"""How well the support relation recovers SuperPAL's human alignments.

SuperPAL (Ernst et al., 2021) had crowd workers align spans of Multi-News reference
summaries to the source-document spans that state the same information. For every
summary sentence of its four topics, the document sentences aligned to it should be
judged to report its fact (SUPPORTS or PARTIAL) and cited; the other document sentences
of the topic (those aligned to other summary sentences) mostly should not. Workers did not
align every supporting sentence, so precision here is a lower bound. The summaries are
abstractive (written by editors, not copied), which makes this harder than citing an
extracted sentence.

Each topic becomes a cluster: the summary as one article, each source document as an
article made of its aligned sentences (the full documents are not part of the data).

    python benchmarks/superpal.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import newsfuse
from newsfuse.evidence.relation import Evidence, Label, cite
from newsfuse.evidence.support import SupportRule
from newsfuse.fuse.features import ClusterFeatures
from newsfuse.model import Article, Sentence

CSV = Path("superpal/dev_MN_only.csv")


@dataclass(frozen=True)
class Topic:
    features: ClusterFeatures
    claims: list[int]
    """The summary sentences' indices."""
    aligned: set[tuple[int, int]]
    """(summary sentence, document sentence) pairs the workers aligned."""


def load_topics(path: Path) -> list[Topic]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_topic: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_topic[row["topic"]].append(row)
    topics = []
    for topic_rows in by_topic.values():
        texts: dict[str, dict[int, str]] = defaultdict(dict)
        for row in topic_rows:
            texts["summary"][int(row["scuSentCharIdx"])] = row["scuSentence"]
            texts[row["documentFile"]][int(row["docSentCharIdx"])] = row["docSentText"]
        articles, sentences, where = _articles(texts)
        aligned = {
            (where["summary", int(r["scuSentCharIdx"])], where[r["documentFile"], int(r["docSentCharIdx"])])
            for r in topic_rows
        }
        claims = [i for i, s in enumerate(sentences) if s.article_id == "summary"]
        topics.append(Topic(ClusterFeatures(articles, sentences), claims, aligned))
    return topics


def _articles(
    texts: dict[str, dict[int, str]],
) -> tuple[list[Article], list[Sentence], dict[tuple[str, int], int]]:
    """One article per file, its known sentences in their order, as exact spans."""
    articles: list[Article] = []
    sentences: list[Sentence] = []
    where: dict[tuple[str, int], int] = {}
    for name, by_offset in texts.items():
        start, parts = 0, []
        for number, offset in enumerate(sorted(by_offset)):
            text = by_offset[offset]
            where[name, offset] = len(sentences)
            sentences.append(Sentence(name, start, start + len(text), text, number))
            parts.append(text)
            start += len(text) + 1
        articles.append(Article(id=name, text=" ".join(parts)))
    return articles, sentences, where


Relation = Callable[[Topic, int], dict[int, str]]
"""For a summary sentence: each document sentence judged to report its fact, with the label."""


def four_way(topic: Topic, claim: int) -> dict[int, str]:
    cited = (Label.SUPPORTS, Label.PARTIAL)
    return {j.other: j.label.name for j in _evidence(topic).judge(claim) if j.label in cited}


def related_only(topic: Topic, claim: int) -> dict[int, str]:
    rule = SupportRule.from_settings(newsfuse.load_settings(environ={}, user_file=False).support)
    related, _ = rule.related(topic.features, claim)
    article_of = topic.features.article_of
    return {int(i): "SUPPORTS" for i in related.tolist() if article_of[i] != article_of[claim]}


_BUILT: dict[int, Evidence] = {}


def _evidence(topic: Topic) -> Evidence:
    return _BUILT.setdefault(id(topic), Evidence(topic.features))


def pair_scores(topics: Sequence[Topic], relation: Relation) -> dict[str, float]:
    """Recall of the aligned pairs; precision (a lower bound) of the pairs judged to report."""
    aligned = judged = hits = 0
    for topic in topics:
        for claim in topic.claims:
            found = relation(topic, claim)
            truth = {b for a, b in topic.aligned if a == claim}
            aligned += len(truth)
            judged += len(found)
            hits += len(truth & found.keys())
    return _scores(aligned, judged, hits)


def citation_scores(topics: Sequence[Topic]) -> dict[str, float]:
    """The product's view: for each summary sentence, the documents it would cite against
    the documents holding an aligned sentence."""
    aligned = cited = hits = 0
    for topic in topics:
        sentences = topic.features.sentences
        for claim in topic.claims:
            citations, _ = cite(_evidence(topic), claim)
            documents = {c.article_id for c in citations[1:]}
            truth = {sentences[b].article_id for a, b in topic.aligned if a == claim}
            aligned += len(truth)
            cited += len(documents)
            hits += len(truth & documents)
    return _scores(aligned, cited, hits)


def _scores(aligned: int, judged: int, hits: int) -> dict[str, float]:
    return {"aligned": aligned, "recall": hits / aligned, "precision (lower bound)": hits / max(judged, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    path = args.data / CSV
    if not path.is_file():
        print(f"SuperPAL: skipped, {path} not found")
        return 0
    topics = load_topics(path)
    claims = sum(len(t.claims) for t in topics)
    print(f"\nSuperPAL alignments (Multi-News): {len(topics)} topics, {claims} summary sentences")
    table = {
        "related only (0.2)": pair_scores(topics, related_only),
        "four-way (0.3)": pair_scores(topics, four_way),
    }
    print(f"{'sentence pairs':<30}" + "".join(f"{name:>22}" for name in table))
    for measure in ("recall", "precision (lower bound)"):
        print(f"{measure:<30}" + "".join(f"{table[name][measure]:>22.3f}" for name in table))
    documents = citation_scores(topics)
    print(
        f"citations (four-way): {documents['aligned']:.0f} aligned documents, recall "
        f"{documents['recall']:.3f}, precision (lower bound) {documents['precision (lower bound)']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
