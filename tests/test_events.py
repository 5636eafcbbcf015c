import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.cli import main
from newsfuse.errors import NewsfuseError
from newsfuse.evaluate.metrics import bcubed, pairwise
from newsfuse.events import EventClusterer, StreamState, cluster_articles, find_copies
from newsfuse.model import Article, Copy
from newsfuse.settings import ClusteringSettings

QUAKE_A = [
    "A magnitude 6.1 earthquake struck near Velmora on Monday, damaging houses in the old town.",
    "Rescue teams in Velmora searched collapsed houses after Monday's 6.1 earthquake.",
    "The Velmora earthquake on Monday left 40 people injured, the regional governor said.",
]
QUAKE_B = [
    "A strong earthquake of magnitude 5.4 hit the island of Ostrava Bay on Thursday, cutting power.",
    "Power was still out on Ostrava Bay island a day after Thursday's 5.4 earthquake.",
    "Ostrava Bay officials said the Thursday earthquake damaged the harbor and two schools.",
]


def reports(texts):
    """Three reports of one event: each leads with a different fact and repeats the others."""
    return [" ".join(texts[n:] + texts[:n]) for n in range(len(texts))]


def articles_of(texts, prefix, start=None):
    moment = start or datetime(2026, 3, 2, tzinfo=UTC)
    return [
        Article(id=f"{prefix}{n}", text=text, published=moment + timedelta(hours=n))
        for n, text in enumerate(reports(texts))
    ]


def test_two_events_of_the_same_kind_end_up_apart():
    articles = articles_of(QUAKE_A, "a") + articles_of(QUAKE_B, "b")
    events = {a.article_id: a.event_id for a in cluster_articles(articles)}
    assert len({events[f"a{n}"] for n in range(3)}) == 1
    assert len({events[f"b{n}"] for n in range(3)}) == 1
    assert events["a0"] != events["b0"]


def test_clustering_twice_gives_the_same_events():
    articles = articles_of(QUAKE_A, "a") + articles_of(QUAKE_B, "b")
    assert cluster_articles(articles) == cluster_articles(articles)


def test_adding_articles_never_changes_existing_event_ids():
    clusterer = EventClusterer()
    first = [clusterer.add(a) for a in articles_of(QUAKE_A, "a")]
    before = dict(clusterer.events)
    for article in articles_of(QUAKE_B, "b"):
        clusterer.add(article)
    for assignment in first:
        assert clusterer.event_of(assignment.article_id) == assignment.event_id
    for event_id, article_ids in before.items():
        assert clusterer.events[event_id][: len(article_ids)] == article_ids


def test_events_close_after_the_window():
    clusterer = EventClusterer(ClusteringSettings(window_days=2))
    (first,) = [clusterer.add(a) for a in articles_of(QUAKE_A[:1], "a")]
    later = Article(id="late", text=reports(QUAKE_A)[1], published=datetime(2026, 3, 20, tzinfo=UTC))
    assignment = clusterer.add(later)
    assert clusterer.is_closed(first.event_id)
    assert assignment.event_id != first.event_id


@given(st.sampled_from(QUAKE_A + QUAKE_B), st.lists(st.sampled_from(QUAKE_A + QUAKE_B), max_size=6))
def test_an_exact_copy_always_lands_with_its_original(original, others):
    articles = [Article(id="original", text=original * 2)]
    articles += [Article(id=f"o{n}", text=text + f" Update {n}.") for n, text in enumerate(others)]
    articles.append(Article(id="copy", text=original * 2))
    events = {a.article_id: a for a in cluster_articles(articles)}
    assert events["copy"].event_id == events["original"].event_id
    assert events["copy"].duplicate_of == "original"


def test_near_duplicates_are_found(examples_dir):
    # A wire story reposted by a site with a phrase reworded and a note added.
    story = (examples_dir / "velmora-courier.txt").read_text()
    edited = story.replace("before dawn on Tuesday", "early on Tuesday", 1) + "\nThis story has been updated."
    other = (examples_dir / "saltmarsh-ledger.md").read_text()
    copies = find_copies(
        [
            Article(id="wire", text=story),
            Article(id="site", text=edited),
            Article(id="other", text=other),
            Article(id="mirror", text=story.upper()),
        ]
    )
    assert copies == [Copy("site", "wire", "near"), Copy("mirror", "wire", "exact")]


def test_bcubed_and_pairwise_on_known_cases():
    gold = {"1": "x", "2": "x", "3": "y", "4": "y"}
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    merged = dict.fromkeys(gold, "all")
    precision, recall, _ = bcubed(merged, gold)
    assert (precision, recall) == (0.5, 1.0)
    singletons = {k: k for k in gold}
    assert pairwise(singletons, gold)[1] == 0.0


def test_cluster_command_tsv_and_json(tmp_path, capsys):
    for n, text in enumerate(reports(QUAKE_A)):
        (tmp_path / f"a{n}.txt").write_text(text)
    for n, text in enumerate(reports(QUAKE_B)):
        (tmp_path / f"b{n}.txt").write_text(text)
    assert main(["cluster", str(tmp_path)]) == 0
    lines = [line.split("\t") for line in capsys.readouterr().out.strip().split("\n")]
    assert {len(line) for line in lines} == {3}  # article, event, storyline
    events = {article: event for article, event, _ in lines}
    storylines = {event: storyline for _, event, storyline in lines}
    assert set(events) == {"a0", "a1", "a2", "b0", "b1", "b2"}
    assert events["a0"] == events["a2"] != events["b1"]
    assert len(storylines) == 2  # an event is in one storyline (two undated quakes may share one)
    assert main(["cluster", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["events"]) == 2
    assert {a["storyline_id"] for a in data["assignments"]} == set(storylines.values())
    assert sorted(s["id"] for s in data["storylines"]) == sorted(set(storylines.values()))


def test_closed_events_are_forgotten_so_a_long_stream_stays_small():
    clusterer = EventClusterer(ClusteringSettings(window_days=1, storyline_window_days=2))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    sizes = []
    for day in range(30):
        place = f"Town{day:02d}x"
        for n, text in enumerate(reports([t.replace("Velmora", place) for t in QUAKE_A])):
            moment = start + timedelta(days=3 * day, hours=n)
            clusterer.add(Article(id=f"d{day}-{n}", text=text, published=moment))
        sizes.append(clusterer.working_set)
    assert len(clusterer.events) == 30
    assert all(size["open_events"] <= 3 for size in sizes)
    assert all(size["open_storylines"] <= 3 for size in sizes)
    assert len({clusterer.storyline_of(e) for e in clusterer.events}) > 5
    assert sizes[-1]["remembered_texts"] <= 9 < 90
    assert sizes[-1]["indexed_terms"] < 3 * sizes[2]["indexed_terms"]
    # A late exact copy still joins its original's closed event, without reopening it.
    late = Article(id="late", text=reports(QUAKE_A)[0].replace("Velmora", "Town00x"), published=moment)
    assignment = clusterer.add(late)
    assert (assignment.event_id, assignment.duplicate_of) == (clusterer.event_of("d0-0"), "d0-0")
    assert clusterer.is_closed(assignment.event_id)
    assert clusterer.working_set["indexed_terms"] == sizes[-1]["indexed_terms"]


def test_a_date_in_the_future_counts_as_no_date():
    clusterer = EventClusterer(ClusteringSettings(window_days=2))
    first = [clusterer.add(a) for a in articles_of(QUAKE_A[:2], "a")]
    wrong = Article(id="wrong", text=reports(QUAKE_B)[0], published=datetime(2199, 1, 1, tzinfo=UTC))
    clusterer.add(wrong)
    assert not clusterer.is_closed(first[0].event_id)
    follow_up = articles_of(QUAKE_A, "f", start=datetime(2026, 3, 3, tzinfo=UTC))[2]
    assert clusterer.add(follow_up).event_id == first[0].event_id
    naive = Article(id="naive", text=reports(QUAKE_A)[1], published=datetime(2026, 3, 3, 5))
    assert clusterer.add(naive).event_id == first[0].event_id


def test_an_exact_copy_published_after_its_event_closed_still_joins_it():
    original = articles_of(QUAKE_A, "a")
    copy = Article(id="copy", text=original[0].text, published=datetime(2026, 6, 1, tzinfo=UTC))
    for assignments in (cluster_articles([*original, copy]), cluster_articles([copy, *original])):
        events = {a.article_id: a for a in assignments}
        assert events["copy"].event_id == events["a0"].event_id
        assert {events["copy"].duplicate_of, events["a0"].duplicate_of} & {"copy", "a0"}


def test_article_ids_must_be_unique_and_texts_without_words_are_not_copies():
    same_id = [Article(id="x", text=reports(QUAKE_A)[0]), Article(id="x", text=reports(QUAKE_A)[0])]
    with pytest.raises(NewsfuseError, match="'x' was given twice"):
        cluster_articles(same_id)
    wordless = [Article(id="a", text="..."), Article(id="b", text="!!")]
    assert all(a.duplicate_of is None for a in cluster_articles(wordless))


def test_the_clock_is_passed_in_not_read_from_the_machine():
    """A date counts as in the future against the clock given, so replays are repeatable."""
    then = datetime(2026, 3, 2, tzinfo=UTC)
    early = EventClusterer(ClusteringSettings(window_days=1), clock=lambda: then - timedelta(days=30))
    first = early.add(articles_of(QUAKE_A, "a")[0])
    late = Article(id="b", text=reports(QUAKE_B)[0], published=then + timedelta(days=10))
    early.add(late)
    assert not early.is_closed(first.event_id)  # the later date is "in the future" for this clock
    now = EventClusterer(ClusteringSettings(window_days=1), clock=lambda: then + timedelta(days=30))
    opened = now.add(articles_of(QUAKE_A, "a")[0])
    now.add(late)
    assert now.is_closed(opened.event_id)


def test_the_stream_state_round_trips_through_json():
    clusterer = EventClusterer(ClusteringSettings(window_days=1))
    for article in [
        *articles_of(QUAKE_A, "a"),
        *articles_of(QUAKE_B, "b", start=datetime(2026, 3, 9, tzinfo=UTC)),
    ]:
        clusterer.add(article)
    state = clusterer.state
    assert state.closed
    assert StreamState.from_json(state.to_json()) == state
    with pytest.raises(ValueError, match="not a newsfuse stream state"):
        StreamState.from_json('{"documents": 1}')


CHAIN = (
    "velmora ostrand brask tessory harbor quay ferry warehouse pier crane barge tug smoke blaze river "
    "flood levee pump rain shelter school mayor council budget vote bridge tender contract steel cable "
    "tower span toll road tunnel rail strike union wage driver depot"
).split()


@given(st.randoms(use_true_random=False))
def test_a_pile_gives_the_same_events_whatever_its_order(random):
    # A chain: each text shares most words with the next, so where the events split
    # depends on which texts come first, unless the pile is put in an order of its own.
    articles = [
        Article(id=f"c{k}", text=" ".join(f"{w.capitalize()} reports {w} {w}." for w in CHAIN[k : k + 10]))
        for k in range(0, 30, 3)
    ]
    articles += articles_of(QUAKE_A, "a") + articles_of(QUAKE_B, "b")
    shuffled = list(articles)
    random.shuffle(shuffled)
    grouping = lambda assignments: sorted(  # noqa: E731
        sorted(a.article_id for a in assignments if a.event_id == event)
        for event in {a.event_id for a in assignments}
    )
    assert grouping(cluster_articles(shuffled)) == grouping(cluster_articles(articles))


HEADLINES = {
    "fire-1": "Fire guts warehouse on Pier 9 in Port Velmora",
    "fire-2": "Velmora harbour blaze destroys storehouse",
    "fire-3": "Flames tear through Velmora dock building, crews fight blaze for hours",
    "flood-1": "River Ell floods lower Brask, hundreds leave their homes",
    "flood-2": "Hundreds flee as rising water inundates Brask",
    "rates": "Kestova central bank raises interest rates again",
}


def test_short_texts_compared_by_meaning_group_paraphrased_headlines():
    articles = [Article(id=key, text=text) for key, text in HEADLINES.items()]
    for weight, fire_events in [(0.0, 3), (0.4, 1)]:  # words alone leave each fire headline apart
        settings = ClusteringSettings(meaning_weight=weight, meaning_threshold=0.35)
        events = {a.article_id: a.event_id for a in cluster_articles(articles, settings)}
        assert len({events[k] for k in ("fire-1", "fire-2", "fire-3")}) == fire_events, weight
        assert events["flood-1"] == events["flood-2"]
        assert len({events["fire-1"], events["flood-1"], events["rates"]}) == 3
    stream = EventClusterer(ClusteringSettings(meaning_weight=0.4, meaning_threshold=0.35))
    placed = {article.id: stream.add(article).event_id for article in articles}
    assert placed["fire-2"] == placed["fire-3"]  # no shared word but "Velmora": found by meaning
    long = Article(id="long", text=" ".join(["Velmora harbour blaze destroys storehouse."] * 20))
    assert "~0" not in stream.vector(long)  # a long text keeps its words only


def test_meaning_settings_are_checked():
    for wrong in ({"meaning_weight": 1.0}, {"meaning_weight": -0.1}, {"meaning_max_words": 0}):
        with pytest.raises(NewsfuseError, match="meaning_"):
            ClusteringSettings(**wrong)


# A storyline: the Velmora quake, then, after its event has closed, the aid and rebuilding.
QUAKE_A_LATER = [
    "Ten days after the Velmora earthquake, families whose houses collapsed moved into shelters.",
    "The Velmora old town will be rebuilt with state aid after the earthquake, the governor said.",
    "Engineers inspected 300 houses in Velmora damaged by the earthquake; 40 must be torn down.",
]


OTHER_NEWS = [
    "Another earthquake shook the region on Sunday; nobody was hurt, the seismic office said.",
    "The earthquake insurance fund raised its fees for the coming year.",
    "A school drill taught children what to do in an earthquake.",
    "The national football league opened its season with a 3-1 win for the champions.",
    "Bread prices rose by 4 percent in February, the statistics office said.",
]


def storyline_pile(later_start=datetime(2026, 3, 16, tzinfo=UTC)):
    """Two quakes, the first with its aftermath, among other news (so that the words every
    quake report uses weigh what they weigh in real news)."""
    return [
        *articles_of(QUAKE_A, "a"),
        *articles_of(QUAKE_B, "b", start=datetime(2026, 3, 5, tzinfo=UTC)),
        *articles_of(QUAKE_A_LATER, "l", start=later_start),
        *(Article(id=f"o{n}", text=text) for n, text in enumerate(OTHER_NEWS)),
    ]


def test_events_of_one_story_share_a_storyline_in_a_pile_and_a_stream():
    articles = storyline_pile()
    clusterer = EventClusterer(ClusteringSettings(window_days=3))
    for placed in (
        cluster_articles(articles, ClusteringSettings(window_days=3)),
        [clusterer.add(a) for a in articles],
    ):
        event = {a.article_id: a.event_id for a in placed}
        storyline = {a.article_id: a.storyline_id for a in placed}
        assert event["a0"] != event["l0"]  # two happenings: the quake, and ten days later the aid
        assert storyline["a0"] == storyline["l0"] == storyline["l2"]
        assert storyline["b0"] != storyline["a0"]  # another quake is another story
        assert all(storyline[a.id].startswith("storyline-") for a in articles)


def test_a_storyline_closes_after_its_window():
    articles = storyline_pile(later_start=datetime(2026, 6, 1, tzinfo=UTC))
    clusterer = EventClusterer()
    for placed in (cluster_articles(articles), [clusterer.add(a) for a in articles]):
        storyline = {a.article_id: a.storyline_id for a in placed}
        assert storyline["a0"] != storyline["l0"]  # the same words months later: a new story


def test_a_pile_links_its_undated_events_to_stories_of_any_date():
    articles = storyline_pile()
    articles = [*articles[:6], *(replace(a, published=None) for a in articles[6:])]
    storyline = {
        a.article_id: a.storyline_id for a in cluster_articles(articles, ClusteringSettings(window_days=3))
    }
    assert storyline["l1"] == storyline["a1"]


@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=5))
def test_storyline_ids_are_stable_and_an_event_never_spans_two(random, step):
    articles = storyline_pile()
    random.shuffle(articles)
    clusterer = EventClusterer(ClusteringSettings(window_days=3))
    seen: dict[str, str] = {}
    for article in articles:
        placed = clusterer.add(article)
        assert seen.setdefault(placed.event_id, placed.storyline_id) == placed.storyline_id
        for event_id, storyline_id in list(seen.items())[::step]:
            assert clusterer.storyline_of(event_id) == storyline_id


def test_a_stream_state_saved_before_storylines_still_loads():
    saved = json.loads(EventClusterer().state.to_json())
    del saved["storylines"]
    clusterer = EventClusterer()
    clusterer.resume(StreamState.from_json(json.dumps(saved)))
    assert clusterer.add(articles_of(QUAKE_A, "a")[0]).storyline_id == "storyline-000001"


def test_a_short_text_meets_an_event_without_short_texts_by_its_words_alone():
    # Meaning compares two short texts; against an event of whole reports, a headline is
    # compared by its words, with the ordinary threshold, in a stream and in a pile.
    settings = ClusteringSettings(meaning_weight=0.4, meaning_threshold=0.6, meaning_max_words=12)
    headline = Article(
        id="h",
        text="Velmora earthquake damages houses in the old town",
        published=datetime(2026, 3, 3, tzinfo=UTC),
    )
    articles = [*articles_of(QUAKE_A, "a"), *articles_of(QUAKE_B, "b"), headline]
    clusterer = EventClusterer(settings)
    for placed in ([clusterer.add(a) for a in articles], cluster_articles(articles, settings)):
        event = {a.article_id: a.event_id for a in placed}
        assert event["h"] == event["a0"] != event["b0"]
        assert next(a for a in placed if a.article_id == "h").similarity < settings.meaning_threshold


def test_a_big_pile_with_short_texts_drops_common_words_but_keeps_meaning():
    # Over 50 events share some words, which refinement then drops as too common: the
    # meaning dimensions of the short texts must still be known for what they are.
    common = "officials said the council met on the matter and residents were told to wait for news"
    places = [f"Town{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(60)]
    articles = [
        Article(
            id=f"long-{n}",
            text=f"In {place}, {common}. The {place} bridge on route {n + 100} was closed for {n + 3} days, "
            f"and the {place} mayor promised repairs. {common.capitalize()} again.",
            published=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=10 * n),
        )
        for n, place in enumerate(places)
    ]
    articles += [
        Article(id=f"short-{n}", text=f"{places[n]} bridge closed for {n + 3} days") for n in range(0, 60, 7)
    ]
    placed = {
        a.article_id: a.event_id for a in cluster_articles(articles, ClusteringSettings(meaning_weight=0.3))
    }
    assert len({placed[f"long-{n}"] for n in range(60)}) == 60
    for n in range(0, 60, 7):
        assert placed[f"short-{n}"] == placed[f"long-{n}"]


def test_ids_are_never_given_twice_even_when_their_articles_are_gone():
    first = EventClusterer()
    for article in (articles_of(QUAKE_A, "a")[0], articles_of(QUAKE_B, "b")[0]):
        first.add(article)
    saved = StreamState.from_json(first.state.to_json())
    later = EventClusterer()
    later.resume(saved)  # nothing restored: say both events' articles were replaced since
    placed = later.add(Article(id="c", text="Bread prices rose by 4 percent in February, the office said."))
    assert (placed.event_id, placed.storyline_id) == ("event-000003", "storyline-000003")


def test_a_short_text_whose_words_weigh_nothing_is_still_a_unit_vector():
    settings = ClusteringSettings(meaning_weight=0.3)
    clusterer = EventClusterer(settings)
    vector = clusterer.vector(Article(id="s", text="It was what it was."))
    assert abs(sum(w * w for w in vector.values()) - 1.0) < 1e-6
