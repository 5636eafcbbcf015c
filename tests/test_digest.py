import json
import shutil
import sqlite3

import pytest

import newsfuse
from conftest import ROOT
from newsfuse.cli import main
from newsfuse.digest import add_to_store, digest_batch, digest_store
from newsfuse.store import ArticleStore, StoreError

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
    assert {"article_id": "mirror-site", "same_as": "harbor-fire/velmora-courier"} in fire["duplicates"]
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
    assert "Copies (one source each):" in out


def test_store_keeps_events_across_runs_and_never_renames_them(tmp_path, examples_dir):
    database = tmp_path / "news.db"
    articles = newsfuse.read_articles([examples_dir]).articles
    with ArticleStore(database) as store:
        first, repeated = add_to_store(store, articles[:2])
        assert repeated == []
    with ArticleStore(database) as store:
        _second, repeated = add_to_store(store, articles)
        assert repeated == [a.id for a in articles[:2]]
        stored = {s.article.id: s.event_id for s in store.stored()}
    for assignment in first:
        assert stored[assignment.article_id] == assignment.event_id
    assert len(set(stored.values())) == 1  # all four reports of the fire: one event
    assert sqlite3.connect(database).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_interrupted_add_leaves_the_database_as_it_was(tmp_path, examples_dir):
    database = tmp_path / "news.db"
    articles = newsfuse.read_articles([examples_dir]).articles
    with ArticleStore(database) as store:
        add_to_store(store, articles[:1])
    with ArticleStore(database) as store:
        broken = [articles[1], articles[1]]  # the same id twice: the insert fails midway
        with pytest.raises(sqlite3.IntegrityError):
            store.add([(a, "event-000009", None, 1.0) for a in broken])
        assert [s.article.id for s in store.stored()] == [articles[0].id]


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
    articles = list(newsfuse.read_articles([examples_dir, RAIL]).articles)
    config = newsfuse.load_config(environ={})
    batch = digest_batch([newsfuse.clean_article(a).article for a in articles], config)
    with ArticleStore(tmp_path / "n.db") as store:
        add_to_store(store, [newsfuse.clean_article(a).article for a in articles])
        stored = digest_store(store, config)
    grouping = lambda digest: sorted(sorted(a.id for a in e.articles) for e in digest.events)  # noqa: E731
    assert grouping(batch) == grouping(stored)


def test_a_database_refuses_other_clustering_settings(tmp_path, examples_dir, capsys):
    database = tmp_path / "news.db"
    assert main(["add", str(examples_dir), "--db", str(database)]) == 0
    assert main(["add", str(RAIL), "--db", str(database), "--threshold", "0.4"]) == 2
    assert "formed with other settings: threshold 0.4 (stored: 0.25)" in capsys.readouterr().err


def test_bad_clustering_options_and_foreign_text_are_reported(tmp_path, capsys):
    assert main(["cluster", str(tmp_path), "--window-days", "0"]) == 2
    assert "--window-days must be above 0" in capsys.readouterr().err
    vietnamese = " ".join(["Cảng Velmora bị cháy lớn vào sáng thứ Ba, nhiều người bị thương."] * 6)
    (tmp_path / "vn.txt").write_text(vietnamese)
    assert main(["cluster", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "does not read as English" in captured.err
    assert captured.out.startswith("vn\t")
