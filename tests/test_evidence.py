"""Evidence: which sentences support a summary sentence, and which disagree with it."""

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsfuse
from newsfuse.evidence import relation
from newsfuse.evidence.conflicts import conflict, polarity_conflict
from newsfuse.evidence.quantities import quantities
from newsfuse.evidence.relation import Evidence, Label
from newsfuse.fuse.features import ClusterFeatures
from newsfuse.model import Article, Sentence
from newsfuse.segment import split_sentences


@pytest.mark.parametrize(
    ("claim", "other", "expected"),
    [
        ("The fire injured 14 people on Tuesday.", "It left 12 people injured.", "people: 14 against 12"),
        ("Shares fell 10 percent on Monday.", "Shares fell 1% on Monday.", "percent: 10 against 1"),
        ("Twelve firefighters were hurt.", "Fourteen firefighters were hurt.", "firefighters: 12 against 14"),
        ("The fire injured 14 people.", "Fourteen people were hurt in the fire.", None),
        ("Of the 14 people hurt, three were serious.", "Three people were in serious condition.", None),
        ("Police chased him at more than 100 mph.", "The chase reached 120 mph.", None),
        ("The storm moved at 8 mph (12 kph).", "The storm moved at 8 mph (13 kph).", None),
        ("Voting closes at 6 p.m. (1300 GMT).", "Turnout was 88 percent at 1100 GMT.", None),
        ("The fire injured people.", "Twelve people were hurt.", None),
        ("", "12 people", None),
    ],
)
def test_different_counts_of_one_thing_conflict_and_nothing_else_does(claim, other, expected):
    assert conflict(quantities(claim), quantities(other)) == expected


def test_the_examples_disagree_on_the_injured_and_the_other_count_is_not_cited(examples_dir):
    summary = newsfuse.summarize_paths(
        examples_dir, settings=newsfuse.load_settings({"summary": {"words": 100}})
    )
    (disagreement,) = summary.conflicts
    assert disagreement.detail == "people: 14 against 12"
    assert "12 people" in disagreement.other.text
    claim = next(s for s in summary.sentences if s.origin.start == disagreement.claim.start)
    cited = {(c.article_id, c.start) for c in claim.citations}
    assert (disagreement.other.article_id, disagreement.other.start) not in cited
    for render in ("text", "markdown"):
        assert "people: 14 against 12" in newsfuse.render(summary, render)


def test_a_citation_never_conflicts_with_its_sentence(examples_dir, seeds_dir):
    for folder in (examples_dir, examples_dir.parent / "rail-strike", seeds_dir):
        summary = newsfuse.summarize_paths(folder)
        for sentence in summary.sentences:
            claim = quantities(sentence.text)
            for citation in sentence.citations[1:]:
                assert conflict(claim, quantities(citation.text)) is None


def test_counts_of_one_word_in_different_situations_are_no_conflict():
    claim = quantities("He was sentenced to 12 years in prison for fraud.")
    other = quantities("Another 19 states have no such law; the law took 7 years to pass.")
    assert conflict(claim, other) is None


@pytest.mark.parametrize(
    ("claim", "other", "expected"),
    [
        ("The fire killed at least 60 people.", "The fire killed 65 people.", None),
        ("The fire injured about 180 people.", "It injured 157 people.", "people: about 180 against 157"),
        ("Aaron McKinney, 21, was charged.", "Aaron McKinney, 22, was arraigned.", "age: 21 against 22"),
        ("The 32-year-old Peterson was convicted.", "Scott Peterson, 32, was convicted.", None),
        ("Garrard completed 28 of 41 passes.", "Garrard completed 28 passes.", None),
        ("It had a depth of 1. 2 miles.", "It had a depth of 12 miles.", "miles: 1.2 against 12"),
        ("Twenty-eight-year-old Alcorn was charged.", "Alcorn, 28, was charged.", None),
        ("He was made commander in 1988.", "He was made commander in 1989.", "year: 1988 against 1989"),
        ("A 1,4 million euro grant was paid.", "A grant of 1.4 million euros was paid.", None),
        ("A dozen homes burned.", "Twelve homes burned.", None),
        ("Ty Lawson posted 15 points.", "Ty Lawson added 16 points.", "points: 15 against 16"),
        ("Ty Lawson posted 15 points.", "Danny Green had 16 points.", None),
        ("A fire on Pier 9 injured 14 people.", "It left 12 people injured.", "people: 14 against 12"),
        # One count of a thing on each side is one slot, whatever surrounds it...
        ("Five dead, dozens injured in Indonesia quake", "Quake: 24 dead in Aceh", "dead: 5 against 24"),
        (
            "A magnitude of 4.4 was measured.",
            "A 4.2 magnitude quake shook the county.",
            "magnitude: 4.4 against 4.2",
        ),
        # ...but a time span measures many things in one story.
        ("He was jailed for 12 years.", "The trial took 2 years.", None),
        # A value the other gives for the same person agrees, whatever else it gives.
        ("Kathryn Jenkin, 20, died.", "John Jenkin, 23, and his sister Katie Jenkin, 20, lived there.", None),
    ],
)
def test_values_conflict_only_when_both_cannot_be_true(claim, other, expected):
    assert conflict(quantities(claim), quantities(other)) == expected


@pytest.mark.parametrize(
    ("claim", "other", "expected"),
    [
        ("Gary Ross will not direct the sequel.", "Gary Ross is in talks to direct the sequel.", "direct"),
        ("The minister did not resign.", "The minister has not resigned yet.", None),
        ("The minister resigned on Monday.", "The minister resigned after the vote.", None),
    ],
)
def test_a_denial_against_an_assertion_is_a_conflict(claim, other, expected):
    found = polarity_conflict(claim, other)
    assert (found is None) == (expected is None)
    if expected:
        assert expected in found


@given(st.text(max_size=300), st.text(max_size=300))
def test_odd_text_never_breaks_the_value_rules(claim, other):
    conflict(quantities(claim), quantities(other))
    polarity_conflict(claim, other)


def _cluster(*articles: str) -> tuple[Evidence, list[Sentence]]:
    cleaned = [Article(id=f"a{n}", text=text) for n, text in enumerate(articles)]
    sentences = [s for article in cleaned for s in split_sentences(article)]
    return Evidence(ClusterFeatures(cleaned, sentences)), sentences


def test_each_label_on_hand_written_pairs():
    evidence, sentences = _cluster(
        "A chemical fire at the Brenna paint factory injured 14 workers on Tuesday night. "
        "The factory's owner, Ilse Marrow, said the plant would stay closed until an inquiry ends.",
        "Fourteen workers were injured when a chemical fire broke out at the Brenna paint factory "
        "on Tuesday. "
        "Ilse Marrow said on Wednesday that she had sold her shares in a football club.",
        "A chemical fire at the Brenna paint factory on Tuesday injured 9 workers, the fire service said. "
        "A chemical fire broke out at the Brenna paint factory on Tuesday night.",
    )
    assert [s.article_id for s in sentences] == ["a0", "a0", "a1", "a1", "a2", "a2"]
    assert evidence.label(0, 2) is Label.SUPPORTS  # the same fact, numbers spelled out
    assert evidence.label(0, 4) is Label.CONFLICTS  # 14 injured against 9
    assert evidence.label(0, 5) is Label.PARTIAL  # the fire, not the injured
    assert evidence.label(0, 3) is Label.UNRELATED  # shares only the factory
    assert evidence.label(1, 3) is Label.UNRELATED  # shares only a name and "said"


def test_citations_never_conflict_and_carry_kind_and_confidence(examples_dir, seeds_dir):
    for folder in (examples_dir, examples_dir.parent / "rail-strike", seeds_dir):
        summary = newsfuse.summarize_paths(folder)
        for sentence in summary.sentences:
            origin, *others = sentence.citations
            assert (origin.kind, origin.confidence) == ("origin", 1.0)
            for citation in others:
                assert citation.kind in ("supports", "partial")
                assert 0.0 < citation.confidence <= 1.0
        for item in summary.conflicts:
            assert item.other.kind == "conflicts"
        data = json.loads(newsfuse.render(summary, "json"))
        cited = [c for s in data["sentences"] for c in s["citations"]]
        assert all(c["kind"] in ("origin", "supports", "partial") and c["confidence"] > 0 for c in cited)
        for render in ("text", "markdown"):
            if any(c["kind"] != "origin" for c in cited):
                assert "reports " in newsfuse.render(summary, render)


def test_each_other_articles_likeliest_sentence_is_judged_by_meaning_too(monkeypatch):
    claim = "A chemical fire at the Brenna paint factory injured 14 workers on Tuesday night."
    # Few shared words: the word model leaves the pair open, its meaning settles it.
    other = "Fourteen employees were hurt when chemicals caught fire at the Brenna paint plant on Tuesday."
    texts = (claim, other)
    evidence, _ = _cluster(*texts)
    understood = evidence.judge(0)

    class Unrelated:
        """Every sentence means something of its own: closeness 0."""

        def encode(self, batch: list[str]) -> np.ndarray:
            return np.eye(384, dtype=np.float32)[[texts.index(t) for t in batch]]

    monkeypatch.setattr(relation, "load_sentence_encoder", Unrelated)
    evidence, _ = _cluster(*texts)
    misunderstood = evidence.judge(0)
    assert [(j.other, j.label) for j in understood] == [(1, Label.SUPPORTS)]
    assert understood[0].confidence > 0.85
    assert not misunderstood or misunderstood[0].confidence < understood[0].confidence - 0.2


@pytest.mark.parametrize(
    "articles",
    [
        # One article: nothing to cite but itself.
        ["The Brenna paint factory burned on Tuesday and fourteen workers were hurt in the fire."],
        # A very long sentence, sentences without content words, odd numbers, dates without a year.
        [
            "The fire at the Brenna paint factory " + "and the smoke over the harbour " * 150 + "ended.",
            "It is what it is. So it was, and so it is. The factory lost 1,4 million euros on Nov. 3.",
            "A dozen workers and twelve firefighters were hurt when the Brenna paint factory burned.",
        ],
        # Two articles that are nothing but numbers and punctuation around one real sentence.
        [
            "12 . 14 , 3 - 4 ; 1,4 ; 6. 1 ; 120, 000 !",
            "Fourteen workers were hurt at the Brenna paint factory.",
        ],
    ],
)
def test_odd_clusters_are_summarized_and_cited_without_error(articles):
    summary = newsfuse.summarize(
        [Article(id=f"a{n}", text=text) for n, text in enumerate(articles)], words=80
    )
    assert summary.sentences
    for sentence in summary.sentences:
        assert sentence.citations[0].kind == "origin"
        assert sentence.independent_sources >= 1
        for citation in sentence.citations:
            article = summary.article(citation.article_id)
            assert article.text[citation.start : citation.end] == citation.text


def _features(*articles: Article) -> ClusterFeatures:
    return ClusterFeatures(articles, [s for a in articles for s in split_sentences(a)])


def test_a_sentence_in_another_language_with_the_same_names_numbers_and_dates_is_its_translation():
    from newsfuse.evidence.languages import translations

    vietnamese = Article(
        id="vi",
        language="vi",
        text="Đến sáng 9/11, vẫn còn 2 người mất tích ở xã Phú Lạc. 5 người bị thương đang được điều trị.",
    )
    english = Article(
        id="en",
        language="en",
        text="Until the morning of November 9, 2 people were still missing in Phu Lac commune. "
        "Three people were missing on November 9 in Phu Lac, police said.",
    )
    features = _features(vietnamese, english)
    # the first English sentence gives 9/11, 2 and Phu Lac; the second 3 missing: another value
    assert [other for other, _ in translations(features, 0)] == [2]
    assert translations(features, 1) == []  # "5 người bị thương": no English sentence gives 5
    same_language = Article(id="vi2", language="vi", text=vietnamese.text)
    assert translations(_features(vietnamese, same_language), 0) == []


def test_a_vietnamese_sentence_cites_its_english_rendering_as_translated():
    from newsfuse.evidence.relation import cite
    from newsfuse.ingest import read_articles
    from newsfuse.pipeline import prepare

    articles = prepare(read_articles([EXAMPLES_DIKE]).articles).articles
    features = _features(*articles)
    claim = next(
        i for i, s in enumerate(features.sentences) if s.text == "Đến sáng 9/11, vẫn còn 2 người mất tích."
    )
    citations, _ = cite(Evidence(features), claim)
    translated = [(c.article_id, c.text) for c in citations if c.kind == "translated"]
    assert translated == [
        (
            "mekong-ledger-2026-11-09-phu-lac-dike",
            "Until the morning of November 9, 2 people were still missing.",
        )
    ]
    # the reports that give 3 missing are not cited for it, in either language
    assert not {c.article_id for c in citations} & {"tin-phu-lac", "delta-morning-post"}


EXAMPLES_DIKE = Path(__file__).resolve().parents[1] / "examples" / "dike-breach"
