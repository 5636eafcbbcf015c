"""The systems an evaluation compares: newsfuse, the published peers stored with the data,
a lead baseline, sumy's LexRank and TextRank, and an oracle that sees the references."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from newsfuse.evaluate.folds import assign_folds
from newsfuse.fuse.algorithms import build_algorithm
from newsfuse.fuse.concept_model import train_concept_model
from newsfuse.ingest.benchmark import BenchmarkCluster
from newsfuse.model import count_words
from newsfuse.pipeline import Prepared, prepare, summarize_prepared
from newsfuse.segment import split_sentences
from newsfuse.settings import Settings, with_overrides
from newsfuse.text.language import detect_language
from newsfuse.text.tokens import STOPWORDS, lexicon_for, stem, tokens


class EvalSystem(Protocol):
    @property
    def name(self) -> str: ...

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        """A summary of about ``words`` words (the runner cuts it to exactly that many)."""
        ...


def prepared(cluster: BenchmarkCluster, settings: Settings) -> Prepared:
    """A cluster's articles, read and cleaned as newsfuse reads any input."""
    return prepare(cluster.articles(), settings)


@dataclass(frozen=True, slots=True)
class NewsfuseSystem:
    settings: Settings
    name: str = "newsfuse"

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        settings = with_overrides(self.settings, {"summary": {"words": words}})
        return summarize_prepared(prepared(cluster, settings), settings).text


class CrossValidatedNewsfuse:
    """newsfuse with a learned algorithm whose model, for each cluster, was trained only on
    the other folds of the same benchmark: scores on data the model never saw."""

    def __init__(self, settings: Settings, folds: int, *, seed: int = 0) -> None:
        self.settings = settings
        self.folds = folds
        self.seed = seed
        self.name = f"newsfuse ({folds}-fold CV)"
        self._fold_of: dict[str, int] = {}
        self._models: dict[int, Any] = {}

    def prepare(self, clusters: Sequence[BenchmarkCluster]) -> None:
        """Assign clusters to folds and train one model per fold (before any timing)."""
        self._fold_of = assign_folds([c.id for c in clusters], self.folds, seed=self.seed)
        for fold in range(self.folds):
            training = [
                (prepared(c, self.settings).articles, c.references)
                for c in clusters
                if self._fold_of[c.id] != fold
            ]
            self._models[fold] = train_concept_model(training, provenance={"fold": fold})

    def summarize(self, cluster: BenchmarkCluster, words: int) -> str:
        settings = with_overrides(self.settings, {"summary": {"words": words}})
        model = self._models[self._fold_of[cluster.id]]
        algorithm = build_algorithm(
            settings.summary.algorithm, settings.summary.algorithm_options, model=model
        )
        return summarize_prepared(prepared(cluster, settings), settings, algorithm=algorithm).text


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
        lexicon = lexicon_for(detect_language(cluster.documents[0]) if cluster.documents else None)
        kind = LexRankSummarizer if self.algorithm == "lexrank" else TextRankSummarizer
        if lexicon.language == "en":
            summarizer: Any = kind(Stemmer("english"))
            summarizer.stop_words = get_stop_words("english")
        else:  # words as written, the language's own function words (as newsfuse reads it)
            summarizer = kind(lambda word: word.lower())
            summarizer.stop_words = lexicon.stopwords
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
    from newsfuse.settings import load_settings

    return [
        [" ".join(s.text.split()) for s in split_sentences(article)]
        for article in prepared(cluster, load_settings(environ={}, user_file=False)).articles
    ]


def available_systems(
    cluster_peers: Sequence[str], settings: Settings, *, cross_validate: int | None = None
) -> dict[str, EvalSystem]:
    """Every system by a short key: ``newsfuse``, ``lead``, ``lexrank``, ``textrank``,
    ``oracle``, and one ``peer:NAME`` per published system in the data. With
    ``cross_validate``, ``newsfuse`` learns its concept model fold by fold on the data."""
    newsfuse_system: EvalSystem = (
        CrossValidatedNewsfuse(settings, cross_validate) if cross_validate else NewsfuseSystem(settings)
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
