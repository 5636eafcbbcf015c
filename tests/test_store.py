"""The store on real SQLite files: what each guarantee of the old store looks like, so that
losing one fails a test here."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from newsfuse.errors import StoreError, StoreLockedError, StoreSchemaError, StoreSettingsError
from newsfuse.events.clustering import StreamState
from newsfuse.model import Article, Copy
from newsfuse.settings import StoreSettings
from newsfuse.store import NewRow, SQLStore, open_store
from newsfuse.store.sql import metadata

HEAD = "0006"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
"""Root ignores file permissions, so tests of unwritable files check something else then."""

SCHEMA_2 = """
    CREATE TABLE articles (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        title TEXT, source TEXT, url TEXT, published TEXT, language TEXT, origin TEXT,
        text TEXT NOT NULL,
        event_id TEXT NOT NULL,
        duplicate_of TEXT,
        similarity REAL,
        fingerprint TEXT,
        vector TEXT
    );
    CREATE INDEX articles_by_event ON articles (event_id);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE term_documents (term TEXT PRIMARY KEY, documents INTEGER NOT NULL);
    CREATE TABLE closed_events (event_id TEXT PRIMARY KEY);
"""
"""The schema of newsfuse 0.1 (its ``store._SCHEMA``), as that release created it."""


def new_row(
    article_id: str,
    event_id: str = "event-000001",
    *,
    published: datetime | None = None,
    copy: Copy | None = None,
    fingerprint: str | None = None,
) -> NewRow:
    article = Article(
        id=article_id,
        text=f"Fire crews fought the blaze at the harbor, report {article_id}.",
        title=f"Harbor fire ({article_id})",
        source="Velmora Courier",
        url=f"https://courier.example/{article_id}",
        published=published,
        language="en",
        origin=f"in/{article_id}.txt",
    )
    return NewRow(article, event_id, copy, 0.75, fingerprint or f"fp-{article_id}", '{"harbor": 0.5}')


def add(path: Path, *rows: NewRow) -> None:
    with SQLStore(path) as store, store.writing():
        store.add(rows)


def run(store: SQLStore, identity: dict[str, str], *rows: NewRow, then: BaseException | None = None) -> None:
    """What a run does with the store, up to an optional interruption at the end."""
    with store.writing():
        store.check_settings(identity)
        store.add(rows)
        store.save_state("events", "{}")
        if then is not None:
            raise then


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def execute(path: Path, script: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(script)
        connection.commit()
    finally:
        connection.close()


# Creating and opening


def test_a_new_database_gets_the_newest_schema_in_wal_mode(tmp_path):
    path = tmp_path / "news.db"
    with SQLStore(path) as store:
        assert store.url == str(path)
        assert store.stored() == []
        # White box: durable at each checkpoint, not each commit (safe with WAL).
        assert store._connection.connection.driver_connection.execute("PRAGMA synchronous").fetchone() == (1,)
    assert query(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert query(path, "PRAGMA journal_mode") == [("wal",)]
    add(path, new_row("a"))
    with SQLStore(path) as store:  # reopening keeps what was stored
        assert [entry.id for entry in store.index()] == ["a"]


def test_the_newest_schema_is_the_one_the_store_queries(tmp_path):
    path = tmp_path / "news.db"
    SQLStore(path).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            for table in metadata.tables.values():
                found = {column["name"]: column["nullable"] for column in inspector.get_columns(table.name)}
                assert found == {column.name: column.nullable for column in table.columns}, table.name
            assert any(index["column_names"] == ["event_id"] for index in inspector.get_indexes("articles"))
    finally:
        engine.dispose()


def test_open_store_takes_paths_sqlite_and_postgresql_urls_only(tmp_path):
    with open_store(tmp_path / "a.db") as store:
        assert isinstance(store, SQLStore)
    with open_store(f"sqlite:///{tmp_path / 'b.db'}") as store:
        assert store.url == f"sqlite:///{tmp_path / 'b.db'}"
    assert (tmp_path / "b.db").is_file()
    with pytest.raises(StoreError, match="unsupported database URL") as raised:
        open_store("mysql://newsfuse:secret@db.example/news")
    assert "secret" not in str(raised.value)
    with pytest.raises(StoreError, match="cannot connect to the database") as raised:
        open_store("postgresql://newsfuse:secret@127.0.0.1:9/news")
    assert "secret" not in str(raised.value)
    with pytest.raises(StoreError, match="must name a file"):
        open_store("sqlite://")
    with pytest.raises(StoreError, match="unsupported database URL"):
        open_store("://nonsense")


# Articles, state and settings


def test_articles_come_back_exactly_with_dates_copies_and_placements(tmp_path):
    path = tmp_path / "news.db"
    summer = timezone(timedelta(hours=2))
    original = new_row("a", published=datetime(2026, 11, 3, 9, 30, 15, 123456, tzinfo=summer))
    exact = new_row("b", published=datetime(2026, 11, 3, 7, 0, tzinfo=UTC), copy=Copy("b", "a", "exact"))
    near = new_row("c", copy=Copy("c", "a", "near"))
    add(path, original, exact, near)
    with SQLStore(path, read_only=True) as store:
        stored = store.stored()
        index = store.index()
    assert [s.article for s in stored] == [original.article, exact.article, near.article]
    assert stored[0].article.published.utcoffset() == timedelta(hours=2)  # the offset, not only the instant
    assert stored[1].article.published.utcoffset() == timedelta(0)
    assert [s.copy for s in stored] == [None, Copy("b", "a", "exact"), Copy("c", "a", "near")]
    assert {(s.event_id, s.similarity, s.placement) for s in stored} == {
        ("event-000001", 0.75, '{"harbor": 0.5}')
    }
    assert [(e.id, e.event_id, e.fingerprint, e.source) for e in index] == [
        (r.article.id, "event-000001", f"fp-{r.article.id}", "Velmora Courier")
        for r in (original, exact, near)
    ]
    assert index[0].published == original.article.published


def test_articles_come_back_in_the_order_they_were_added(tmp_path):
    path = tmp_path / "news.db"
    add(path, new_row("zulu"), new_row("alpha", "event-000002"))
    add(path, new_row("mike"), new_row("bravo", "event-000002"))
    with SQLStore(path) as store:
        assert [e.id for e in store.index()] == ["zulu", "alpha", "mike", "bravo"]
        assert [s.article.id for s in store.stored()] == ["zulu", "alpha", "mike", "bravo"]
        assert [s.article.id for s in store.stored({"event-000002"})] == ["alpha", "bravo"]


def test_articles_of_thousands_of_events_are_found_in_order(tmp_path):
    path = tmp_path / "news.db"
    rows = [new_row(f"r{n:05d}", f"event-{n % 1500:06d}") for n in range(3000)]
    add(path, *rows)
    wanted = {f"event-{n:06d}" for n in range(1500)} - {"event-000007"}
    with SQLStore(path, read_only=True) as store:
        # White box: the smallest limit on values per query that SQLite builds have had.
        store._connection.connection.driver_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        found = [s.article.id for s in store.stored(wanted)]
        assert store.stored(set()) == []
    assert found == [row.article.id for row in rows if row.event_id in wanted]
    assert len(found) == 2998


def test_a_stored_article_id_cannot_be_stored_again(tmp_path):
    path = tmp_path / "news.db"
    add(path, new_row("a"))
    with SQLStore(path) as store:
        with pytest.raises(StoreError, match="already stored"), store.writing():
            store.add([new_row("b"), new_row("a")])
        assert [e.id for e in store.index()] == ["a"]  # and b went with it


def test_state_blobs_are_kept_by_name(tmp_path):
    path = tmp_path / "news.db"
    events = StreamState(documents=3, frequency={"harbor": 2}, closed=frozenset({"event-000001"})).to_json()
    with SQLStore(path) as store:
        assert store.load_state("events") is None
        with store.writing():
            store.save_state("events", "first")
            store.save_state("other", "kept")
        with store.writing():
            store.save_state("events", events)
    with SQLStore(path, read_only=True) as store:
        assert store.load_state("events") == events
        assert store.load_state("other") == "kept"


def test_writes_outside_a_transaction_are_a_mistake(tmp_path):
    with SQLStore(tmp_path / "news.db") as store:
        with pytest.raises(RuntimeError, match="inside the store's writing"):
            store.add([new_row("a")])
        with pytest.raises(RuntimeError, match="inside the store's writing"):
            store.save_state("events", "{}")


def test_the_settings_of_the_first_run_are_kept_and_others_refused(tmp_path):
    path = tmp_path / "news.db"
    with SQLStore(path) as store, store.writing():
        store.check_settings({"threshold": "0.25", "window_days": "7"})
    with SQLStore(path) as store:
        with store.writing():
            store.check_settings({"threshold": "0.25", "window_days": "7", "new_option": "1"})
        with pytest.raises(StoreSettingsError) as refused:
            run(store, {"threshold": "0.4", "window_days": "3", "new_option": "1"}, new_row("a"))
    assert refused.value.message == (
        "the events were formed with other settings: threshold 0.4 (stored: 0.25), window_days 3 (stored: 7)"
    )
    assert query(path, "SELECT key, value FROM settings WHERE key != 'schema_version' ORDER BY key") == [
        ("new_option", "1"),
        ("threshold", "0.25"),
        ("window_days", "7"),
    ]
    assert query(path, "SELECT count(*) FROM articles") == [(0,)]


# Transactions and the write lock


@pytest.mark.parametrize("interruption", [RuntimeError("a bug"), KeyboardInterrupt()])
def test_an_interrupted_run_leaves_the_database_as_it_was(tmp_path, interruption):
    path = tmp_path / "news.db"
    add(path, new_row("a"))
    before = path.read_bytes(), query(path, "SELECT * FROM articles")
    with SQLStore(path) as store:
        with pytest.raises(type(interruption)):
            run(store, {"threshold": "0.25"}, new_row("b"), new_row("c"), then=interruption)
        with store.writing():  # the store is still usable, and the lock was released
            assert [e.id for e in store.index()] == ["a"]
    assert query(path, "SELECT * FROM articles") == before[1]
    assert query(path, "SELECT count(*) FROM state") == [(0,)]
    assert query(path, "SELECT key FROM settings") == [("schema_version",)]


def test_a_second_writer_waits_for_the_lock_then_gives_up_clearly(tmp_path):
    path = tmp_path / "news.db"
    first = SQLStore(path)
    second = SQLStore(path, StoreSettings(lock_wait_seconds=0.2))
    try:
        with first.writing():
            first.add([new_row("a")])
            started = time.monotonic()
            with pytest.raises(StoreLockedError) as refused, second.writing():
                pytest.fail("the second writer began without the write lock")
            assert time.monotonic() - started >= 0.15
        assert refused.value.message == (
            "another run is writing to this database (waited 0.2 s); try again later"
        )
        with second.writing():  # once the lock is free, the same store writes
            second.add([new_row("b")])
    finally:
        first.close()
        second.close()
    assert query(path, "SELECT id FROM articles ORDER BY sequence") == [("a",), ("b",)]


def test_a_second_writer_gets_the_lock_when_the_first_is_done(tmp_path):
    path = tmp_path / "news.db"
    SQLStore(path).close()
    holding = threading.Event()
    failures: list[BaseException] = []

    def first_run() -> None:
        try:
            with SQLStore(path) as store, store.writing():
                holding.set()
                time.sleep(0.3)
                store.add([new_row("first")])
        except BaseException as error:
            failures.append(error)
            holding.set()

    thread = threading.Thread(target=first_run)
    thread.start()
    assert holding.wait(10)
    with SQLStore(path, StoreSettings(lock_wait_seconds=10)) as second, second.writing():
        assert [e.id for e in second.index()] == ["first"]  # it read only after the first wrote
        second.add([new_row("second")])
    thread.join()
    assert failures == []


def test_first_runs_at_once_create_the_schema_once(tmp_path):
    path = tmp_path / "news.db"
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def first_run(n: int) -> None:
        try:
            start.wait()
            with SQLStore(path, StoreSettings(lock_wait_seconds=20)) as store, store.writing():
                store.add([new_row(f"run-{n}")])
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=first_run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert query(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert query(path, "SELECT count(*) FROM articles") == [(4,)]


# Reading only


def test_a_reader_never_creates_a_database(tmp_path):
    missing = tmp_path / "typo.db"
    with pytest.raises(StoreError, match=r"no such database \(create one with newsfuse add\)"):
        SQLStore(missing, read_only=True)
    assert not missing.exists()
    with pytest.raises(StoreError, match="no such folder"):
        SQLStore(tmp_path / "no" / "such" / "news.db")
    assert not (tmp_path / "no").exists()


def test_a_reader_cannot_write(tmp_path):
    path = tmp_path / "news.db"
    add(path, new_row("a"))
    before = path.read_bytes()
    with SQLStore(path, read_only=True) as store:
        with pytest.raises(StoreError, match="cannot write to this database"), store.writing():
            store.add([new_row("b")])
        assert [e.id for e in store.index()] == ["a"]
    assert path.read_bytes() == before


@pytest.mark.skipif(AS_ROOT, reason="root may write any file; test_a_reader_cannot_write checks mode=ro")
def test_a_reader_reads_a_file_in_a_folder_it_cannot_write(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "news.db"
    add(path, new_row("a"))
    path.chmod(0o444)
    try:
        with SQLStore(path, read_only=True) as store:  # the folder may still create its WAL files
            assert [s.article.id for s in store.stored()] == ["a"]
        for leftover in folder.glob("news.db-*"):
            leftover.unlink()
        folder.chmod(0o555)
        with SQLStore(path, read_only=True) as store:
            assert [s.article.id for s in store.stored()] == ["a"]
        with pytest.raises(StoreError, match=r"cannot write to this database \(read-only file or folder\)"):
            add(path, new_row("b"))
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


# Files that are not newsfuse databases


@pytest.mark.parametrize("read_only", [False, True])
def test_another_programs_database_is_refused_untouched(tmp_path, read_only):
    path = tmp_path / "contacts.db"
    execute(path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada');")
    with pytest.raises(StoreSchemaError, match=r"not a newsfuse database \(it holds other tables\)"):
        SQLStore(path, read_only=read_only)
    assert query(path, "SELECT name FROM sqlite_master") == [("contacts",)]


def test_another_programs_alembic_database_is_not_taken_for_a_newer_newsfuse(tmp_path):
    path = tmp_path / "app.db"
    execute(
        path,
        "CREATE TABLE alembic_version (version_num TEXT); INSERT INTO alembic_version VALUES ('ae1027a6acf');"
        "CREATE TABLE users (name TEXT);",
    )
    with pytest.raises(StoreSchemaError, match="it holds other tables"):
        SQLStore(path)


@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path, read_only):
    path = tmp_path / "notes.db"
    path.write_text("not a database at all " * 100)
    with pytest.raises(StoreSchemaError, match="not a newsfuse database"):
        SQLStore(path, read_only=read_only)
    assert path.read_text() == "not a database at all " * 100


def test_an_empty_file_is_a_new_database_to_a_writer_only(tmp_path):
    path = tmp_path / "news.db"
    path.touch()
    with pytest.raises(StoreSchemaError, match="empty database"):
        SQLStore(path, read_only=True)
    add(path, new_row("a"))
    assert query(path, "SELECT id FROM articles") == [("a",)]


def test_a_malformed_stored_value_is_a_store_error(tmp_path):
    path = tmp_path / "news.db"
    add(path, new_row("a", published=datetime(2026, 11, 3, tzinfo=UTC)))
    for bad in ("yesterday", "2026-11-03T10:00:00"):  # not a date; no time zone
        execute(path, f"UPDATE articles SET published = '{bad}'")
        with SQLStore(path, read_only=True) as store:
            with pytest.raises(StoreError, match=f"publication time of article a is '{bad}'"):
                store.stored()
            with pytest.raises(StoreError, match="not a date and time with a time zone"):
                store.index()
    execute(path, "UPDATE articles SET published = NULL, copy_of = 'x', copy_kind = 'maybe'")
    with SQLStore(path) as store, pytest.raises(StoreError, match="copy of kind 'maybe'"):
        store.stored()


def test_a_full_disk_is_a_clear_error_and_changes_nothing(tmp_path):
    path = tmp_path / "news.db"
    add(path, new_row("a"))
    with SQLStore(path) as store:
        # White box: a page limit on the store's own connection is a full disk to SQLite.
        store._connection.connection.driver_connection.execute("PRAGMA max_page_count = 1")
        huge = NewRow(Article(id="huge", text="word " * 200_000), "event-000001", None, 1.0, "fp", "{}")
        with pytest.raises(StoreError, match="is the disk full"), store.writing():
            store.add([huge])
    assert query(path, "SELECT id FROM articles") == [("a",)]


# Schemas of other releases


def schema_2_database(path: Path) -> None:
    """A newsfuse 0.1 database: an event of three reports (two of them copies of the
    first, one exact, one edited), a closed event of one, and the stream's state."""
    execute(path, SCHEMA_2)
    rows = [
        ("a", "2026-11-03T09:30:00+02:00", "event-000002", None, 1.0, "fp-a", '{"harbor": 0.7}'),
        ("b", "2026-11-03T10:00:00+00:00", "event-000002", "a", 0.98, "fp-a", '{"harbor": 0.7}'),
        ("c", None, "event-000002", "a", 0.91, "fp-c", '{"fire": 0.4, "harbor": 0.6}'),
    ]
    connection = sqlite3.connect(path)
    try:
        connection.execute(
            "INSERT INTO articles (id, title, source, text, event_id, similarity, fingerprint, vector) "
            "VALUES "
            "('old', 'Rail strike', 'Herald', 'The strike ended.', 'event-000001', 1.0, 'fp-old', '{}')"
        )
        connection.executemany(
            "INSERT INTO articles (id, title, source, url, published, language, origin, text, event_id, "
            "duplicate_of, similarity, fingerprint, vector) VALUES "
            "(?, 'Harbor fire', 'Courier', NULL, ?, 'en', 'in.jsonl', 'Fire at the harbor.', ?, ?, ?, ?, ?)",
            rows,
        )
        connection.executescript(
            """
            INSERT INTO term_documents VALUES ('harbor', 3), ('fire', 1), ('strike', 1);
            INSERT INTO closed_events VALUES ('event-000001');
            INSERT INTO settings VALUES ('schema_version', '2'), ('threshold', '0.25'), ('documents', '4'),
                ('clock_latest', '2026-11-03T10:00:00+00:00'), ('clock_swept', '2026-11-02T00:00:00+00:00');
            """
        )
        connection.commit()
    finally:
        connection.close()


def test_a_schema_2_database_is_upgraded_with_its_data(tmp_path):
    path = tmp_path / "old.db"
    schema_2_database(path)
    with SQLStore(path) as store:
        stored = {s.article.id: s for s in store.stored()}
        events = store.load_state("events")
        with store.writing():
            store.check_settings({"threshold": "0.25"})  # the old settings still hold
            store.add([new_row("new")])
        order = [e.id for e in store.index()]
    assert order == ["old", "a", "b", "c", "new"]
    assert stored["a"].copy is None
    assert stored["b"].copy == Copy("b", "a", "exact")  # same fingerprint as its original
    assert stored["c"].copy == Copy("c", "a", "near")
    assert stored["c"].placement == '{"fire": 0.4, "harbor": 0.6}'
    assert stored["c"].similarity == 0.91
    assert stored["c"].storyline_id == stored["c"].event_id  # stored before storylines: one of its own
    assert stored["a"].article.published == datetime(2026, 11, 3, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert stored["old"].article == Article(
        id="old", text="The strike ended.", title="Rail strike", source="Herald"
    )
    assert events is not None
    assert StreamState.from_json(events) == StreamState(
        documents=4,
        frequency={"harbor": 3, "fire": 1, "strike": 1},
        latest=datetime(2026, 11, 3, 10, tzinfo=UTC),
        swept=datetime(2026, 11, 2, tzinfo=UTC),
        closed=frozenset({"event-000001"}),
    )
    assert query(path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert query(path, "SELECT key, value FROM settings ORDER BY key") == [
        ("max_posting", "50"),
        ("max_terms", "60"),
        ("name_weight", "2.0"),
        ("near_duplicate_threshold", "0.8"),
        ("query_terms", "10"),
        ("schema_version", "6"),
        ("threshold", "0.25"),
        ("title_weight", "2.0"),
    ]  # what newsfuse 0.1 could not change was used for every stored event: now recorded
    (articles,) = query(path, "SELECT sql FROM sqlite_master WHERE name = 'articles'")
    assert "AUTOINCREMENT" in articles[0]  # ids of removed rows are never handed out again
    tables = {name for (name,) in query(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {
        "alembic_version",
        "articles",
        "settings",
        "state",
        "sqlite_sequence",
        "feeds",
        "feed_items",
    }


def test_a_reader_refuses_a_schema_2_database_and_leaves_it_alone(tmp_path):
    path = tmp_path / "old.db"
    schema_2_database(path)
    with pytest.raises(
        StoreSchemaError,
        match="database schema 2; newsfuse upgrade --db \\(or the next newsfuse add\\) upgrades it",
    ):
        SQLStore(path, read_only=True)
    assert query(path, "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'") == [(0,)]


@pytest.mark.parametrize("read_only", [False, True])
def test_a_schema_1_database_is_sent_to_newsfuse_0_1(tmp_path, read_only):
    path = tmp_path / "older.db"
    execute(
        path,
        """
        CREATE TABLE articles (sequence INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL, event_id TEXT NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO settings VALUES ('schema_version', '1');
        """,
    )
    with pytest.raises(StoreSchemaError, match=r"schema 1 .*upgrade it once with newsfuse 0\.1"):
        SQLStore(path, read_only=read_only)
    assert query(path, "SELECT value FROM settings") == [("1",)]


@pytest.mark.parametrize("read_only", [False, True])
def test_a_database_of_a_newer_newsfuse_is_refused_by_its_schema(tmp_path, read_only):
    path = tmp_path / "news.db"
    SQLStore(path).close()
    execute(path, "UPDATE alembic_version SET version_num = '0042'")
    with pytest.raises(
        StoreSchemaError, match=r"database schema 42 is newer than this newsfuse reads \(schema 6\)"
    ):
        SQLStore(path, read_only=read_only)


def test_the_head_revision_named_in_code_is_the_scripts_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from newsfuse.store import migrations

    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    assert ScriptDirectory.from_config(config).get_current_head() == migrations.HEAD


def test_a_damaged_index_is_reported_as_damage_when_the_database_opens(tmp_path):
    path = tmp_path / "news.db"
    add(path, *(new_row(f"a{n}", f"event-{n:06d}") for n in range(300)))
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'articles_by_event'"
        ).fetchone()
    with path.open("r+b") as stream:  # scribble over the index's root page
        stream.seek((root - 1) * page_size + 8)
        stream.write(b"\xff" * 200)
    for read_only in (True, False):
        with pytest.raises(StoreError, match="damaged"):
            SQLStore(path, read_only=read_only)


def test_the_revision_changes_with_every_added_or_removed_article(tmp_path):
    with SQLStore(tmp_path / "news.db") as store:
        seen = {store.revision()}
        with store.writing():
            store.add([new_row("a")])
        seen.add(store.revision())
        with store.writing():
            store.remove(["a"])
            store.add([new_row("a")])  # the same id, a new version
        seen.add(store.revision())
        assert len(seen) == 3
        assert store.revision() == store.revision()


def test_a_password_in_a_database_url_is_never_shown():
    from newsfuse.store.sql import redacted

    assert redacted("postgresql://news:secret@db/news") == "postgresql://news:***@db/news"
    assert redacted("postgresql://news@db/news?password=secret&sslmode=require") == (
        "postgresql://news@db/news?sslmode=require"
    )
    assert "secret" not in redacted("postgresql://news@db/news?sslpassword=secret")
