import gzip
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsfuse.errors import (
    BinaryInputError,
    EmptyArticleError,
    ErrorPolicy,
    MalformedRecordError,
    NoArticleError,
    SourceNotFoundError,
)
from newsfuse.ingest import read_articles, sniff_format
from newsfuse.ingest.dates import parse_published

PARAGRAPHS = [
    "The harbor authority said on Monday that the new crane would be ready by spring.",
    "Engineers finished the last safety checks after three weeks of tests on the quay.",
    "The project cost 14 million crowns, according to the port's annual report.",
    "Dock workers welcomed the news, saying the old cranes had broken down twice this year.",
    "A spokeswoman said the port expects to handle more container ships next summer.",
]
PAGE = (
    "<!doctype html><html lang='en'><head><title>New crane for the harbor</title>"
    "<meta property='og:site_name' content='Coast Daily'>"
    "<meta property='article:published_time' content='2026-03-02T10:00:00+00:00'></head>"
    "<body><nav><a href='/'>Home</a></nav><article><h1>New crane for the harbor</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article><footer>© 2026 Coast Daily</footer></body></html>"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_plain_text_keeps_text_and_takes_id_from_file_name(tmp_path):
    write(tmp_path / "crane.txt", "\n\n".join(PARAGRAPHS))
    (article,) = read_articles([tmp_path / "crane.txt"]).articles
    assert article.id == "crane"
    assert article.text.startswith("The harbor authority")
    assert article.origin == str(tmp_path / "crane.txt")


def test_markdown_title_and_markup_are_taken_out(tmp_path):
    body = (
        "# New crane\n\nBy Ana Reyes\n\n![crane](c.jpg)\n\n"
        "The **new** crane, said [the port](http://x.org), is ready."
    )
    (article,) = read_articles([write(tmp_path / "crane.md", body)]).articles
    assert article.title == "New crane"
    assert "**" not in article.text
    assert "](" not in article.text
    assert "c.jpg" not in article.text
    assert "The new crane, said the port, is ready." in article.text


def test_html_gives_text_title_outlet_date_and_language(tmp_path):
    (article,) = read_articles([write(tmp_path / "page.html", PAGE)]).articles
    assert article.title == "New crane for the harbor"
    assert article.source == "Coast Daily"
    assert article.published is not None
    assert article.published == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert article.language == "en"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert "Home" not in article.text.split("\n")


def test_gzipped_html_is_read(tmp_path):
    write(tmp_path / "page.html.gz", gzip.compress(PAGE.encode()))
    (article,) = read_articles([tmp_path]).articles
    assert article.id == "page"
    assert PARAGRAPHS[0] in article.text


def test_json_object_list_and_articles_forms(tmp_path):
    record = {
        "id": "c1",
        "headline": "Crane",
        "body": PARAGRAPHS[0],
        "outlet": "Coast Daily",
        "date": "2026-03-02",
        "link": "https://coast.example/crane",
    }
    write(tmp_path / "one.json", json.dumps(record))
    write(tmp_path / "many.json", json.dumps([{"text": PARAGRAPHS[1]}, {"text": PARAGRAPHS[2]}]))
    write(tmp_path / "feed.json", json.dumps({"articles": [{"id": "f", "content": PARAGRAPHS[3]}]}))
    result = read_articles([tmp_path / "one.json", tmp_path / "many.json", tmp_path / "feed.json"])
    ids = [a.id for a in result.articles]
    assert ids == ["c1", "many:1", "many:2", "f"]
    first = result.articles[0]
    assert (first.title, first.source, first.url) == ("Crane", "Coast Daily", "https://coast.example/crane")
    assert first.published == datetime(2026, 3, 2, tzinfo=UTC)


def test_jsonl_bad_line_is_reported_with_its_line_and_the_rest_kept(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": PARAGRAPHS[0]}),
        "{not json",
        json.dumps({"text": PARAGRAPHS[1]}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no text"}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines))
    result = read_articles([path])
    assert [a.id for a in result.articles] == ["a", "feed:3"]
    assert [(type(e), e.line) for e in result.errors] == [
        (MalformedRecordError, 2),
        (MalformedRecordError, 4),
        (MalformedRecordError, 5),
    ]
    assert str(result.errors[0]).startswith(f"{path}:2: invalid JSON")


def test_strict_policy_stops_at_the_first_bad_input(tmp_path):
    write(tmp_path / "feed.jsonl", "{broken\n")
    with pytest.raises(MalformedRecordError):
        read_articles([tmp_path / "feed.jsonl"], policy=ErrorPolicy.RAISE)


def test_benchmark_cluster_records_yield_one_article_per_document(tmp_path):
    cluster = {
        "id": "d1",
        "documents": [PARAGRAPHS[0], PARAGRAPHS[1]],
        "doc_ids": ["x", "y"],
        "summaries": [],
    }
    result = read_articles([write(tmp_path / "c.jsonl", json.dumps(cluster))])
    assert [a.id for a in result.articles] == ["x", "y"]


def test_folders_are_walked_recursively_skipping_hidden_and_unknown_files(tmp_path):
    write(tmp_path / "a.txt", PARAGRAPHS[0])
    write(tmp_path / "sub" / "b.md", PARAGRAPHS[1])
    write(tmp_path / ".hidden" / "c.txt", PARAGRAPHS[2])
    write(tmp_path / "photo.png", b"\x89PNG\x00\x00")
    write(tmp_path / "README.md", "# About this folder\n\nNotes for the reader, not an article.")
    result = read_articles([tmp_path])
    assert [a.id for a in result.articles] == ["a", "sub/b"]
    assert result.errors == ()


def test_missing_empty_binary_and_articleless_inputs_are_reported_one_each(tmp_path):
    write(tmp_path / "empty.txt", "  \n")
    write(tmp_path / "image.txt", b"GIF89a\x00\x01\x00\x00" * 50)
    write(tmp_path / "nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    write(tmp_path / "good.txt", PARAGRAPHS[0])
    result = read_articles([tmp_path / "missing.txt", tmp_path])
    assert [a.id for a in result.articles] == ["good"]
    kinds = {type(e): e.origin for e in result.errors}
    assert kinds == {
        SourceNotFoundError: str(tmp_path / "missing.txt"),
        EmptyArticleError: str(tmp_path / "empty.txt"),
        BinaryInputError: str(tmp_path / "image.txt"),
        NoArticleError: str(tmp_path / "nav.html"),
    }


def test_standard_input_is_sniffed(tmp_path):
    stdin = io.BytesIO(json.dumps({"id": "s", "text": PARAGRAPHS[0]}).encode())
    (article,) = read_articles(["-"], stdin=stdin).articles
    assert article.id == "s"
    assert article.origin == "-"


def test_clashing_ids_are_made_unique(tmp_path):
    write(tmp_path / "x" / "story.txt", PARAGRAPHS[0])
    write(tmp_path / "y" / "story.txt", PARAGRAPHS[1])
    result = read_articles([tmp_path / "x" / "story.txt", tmp_path / "y" / "story.txt"])
    assert [a.id for a in result.articles] == ["story", "story~2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<html><body><p>x</p></body></html>", "html"),
        ('{"text": "x"}', "json"),
        ('{"text": "a"}\n{"text": "b"}', "jsonl"),
        ("Plain words.", "text"),
    ],
)
def test_format_sniffing(text, expected):
    assert sniff_format(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-03", datetime(2026, 11, 3, tzinfo=UTC)),
        ("2026-11-03T18:05:00+01:00", datetime(2026, 11, 3, 17, 5, tzinfo=UTC)),
        ("Tue, 03 Nov 2026 17:05:00 GMT", datetime(2026, 11, 3, 17, 5, tzinfo=UTC)),
        ("November 3, 2026", datetime(2026, 11, 3, tzinfo=UTC)),
        ("not a date", None),
        (None, None),
    ],
)
def test_published_dates(value, expected):
    assert parse_published(value) == expected


def test_example_cluster_reads_all_four_formats(examples_dir):
    result = read_articles([examples_dir])
    assert result.errors == ()
    assert len(result.articles) == 4
    sources = {a.source for a in result.articles}
    assert {"Harborline News", "Kestova Times"} <= sources


def test_json_problems_are_named_precisely(tmp_path):
    items = [
        {"text": "A valid article about the harbor crane and its new engine."},
        {"text": 123},
        {"body": None},
        "just a string",
    ]
    write(tmp_path / "list.json", json.dumps(items))
    write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    write(tmp_path / "empty.json", "[]")
    write(tmp_path / "nodocs.jsonl", json.dumps({"id": "c", "documents": []}))
    write(tmp_path / "sep.jsonl", json.dumps({"id": "u", "text": "Line\u2028separator inside a string."}))
    result = read_articles(sorted(tmp_path.iterdir()))
    assert [a.id for a in result.articles] == ["list:1", "u"]
    messages = [str(e) for e in result.errors]
    assert f"{tmp_path / 'deep.json'}: invalid JSON: nested too deeply" in messages
    assert f"{tmp_path / 'empty.json'}: the JSON holds no articles" in messages
    assert f"{tmp_path / 'list.json'}: item 2: field 'text' must be a string, not int" in messages
    assert f"{tmp_path / 'list.json'}: item 3: field 'body' must be a string, not NoneType" in messages
    assert f"{tmp_path / 'list.json'}: item 4: expected a JSON object, found str" in messages
    assert f"{tmp_path / 'nodocs.jsonl'}:1: the cluster holds no documents" in messages


def test_empty_folder_and_repeated_stdin_are_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    result = read_articles([tmp_path / "empty", "-", "-"], stdin=io.BytesIO(b"A short story about a crane."))
    assert [a.id for a in result.articles] == ["stdin"]
    assert "folder holds no article files" in str(result.errors[0])
    assert str(result.errors[1]) == "-: standard input given more than once"


def test_a_single_path_string_is_one_path(tmp_path):
    write(tmp_path / "one.txt", PARAGRAPHS[0])
    assert [a.id for a in read_articles(str(tmp_path / "one.txt")).articles] == ["one"]


def test_renamed_ids_never_clash_with_existing_ones(tmp_path):
    lines = [json.dumps({"id": i, "text": PARAGRAPHS[n]}) for n, i in enumerate(["a", "a", "a~2"])]
    result = read_articles([write(tmp_path / "c.jsonl", "\n".join(lines))])
    assert [a.id for a in result.articles] == ["a", "a~3", "a~2"]


def test_markdown_on_standard_input_is_recognised():
    stdin = io.BytesIO(b"# Crane ready\n\nThe **new** crane is [ready](http://x.org) for work.")
    (article,) = read_articles(["-"], stdin=stdin).articles
    assert article.title == "Crane ready"
    assert article.text == "The new crane is ready for work."


def test_dates_at_the_ends_of_the_calendar_read_as_no_date():
    assert parse_published("0001-01-01T00:00:00+05:00") is None
    assert parse_published("9999-12-31T23:59:59-05:00") is None
    assert parse_published("Fri, 31 Dec 9999 23:59:59 -0500") is None
    assert parse_published("2026-11-03T08:00:00+01:00") == datetime(2026, 11, 3, 7, tzinfo=UTC)
