"""The systems an evaluation compares: newsfuse, the published peers stored with the data,
a lead baseline, sumy's LexRank and TextRank, and an oracle that sees the references."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from newsfuse.clean import clean_article
from newsfuse.config import Config
from newsfuse.evaluate.data import BenchmarkCluster
from newsfuse.fuse.summarizer import Summarizer
from newsfuse.model import count_words
from newsfuse.segment import split_sentences
from newsfuse.terms import STOPWORDS, stem, tokens


class EvalSystem(Protocol):
    @property
    def name(self) -> str: ...

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        """A summary of about ``words`` words (the runner cuts it to exactly that many)."""
        ...


@dataclass(frozen=True, slots=True)
class NewsfuseSystem:
    config: Config
    name: str = "newsfuse"

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        summarizer = Summarizer(replace(self.config, words=words, sentences=None))
        return summarizer.summarize(cluster.articles()).text


class CrossValidatedNewsfuse:
    """newsfuse with a learned algorithm whose model, for each cluster, was trained only on
    the other folds of the same benchmark: scores on data the model never saw."""

    def __init__(self, config: Config, folds: int, *, seed: int = 0) -> None:
        self.config = config
        self.folds = folds
        self.seed = seed
        self.name = f"newsfuse ({folds}-fold CV)"
        self._fold_of: dict[str, int] = {}
        self._models: dict[int, Any] = {}

    def prepare(self, clusters: Sequence[BenchmarkCluster]) -> None:
        """Assign clusters to folds and train one model per fold (before any timing)."""
        import numpy as np

        from newsfuse.fuse.learned import train_concept_model

        order = np.random.default_rng(self.seed).permutation(len(clusters))
        self._fold_of = {clusters[int(i)].id: rank % self.folds for rank, i in enumerate(order)}
        for fold in range(self.folds):
            training = [(c.articles(), c.references) for c in clusters if self._fold_of[c.id] != fold]
            self._models[fold] = train_concept_model(training, provenance={"fold": fold})

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        from newsfuse.fuse.selection import get_selector

        model = self._models[self._fold_of[cluster.id]]
        selector = replace(get_selector(self.config.algorithm, self.config.algorithm_options), model=model)  # type: ignore[type-var]
        summarizer = Summarizer(replace(self.config, words=words, sentences=None), selector=selector)
        return summarizer.summarize(cluster.articles()).text


@dataclass(frozen=True, slots=True)
class PeerSystem:
    """A published system's output, stored with the benchmark."""

    name: str

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        return cluster.system_summaries.get(self.name, "")


@dataclass(frozen=True, slots=True)
class LeadSystem:
    """Round-robin lead: the first sentence of every article, then the second, and so on."""

    name: str = "lead"

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        documents = cluster_sentences(cluster)
        chosen: list[str] = []
        for depth in range(max((len(d) for d in documents), default=0)):
            for sentences in documents:
                if depth < len(sentences):
                    chosen.append(sentences[depth])
                    if sum(count_words(s) for s in chosen) >= words:
                        return " ".join(chosen)
        return " ".join(chosen)


@dataclass(frozen=True, slots=True)
class SumySystem:
    """sumy's LexRank or TextRank, given our sentences through its document model (its own
    tokenizer needs NLTK data that cannot be downloaded here)."""

    algorithm: str

    @property
    def name(self) -> str:
        return {"lexrank": "LexRank (sumy)", "textrank": "TextRank (sumy)"}[self.algorithm]

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        tokenizer = _SumyTokenizer()
        document = ObjectDocumentModel(
            [
                Paragraph([Sentence(s, tokenizer) for s in sentences])
                for sentences in cluster_sentences(cluster)
            ]
        )
        summarizer: Any = (LexRankSummarizer if self.algorithm == "lexrank" else TextRankSummarizer)(
            Stemmer("english")
        )
        summarizer.stop_words = get_stop_words("english")
        chosen = summarizer(document, _until_words(words))
        return " ".join(str(s) for s in chosen)


class _SumyTokenizer:
    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return (paragraph,)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(sentence.split())


def _until_words(words: int) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """sumy's count hook: the best-rated sentences until they reach ``words`` words."""

    def take(ranked: Sequence[Any]) -> Sequence[Any]:
        total = 0
        for position, info in enumerate(ranked):
            total += count_words(str(info.sentence))
            if total >= words:
                return ranked[: position + 1]
        return ranked

    return take


@dataclass(frozen=True, slots=True)
class OracleSystem:
    """Greedy extractive oracle: adds the sentence that most raises ROUGE-1 + ROUGE-2 recall
    against the references. It sees the answers, so it shows the ceiling, not a method."""

    name: str = "oracle (sees references)"

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        candidates = [s for sentences in cluster_sentences(cluster) for s in sentences if count_words(s) >= 5]
        references = [_ngram_sets(r) for r in cluster.references]
        chosen: list[str] = []
        covered: tuple[set[str], set[tuple[str, str]]] = (set(), set())
        while sum(count_words(s) for s in chosen) < words:
            best, best_gain = None, 0.0
            for sentence in candidates:
                unigrams, bigrams = _ngram_sets(sentence)
                gain = (
                    sum(
                        len((unigrams - covered[0]) & ref[0]) / max(len(ref[0]), 1)
                        + len((bigrams - covered[1]) & ref[1]) / max(len(ref[1]), 1)
                        for ref in references
                    )
                    / max(count_words(sentence), 1) ** 0.5
                )
                if gain > best_gain:
                    best, best_gain = sentence, gain
            if best is None:
                break
            chosen.append(best)
            candidates.remove(best)
            unigrams, bigrams = _ngram_sets(best)
            covered = (covered[0] | unigrams, covered[1] | bigrams)
        return " ".join(chosen)


def _ngram_sets(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    # ROUGE-1 counts every word; bigrams of two stopwords carry nothing, as in ROUGE-2 practice.
    raw = tokens(text)
    words = [stem(w) for w in raw]
    bigrams = {
        (words[i], words[i + 1])
        for i in range(len(words) - 1)
        if raw[i] not in STOPWORDS or raw[i + 1] not in STOPWORDS
    }
    return set(words), bigrams


def cluster_sentences(cluster: BenchmarkCluster) -> list[list[str]]:
    """Each article's sentences, cleaned and segmented as newsfuse sees them."""
    result = []
    for article in cluster.articles():
        cleaned = clean_article(article).article
        result.append([" ".join(s.text.split()) for s in split_sentences(cleaned)])
    return result


def available_systems(
    cluster_peers: Sequence[str], config: Config, *, cross_validate: int | None = None
) -> dict[str, EvalSystem]:
    """Every system by a short key: ``newsfuse``, ``lead``, ``lexrank``, ``textrank``,
    ``oracle``, and one ``peer:NAME`` per published system in the data. With
    ``cross_validate``, ``newsfuse`` learns its concept model fold by fold on the data."""
    newsfuse_system: EvalSystem = (
        CrossValidatedNewsfuse(config, cross_validate) if cross_validate else NewsfuseSystem(config)
    )
    systems: dict[str, EvalSystem] = {
        "newsfuse": newsfuse_system,
        "lead": LeadSystem(),
        "lexrank": SumySystem("lexrank"),
        "textrank": SumySystem("textrank"),
        "oracle": OracleSystem(),
    }
    for peer in sorted(cluster_peers):
        systems[f"peer:{peer}"] = PeerSystem(peer)
    return systems
