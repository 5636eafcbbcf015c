"""Every result crosses a process boundary unchanged: pickle and JSON round trips."""

import json
import pickle
from datetime import UTC, datetime

import pytest

import newsfuse
from newsfuse.errors import InputError, MalformedRecordError, NothingToSummarizeError, StoreLockedError
from newsfuse.model import Article, Copy, Digest, Event, Problem, Summary, from_data, to_data


@pytest.fixture
def summary_with_problems(examples_dir, tmp_path):
    (tmp_path / "broken.jsonl").write_text('{"text": "x"\n')
    return newsfuse.summarize_paths([examples_dir, tmp_path / "broken.jsonl"])


@pytest.fixture
def digest(examples_dir):
    return newsfuse.digest_prepared(newsfuse.read(examples_dir.parent))


def test_a_summary_with_problems_survives_pickle_and_json(summary_with_problems):
    summary = summary_with_problems
    assert summary.problems, "the fixture must carry a skipped input"
    assert pickle.loads(pickle.dumps(summary)) == summary
    again = from_data(Summary, json.loads(json.dumps(to_data(summary))))
    assert again == summary
    assert again.sentences[0].origin == summary.sentences[0].origin
    assert isinstance(again.articles[0].published, datetime | None)


def test_a_digest_and_its_events_survive_pickle_and_json(digest):
    assert pickle.loads(pickle.dumps(digest)) == digest
    assert from_data(Digest, json.loads(json.dumps(to_data(digest)))) == digest
    event = digest.events[0].event
    assert from_data(Event, json.loads(json.dumps(to_data(event)))) == event


def test_events_carry_typed_copies_and_times():
    moment = datetime(2026, 11, 3, 5, tzinfo=UTC)
    event = Event("event-000001", ("a", "b"), moment, moment, (Copy("b", "a", "near"),))
    assert event.sources == 1
    assert from_data(Event, to_data(event)) == event
    assert to_data(event)["copies"] == [{"copy_id": "b", "original_id": "a", "kind": "near"}]


@pytest.mark.parametrize(
    "error",
    [
        MalformedRecordError("feed.jsonl", "invalid JSON", line=3),
        InputError("page.html", "no article"),
        NothingToSummarizeError("none", problems=(Problem("a", "empty", "empty-article"),)),
        StoreLockedError("news.db", "another run is writing"),
    ],
)
def test_errors_survive_pickle(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert vars(again) == vars(error)


def test_an_input_error_becomes_a_problem_record():
    problem = Problem.from_error(MalformedRecordError("feed.jsonl", "invalid JSON", line=3))
    assert problem == Problem("feed.jsonl", "invalid JSON", "malformed-record", 3, "skipped")
    assert str(problem) == "feed.jsonl:3: invalid JSON"


def test_an_outlet_is_named_even_when_the_url_is_broken():
    assert Article(id="x", text="t", url="http://[oops").outlet == "x"
    assert Article(id="x", text="t", url="https://www.example.org/a").outlet == "example.org"
