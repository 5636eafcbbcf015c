from datetime import UTC, datetime, timedelta

from newsfuse.events import cluster_articles
from newsfuse.events.refine import refine
from newsfuse.model import Article, Copy
from newsfuse.settings import ClusteringSettings
from newsfuse.text.vectors import as_matrix

QUAKE = {"quake": 0.8, "velmora": 0.6}
FLOOD = {"flood": 0.8, "ostrand": 0.6}
WEEK = timedelta(days=7)


def refined(vectors, labels, *, published=None, copy_of=None, threshold=0.5):
    return refine(
        as_matrix(vectors),
        labels,
        threshold=threshold,
        published=published or [None] * len(vectors),
        window=WEEK,
        copy_of=copy_of or {},
    )


def test_an_event_split_by_arrival_order_is_joined():
    result = refined([QUAKE, FLOOD, QUAKE, FLOOD], [0, 1, 2, 3])
    assert result.labels == [0, 1, 0, 1]
    assert result.similarities == [1.0, 1.0, 1.0, 1.0]


def test_an_article_that_fits_no_event_leaves_and_one_that_fits_another_moves():
    result = refined([QUAKE, QUAKE, FLOOD, FLOOD, {"budget": 1.0}], [0, 0, 0, 1, 1])
    assert result.labels == [0, 0, 1, 1, 2]


def test_a_copy_stays_with_its_original_whatever_its_words():
    result = refined([QUAKE, QUAKE, FLOOD], [0, 0, 1], copy_of={2: 0})
    assert result.labels == [0, 0, 0]


def test_no_move_to_an_event_far_away_in_time():
    early = datetime(2026, 1, 1, tzinfo=UTC)
    late = early + timedelta(days=60)
    result = refined([QUAKE, QUAKE], [0, 1], published=[early, late])
    assert result.labels == [0, 1]
    assert refined([QUAKE, QUAKE], [0, 1], published=[early, early + timedelta(days=3)]).labels == [0, 0]


def test_refining_a_pile_is_deterministic_and_keeps_copies_together():
    texts = [
        "Flood waters rose in Ostrand on Monday and closed the river bridge.",
        "A 6.1 earthquake shook Velmora on Tuesday and damaged the old town.",
        "Ostrand residents left their homes as the flood closed the bridge on Monday.",
        "Velmora counted the damage of Tuesday's 6.1 earthquake in the old town.",
    ]
    articles = [Article(id=f"a{n}", text=text) for n, text in enumerate(texts)]
    articles.append(Article(id="copy", text=texts[1]))
    first = cluster_articles(articles)
    assert first == cluster_articles(articles)
    events = {a.article_id: a.event_id for a in first}
    assert events["a0"] == events["a2"] != events["a1"] == events["a3"] == events["copy"]
    copied = {a.article_id: a.copy_of for a in first}
    assert copied == {"a0": None, "a1": None, "a2": None, "a3": None, "copy": Copy("copy", "a1", "exact")}
    assert next(a for a in first if a.article_id == "copy").duplicate_of == "a1"
    single = cluster_articles(articles, ClusteringSettings(refine_passes=0))
    assert [a.article_id for a in single] == [a.article_id for a in first]
    assert {a.article_id: a.copy_of for a in single} == copied
    single_events = {a.article_id: a.event_id for a in single}
    assert single_events["copy"] == single_events["a1"]


def test_terms_common_to_many_events_are_left_out_and_articles_with_nothing_else_stay():
    said = {"said": 1.0}
    quake = {"quake": 0.7, "velmora": 0.5, "said": 0.5}
    flood = {"flood": 0.7, "ostrand": 0.5, "said": 0.5}
    vectors = [quake, flood, quake, flood, said]
    # With "said" counted, the lone "said" article joins an event; left out, it has nothing
    # left to compare and stays where it is, alone or not.
    assert refined(vectors, [0, 1, 2, 3, 4], threshold=0.4).labels == [0, 1, 0, 1, 0]
    common = {"threshold": 0.4, "published": [None] * 5, "window": WEEK, "copy_of": {}}
    assert refine(as_matrix(vectors), [0, 1, 2, 3, 4], common_events=2, **common).labels == [0, 1, 0, 1, 2]
    assert refine(as_matrix(vectors), [0, 1, 0, 1, 0], common_events=1, **common).labels == [0, 1, 0, 1, 0]
