import gzip
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import newsfuse
from newsfuse.errors import ErrorPolicy, MalformedRecordError, SourceNotFoundError
from newsfuse.ingest import read_articles, read_file, sniff_format
from newsfuse.ingest.benchmark import read_benchmark
from newsfuse.ingest.dates import newswire_date, parse_published
from newsfuse.ingest.html import extract_page, parse_html
from newsfuse.ingest.plaintext import parse_markdown, parse_text
from newsfuse.ingest.ranges import count_newlines, read_lines
from newsfuse.ingest.records import parse_json, parse_jsonl
from newsfuse.model import Article, Problem
from newsfuse.registry import readers

ROOT = Path(__file__).resolve().parent.parent

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


PAGE_IN_VIETNAMESE = (
    '<html lang="vi"><head><meta charset="utf-8">'
    "<title>Vỡ đê ở xã Phú Lạc, hàng nghìn người phải sơ tán - Báo Sông Lam</title></head><body>"
    "<article><h1>Vỡ đê ở xã Phú Lạc, hàng nghìn người phải sơ tán</h1>"
    "<p>Đoạn đê bao dài khoảng 40 m ở xã Phú Lạc bị vỡ vào đêm 8/11 sau ba ngày mưa lớn liên tục.</p>"
    "<p>Chính quyền địa phương đã đưa hơn 1.400 người dân đến các điểm sơ tán an toàn.</p>"
    "</article></body></html>"
)


def test_html_gives_text_title_outlet_date_and_language(tmp_path):
    (article,) = read_articles([write(tmp_path / "page.html", PAGE)]).articles
    assert article.title == "New crane for the harbor"
    assert article.source == "Coast Daily"
    assert article.published == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert article.language == "en"
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert "Home" not in article.text.split("\n")


def test_the_outlet_comes_from_the_page_title_when_the_extractor_takes_the_headline_for_it(tmp_path):
    page = PAGE_IN_VIETNAMESE
    (article,) = read_articles([write(tmp_path / "trang.html", page)]).articles
    assert article.title == "Vỡ đê ở xã Phú Lạc, hàng nghìn người phải sơ tán"
    assert article.source == "Báo Sông Lam"


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
        json.dumps({"id": "nothing", "outlet": "Coast Daily"}),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines))
    result = read_articles([path])
    # A record with a title and no text is a headline-only article, not a malformed record.
    assert [a.id for a in result.articles] == ["a", "feed:3", "feed:5"]
    headline = result.articles[2]
    assert (headline.title, headline.text, headline.origin) == ("no text", "", f"{path}:5")
    assert [(p.kind, p.line, p.where) for p in result.problems] == [
        ("malformed-record", 2, str(path)),
        ("malformed-record", 4, str(path)),
        ("malformed-record", 6, str(path)),
    ]
    assert all(isinstance(p, Problem) and p.level == "skipped" for p in result.problems)
    assert str(result.problems[0]).startswith(f"{path}:2: invalid JSON")
    assert str(result.problems[1]) == f"{path}:4: expected a JSON object, found list"
    assert "no article text" in result.problems[2].message


def test_strict_policy_stops_at_the_first_bad_input(tmp_path):
    write(tmp_path / "feed.jsonl", "{broken\n")
    with pytest.raises(MalformedRecordError) as raised:
        read_articles([tmp_path / "feed.jsonl"], policy=ErrorPolicy.RAISE)
    assert (raised.value.origin, raised.value.line) == (str(tmp_path / "feed.jsonl"), 1)
    with pytest.raises(SourceNotFoundError):
        read_articles([tmp_path / "missing.txt", tmp_path / "feed.jsonl"], policy=ErrorPolicy.RAISE)


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
    assert result.problems == ()


def test_missing_empty_binary_and_articleless_inputs_are_reported_one_each(tmp_path):
    write(tmp_path / "empty.txt", "  \n")
    write(tmp_path / "image.txt", b"GIF89a\x00\x01\x00\x00" * 50)
    write(tmp_path / "nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    write(tmp_path / "good.txt", PARAGRAPHS[0])
    result = read_articles([tmp_path / "missing.txt", tmp_path])
    assert [a.id for a in result.articles] == ["good"]
    assert len(result.problems) == 4
    kinds = {p.kind: p.where for p in result.problems}
    assert kinds == {
        "not-found": str(tmp_path / "missing.txt"),
        "empty-article": str(tmp_path / "empty.txt"),
        "binary": str(tmp_path / "image.txt"),
        "no-article": str(tmp_path / "nav.html"),
    }
    assert all(p.line is None and p.level == "skipped" for p in result.problems)


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
    assert result.problems == ()
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
    messages = [str(p) for p in result.problems]
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
    assert len(result.problems) == 2
    assert result.problems[0].kind == "not-found"
    assert str(result.problems[0]).startswith(f"{tmp_path / 'empty'}: folder holds no article files")
    assert result.problems[1].kind == "unsupported-format"
    assert str(result.problems[1]) == "-: standard input given more than once"


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


def test_readers_are_registered_by_format_and_each_returns_a_list():
    assert set(readers.names()) == {"text", "markdown", "html", "json", "jsonl"}
    assert readers.get("json") is parse_json
    assert parse_text("Line one.\r\nLine two.", article_id="t", origin="t.txt") == [
        Article(id="t", text="Line one.\nLine two.", origin="t.txt")
    ]
    (markdown,) = parse_markdown("# Crane\n\nThe **crane** is ready.", article_id="m", origin="m.md")
    assert (markdown.id, markdown.title, markdown.text) == ("m", "Crane", "The crane is ready.")
    (page,) = parse_html(PAGE, article_id="p", origin="p.html")
    assert page == extract_page(PAGE, article_id="p", origin="p.html")
    assert (page.id, page.origin, page.title) == ("p", "p.html", "New crane for the harbor")
    url = "https://coast.example/crane"
    assert extract_page(PAGE, article_id="p", origin="p.html", url=url).url == url
    (record,) = parse_json(json.dumps({"text": PARAGRAPHS[0]}), article_id="r", origin="r.json")
    assert (record.id, record.text, record.origin) == ("r", PARAGRAPHS[0], "r.json")
    good, bad = parse_jsonl(json.dumps({"text": PARAGRAPHS[1]}) + "\n{oops", article_id="f", origin="f.jsonl")
    assert (good.id, good.origin) == ("f:1", "f.jsonl:1")
    assert isinstance(bad, MalformedRecordError)
    assert (bad.line, Problem.from_error(bad).kind) == (2, "malformed-record")


def test_a_json_record_with_only_a_title_is_read_as_a_headline_article(tmp_path):
    headline = "Fire destroys a warehouse at Velmora harbor"
    record = {"id": "h", "headline": headline, "outlet": "Coast Daily"}
    path = write(tmp_path / "h.json", json.dumps(record))
    result = read_articles([path], policy=ErrorPolicy.RAISE)
    assert result.problems == ()
    (article,) = result.articles
    assert (article.id, article.title, article.text, article.source) == ("h", headline, "", "Coast Daily")
    # Cleaning makes the headline the article's text; a record with blank text and no
    # title is still reported as empty.
    blank = Article(id="blank", text="  ", origin="b.json")
    prepared = newsfuse.prepare([article, blank], newsfuse.load_settings(environ={}))
    assert [(c.article.id, c.article.text, c.article.title) for c in prepared.cleaned] == [
        ("h", headline, headline)
    ]
    assert [(p.kind, p.where) for p in prepared.problems] == [("empty-article", "b.json")]


def test_summarize_command_takes_a_headline_only_feed_with_a_normal_article(tmp_path):
    feed = write(
        tmp_path / "headlines.jsonl",
        "\n".join(
            [
                json.dumps({"id": "h1", "title": "Harbor gets a new crane", "outlet": "Wire"}),
                json.dumps({"id": "h2", "headline": "Port crane passes its safety checks"}),
            ]
        ),
    )
    story = write(tmp_path / "story.txt", "\n\n".join(PARAGRAPHS))
    done = subprocess.run(
        [sys.executable, "-m", "newsfuse", "summarize", str(feed), str(story), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [a["id"] for a in data["articles"]] == ["h1", "h2", "story"]
    assert [a["title"] for a in data["articles"][:2]] == [
        "Harbor gets a new crane",
        "Port crane passes its safety checks",
    ]
    assert data["problems"] == []
    assert data["sentences"]
    assert {s["text"] for s in data["sentences"]} <= set(PARAGRAPHS)


def test_languages_are_identified_and_plain_english_needs_no_model():
    from newsfuse.text import language

    english = "The fire on the pier was put out by the crews after it had burned for most of the night. " * 3
    code = (
        "from newsfuse.text import language\n"
        f"assert language.detect_language({english!r}) == 'en'\n"
        "assert language._identifier.cache_info().currsize == 0  # no model was loaded for it\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    vietnamese = "Cảng Velmora bị cháy lớn vào sáng thứ Ba, nhiều người bị thương và phải nhập viện."
    assert language.detect_language(vietnamese) == "vi"
    assert language.detect_language("   ") is None


def test_only_regular_files_are_read_and_every_odd_entry_is_reported(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("The harbor fire injured 14 people on Tuesday morning.")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    result = newsfuse.read_articles([folder, tmp_path / "loop", "", "/dev/zero"])
    assert [a.id for a in result.articles] == ["story"]
    messages = [str(p) for p in result.problems]
    assert (
        f"{folder / 'pipe.txt'}: not a regular file but a FIFO (named pipe); pipe it to standard input (-)"
        in messages
    )
    assert f"{folder / 'gone.txt'}: a symbolic link to nothing (its target is missing)" in messages
    assert f"{tmp_path / 'loop'}: a loop of symbolic links" in messages
    assert "'': an empty path (an unset variable?) names no input" in messages
    assert "/dev/zero: not a regular file but a device or socket; pipe it to standard input (-)" in messages


def test_standard_input_is_read_with_a_cap(monkeypatch):
    from newsfuse.ingest import sources

    monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 1000)
    result = newsfuse.read_articles(["-"], stdin=io.BytesIO(b"x" * 5000))
    assert [str(p) for p in result.problems] == ["-: larger than 1,000 bytes; split it"]


def test_a_json_number_too_long_to_convert_skips_its_line_only(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": ' + "1" * 5000 + ', "text": "x"}\n{"id": "ok", "text": "The port reopened on Friday."}\n'
    )
    result = newsfuse.read_articles([feed])
    assert [a.id for a in result.articles] == ["ok"]
    assert result.problems[0].kind == "malformed-record"


def test_a_control_character_reference_does_not_lose_a_page():
    from newsfuse.ingest.html import extract_page

    body = "<p>The harbor fire injured 14 people in Velmora on Tuesday&#27; crews worked all night.</p>"
    page = f"<html><head><title>Fire</title></head><body><article>{body * 3}</article></body></html>"
    article = extract_page(page, article_id="p", origin="p.html")
    assert "injured 14 people" in article.text
    assert "\x1b" not in article.text


def test_a_table_in_a_page_is_part_of_its_story():
    from newsfuse.ingest.html import extract_page

    rows = "".join(f"<tr><td>Team {n}</td><td>{30 - n} points</td></tr>" for n in range(1, 9))
    intro = "<p>The league table after the final round of the season shows Team 1 well ahead of the rest.</p>"
    page = f"<html><body><article>{intro}<table>{rows}</table></article></body></html>"
    text = extract_page(page, article_id="table", origin="table.html").text
    assert "Team 8" in text
    assert "22 points" in text


def test_a_million_broken_lines_are_one_report_not_a_million(tmp_path):
    from newsfuse.ingest.records import MAX_BAD_LINES_SHOWN

    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "ok", "text": "The port reopened on Friday."}\n' + "{\n" * 5000)
    result = newsfuse.read_articles([feed])
    assert [a.id for a in result.articles] == ["ok"]
    assert len(result.problems) == MAX_BAD_LINES_SHOWN + 1
    assert result.problems[-1].message == f"and {5000 - MAX_BAD_LINES_SHOWN:,} more lines that are not JSON"


def test_a_run_without_spaces_is_split_in_linear_time():
    import time

    from newsfuse.segment import split_sentences

    text = "The fire spread fast. " + "!" * 200_000 + " The port closed."
    started = time.monotonic()
    sentences = split_sentences(newsfuse.Article(id="a", text=text))
    assert time.monotonic() - started < 5  # it took minutes when the splitter saw the run
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_a_news_wire_document_id_gives_its_filing_day(tmp_path):
    assert newswire_date("APW19981016.0240") == datetime(1998, 10, 16, tzinfo=UTC)
    assert newswire_date("NYT_ENG_20010203.0007") == datetime(2001, 2, 3, tzinfo=UTC)
    assert newswire_date("XIE19981301.0001") is None  # no month 13
    assert newswire_date("d30001t-1") is None
    assert newswire_date("APW00010101.0001") is None  # no wire files a story in year 1
    record = {"id": "c1", "documents": ["Rain fell.", "Wind rose."], "doc_ids": ["APW19981016.0240", "n-2"]}
    (tmp_path / "bench.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    first, second = read_benchmark(tmp_path / "bench.jsonl")[0].articles()
    assert first.published == datetime(1998, 10, 16, tzinfo=UTC)
    assert second.published is None


def test_a_large_jsonl_file_read_in_byte_ranges_gives_what_reading_it_whole_gives(tmp_path):
    lines = []
    for number in range(40):
        record = {"text": f"Report {number} " + "word " * (number * 7 % 23), "title": f"T{number}"}
        if number % 3:
            record["id"] = f"a{number}"  # the others take their line number as id
        lines.append(json.dumps(record, ensure_ascii=False))
    lines[5] = '{"id": "broken", "text": '
    lines[9] = ""
    lines[12] = json.dumps({"id": "vi", "text": "Lũ dâng cao ở Kestford – ảnh: Đức"}, ensure_ascii=False)
    path = tmp_path / "big.jsonl"
    path.write_bytes("\n".join(lines).encode())  # no newline after the last line
    whole = read_file(path, "big")
    size = path.stat().st_size

    def shown(items: list) -> list:
        return [item if isinstance(item, Article) else (type(item), str(item)) for item in items]

    for length in (1, 2, 7, 50, 333, size):
        starts = list(range(0, size, length))
        before, pieces = 0, []
        for start in starts:
            end = min(start + length, size)
            pieces += read_lines(path, "big", start, end, before)
            before += count_newlines(path, start, end)
        assert shown(pieces) == shown(whole), length
    assert MalformedRecordError in {type(item) for item in whole}
    assert [e.line for e in whole if isinstance(e, MalformedRecordError)] == [6]
    assert any(isinstance(a, Article) and a.id == "big:1" for a in whole)


def test_a_line_too_long_in_a_byte_range_is_reported_with_its_number_and_never_held(tmp_path, monkeypatch):
    from newsfuse.ingest import ranges

    monkeypatch.setattr(ranges, "MAX_INPUT_BYTES", 100)
    lines = [json.dumps({"id": f"a{n}", "text": "word " * 5}) for n in range(6)]
    lines[2] = json.dumps({"id": "huge", "text": "word " * 400})
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n")
    size = path.stat().st_size
    for length in (30, 200, size):
        found, before = [], 0
        for start in range(0, size, length):
            end = min(start + length, size)
            found += ranges.read_lines(path, "big", start, end, before)
            before += ranges.count_newlines(path, start, end)
        ids = [item.id for item in found if isinstance(item, Article)]
        assert ids == ["a0", "a1", "a3", "a4", "a5"], length
        assert [(e.line, e.message) for e in found if isinstance(e, MalformedRecordError)] == [
            (3, "a line longer than 100 bytes")
        ]
    assert ranges.count_newlines(tmp_path / "gone.jsonl", 0, 10) is None
