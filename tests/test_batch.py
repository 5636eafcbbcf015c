"""The batch pipeline on Dask: the same events, copies and summaries as one process, on a
LocalCluster of two worker processes; a worker killed mid-run; a run killed and resumed;
bad shards reported by file and line."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsfuse.errors import BatchError
from newsfuse.pipeline import add_prepared, group, prepare, read
from newsfuse.pipeline.batch import Prepared, digest_events
from newsfuse.scale import read_manifest, run_batch
from newsfuse.settings import load_settings
from newsfuse.store import open_store

pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2027, 1, 1, tzinfo=UTC)
SYLLABLES = "or la bren cal der dun mo esk fal gar ron hes il var jo rum kes lor".split()
COMMON = (
    "said officials police council people town week report minister told river storm court road "
    "water fire workers school market bridge harbour rain night morning families homes"
).split()


def write_shards(folder: Path, articles: int = 360, shards: int = 6, seed: int = 3) -> Path:
    """A pile of made-up reports (events of a few days over two months: three blocks of
    28 days) with exact and near copies, as JSONL shards, one gzipped."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 9, 1, tzinfo=UTC)
    events: list[tuple[list[str], datetime]] = []
    records = []
    for number in range(articles):
        moment = start + timedelta(hours=4 * number)
        if not events or rng.random() < 0.12:
            name = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
            events.append(([f"{name}{n}" for n in ("", "ville", "sen", "ford")], moment))
        names, _ = rng.choice([e for e in events[-6:] if moment - e[1] < timedelta(days=2)] or events[-1:])
        words = [rng.choice(names) if rng.random() < 0.3 else rng.choice(COMMON) for _ in range(60)]
        text = " ".join(words) + "."
        records.append({"id": f"r{number}", "text": text, "published": moment.isoformat()})
        if rng.random() < 0.05:
            records.append({"id": f"r{number}-copy", "text": text, "published": moment.isoformat()})
        elif rng.random() < 0.05:
            edited = words[:]
            edited[rng.randrange(len(edited))] = "also"
            records.append(
                {"id": f"r{number}-near", "text": " ".join(edited) + ".", "published": moment.isoformat()}
            )
    size = -(-len(records) // shards)
    for shard in range(shards):
        lines = "".join(json.dumps(r) + "\n" for r in records[shard * size : (shard + 1) * size])
        if shard == 0:
            (folder / f"shard-{shard}.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
        else:
            (folder / f"shard-{shard}.jsonl").write_text(lines, encoding="utf-8")
    return folder


def table(out: Path, name: str) -> list[dict]:
    return pq.read_table(out / name).to_pylist()


def single_process(paths: list[str]) -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """What one process makes of the pile: each article's event and original, and each
    event's summary."""
    return one_process(read(paths, load_settings()))


def one_process(prepared: Prepared) -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    settings = load_settings()
    grouping = group(prepared, settings, clock=lambda: NOW)
    cleaned = {c.article.id: c for c in prepared.cleaned}
    digest = digest_events(grouping.events, cleaned, load_settings(), analyzed=False)
    events = {a.article_id: (a.event_id, a.duplicate_of) for a in grouping.assignments}
    return events, {e.id: e.summary.text for e in digest.events}


@pytest.fixture(scope="module")
def pile(tmp_path_factory) -> list[str]:
    shards = write_shards(tmp_path_factory.mktemp("pile") / "shards")
    return [str(shards), str(ROOT / "examples")]


@pytest.fixture(scope="module")
def expected(pile):
    return single_process(pile)


def batch(pile: list[str], out: Path, **options) -> dict:
    return run_batch(pile, out, until="summaries", now=NOW, **options)


def batch_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "newsfuse", "batch", *arguments]


def run_command(*arguments: str) -> subprocess.CompletedProcess[str]:
    """``newsfuse batch`` as a user runs it, as far as events."""
    return subprocess.run([*batch_command(*arguments), "--until", "events"], capture_output=True, text=True)


def events_of(out: Path) -> dict[str, tuple[str, str | None]]:
    return {r["id"]: (r["event_id"], r["copy_of"]) for r in table(out, "articles")}


def test_two_workers_give_the_events_copies_and_summaries_of_one_process(
    pile, expected, tmp_path, monkeypatch
):
    from newsfuse.scale import partitions

    events, summaries = expected
    monkeypatch.setattr(partitions, "JSONL_BYTES_PER_PARTITION", 10_000)  # plain shards cut in ranges
    monkeypatch.setattr(partitions, "MIN_BUCKETS", 3)  # a bucket per partition: 20 here
    monkeypatch.setattr(partitions, "PARTITIONS_PER_BUCKET", 1)
    result = batch(pile, tmp_path / "out", workers=2)
    assert "count-lines" in result.seconds  # the ranges were counted, so there were some
    assert events_of(tmp_path / "out") == events  # the same ids, events and originals
    assert sum(original is not None for _, original in events.values()) == result.copies > 20
    assert result.events == len(summaries)
    assert result.articles == len(events)
    by_event = {r["event_id"]: r["summary"] for r in table(tmp_path / "out", "events")}
    assert by_event == summaries
    sentences = table(tmp_path / "out", "summaries")
    assert all(s["citations"] and s["citations"][0]["article_id"] == s["article_id"] for s in sentences)
    manifest = read_manifest(tmp_path / "out")
    assert manifest["articles"] == len(events)
    assert manifest["tables"] == [
        "articles",
        "events",
        "summaries",
        "conflicts",
    ]
    digest = json.loads((tmp_path / "out" / "digest.json").read_text(encoding="utf-8"))
    assert digest["events"]
    assert digest["events"][0]["summary"]["sentences"]
    assert not (tmp_path / "out" / ".work").exists()


def test_a_worker_killed_mid_run_is_replaced_and_the_result_is_the_same(pile, expected, tmp_path):
    from distributed import Client, LocalCluster

    out = tmp_path / "out"
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address="127.0.0.1:0") as cluster,
        Client(cluster) as client,
    ):
        pids = list(client.run(os.getpid).values())
        killed = threading.Event()

        def kill_when_reading_starts() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not killed.is_set():
                if any((out / ".work" / "partitions").glob("*.json")):
                    os.kill(pids[0], signal.SIGKILL)
                    killed.set()
                time.sleep(0.005)

        watcher = threading.Thread(target=kill_when_reading_starts)
        watcher.start()
        batch(pile, out, scheduler=cluster.scheduler_address)
        watcher.join()
    assert killed.is_set()
    assert events_of(out) == expected[0]


def test_a_run_killed_half_way_leaves_no_tables_and_resumes_where_it_stopped(pile, expected, tmp_path):
    out = tmp_path / "out"
    command = batch_command(*pile, "--out", str(out), "--workers", "2", "--until", "events")
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any((out / ".work" / "labelled").glob("*.pkl")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert read_manifest(out) is None
    assert not (out / "articles").exists()
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    assert "resumed: 7 partitions" in finished.stderr
    assert read_manifest(out)["events"] == len({e for e, _ in expected[0].values()})


def test_clashing_ids_and_an_old_near_copy_are_read_as_one_process_reads_them(tmp_path):
    story = " ".join(["Flood waters rose over the Orvel dike near Kestford on the night"] * 3) + "."
    other = " ".join(["The Marrow council voted to close the Lorne bridge for repairs"] * 3) + "."
    day = datetime(2026, 5, 1, tzinfo=UTC)

    def record(article_id: str, text: str, days: float) -> str:
        return json.dumps(
            {"id": article_id, "text": text, "published": (day + timedelta(days=days)).isoformat()}
        )

    shards = tmp_path / "shards"
    shards.mkdir()
    edited = story.replace("night", "evening", 1)
    (shards / "a.jsonl").write_text("\n".join([record("a", story, 0), record("a", other, 0.1)]) + "\n")
    (shards / "b.jsonl").write_text(
        "\n".join(
            [
                record("a", other + " Later.", 0.2),
                record("a~2", edited, 0.3),
                record("c", story.replace("rose", "climbed", 1), 40),
            ]
        )
        + "\n"
    )
    expected = single_process([str(shards)])[0]
    run_batch([str(shards)], tmp_path / "out", workers=1, until="events", now=NOW)
    got = events_of(tmp_path / "out")
    assert got == expected
    assert sorted(got) == ["a", "a~2", "a~3", "a~4", "c"]  # the literal "a~2" keeps its id
    assert got["c"][1] is None  # 40 days on, an edited copy is no copy: its event had closed


def test_bad_shards_are_reported_by_file_and_line_and_the_rest_is_read(pile, tmp_path):
    shards = Path(pile[0])
    bad = tmp_path / "bad"
    bad.mkdir()
    good = (shards / "shard-1.jsonl").read_text(encoding="utf-8").splitlines()
    (bad / "mixed.jsonl").write_text("\n".join([*good[:3], '{"id": "x", "text": ', *good[3:6]]) + "\n")
    whole = gzip.compress((shards / "shard-2.jsonl").read_bytes())
    (bad / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "out"
    finished = run_command(str(bad), str(tmp_path / "missing"), "--out", str(out), "--workers", "1")
    assert finished.returncode == 1
    lines = finished.stderr.splitlines()
    assert any(f"{bad / 'mixed.jsonl'}:4: invalid JSON" in line for line in lines)
    assert any(f"{bad / 'cut.jsonl.gz'}: corrupt gzip data" in line for line in lines)
    assert any("missing: no such file or folder" in line for line in lines)
    assert read_manifest(out)["articles"] == 6
    assert not (out / ".work").exists()
    assert "Traceback" not in finished.stderr


def test_a_scheduler_that_does_not_answer_is_a_clear_error(pile, tmp_path):
    with pytest.raises(BatchError, match=r"no Dask scheduler answers at tcp://127\.0\.0\.1:9"):
        run_batch(pile, tmp_path / "out", scheduler="tcp://127.0.0.1:9")
    finished = run_command(pile[1], "--out", str(tmp_path), "--partition-days", "3")
    assert finished.returncode == 2
    assert finished.stderr.strip().splitlines() == [
        "newsfuse: error: --partition-days must be at least twice the event window (14 days), not 3"
    ]


def stored_pile(db: str, folder: Path) -> list:
    """A store filled by ``newsfuse add`` from a small pile; its articles as stored."""
    settings = load_settings()
    with open_store(db) as store:
        add_prepared(read([str(write_shards(folder, articles=120, shards=2))], settings), store, settings)
        return [s.article for s in store.stored()]


def test_a_store_is_read_in_parts_and_grouped_as_one_process_groups_its_articles(tmp_path, monkeypatch):
    from newsfuse.scale import partitions

    db = str(tmp_path / "news.db")
    articles = stored_pile(db, tmp_path / "shards")
    expected = one_process(prepare(articles))[0]
    monkeypatch.setattr(partitions, "STORED_PER_PARTITION", 25)  # several parts, cut on the driver
    out = tmp_path / "out"
    result = run_batch([], out, stores=[db], workers=2, until="events", now=NOW, keep_work=True)
    assert events_of(out) == expected
    assert result.articles == len(articles) > 100
    assert len(list((out / ".work" / "partitions").glob("p*.json"))) == -(-len(articles) // 25)
    blocks = pq.read_table(out / ".work" / "blocks").to_pylist()
    texts = {r["id"]: r["text"] for r in blocks if not r["lead_in"]}
    assert texts == {a.id: a.text for a in articles}  # as stored: cleaned once, when added


def test_a_damaged_stored_row_is_reported_by_store_and_row_and_the_rest_is_read(tmp_path):
    import sqlite3

    db = tmp_path / "news.db"
    articles = stored_pile(str(db), tmp_path / "shards")
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE articles SET published = 'soon' WHERE sequence = 3")
        connection.execute("UPDATE articles SET text = x'00ff' WHERE sequence = 5")
    out = tmp_path / "out"
    finished = run_command("--db", str(db), "--out", str(out), "--workers", "1")
    assert finished.returncode == 1, finished.stderr
    assert f"{db}: stored article 3: the publication time of article {articles[2].id}" in finished.stderr
    assert f"{db}: stored article 5: its text is not text (article {articles[4].id!r})" in finished.stderr
    assert read_manifest(out)["articles"] == len(articles) - 2
    missing = run_command("--db", str(tmp_path / "none.db"), "--out", str(out))
    assert missing.returncode == 2
    assert missing.stderr.startswith(f"newsfuse: error: cannot read the store: {tmp_path / 'none.db'}: ")
    assert "Traceback" not in finished.stderr + missing.stderr


def test_a_postgresql_store_is_read_by_the_workers(postgres_url, tmp_path):
    settings = load_settings()
    with open_store(postgres_url) as store:
        add_prepared(read([str(ROOT / "examples")], settings), store, settings)
        articles = [s.article for s in store.stored()]
    run_batch([], tmp_path / "out", stores=[postgres_url], workers=1, until="events", now=NOW)
    assert events_of(tmp_path / "out") == one_process(prepare(articles))[0]


def test_a_large_file_given_twice_is_read_twice_with_the_lines_of_each_numbered_from_one(
    tmp_path, monkeypatch
):
    from newsfuse.ingest import read_file
    from newsfuse.ingest.ranges import count_newlines, read_lines
    from newsfuse.scale import partitions

    shards = write_shards(tmp_path / "shards", articles=60, shards=2)
    big = shards / "shard-1.jsonl"
    monkeypatch.setattr(partitions, "JSONL_BYTES_PER_PARTITION", 3_000)
    planned, _ = partitions.plan_partitions([str(big), str(big)])
    ranges = [p.lines for p in planned]
    assert len(ranges) > 4
    assert all(ranges)
    newlines = [count_newlines(Path(r.path), r.start, r.end) for r in ranges]
    numbered = [p.lines for p in partitions.count_lines(planned, newlines)]
    found = [
        item
        for r in numbered
        for item in read_lines(Path(r.path), r.article_id, r.start, r.end, r.newlines_before)
    ]
    whole = read_file(big, "shard-1")
    assert [str(item) for item in found] == [str(item) for item in whole + whole]


def test_a_gzipped_or_utf16_jsonl_file_is_read_whole(tmp_path, monkeypatch):
    from newsfuse.scale import partitions

    monkeypatch.setattr(partitions, "JSONL_BYTES_PER_PARTITION", 100)
    lines = "".join(json.dumps({"id": f"a{n}", "text": "word " * 30}) + "\n" for n in range(10))
    (tmp_path / "a.jsonl").write_bytes(gzip.compress(lines.encode()))  # gzipped, whatever its name
    (tmp_path / "b.jsonl").write_text(lines, encoding="utf-16")
    (tmp_path / "c.jsonl").write_text(lines, encoding="utf-8")
    planned, _ = partitions.plan_partitions([str(tmp_path)])
    whole = [p.files for p in planned if p.files]
    assert whole == [((str(tmp_path / "a.jsonl"), "a"),), ((str(tmp_path / "b.jsonl"), "b"),)]
    assert len(planned) - 2 == -(-len(lines) // 100)


def test_a_large_jsonl_file_is_read_in_ranges_cleaned_and_numbered_as_one_process_reads_it(
    tmp_path, monkeypatch
):
    from newsfuse.scale import partitions

    shards = write_shards(tmp_path / "shards", articles=80, shards=1)
    big = shards / "shard-0.jsonl"
    day = datetime(2026, 9, 3, tzinfo=UTC).isoformat()
    messy = [  # as real feeds end: a headline alone, a bad line, boilerplate and no id
        json.dumps({"id": "headline", "title": "Ormsby reopens Quay gate", "text": "", "published": day}),
        '{"id": "broken", "text": ',
        json.dumps(
            {
                "text": "Advertisement\nTilde Ormsby reopened the Quay gate.\nShare this article",
                "published": day,
            }
        ),
    ]
    big.write_text(
        gzip.decompress(big.with_suffix(".jsonl.gz").read_bytes()).decode() + "\n".join(messy) + "\n"
    )
    big.with_suffix(".jsonl.gz").unlink()
    monkeypatch.setattr(partitions, "JSONL_BYTES_PER_PARTITION", 3_000)
    out = tmp_path / "out"
    result = run_batch([str(big)], out, workers=1, until="events", now=NOW, keep_work=True)
    assert len(list((out / ".work" / "partitions").glob("p*.json"))) > 5
    assert events_of(out) == single_process([str(big)])[0]
    broken = big.read_text(encoding="utf-8").splitlines().index(messy[1]) + 1
    assert [(p.where, p.line) for p in result.problems if p.kind == "malformed-record"] == [
        (str(big), broken)
    ]
    texts = {
        r["id"]: r["text"] for r in pq.read_table(out / ".work" / "blocks").to_pylist() if not r["lead_in"]
    }
    assert texts["headline"] == "Ormsby reopens Quay gate"  # cleaned as one process cleans
    assert texts[f"shard-0:{broken + 1}"] == "Tilde Ormsby reopened the Quay gate."


def test_a_range_after_one_that_could_not_be_counted_is_reported_not_misnumbered(tmp_path, monkeypatch):
    from newsfuse.scale import partitions

    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"text": f"Report {n} " + "word " * 20}) + "\n" for n in range(30)))
    monkeypatch.setattr(partitions, "JSONL_BYTES_PER_PARTITION", 1_000)
    planned, _ = partitions.plan_partitions([str(big)])
    newlines = [5, None, *[5] * (len(planned) - 2)]  # the second range could not be read
    numbered = partitions.count_lines(planned, newlines)
    assert [p.lines.newlines_before for p in numbered][:3] == [0, 5, None]
    assert all(p.lines.newlines_before is None for p in numbered[2:])
    problems = partitions._read(numbered[2])
    assert [type(p).__name__ for p in problems] == ["UnreadableSourceError"]
    assert "its lines cannot be numbered" in str(problems[0])


def test_articles_removed_from_a_store_while_a_run_reads_it_are_reported():
    from newsfuse.scale.batch import _removed_meanwhile
    from newsfuse.scale.partitions import Partition, StoredPart

    part = StoredPart("news.db", range(1, 11))
    halves = [StoredPart("news.db", range(1, 6)), StoredPart("news.db", range(6, 11))]
    planned = [Partition(n, stored=half) for n, half in enumerate(halves)]
    stored = [(part, ["news.db", 10, 10])]
    assert _removed_meanwhile(stored, planned, [{"stored": 5}, {"stored": 5}]) == []
    (warning,) = _removed_meanwhile(stored, planned, [{"stored": 5}, {"stored": 4}])
    assert (warning.where, warning.message) == (
        "news.db",
        "1 article was removed from the store while the run read it",
    )
