import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

import newsfuse
from conftest import ROOT
from newsfuse.cli import main
from newsfuse.errors import StoreError, StoreLockedError
from newsfuse.events import EventClusterer, StreamState, cluster_articles
from newsfuse.model import Copy
from newsfuse.pipeline import STREAM_STATE, EventWriter, add_prepared, digest_prepared, digest_store, prepare
from newsfuse.settings import StoreSettings
from newsfuse.store import NewRow, SQLStore, open_store


def add_to_store(store, articles):
    return add_prepared(prepare(articles), store)


def ArticleStore(path, *, read_only=False, lock_wait=None):
    settings = StoreSettings(lock_wait_seconds=lock_wait) if lock_wait is not None else None
    return open_store(path, settings, read_only=read_only)


RAIL = ROOT / "examples" / "rail-strike"


@pytest.fixture
def mixed_folder(tmp_path, examples_dir):
    """Both fictional events, and an exact copy of one report posted by another site."""
    shutil.copytree(examples_dir, tmp_path / "harbor-fire")
    shutil.copytree(RAIL, tmp_path / "rail-strike")
    shutil.copy(examples_dir / "velmora-courier.txt", tmp_path / "mirror-site.txt")
    return tmp_path


def test_digest_separates_the_two_events_and_groups_the_copy(mixed_folder, capsys):
    assert main(["digest", str(mixed_folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    events = data["events"]
    assert len(events) == 2
    fire, rail = events  # by size: the fire has 5 articles (with the copy), the strike fewer
    fire_ids = {a["id"] for a in fire["articles"]}
    assert "mirror-site" in fire_ids
    assert {"article_id": "mirror-site", "same_as": "harbor-fire/velmora-courier", "kind": "exact"} in fire[
        "copies"
    ]
    assert all("rail" in a["id"] for a in rail["articles"])
    for event in events:
        assert event["title"]
        assert event["summary"]["sentences"]
        cited = {c["article_id"] for s in event["summary"]["sentences"] for c in s["citations"]}
        assert cited <= {a["id"] for a in event["articles"]}
        assert "mirror-site" not in cited


def test_digest_markdown_lists_events_sources_and_copies(mixed_folder, capsys):
    assert main(["digest", str(mixed_folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# News digest: 2 events")
    assert out.count("\n## ") == 2
    # Two of the fire's five articles name no outlet: only named outlets are counted.
    assert "*5 articles: 4 independent reports from 2 known outlets, 2026-11-03 to 2026-11-04" in out
    copy_line = next(line for line in out.splitlines() if line.startswith("5. mirror-site"))
    courier = next(line for line in out.splitlines() if "harbor-fire/velmora-courier:" in line)
    assert copy_line.endswith(f"(same text as \\[{courier.split('.')[0]}\\], counted once)")


def test_store_keeps_events_across_runs_and_never_renames_them(tmp_path, examples_dir):
    database = tmp_path / "news.db"
    articles = newsfuse.read_articles([examples_dir]).articles
    with ArticleStore(database) as store:
        first = add_to_store(store, articles[:2])
        assert first.repeated == ()
    with ArticleStore(database) as store:
        second = add_to_store(store, articles)
        assert second.repeated == tuple((a.id, a.id) for a in articles[:2])
        stored = {s.article.id: s.event_id for s in store.stored()}
    for assignment in first.assignments:
        assert stored[assignment.article_id] == assignment.event_id
    assert len(set(stored.values())) == 1  # all four reports of the fire: one event
    assert sqlite3.connect(database).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_interrupted_add_leaves_the_database_as_it_was(tmp_path, examples_dir, monkeypatch, capsys):
    database = tmp_path / "news.db"
    assert main(["add", str(examples_dir / "velmora-courier.txt"), "--db", str(database)]) == 0
    assert "added 1 articles to 1 events in 1 storylines" in capsys.readouterr().err
    before = sqlite3.connect(database).execute("SELECT id, event_id FROM articles").fetchall()
    calls = []

    def interrupted_on_the_second_article(self, article, **options):
        calls.append(article.id)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the run
        return original_add(self, article, **options)

    original_add = EventClusterer.add
    monkeypatch.setattr(EventClusterer, "add", interrupted_on_the_second_article)
    assert main(["add", str(RAIL), "--db", str(database)]) == 130
    assert "interrupted" in capsys.readouterr().err
    assert len(calls) == 2
    assert sqlite3.connect(database).execute("SELECT id, event_id FROM articles").fetchall() == before
    monkeypatch.setattr(EventClusterer, "add", original_add)
    assert main(["add", str(RAIL), "--db", str(database)]) == 0


def test_a_second_run_waits_for_the_first_and_then_gives_up_clearly(tmp_path, examples_dir):
    database = tmp_path / "news.db"
    articles = newsfuse.read_articles([RAIL]).articles
    first = ArticleStore(database)
    second = ArticleStore(database, lock_wait=0.2)
    with first.writing(), pytest.raises(StoreLockedError, match="another run"):
        add_to_store(second, articles)
    first.close()
    second.close()
    with ArticleStore(database) as store:
        assert len(add_to_store(store, articles).assignments) == 3


def test_articles_are_known_by_their_text_and_outlet_not_by_their_file_name(tmp_path, examples_dir):
    (tmp_path / "day1").mkdir()
    (tmp_path / "day2").mkdir()
    shutil.copy(examples_dir / "velmora-courier.txt", tmp_path / "day1" / "story.txt")
    shutil.copy(RAIL / "brenhal-herald.txt", tmp_path / "day2" / "story.txt")
    database = tmp_path / "news.db"
    with ArticleStore(database) as store:
        add_to_store(store, newsfuse.read_articles([tmp_path / "day1"]).articles)
        added = add_to_store(store, newsfuse.read_articles([tmp_path / "day2"]).articles)
        assert added.renamed == (("story", "story~2"),)
        again = add_to_store(store, newsfuse.read_articles([tmp_path]).articles)  # ids day1/story...
        assert again.assignments == ()
        assert {a for a, _ in again.repeated} == {"day1/story", "day2/story"}
        assert len(store.stored()) == 2


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database at all" * 100)
    with pytest.raises(StoreError, match="not a newsfuse database"):
        ArticleStore(bad)


def test_add_then_digest_from_the_database(tmp_path, examples_dir, capsys):
    database = tmp_path / "news.db"
    assert main(["add", str(examples_dir), "--db", str(database)]) == 0
    assert main(["add", str(RAIL), "--db", str(database)]) == 0
    assert main(["add", str(examples_dir), "--db", str(database)]) == 1  # all already stored
    capsys.readouterr()
    assert main(["digest", "--db", str(database), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["events"]) == 2


def test_digest_batch_and_store_agree_on_the_grouping(tmp_path, examples_dir):
    prepared = newsfuse.read([examples_dir, RAIL])
    settings = newsfuse.load_settings(environ={})
    batch = digest_prepared(prepared, settings)
    with ArticleStore(tmp_path / "n.db") as store:
        add_prepared(prepared, store, settings)
        stored = digest_store(store, settings)
    grouping = lambda digest: sorted(sorted(a.id for a in e.articles) for e in digest.events)  # noqa: E731
    assert grouping(batch) == grouping(stored)


def test_a_database_refuses_other_clustering_settings(tmp_path, examples_dir, capsys):
    database = tmp_path / "news.db"
    assert main(["add", str(examples_dir), "--db", str(database)]) == 0
    assert main(["add", str(RAIL), "--db", str(database), "--threshold", "0.4"]) == 2
    assert "formed with other settings: threshold 0.4 (stored: 0.25)" in capsys.readouterr().err


def test_bad_clustering_options_and_foreign_text_are_reported(tmp_path, capsys):
    for days in ("0", "nan", "inf", "1e9"):
        assert main(["cluster", str(tmp_path), "--window-days", days]) == 2
        assert "error: clustering.window_days must be " in capsys.readouterr().err
    french = " ".join(["Le port de Velmora a subi un grand incendie mardi matin, avec des blessés."] * 6)
    (tmp_path / "fr.txt").write_text(french)
    vietnamese = " ".join(["Cảng Velmora bị cháy lớn vào sáng thứ Ba, nhiều người bị thương."] * 6)
    (tmp_path / "vn.txt").write_text(vietnamese)
    assert main(["cluster", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "warning: " + str(tmp_path / "fr.txt") + ": reads as fr, not English or Vietnamese" in captured.err
    assert "vn.txt: reads as" not in captured.err  # Vietnamese is read as Vietnamese
    assert "note: 2 of 2 articles have no publication date (fr, vn)" in captured.err
    assert sorted(line.split("\t")[0] for line in captured.out.splitlines()) == ["fr", "vn"]


def test_database_mistakes_are_clear_errors(tmp_path, examples_dir, capsys):
    missing = tmp_path / "typo.db"
    assert main(["digest", "--db", str(missing), "--threshold", "0.5"]) == 2
    assert "a database keeps the settings of its first newsfuse add" in capsys.readouterr().err
    assert main(["digest", "--db", str(missing)]) == 2
    assert "no such database" in capsys.readouterr().err
    assert not missing.exists()
    assert main(["add", str(examples_dir), "--db", str(tmp_path / "no" / "such" / "n.db")]) == 2
    assert "no such folder" in capsys.readouterr().err
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE contacts (name TEXT)").connection.commit()
    assert main(["add", str(examples_dir), "--db", str(other)]) == 2
    assert "not a newsfuse database" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["add", str(empty), "--db", str(tmp_path / "new.db")]) == 2
    assert not (tmp_path / "new.db").exists()


def test_a_digest_reads_the_database_without_writing_to_it(tmp_path, examples_dir):
    database = tmp_path / "news.db"
    with ArticleStore(database) as store:
        add_to_store(store, newsfuse.read_articles([examples_dir]).articles)
    with ArticleStore(database, read_only=True) as store:
        assert len(store.stored()) == 4
        row = NewRow(newsfuse.Article(id="x", text="A new report."), "event-000009", None, 1.0, "f", "{}")
        with pytest.raises(StoreError, match="cannot write"), store.writing():
            store.add([row])


def test_a_run_reads_only_the_open_events_and_late_copies_still_find_closed_ones(
    tmp_path, examples_dir, monkeypatch
):
    database = tmp_path / "news.db"
    fire = newsfuse.read_articles([examples_dir]).articles  # 3 and 4 November
    later = newsfuse.Article(
        id="dock-vote",
        text="Dockers in Kestova voted on Friday to accept the port authority's pay offer. " * 3,
        source="Kestova Times",
        published=datetime(2026, 11, 20, 9, tzinfo=UTC),
    )
    with ArticleStore(database) as store:
        first = add_to_store(store, fire)
        (still_open,) = add_to_store(store, [later]).assignments
        fire_event = first.assignments[0].event_id
        state = StreamState.from_json(store.load_state(STREAM_STATE))
        assert state.documents == 5
        assert state.frequency["velmora"] == 4
    read: list[set[str] | None] = []
    original_stored = SQLStore.stored

    def recording(self, events=None):
        read.append(set(events) if events is not None else None)
        return original_stored(self, events)

    monkeypatch.setattr(SQLStore, "stored", recording)
    late_copy = newsfuse.Article(
        id="mirror", text=fire[0].text, source="Mirror Site", published=datetime(2026, 11, 21, tzinfo=UTC)
    )
    with ArticleStore(database) as store:
        added = add_to_store(store, [late_copy])
    assert len(read) == 1
    assert read[0] == {still_open.event_id}  # the fire's event has closed: its articles are not read
    (assignment,) = added.assignments
    assert (assignment.event_id, assignment.copy_of) == (fire_event, Copy("mirror", fire[0].id, "exact"))


def _stream(count=60, seed=3):
    """Reports of a dozen events, arriving out of date order, a few of them undated."""
    import random

    rng = random.Random(seed)
    places = ["Velmora", "Ostrand", "Kestova", "Brenhal", "Tessory", "Lirath", "Saltmarsh", "Harbin"]
    kinds = ["fire", "flood", "strike", "earthquake", "election", "storm"]
    events = [(rng.choice(places), rng.choice(kinds), rng.randint(2, 900), day) for day in range(0, 120, 10)]
    articles = []
    for number in range(count):
        place, kind, figure, day = rng.choice(events)
        moment = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=day + rng.uniform(-3, 3))
        text = (
            f"The {kind} in {place} affected {figure} people, officials in {place} said. "
            f"Reporters counted {figure} {rng.choice(['homes', 'families', 'workers'])} hit by the {kind}. "
            f"{rng.choice(['Crews', 'Volunteers', 'Police'])} stayed in {place} overnight."
        )
        undated = number % 9 == 4
        articles.append(
            newsfuse.Article(
                id=f"s{number}", text=text, source=f"Outlet {number}", published=None if undated else moment
            )
        )
    return articles


def test_a_stream_fed_over_several_runs_gets_the_events_of_one_run(tmp_path):
    articles = _stream()
    with ArticleStore(tmp_path / "one.db") as store:
        add_to_store(store, articles)
        whole = {s.article.id: (s.event_id, s.storyline_id) for s in store.stored()}
    with ArticleStore(tmp_path / "parts.db") as store:
        for start in range(0, len(articles), 13):
            add_to_store(store, articles[start : start + 13])
        parts = {s.article.id: (s.event_id, s.storyline_id) for s in store.stored()}
        assert StreamState.from_json(store.load_state(STREAM_STATE)).closed  # early events closed
        assert {e.storyline_id for e in store.index()} == {s for _, s in parts.values()}
    assert parts == whole
    events, storylines = {e for e, _ in whole.values()}, {s for _, s in whole.values()}
    assert len(events) > len(storylines) > 5


def test_a_digest_keeps_what_cleaning_removed_from_each_article(seeds_dir):
    digest = digest_prepared(newsfuse.read(seeds_dir))
    removals = [r for event in digest.events for c in event.summary.cleaning for r in c.removals]
    assert {"comment-form", "related"} <= {r.rule for r in removals}


def test_a_headline_alone_is_a_short_article_not_a_rejected_one():
    headline = newsfuse.Article(id="h", text="", title="Fire on Pier 9 at Port Velmora injures 14")
    prepared = prepare([headline])
    assert prepared.problems == ()
    assert prepared.articles[0].text == "Fire on Pier 9 at Port Velmora injures 14"
    grouping = newsfuse.group(prepared)
    assert [a.event_id for a in grouping.assignments] == ["event-000001"]
    assert newsfuse.summarize_prepared(prepared).articles[0].id == "h"


def test_an_algorithm_or_a_reader_is_one_registration(tmp_path, examples_dir):
    import numpy as np

    from newsfuse import registry
    from newsfuse.fuse.algorithms import AlgorithmSpec

    class EveryConceptOnce:
        def weigh(self, features):
            return np.ones(len(features.concept_table.concepts))

    registry.weighers.register("test.flat.v1", EveryConceptOnce)
    registry.algorithms.register("test.flat-greedy.v1", AlgorithmSpec("test.flat.v1", "newsfuse.greedy.v1"))
    summary = newsfuse.summarize_paths(
        examples_dir, settings=newsfuse.load_settings({"summary": {"algorithm": "test.flat-greedy.v1"}})
    )
    registry.algorithms.unregister("test.flat-greedy.v1")
    registry.weighers.unregister("test.flat.v1")
    assert summary.algorithm == "test.flat-greedy.v1"
    assert summary.sentences
    assert summary.settings["algorithm"]["weigher"] == {"class": "EveryConceptOnce"}

    def read_lines(text, *, article_id, origin):
        return [
            newsfuse.Article(id=f"{article_id}-{n}", text=line, origin=origin)
            for n, line in enumerate(text.splitlines())
        ]

    registry.register_reader("lines", read_lines, suffixes=[".lines"])
    (tmp_path / "wire.lines").write_text(
        "A harbor fire injured 14 people on Tuesday.\nThe port reopened on Wednesday.\n"
    )
    ids = [a.id for a in newsfuse.read_articles(tmp_path).articles]
    registry.readers.unregister("lines")
    del registry.reader_suffixes[".lines"]
    assert ids == ["wire-0", "wire-1"]


def test_a_page_that_was_all_boilerplate_is_skipped_even_with_a_title():
    page = newsfuse.Article(
        id="p", title="Live updates", text="Leave a Reply\n\nYour email address will not be published."
    )
    prepared = prepare([page])
    assert prepared.cleaned == ()
    assert [p.kind for p in prepared.problems] == ["empty-article"]


def test_upgrade_brings_an_old_database_up_to_date_and_digest_explains(tmp_path, examples_dir, capsys):
    from test_store import schema_2_database

    database = tmp_path / "old.db"
    schema_2_database(database)
    assert main(["digest", "--db", str(database)]) == 2
    assert "newsfuse upgrade --db" in capsys.readouterr().err
    assert main(["upgrade", "--db", str(database)]) == 0
    assert "upgraded from schema 2 to schema 6" in capsys.readouterr().err
    assert main(["upgrade", "--db", str(database)]) == 0
    assert "already at schema 6" in capsys.readouterr().err
    assert main(["digest", "--db", str(database), "--format", "json"]) == 0
    digest = json.loads(capsys.readouterr().out)
    assert digest["events"]
    assert digest["settings"]["clustering"]["recorded in the database"]["threshold"] == "0.25"
    for missing in (str(tmp_path / "missing.db"), f"sqlite:///{tmp_path / 'missing2.db'}"):
        assert main(["upgrade", "--db", missing]) == 2
    assert not (tmp_path / "missing.db").exists()
    assert not (tmp_path / "missing2.db").exists()


def test_an_article_longer_than_any_report_is_skipped_before_it_costs_anything():
    settings = newsfuse.load_settings({"input": {"max_article_chars": 1000}}, environ={})
    long_one = newsfuse.Article(id="long", text="The fire. " * 200)
    short_one = newsfuse.Article(id="short", text="The harbor fire injured 14 people on Tuesday.")
    prepared = prepare([long_one, short_one], settings)
    assert [a.id for a in prepared.articles] == ["short"]
    assert [(p.kind, p.message) for p in prepared.problems] == [
        ("too-long", "article 'long' is 2,000 characters, more than 1,000")
    ]


def test_the_sentence_cap_stops_splitting_as_soon_as_it_is_passed(monkeypatch):
    from newsfuse.errors import TooManySentencesError
    from newsfuse.fuse import summarizer

    split = []

    def counting(article):
        split.append(article.id)
        return original(article)

    original = summarizer.split_sentences
    monkeypatch.setattr(summarizer, "split_sentences", counting)
    settings = newsfuse.load_settings({"summary": {"max_sentences": 5}}, environ={})
    articles = [newsfuse.Article(id=f"a{n}", text=f"One {n}. Two. Three. Four.") for n in range(10)]
    with pytest.raises(TooManySentencesError, match="more than 5 sentences"):
        newsfuse.summarize_prepared(prepare(articles, settings), settings)
    assert split == ["a0", "a1"]  # 4 sentences, then 8: the other eight articles are never split


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("UPDATE articles SET published = 'not a date' WHERE sequence = 1", "is 'not a date', not a date"),
        ("UPDATE state SET data = '{\"format\": 1}'", "stored stream state is damaged"),
        ("UPDATE articles SET placement = '[1, 2' WHERE sequence = 2", "placement is damaged"),
    ],
)
def test_damaged_stored_values_are_one_line_errors(tmp_path, examples_dir, capsys, damage, message):
    database = tmp_path / "news.db"
    assert main(["add", str(examples_dir), "--db", str(database)]) == 0
    with sqlite3.connect(database) as connection:
        connection.execute(damage)
    capsys.readouterr()
    assert main(["add", str(RAIL), "--db", str(database)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1 or "note:" in err


def _rebuilds(monkeypatch):
    """Counts how often a writer rebuilds the stream from the store."""
    from newsfuse.pipeline import stored

    calls = []
    original = stored.EventWriter._rebuilt

    def counted(self, store, replacing):
        calls.append(store.url)
        return original(self, store, replacing)

    monkeypatch.setattr(stored.EventWriter, "_rebuilt", counted)
    return calls


def test_a_kept_writer_places_articles_as_a_fresh_one_would_without_rebuilding(
    tmp_path, examples_dir, monkeypatch
):
    articles = newsfuse.read([examples_dir, RAIL]).articles
    settings = newsfuse.load_settings(environ={})
    clock = lambda: datetime(2026, 11, 5, tzinfo=UTC)  # noqa: E731
    with ArticleStore(tmp_path / "fresh.db") as store:
        fresh = [add_prepared(prepare([a], settings), store, settings, clock=clock) for a in articles]
    rebuilds = _rebuilds(monkeypatch)
    writer = EventWriter(settings, clock=clock)
    kept = []
    with ArticleStore(tmp_path / "kept.db") as store:
        for article in articles:
            with writer.writing(store):
                kept.append(writer.add(prepare([article], settings), store))
        again = add_to_store(store, articles[:1])
    assert [a.assignments for a in kept] == [a.assignments for a in fresh]
    assert len({a.event_id for k in kept for a in k.assignments}) == 2
    assert len(rebuilds) == 2  # the kept writer's first transaction, and add_prepared's own
    assert again.repeated == ((articles[0].id, articles[0].id),)


def test_a_kept_writer_rebuilds_when_another_writer_or_a_failure_changed_the_store(
    tmp_path, examples_dir, monkeypatch
):
    articles = newsfuse.read([examples_dir, RAIL]).articles
    settings = newsfuse.load_settings(environ={})
    rebuilds = _rebuilds(monkeypatch)
    writer = EventWriter(settings)
    with ArticleStore(tmp_path / "n.db") as store:
        with writer.writing(store):
            writer.add(prepare(articles[:2], settings), store)
        add_prepared(prepare(articles[2:3], settings), store, settings)  # another writer
        with writer.writing(store):
            added = writer.add(prepare(articles[:4], settings), store)
        assert [given for given, _ in added.repeated] == [a.id for a in articles[:3]]
        assert len(rebuilds) == 3

        def interrupted():
            with writer.writing(store):
                writer.add(prepare(articles[4:5], settings), store)
                raise KeyboardInterrupt  # after the addition, before the commit

        with pytest.raises(KeyboardInterrupt):
            interrupted()
        with writer.writing(store):
            added = writer.add(prepare(articles[4:], settings), store)
        assert len(rebuilds) == 4
        assert [a.article_id for a in added.assignments] == [a.id for a in articles[4:]]
        assert sorted(s.article.id for s in store.stored()) == sorted(a.id for a in articles)
    with pytest.raises(RuntimeError, match="inside its writing"):
        writer.add(prepare(articles[:1], settings), store)


def test_a_kept_board_lists_what_a_fresh_listing_would_reading_only_new_articles(tmp_path, examples_dir):
    from newsfuse.pipeline import EventBoard, EventFilters

    articles = newsfuse.read([examples_dir, RAIL]).articles
    board = EventBoard()
    reads = []
    with ArticleStore(tmp_path / "n.db") as store:
        original_index = store.index

        def counted(after=0):
            found = original_index(after)
            reads.append((after, len(found)))
            return found

        store.index = counted
        assert board.events(store) == []
        for article in articles:
            add_to_store(store, [article])
            assert board.events(store) == EventBoard().events(store)  # a fresh board reads everything
        assert len(board.events(store, EventFilters(outlet="ostrand post"))) == 1
        kept = [n for after, n in reads if after > 0]
        assert kept
        assert max(kept) == 1
        assert len(board.events(store, EventFilters(text="strike"))) == 1
        assert len(board.events(store, EventFilters(since=datetime(2030, 1, 1, tzinfo=UTC)))) == 0
        latest = board.events(store)[0].id
        with store.writing():
            store.remove([s.article.id for s in store.stored([latest])])
        assert latest not in {e.id for e in board.events(store)}  # removed: read again
        assert board.events(store) == EventBoard().events(store)  # a fresh board reads everything


def test_headline_only_items_are_short_articles_and_group_by_their_event(capsys):
    headline = "Fire guts Pier 9 warehouse in Port Velmora, 14 injured"
    items = [
        {"id": "no-body", "title": headline, "text": ""},
        {"id": "body-is-headline", "title": headline, "text": headline, "source": "Ledger"},
        {"id": "headline-as-text", "text": "Port Velmora warehouse fire injures 14 people"},
        {
            "id": "with-summary",
            "title": "Velmora port fire",
            "text": "Fourteen hurt as Pier 9 warehouse burns.",
        },
        {"id": "same-headline-elsewhere", "title": headline, "text": headline, "source": "Courier"},
        {"id": "flood", "title": "River Ell floods lower Brask, 300 leave homes", "text": ""},
        {"id": "notice", "text": "Subscribe to our newsletter"},
    ]
    prepared = newsfuse.pipeline.prepare([newsfuse.Article(**item) for item in items])
    texts = {a.id: a.text for a in prepared.articles}
    assert texts["body-is-headline"] == headline
    assert "notice" not in texts  # boilerplate is no headline
    assert [p.message for p in prepared.problems] == [
        "article 'notice' has no story text left after removing boilerplate"
    ]
    events = {a.article_id: a.event_id for a in cluster_articles(prepared.articles)}
    fire = {events[i] for i in texts if i != "flood"}
    assert len(fire) == 1
    assert events["flood"] not in fire


def test_a_store_places_short_texts_by_meaning_as_one_stream_does(tmp_path):
    from test_events import HEADLINES

    settings = newsfuse.load_settings(
        {"clustering": {"meaning_weight": 0.4, "meaning_threshold": 0.35}}, environ={}
    )
    prepared = prepare([newsfuse.Article(id=k, text=t) for k, t in HEADLINES.items()], settings)
    clock = lambda: datetime(2026, 11, 5, tzinfo=UTC)  # noqa: E731
    stream = EventClusterer(settings.clustering, clock=clock)
    expected = {a.id: stream.add(a).event_id for a in prepared.articles}
    with ArticleStore(tmp_path / "n.db") as store:
        for article in prepared.articles:  # each in its own run: the events are rebuilt from the store
            add_prepared(prepare([article], settings), store, settings, clock=clock)
        assert {s.article.id: s.event_id for s in store.stored()} == expected
    assert expected["fire-2"] == expected["fire-3"]


def test_a_database_keeps_the_rules_its_events_were_formed_with_when_defaults_change(tmp_path, examples_dir):
    from newsfuse.errors import StoreSettingsError
    from newsfuse.settings import ClusteringSettings, load_settings

    articles = newsfuse.read_articles([examples_dir]).articles
    with ArticleStore(tmp_path / "old.db") as store:
        with store.writing():  # as a release whose default was words only recorded it
            store.check_settings(ClusteringSettings(meaning_weight=0.0).identity())
        added = add_to_store(store, articles[:2])
        assert store.recorded_settings()["meaning_weight"] == "0.0"
        (note,) = [p for p in added.problems if p.kind == "kept-settings"]
        assert note.level == "note"
        assert "meaning_weight 0.0" in note.message
        chosen = load_settings({"clustering": {"threshold": 0.5}}, environ={})
        with pytest.raises(StoreSettingsError, match="threshold"):
            add_prepared(prepare(articles[2:]), store, chosen)
