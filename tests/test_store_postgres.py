"""The store on a real PostgreSQL server the tests start (``postgres_server``): the same
schema by the same migrations, the same results, and writers that take turns."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime

import pytest

from newsfuse.errors import StoreError, StoreSchemaError
from newsfuse.model import Article
from newsfuse.pipeline import add_prepared, digest_store, prepare
from newsfuse.settings import StoreSettings, load_settings
from newsfuse.store import open_store
from newsfuse.store.migrations import HEAD
from newsfuse.store.sql import SQLStore
from test_store import new_row


def test_a_new_postgresql_database_gets_the_newest_schema_and_keeps_what_it_is_given(postgres_url):
    published = datetime(2026, 11, 3, 6, 30, tzinfo=UTC)
    with open_store(postgres_url) as store:
        assert isinstance(store, SQLStore)
        with store.writing():
            store.check_settings({"threshold": "0.25"})
            store.add([new_row("a", published=published), new_row("b", "event-000002")])
            store.save_state("events", '{"x": 1}')
        stored = store.stored()
        assert [(s.article.id, s.event_id, s.article.published) for s in stored] == [
            ("a", "event-000001", published),
            ("b", "event-000002", None),
        ]
        assert store.load_state("events") == '{"x": 1}'
        assert [entry.id for entry in store.index()] == ["a", "b"]
        with pytest.raises(StoreError, match="already stored"), store.writing():
            store.add([new_row("a")])
        assert len(store.stored()) == 2  # the failed run changed nothing
    import psycopg

    with psycopg.connect(postgres_url) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]


def test_a_reader_of_postgresql_cannot_write_and_refuses_an_empty_database(postgres_url):
    with pytest.raises(StoreSchemaError, match="an empty database"):
        open_store(postgres_url, read_only=True)
    open_store(postgres_url).close()
    with open_store(postgres_url, read_only=True) as reader:
        with pytest.raises(StoreError, match="opened for reading only"), reader.writing():
            reader.add([new_row("a")])
        assert reader.stored() == []


def test_a_missing_postgresql_database_is_named(postgres_server):
    url = postgres_server.url("no_such_database")
    with pytest.raises(
        StoreError, match=r'cannot connect to the database .*"no_such_database" does not exist'
    ):
        open_store(url)


def _add_articles(url: str, worker: int, count: int) -> None:
    settings = load_settings({"store": {"lock_wait_seconds": 60}}, environ={})
    topics = ["fire at the harbor warehouse on pier nine", "flood in the lower town of brask"]
    for number in range(count):
        topic = topics[number % 2]
        text = f"Report {worker}-{number}: the {topic} continued, officials said on day {number}."
        article = Article(id=f"w{worker}-{number}", text=text, source=f"Outlet {worker}")
        with open_store(url, settings.store) as store:
            add_prepared(prepare([article], settings), store, settings)


def test_writers_in_several_processes_take_turns_and_lose_nothing(postgres_url):
    workers, count = 4, 6
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_add_articles, args=(postgres_url, w, count)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * workers
    with open_store(postgres_url, StoreSettings(), read_only=True) as store:
        stored = store.stored()
        digest = digest_store(store)
    assert sorted(s.article.id for s in stored) == sorted(
        f"w{w}-{n}" for w in range(workers) for n in range(count)
    )
    events = {s.event_id for s in stored}
    assert len(events) == len({e.id for e in digest.events})  # every stored event is digested
    sequences = [s.article.id for s in stored]
    assert len(sequences) == len(set(sequences))


def test_the_command_line_gives_the_same_events_on_postgresql_as_on_sqlite(postgres_url, tmp_path, capsys):
    import json

    from conftest import ROOT
    from newsfuse.cli import main

    examples = [str(ROOT / "examples" / name) for name in ("harbor-fire", "rail-strike", "mine-flood")]
    digests = []
    for db in (postgres_url, str(tmp_path / "news.db")):
        for folder in examples:
            assert main(["add", folder, "--db", db]) == 0
        capsys.readouterr()
        assert main(["digest", "--db", db, "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        digests.append(sorted((e["id"], sorted(a["id"] for a in e["articles"])) for e in data["events"]))
    assert digests[0] == digests[1]
    assert len(digests[0]) == 3
