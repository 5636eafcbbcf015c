"""A summary never names a person it has not introduced."""

import newsfuse
from newsfuse.fuse.introductions import introduce_first, people_of, unintroduced
from newsfuse.model import Article

CLUSTER = [
    "Opposition leader Sam Rainsy said on Friday that talks with the government had failed.",
    "Rainsy said his party would boycott the new parliament until the vote was recounted.",
    "Mr. Rainsy left for Bangkok on Saturday, aides said.",
    "Crowds gathered in Port Velmora as the ferry from Velmora arrived late.",
    "The harbour master of Port Velmora said the ferry had lost an engine.",
    "Prime Minister Hun Sen rejected the demand for a recount.",
]


def test_people_are_told_from_places_and_organisations():
    people = people_of(CLUSTER)
    assert people.full_names == {"rainsy": "Sam Rainsy"}


def test_a_bare_surname_before_its_introduction_is_flagged():
    people = people_of(CLUSTER)
    assert unintroduced([CLUSTER[1], CLUSTER[0]], people) == [{"rainsy"}, set()]
    assert unintroduced([CLUSTER[0], CLUSTER[1], CLUSTER[2]], people) == [set(), set(), set()]
    # "Mr." marks a person without saying who they are.
    assert unintroduced([CLUSTER[2]], people) == [{"rainsy"}]
    assert unintroduced([CLUSTER[4], CLUSTER[5]], people) == [set(), set()]


def test_the_sentence_that_introduces_someone_moves_before_the_first_that_names_them():
    people = people_of(CLUSTER)
    order = introduce_first([1, 5, 0], CLUSTER, people)
    assert order == [0, 1, 5]
    assert not any(unintroduced([CLUSTER[i] for i in order], people))


def _articles() -> list[Article]:
    lead = (
        "Opposition leader Sam Rainsy said on Friday that talks with the government of Cambodia "
        "had failed after three weeks. "
    )
    filler = [
        "The ferry from Velmora arrived four hours late on Friday because of the storm. ",
        "Fishermen in the bay said the storm was the worst they could remember this year. ",
        "The weather service expects calmer seas and light winds over the coming weekend. ",
    ]
    bare = (
        "Rainsy said his party would boycott the new parliament in Phnom Penh until every "
        "ballot of the disputed election was counted again by independent observers. "
    )
    return [
        Article(id="a", text=lead + "".join(filler) + bare * 1),
        Article(id="b", text="".join(reversed(filler)) + bare),
        Article(id="c", text=bare + filler[0]),
    ]


def test_a_summary_brings_in_the_introduction_or_leaves_the_sentence_out():
    articles = _articles()
    for words in (30, 45, 60, 90):
        summary = newsfuse.summarize(articles, settings=newsfuse.load_settings({"summary": {"words": words}}))
        texts = [s.text for s in summary.sentences]
        people = people_of(s.text for a in articles for s in newsfuse.split_sentences(a))
        assert not any(unintroduced(texts, people)), (words, texts)
        if any(t.startswith("Rainsy said") for t in texts):
            assert texts.index(next(t for t in texts if "Sam Rainsy" in t)) < texts.index(
                next(t for t in texts if t.startswith("Rainsy said"))
            )


def test_a_kept_sentence_and_its_introduction_may_fill_the_whole_budget():
    import numpy as np

    from newsfuse.fuse import summarizer
    from newsfuse.fuse.features import ClusterFeatures
    from newsfuse.fuse.search import SelectionInput
    from newsfuse.model import Budget

    articles = _articles()
    sentences = [s for a in articles for s in newsfuse.split_sentences(a)]
    features = ClusterFeatures(articles, sentences)
    kept = [0, 4]
    task = SelectionInput(
        features=features,
        candidates=np.ones(len(sentences), dtype=bool),
        related=lambda i: np.array([], dtype=np.int64),
        related_among=lambda indices: np.zeros((len(indices), len(indices)), dtype=bool),
        budget=Budget(words=int(features.words[kept].sum())),
    )
    algorithm = summarizer.Summarizer()._configured_algorithm()
    excluded = np.zeros(len(sentences), dtype=bool)
    assert summarizer._select_around(algorithm, task, kept, excluded) == {}
