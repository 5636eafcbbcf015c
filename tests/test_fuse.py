from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsfuse
from newsfuse.errors import NothingToSummarizeError, UnknownAlgorithmError
from newsfuse.fuse.selection import algorithm_names
from newsfuse.ingest import read_articles
from newsfuse.model import Article, Budget, Summary
from newsfuse.segment import split_sentences


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
    assert summary.algorithm == newsfuse.load_config(environ={}).algorithm
    assert_citations_are_real(summary)


def test_facts_reported_by_several_outlets_cite_them_all(examples_dir):
    summary = newsfuse.summarize(example_articles(examples_dir), words=120)
    assert any(len(s.citations) >= 3 for s in summary.sentences)
    towed = [s for s in summary.sentences if "cargo ship" in s.text]
    if towed:  # the ship is reported by all four outlets
        assert len(towed[0].citations) == 4


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
    assert [type(e).__name__ for e in summary.skipped] == ["EmptyArticleError"]


def test_nothing_to_summarize_and_unknown_algorithm_raise():
    with pytest.raises(NothingToSummarizeError):
        newsfuse.summarize([])
    with pytest.raises(UnknownAlgorithmError, match=r"newsfuse\.coverage\.v1"):
        newsfuse.summarize(["Some text that is long enough to be a sentence here."], algorithm="nope")
    assert {"newsfuse.coverage.v1", "newsfuse.learned-beam.v1", "newsfuse.concept-ilp.v1"} <= set(
        algorithm_names()
    )


def test_seeds_summary_has_no_boilerplate_and_cites_both_reports_for_shared_facts(seeds_dir):
    summary = newsfuse.summarize(read_articles([seeds_dir]).articles, words=100)
    text = summary.text
    for phrase in ("Related Posts", "Leave a Reply", "email address", "Photo", "Image:", "Follow Reuters"):
        assert phrase not in text
    assert any(len(s.citations) == 2 for s in summary.sentences)
    assert_citations_are_real(summary)


def test_name_spelled_two_ways_still_links_the_reports(examples_dir):
    from newsfuse.terms import name_variants

    texts = [a.text for a in example_articles(examples_dir)]
    assert name_variants(texts).get("zhirenko", "jirenko") in {"jirenko", "zhirenko"}
    aliases = name_variants(texts)
    assert {"zhirenko", "jirenko"} & set(aliases)


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
    from newsfuse.clean import clean_article
    from newsfuse.fuse.features import ClusterFeatures
    from newsfuse.fuse.support import SupportRule

    articles = [clean_article(a).article for a in example_articles(examples_dir)]
    sentences = [s for a in articles for s in split_sentences(a)]
    features = ClusterFeatures(articles, sentences)
    rule = SupportRule()
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
    assert ("copy", articles[0].id) in summary.duplicates
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
    from newsfuse.errors import InputTooLargeError

    config = newsfuse.load_config({"max_sentences": 5}, environ={})
    text = " ".join(f"Sentence number {n} reports one more fact about the storm." for n in range(10))
    with pytest.raises(InputTooLargeError, match="max_sentences"):
        newsfuse.summarize([text], config=config)


def test_one_budget_at_a_time():
    with pytest.raises(ValueError, match="not both"):
        newsfuse.summarize(["Some words here in a sentence."], words=50, sentences=2)


def test_hundreds_of_articles_and_repeated_sentences_stay_within_memory():
    # The relation is computed per chosen sentence, never as a full sentence-by-sentence matrix.
    repeated = "The harbor fire burned for hours and officials said more. " * 5000
    assert len(newsfuse.summarize([repeated], words=50).sentences) == 1
    articles = [
        Article(
            id=str(n), text=" ".join(f"Report {n} line {k}: {pool[(n + k) % len(pool)]}" for k in range(8))
        )
        for n in range(400)
    ]
    summary = newsfuse.summarize(articles, words=100)
    assert summary.word_count <= 100
    assert summary.sentences
