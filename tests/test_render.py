import json

import pytest

import newsfuse
from newsfuse.ingest import read_articles
from newsfuse.render import FORMATS, SCHEMA_VERSION, render


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
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["algorithm"] == newsfuse.load_config(environ={}).algorithm
    assert data["budget"] == {"words": 100, "sentences": None}
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
    assert set(FORMATS) == {"text", "plain", "markdown", "json"}
    with pytest.raises(ValueError, match="unknown format"):
        render(summary, "pdf")
