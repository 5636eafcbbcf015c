import json

import pytest

import newsfuse
from newsfuse.errors import ConfigError
from newsfuse.ingest import read_articles
from newsfuse.model import Article
from newsfuse.renderers import formats, render
from newsfuse.renderers.json import SCHEMA_VERSION, summary_to_dict, summary_to_json
from newsfuse.renderers.summary import to_markdown, to_plain, to_text
from newsfuse.settings import load_settings


@pytest.fixture
def summary(examples_dir):
    return newsfuse.summarize(read_articles([examples_dir]).articles, words=100)


def test_plain_is_one_summary_sentence_per_line(summary):
    assert render(summary, "plain").split("\n") == [" ".join(s.text.split()) for s in summary.sentences]


def test_text_marks_every_source_and_lists_them(summary):
    output = render(summary, "text")
    numbers = {a.id: n for n, a in enumerate(summary.articles, start=1)}
    for sentence in summary.sentences:
        for source in sentence.source_ids:
            assert f"[{numbers[source]}]" in output
    assert "Sources" in output
    assert "Harborline News" in output


def test_json_carries_schema_algorithm_and_spans(summary):
    data = json.loads(render(summary, "json"))
    assert data["schema_version"] == SCHEMA_VERSION == "2.1"
    assert data["algorithm"] == load_settings(environ={}).summary.algorithm
    assert data["budget"] == {"words": 100, "sentences": None}
    assert data["word_count"] == summary.word_count
    assert data == summary_to_dict(summary)
    assert render(summary, "json") == summary_to_json(summary)
    assert data["copies"] == []
    assert data["problems"] == []
    assert data["settings"]["summary"]["words"] == 100
    assert data["settings"]["algorithm"]["name"] == summary.algorithm
    assert "duplicates" not in data
    assert "skipped" not in data
    texts = {a.id: a.text for a in summary.articles}
    for sentence in data["sentences"]:
        assert sentence["sources"] == [c["article_id"] for c in sentence["citations"]]
        for citation in sentence["citations"]:
            assert texts[citation["article_id"]][citation["start"] : citation["end"]] == citation["text"]
    assert "cleaning" not in data


def test_explain_shows_removals_in_every_rich_format(summary):
    assert "What cleaning removed" in render(summary, "text", explain=True)
    assert "Related Posts" in render(summary, "markdown", explain=True)
    cleaning = json.loads(render(summary, "json", explain=True))["cleaning"]
    rules = {r["rule"] for article in cleaning for r in article["removed"]}
    assert {"related", "comment-form", "photo-caption", "byline"} <= rules


def test_markdown_escapes_and_links_sources(summary):
    output = render(summary, "markdown")
    assert output.startswith("## Summary")
    assert "(#source-1)" in output
    assert 'id="source-1"' in output


def test_unknown_format_is_refused(summary):
    assert set(formats("summary")) == {"text", "plain", "markdown", "json", "html"}
    with pytest.raises(ConfigError, match="no format 'pdf'"):
        render(summary, "pdf")
    with pytest.raises(ConfigError, match="no format 'plain'"):
        render(summary, "plain", kind="digest")


def test_each_format_is_its_registered_renderer(summary):
    assert render(summary) == to_text(summary)
    assert render(summary, "plain") == to_plain(summary)
    assert render(summary, "markdown", explain=True) == to_markdown(summary, explain=True)
    assert render(summary, "text", kind="summary", explain=True) == to_text(summary, explain=True)


def test_json_lists_copies_and_problems(examples_dir):
    articles = list(read_articles([examples_dir]).articles)
    copy = Article(id="copy", text=articles[0].text, source="Mirror Site")
    summary = newsfuse.summarize([*articles, copy, "   "], words=60)
    data = json.loads(render(summary, "json"))
    assert data["copies"] == [{"article_id": "copy", "same_as": articles[0].id, "kind": "exact"}]
    assert data["problems"] == [
        {
            "where": "6",
            "line": None,
            "kind": "empty-article",
            "level": "skipped",
            "message": "article '6' has no text",
        }
    ]
    text = render(summary, "text")
    assert "(same text as [1], counted once)" in text
    assert "Skipped inputs" in text
    assert "## Skipped inputs" in render(summary, "markdown")


HOSTILE = "\x1b]0;owned\x07\x1b[2J"


def hostile_feed(tmp_path):
    """Records whose every shown field carries terminal escapes, line breaks and tabs."""
    story = "The harbor fire injured 14 people in Velmora on Tuesday, the port authority said."
    records = [
        {
            "id": f"evil{HOSTILE}\tforged\tevent\nrow-{n}",
            "title": f"Fire {HOSTILE}\n---\n```\n- fake item",
            "source": f"Outlet{HOSTILE}\n# heading",
            "text": f"{story} {HOSTILE} Crews worked all night on pier {n}.\n\nThe port reopened on Friday.",
        }
        for n in range(2)
    ]
    path = tmp_path / f"feed{HOSTILE}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["summarize", "--format", "text", "--explain"],
        ["summarize", "--format", "plain"],
        ["summarize", "--format", "markdown", "--explain"],
        ["digest"],
        ["cluster"],
    ],
)
def test_nothing_from_an_input_reaches_the_terminal_as_a_control_character(tmp_path, capsys, command):
    from newsfuse.cli import main

    main([*command, str(hostile_feed(tmp_path))])
    out, err = capsys.readouterr()
    for stream in (out, err):
        assert "\x1b" not in stream
        assert "\x07" not in stream
    if command[0] == "cluster":
        rows = out.strip().split("\n")
        assert len(rows) == 2
        assert all(row.count("\t") == 2 for row in rows)
    if "markdown" in command or command[0] == "digest":
        forged = [line for line in out.split("\n") if line.startswith(("---", "```", "- fake", "# heading"))]
        assert forged == []


def test_every_renderer_takes_time_in_proportion_to_its_sources():
    """Twenty times the sources takes about twenty times as long, not four hundred times
    (a renderer that rebuilt a table per source took 217 s for 40,000 copies)."""
    import time

    from newsfuse.model import Article, Budget, Copy, Summary
    from newsfuse.renderers import render

    def summary(count):
        articles = tuple(
            Article(id=f"a{n}", text="The harbor fire.", source=f"Outlet {n}") for n in range(count)
        )
        copies = tuple(Copy(f"a{n}", "a0") for n in range(1, count))
        return Summary((), articles, "newsfuse.coverage.v1", Budget(words=10), copies=copies)

    small, large = summary(500), summary(10_000)
    for fmt in ("text", "markdown", "json"):
        seconds = []
        for item in (small, large):
            start = time.perf_counter()
            render(item, fmt)
            seconds.append(time.perf_counter() - start)
        assert seconds[1] < 100 * max(seconds[0], 1e-3), (fmt, seconds)


def test_unicode_line_separators_cannot_break_a_tsv_row():
    from newsfuse.renderers.escape import tsv_field

    assert tsv_field("a\u2028b\u2029c\x85d") == "a\\u2028b\\u2029c\\x85d"


def test_a_digest_shows_the_events_of_one_storyline_together(examples_dir):
    # The examples hold two stories of two events each: the Tarnholt mine flood, then the
    # rescue and the minister's promise; the search at the minister's brother's firm, then
    # the minister in parliament.
    digest = newsfuse.digest_prepared(newsfuse.read(examples_dir.parent))
    stories = [s for s in digest.storylines if len(s.events) > 1]
    assert len(stories) == 2
    assert len(digest.storylines) == len(digest.events) - 2
    markdown = render(digest, "markdown", kind="digest")
    assert markdown.startswith(
        f"# News digest: {len(digest.events)} events in {len(digest.storylines)} storylines"
    )
    for story in stories:
        assert f"## Storyline: {story.title}" in markdown
        first, second = story.events
        assert first.earliest <= second.earliest  # in the order they happened
        assert markdown.index(f"### {first.title}") < markdown.index(f"### {second.title}")
    data = json.loads(render(digest, "json", kind="digest"))
    storyline_of = {e["id"]: e["storyline_id"] for e in data["events"]}
    for story in data["storylines"]:
        assert {storyline_of[e] for e in story["events"]} == {story["id"]}
    page = render(digest, "html", kind="digest")
    assert page.count('<section class="storyline"') == 2
    assert f"{len(digest.events)} events in {len(digest.storylines)} storylines" in page
