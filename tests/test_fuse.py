import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsfuse
from newsfuse.clean import clean_article
from newsfuse.errors import ConfigError, NothingToSummarizeError, UnknownAlgorithmError
from newsfuse.fuse.summarizer import Summarizer
from newsfuse.ingest import read_articles
from newsfuse.model import Article, Budget, CleanedArticle, Copy, Summary
from newsfuse.registry import algorithms
from newsfuse.segment import split_sentences
from newsfuse.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent


def example_articles(examples_dir: Path) -> list[Article]:
    return list(read_articles([examples_dir]).articles)


def assert_citations_are_real(summary: Summary) -> None:
    by_id = {a.id: a for a in summary.articles}
    for sentence in summary.sentences:
        assert sentence.citations[0].article_id == sentence.origin.article_id
        assert len(set(sentence.source_ids)) == len(sentence.source_ids)
        for citation in sentence.citations:
            article = by_id[citation.article_id]
            assert article.text[citation.start : citation.end] == citation.text
            assert (citation.start, citation.end) in {(s.start, s.end) for s in split_sentences(article)}
        assert sentence.text == sentence.citations[0].text


def test_summary_respects_word_budget_and_cites(examples_dir):
    summary = newsfuse.summarize(example_articles(examples_dir), words=80)
    assert 0 < summary.word_count <= 80
    assert summary.algorithm == load_settings(environ={}).summary.algorithm
    assert summary.budget == Budget(words=80)
    assert_citations_are_real(summary)


def test_facts_reported_by_several_outlets_cite_them_all(examples_dir):
    summary = newsfuse.summarize(example_articles(examples_dir), words=120)
    assert any(len(s.citations) >= 3 for s in summary.sentences)
    # The ship is reported by all four outlets.
    (towed,) = [s for s in summary.sentences if "cargo ship" in s.text]
    assert len(towed.citations) == 4


def test_sentence_budget(examples_dir):
    summary = newsfuse.summarize(example_articles(examples_dir), sentences=2)
    assert len(summary.sentences) == 2
    assert summary.budget == Budget(sentences=2)


@pytest.mark.parametrize("words", [100, 250])
def test_summary_never_repeats_a_fact(examples_dir, words):
    # All four outlets report the ship towed away and the hour the fire was controlled.
    summary = newsfuse.summarize(example_articles(examples_dir), words=words)
    for fact in ("cargo ship", "under control", "U.S. flag"):
        assert sum(fact in s.text for s in summary.sentences) <= 1, fact


def test_plain_strings_are_accepted_and_empty_ones_skipped():
    texts = ["The bridge reopened on Monday after repairs that took nine months, the city said.", "   "]
    summary = newsfuse.summarize(texts, words=50)
    assert [s.text for s in summary.sentences] == [texts[0]]
    assert [(p.kind, p.where, p.level) for p in summary.skipped] == [("empty-article", "2", "skipped")]
    assert summary.problems == summary.skipped
    assert [a.id for a in summary.articles] == ["1"]


def test_nothing_to_summarize_and_unknown_algorithm_raise():
    with pytest.raises(NothingToSummarizeError):
        newsfuse.summarize([])
    with pytest.raises(NothingToSummarizeError) as raised:
        newsfuse.summarize(["   ", "\n"])
    assert [p.kind for p in raised.value.problems] == ["empty-article", "empty-article"]
    with pytest.raises(UnknownAlgorithmError, match=r"newsfuse\.coverage\.v1"):
        newsfuse.summarize(["Some text that is long enough to be a sentence here."], algorithm="nope")
    assert issubclass(UnknownAlgorithmError, ConfigError)
    assert {"newsfuse.coverage.v1", "newsfuse.learned-beam.v1", "newsfuse.concept-ilp.v1"} <= set(
        algorithms.names()
    )


def test_seeds_summary_has_no_boilerplate_and_cites_both_reports_for_shared_facts(seeds_dir):
    summary = newsfuse.summarize(read_articles([seeds_dir]).articles, words=100)
    text = summary.text
    for phrase in ("Related Posts", "Leave a Reply", "email address", "Photo", "Image:", "Follow Reuters"):
        assert phrase not in text
    assert any(len(s.citations) == 2 for s in summary.sentences)
    assert_citations_are_real(summary)


def test_name_spelled_two_ways_still_links_the_reports(examples_dir):
    from newsfuse.text.names import name_variants

    texts = [a.text for a in example_articles(examples_dir)]
    aliases = name_variants(texts)
    # One spelling stands for the other (the more frequent one is kept).
    assert aliases.get("jirenko") == "zhirenko" or aliases.get("zhirenko") == "jirenko"


pool = [
    "The storm cut power to 40,000 homes in the north of the county on Saturday night.",
    "Repair crews worked through the night and restored power to most homes by Sunday noon.",
    "The weather service said winds reached 120 km/h near the coast before dawn.",
    "Two people were hurt by falling trees, police said, and both are in stable condition.",
    "Schools in the county will stay closed on Monday while roads are cleared.",
    "The governor visited the worst-hit towns and promised help for families who lost roofs.",
    "Power to 40,000 homes was cut by the storm on Saturday night in the north of the county.",
    "Officials said most homes had power again by Sunday noon after crews worked all night.",
]


@given(
    st.lists(st.lists(st.sampled_from(pool), min_size=1, max_size=5), min_size=1, max_size=5),
    st.integers(min_value=1, max_value=120),
)
def test_budget_is_never_exceeded_and_citations_always_point_at_real_sentences(cluster, words):
    articles = [Article(id=f"a{i}", text=" ".join(sentences)) for i, sentences in enumerate(cluster)]
    summary = newsfuse.summarize(articles, words=words)
    assert summary.word_count <= words
    assert_citations_are_real(summary)


@given(st.integers(min_value=1, max_value=6))
def test_sentence_budget_is_never_exceeded(count):
    articles = [Article(id=str(i), text=text) for i, text in enumerate(pool)]
    assert len(newsfuse.summarize(articles, sentences=count).sentences) <= count


def test_one_quote_rendered_two_ways_is_one_fact(examples_dir):
    from newsfuse.evidence.support import SupportRule
    from newsfuse.fuse.features import ClusterFeatures

    articles = [clean_article(a).article for a in example_articles(examples_dir)]
    sentences = [s for a in articles for s in split_sentences(a)]
    features = ClusterFeatures(articles, sentences)
    rule = SupportRule.from_settings(load_settings(environ={}).support)
    assert rule == SupportRule()
    courier = next(i for i, s in enumerate(sentences) if s.text.startswith('"The fire moved faster'))
    kestova = next(i for i, s in enumerate(sentences) if s.text.startswith('"The fire spread more quickly'))
    assert kestova in rule.related(features, courier)[0]
    assert courier in rule.related(features, kestova)[0]


def test_seed_quote_translated_two_ways_cites_both_reports(seeds_dir):
    summary = newsfuse.summarize(read_articles([seeds_dir]).articles, words=250)
    quoted = [s for s in summary.sentences if "until the end of this year" in s.text]
    assert len(quoted) == 1
    assert len(quoted[0].citations) == 2


def test_exact_copies_add_no_evidence(examples_dir):
    articles = example_articles(examples_dir)
    copy = Article(id="copy", text=articles[0].text, source="Mirror Site")
    summary = newsfuse.summarize([*articles, copy], words=120)
    assert Copy("copy", articles[0].id, "exact") in summary.copies
    assert [c.copy_id for c in summary.copies] == ["copy"]
    assert all("copy" not in s.source_ids for s in summary.sentences)
    assert "copy" in {a.id for a in summary.articles}


def test_clashing_ids_in_the_api_are_made_unique():
    texts = [
        "The museum reopened its east wing on Friday after two years of repairs to the roof.",
        "Visitors queued for an hour on Friday as the museum's east wing opened again after repairs.",
    ]
    summary = newsfuse.summarize([Article(id="a", text=t) for t in texts], words=60)
    assert [a.id for a in summary.articles] == ["a", "a~2"]
    assert_citations_are_real(summary)


def test_a_sentence_too_long_for_the_usual_rules_is_still_used():
    sentence = " ".join(["The committee"] + ["reviewed the long list of proposals"] * 12) + "."
    summary = newsfuse.summarize([sentence], words=200)
    assert [s.text for s in summary.sentences] == [sentence]


def test_text_in_other_scripts_is_summarized():
    russian = "Пожар в порту Велмора потушили утром во вторник после семи часов работы пожарных."
    assert [s.text for s in newsfuse.summarize(russian, words=50).sentences] == [russian]


def test_too_many_sentences_is_a_clear_error():
    from newsfuse.errors import TooManySentencesError

    settings = load_settings({"summary": {"max_sentences": 5}}, environ={})
    text = " ".join(f"Sentence number {n} reports one more fact about the storm." for n in range(10))
    with pytest.raises(TooManySentencesError, match="max_sentences"):
        newsfuse.summarize([text], settings=settings)


def test_one_budget_at_a_time():
    # Budget errors are configuration errors now (they were ValueError).
    with pytest.raises(ConfigError, match="not both"):
        newsfuse.summarize(["Some words here in a sentence."], words=50, sentences=2)
    with pytest.raises(ConfigError, match="exactly one"):
        Budget(words=50, sentences=2)
    with pytest.raises(ConfigError, match="at least 1"):
        Budget(words=0)


def test_hundreds_of_articles_and_repeated_sentences_stay_within_memory():
    # The relation is computed per chosen sentence, never as a full sentence-by-sentence
    # matrix: 5,000 sentences would need 200 MB for one dense float matrix.
    import tracemalloc

    repeated = "The harbor fire burned for hours and officials said more. " * 5000
    newsfuse.summarize(["A first sentence loads the sentence splitter and the concept model once."])
    tracemalloc.start()
    try:
        assert len(newsfuse.summarize([repeated], words=50).sentences) == 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 60 * 2**20
    articles = [
        Article(
            id=str(n), text=" ".join(f"Report {n} line {k}: {pool[(n + k) % len(pool)]}" for k in range(8))
        )
        for n in range(400)
    ]
    summary = newsfuse.summarize(articles, words=100)
    assert summary.word_count <= 100
    assert summary.sentences


def test_summarizer_takes_clean_articles_and_the_copies_found_before(examples_dir):
    settings = load_settings({"summary": {"words": 80}}, environ={})
    articles = example_articles(examples_dir)
    cleaned = [clean_article(a) for a in articles]
    summary = Summarizer(settings).summarize(cleaned)
    assert summary == newsfuse.summarize_prepared(newsfuse.prepare(articles, settings), settings)
    assert summary.cleaning == tuple(cleaned)
    assert summary.settings["summary"]["words"] == 80
    assert summary.settings["algorithm"]["name"] == summary.algorithm
    # A near copy found before (by the events stage) is listed but never cited.
    near = Copy(articles[3].id, articles[0].id, "near")
    with_copy = Summarizer(settings).summarize(cleaned, copies=[near])
    assert with_copy.copies == (near,)
    assert with_copy.sentences
    assert all(articles[3].id not in s.source_ids for s in with_copy.sentences)
    # The summarizer no longer cleans: what it is given is what it summarizes.
    raw = next(a for a in articles if "Related Posts" in a.text)
    unclean = Summarizer(settings).summarize([CleanedArticle(raw, raw)])
    assert unclean.articles == (raw,)
    with pytest.raises(NothingToSummarizeError):
        Summarizer(settings).summarize([])


def test_algorithms_are_built_from_a_weigher_and_a_search():
    from newsfuse.fuse.algorithms import build_algorithm
    from newsfuse.fuse.ilp import ILPSearch
    from newsfuse.fuse.search import BeamSearch, GreedySearch
    from newsfuse.fuse.weights import ArticleCountWeights, LearnedWeights

    parts = {name: build_algorithm(name) for name in algorithms.names()}
    assert {name: (type(a.weigher), type(a.search)) for name, a in parts.items()} == {
        "newsfuse.coverage.v1": (ArticleCountWeights, GreedySearch),
        "newsfuse.concept-ilp.v1": (ArticleCountWeights, ILPSearch),
        "newsfuse.learned-coverage.v1": (LearnedWeights, GreedySearch),
        "newsfuse.learned-ilp.v1": (LearnedWeights, ILPSearch),
        "newsfuse.learned-beam.v1": (LearnedWeights, BeamSearch),
    }
    assert all(a.name == name for name, a in parts.items())
    tuned = build_algorithm("newsfuse.learned-beam.v1", {"corroboration": 1.5, "width": 2})
    assert (tuned.weigher.corroboration, tuned.search.width) == (1.5, 2)
    with pytest.raises(UnknownAlgorithmError, match="nope"):
        build_algorithm("nope")
    with pytest.raises(ConfigError, match="takes no option 'colour'"):
        build_algorithm("newsfuse.coverage.v1", {"colour": 1.0})


@pytest.mark.parametrize("name", algorithms.names())
def test_every_algorithm_runs_end_to_end_from_the_command_line(name):
    # A subprocess, so that anything a solver prints into stdout breaks the JSON.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsfuse",
            "summarize",
            str(ROOT / "examples" / "harbor-fire"),
            "--format",
            "json",
            "--algorithm",
            name,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["algorithm"] == name
    assert data["sentences"]
    assert 0 < data["word_count"] <= 100
    assert data["problems"] == []


FIRE_REFERENCE = (
    "A fire broke out at about 4:40 a.m. on Nov. 3 in a Tollvey & Sons Marine Supply warehouse on "
    "Pier 9 and spread to two nearby buildings. About 230 residents were evacuated and three people "
    "are in serious condition at St. Odrin Hospital. Some 60 firefighters of the Velmora Port Fire "
    "Service and two fireboats brought the fire under control at 11:20 a.m."
)
RAIL_REFERENCE = (
    "A 48-hour national rail strike began at 4 a.m. on Monday, Nov. 9, cancelling about 1,400 "
    "passenger trains across Lirath. Commuters squeezed onto buses and roads into Ostrand were clogged."
)


def test_fit_logistic_learns_the_direction_of_a_known_signal():
    from newsfuse.fuse.concept_model import fit_logistic
    from newsfuse.fuse.concepts import FEATURE_NAMES

    rng = np.random.default_rng(7)
    features = rng.normal(size=(2000, len(FEATURE_NAMES)))
    features[:, 2] = 5.0  # a constant feature carries no signal and must not break scaling
    truth = 2.0 * features[:, 0] - 2.0 * features[:, 1]
    labels = (rng.random(2000) < 1.0 / (1.0 + np.exp(-truth))).astype(np.float64)
    model = fit_logistic(features, labels)
    assert model.coefficients[0] > 1.0
    assert model.coefficients[1] < -1.0
    assert np.all(np.abs(model.coefficients[3:]) < 0.3)
    assert model.coefficients[2] == 0.0
    low, high = np.zeros((2, len(FEATURE_NAMES))), np.zeros((2, len(FEATURE_NAMES)))
    low[:, 0], high[:, 0] = -1.0, 1.0
    low[1, 1] = high[1, 1] = 1.0
    assert np.all(model.predict(high) > model.predict(low))
    assert np.all((model.predict(features) > 0) & (model.predict(features) < 1))
    # Stronger regularisation shrinks the coefficients.
    shrunk = fit_logistic(features, labels, l2=1000.0)
    assert np.linalg.norm(shrunk.coefficients) < np.linalg.norm(model.coefficients)
    with pytest.raises(ConfigError, match="both in and out"):
        fit_logistic(features, np.ones(2000))


def test_a_model_trained_on_one_event_ranks_the_concepts_of_another(examples_dir):
    from newsfuse.fuse.concept_model import train_concept_model, training_rows
    from newsfuse.fuse.concepts import FEATURE_NAMES

    settings = load_settings(environ={})
    fire = newsfuse.read([examples_dir], settings).articles
    rail = newsfuse.read([examples_dir.parent / "rail-strike"], settings).articles
    model = train_concept_model([(fire, [FIRE_REFERENCE])], provenance={"note": "test"})
    assert model.provenance["clusters"] == 1
    assert model.provenance["note"] == "test"
    assert 0 < model.provenance["positive"] < model.provenance["concepts"]
    coefficient = dict(zip(FEATURE_NAMES, model.coefficients, strict=True))
    assert coefficient["article_share"] > 0  # what more outlets report is in the summary
    assert coefficient["first_position"] < 0  # and so is what comes early
    features, labels = training_rows([(rail, [RAIL_REFERENCE])])
    assert 0 < labels.sum() < labels.size
    probability = model.predict(features)
    assert probability[labels == 1].mean() > 2 * probability[labels == 0].mean()


def test_train_command_writes_a_model_that_loads_and_is_used(examples_dir, tmp_path):
    from newsfuse.cli import main
    from newsfuse.fuse.concept_model import load_concept_model, train_concept_model

    documents = [a.text for a in example_articles(examples_dir)]
    benchmark = tmp_path / "bench.jsonl"
    benchmark.write_text(json.dumps({"id": "fire", "documents": documents, "summaries": [FIRE_REFERENCE]}))
    target = tmp_path / "model.json"
    assert main(["train", str(benchmark), "--out", str(target), "--l2", "2"]) == 0
    model = load_concept_model(str(target))
    assert model.provenance["trained_on"] == str(benchmark)
    assert (model.provenance["clusters"], model.provenance["l2"]) == (1, 2.0)
    assert model.identity == {"name": "model.json", "sha256": hashlib.sha256(target.read_bytes()).hexdigest()}
    settings = load_settings(environ={})
    cleaned = newsfuse.prepare(
        [Article(id=f"fire-{n}", text=t) for n, t in enumerate(documents, 1)], settings
    )
    direct = train_concept_model([(cleaned.articles, [FIRE_REFERENCE])], l2=2.0)
    np.testing.assert_allclose(model.coefficients, direct.coefficients, atol=1e-6)
    assert model.intercept == pytest.approx(direct.intercept, abs=1e-6)
    used = load_settings(
        {"summary": {"algorithm": "newsfuse.learned-beam.v1", "concept_model": str(target)}}, environ={}
    )
    summary = newsfuse.summarize(example_articles(examples_dir), settings=used)
    assert summary.sentences
    assert summary.settings["algorithm"]["weigher"]["model"] == model.identity


def test_a_rewritten_model_file_is_read_again(tmp_path):
    from newsfuse.fuse.concept_model import ConceptModel, load_concept_model
    from newsfuse.fuse.concepts import FEATURE_NAMES

    size = len(FEATURE_NAMES)

    def model(value: float) -> ConceptModel:
        return ConceptModel(np.full(size, value), 0.0, np.zeros(size), np.ones(size))

    path = tmp_path / "model.json"
    path.write_text(model(0.25).to_json())
    first = load_concept_model(str(path))
    np.testing.assert_array_equal(first.coefficients, np.full(size, 0.25))
    before = path.stat().st_mtime_ns
    path.write_text(model(0.75).to_json())  # same size: only the time tells them apart
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))
    second = load_concept_model(str(path))
    np.testing.assert_array_equal(second.coefficients, np.full(size, 0.75))
    assert second.identity["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert second.identity != first.identity
    with pytest.raises(ConfigError, match="cannot read concept model"):
        load_concept_model(str(tmp_path / "missing.json"))


@pytest.mark.parametrize("content", ["[1, 2]", '{"format": "other"}', "not json", '"text"'])
def test_a_malformed_concept_model_is_a_configuration_error(tmp_path, examples_dir, content):
    model = tmp_path / "m.json"
    model.write_text(content)
    settings = load_settings({"summary": {"concept_model": str(model)}}, environ={})
    with pytest.raises(ConfigError, match=r"m\.json"):
        newsfuse.summarize_paths(examples_dir, settings=settings)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"width": 0}, "width must be a whole number of at least 1"),
        ({"width": 2.5}, "width must be a whole number"),
        ({"corroboration": -1}, "corroboration must be at least 0"),
        ({"model": 1}, "takes no option 'model'"),
    ],
)
def test_algorithm_options_are_checked(options, message):
    from newsfuse.fuse.algorithms import build_algorithm

    with pytest.raises(ConfigError, match=message):
        build_algorithm("newsfuse.learned-beam.v1", options)


def test_a_plain_class_or_function_takes_options_too(examples_dir):
    from newsfuse import registry
    from newsfuse.fuse.algorithms import AlgorithmSpec
    from newsfuse.fuse.search import GreedySearch

    class FirstK:
        def __init__(self, k: float = 2) -> None:
            self.k = int(k)

        def search(self, task, weights):
            return GreedySearch().search(task, weights)[: self.k]

    registry.searches.register("test.first-k.v1", FirstK)
    registry.algorithms.register(
        "test.count-first-k.v1", AlgorithmSpec("newsfuse.article-count.v1", "test.first-k.v1")
    )
    try:
        settings = load_settings(
            {"summary": {"algorithm": "test.count-first-k.v1", "algorithm_options": {"k": 1}}}, environ={}
        )
        assert len(newsfuse.summarize_paths(examples_dir, settings=settings).sentences) == 1
    finally:
        registry.algorithms.unregister("test.count-first-k.v1")
        registry.searches.unregister("test.first-k.v1")


def test_a_sentence_that_points_back_is_never_a_summary_sentence_on_its_own():
    texts = [
        "The port authority closed Pier 9 on Tuesday after the warehouse fire injured 14 workers. "
        "He said the pier would stay closed for a week while inspectors checked the cranes and sheds.",
        "Pier 9 was closed on Tuesday by the port authority after a fire injured 14 workers there. "
        "That decision angered the dockers, who lost a week of pay while the inspectors did their work.",
    ]
    summary = newsfuse.summarize(texts, words=200)
    assert summary.sentences
    assert not any(s.text.startswith(("He ", "That ")) for s in summary.sentences)
