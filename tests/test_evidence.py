"""Evidence: which sentences support a summary sentence, and which disagree with it."""

import pytest

import newsfuse
from newsfuse.evidence.conflicts import conflict, quantities


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
