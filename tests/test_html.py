"""The HTML report: one self-contained file, every article value escaped, only our own
style and script allowed to run."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from newsfuse.model import Article
from newsfuse.pipeline import analyze_summary, digest_prepared, prepare, read, summarize_prepared
from newsfuse.renderers import render
from newsfuse.renderers.html_view import safe_link
from newsfuse.settings import load_settings

HOSTILE = [
    Article(
        id="evil",
        title='Fire</title><script>alert("t")</script>',
        source='<img src=x onerror="alert(1)">Courier',
        url="javascript:alert(document.cookie)",
        text=(
            "A fire destroyed a warehouse on Pier 9 in Port Velmora on Tuesday, injuring 14 people. "
            '<script>alert("body")</script> Crews fought the blaze </style><b onmouseover="alert(2)">for '
            "six hours</b> before bringing it under control, the fire service said."
        ),
    ),
    Article(
        id="plain",
        title="Pier 9 fire injures 14",
        source="Harborline",
        url="https://harborline.example/fire",
        text=(
            "A fire destroyed a warehouse on Pier 9 in Port Velmora on Tuesday, injuring 14 people, the "
            "fire service said. Firefighters fought the blaze for six hours before bringing it under control."
        ),
    ),
]


class Elements(HTMLParser):
    """What a browser would build: the elements and their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._inside = tag if tag in ("script", "style") else None

    def handle_data(self, data):
        if self._inside == "script":
            self.scripts.append(data)
        elif self._inside == "style":
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._inside = None


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


@pytest.fixture(scope="module")
def hostile_page() -> str:
    settings = load_settings(environ={})
    summary = analyze_summary(summarize_prepared(prepare(HOSTILE, settings), settings))
    return render(summary, "html")


def test_nothing_an_article_carries_becomes_markup(hostile_page):
    elements = parsed(hostile_page)
    assert [tag for tag, _ in elements.tags].count("script") == 1  # ours alone
    assert [tag for tag, _ in elements.tags].count("style") == 1
    assert not any(name.startswith("on") for _, attributes in elements.tags for name in attributes)
    assert not any(tag == "img" or (tag == "b" and attributes) for tag, attributes in elements.tags)
    links = [attributes.get("href") or "" for tag, attributes in elements.tags if tag == "a"]
    assert "https://harborline.example/fire" in links
    assert not any(link.lower().startswith("javascript:") for link in links)
    assert "&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;" in hostile_page  # shown, as text
    assert "&lt;/style&gt;" in hostile_page


def test_the_policy_lets_only_our_own_style_and_script_run(hostile_page):
    elements = parsed(hostile_page)
    (policy,) = [a["content"] for t, a in elements.tags if t == "meta" and a.get("http-equiv")]
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    for text in (*elements.scripts, *elements.styles):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert not re.search(
        r"""(src|href)=["']?(https?:)?//""", hostile_page.replace('href="https://harborline', "")
    )


def test_a_digest_report_has_every_event_with_its_summary_sources_and_conflict(examples_dir):
    settings = load_settings(environ={})
    digest = digest_prepared(read(examples_dir.parent, settings), settings)
    page = render(digest, "html", kind="digest")
    elements = parsed(page)
    events = [a for t, a in elements.tags if t == "article" and "event" in (a.get("class") or "")]
    assert len(events) == len(digest.events)
    fire = next(e for e in digest.events if "Pier 9" in e.title)
    assert f'id="{fire.id}"' in page
    assert "Where sources disagree" in page  # 14 against 12 injured
    marks = [a for t, a in elements.tags if t == "button" and "mark" in (a.get("class") or "")]
    assert marks
    for mark in marks:  # every citation mark points at a highlighted sentence of its source
        assert f'<mark id="{mark["data-target"]}">' in page
        assert f'id="{mark["aria-describedby"]}"' in page
    assert "Timeline" in page
    assert "Anatol Zhirenko" in page


def test_only_http_and_https_links_are_kept():
    assert safe_link("https://a.example/x") == "https://a.example/x"
    assert safe_link(" HTTP://a.example/ ") == "HTTP://a.example/"
    for link in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//a.example",
        None,
    ):
        assert safe_link(link) is None


def test_the_command_line_writes_html_reports(examples_dir, tmp_path):
    from newsfuse.cli import main

    out = tmp_path / "report.html"
    assert main(["digest", str(examples_dir.parent), "--format", "html", "-o", str(out)]) in (0, 1)
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert main(["summarize", str(examples_dir), "--format", "html", "-o", str(tmp_path / "s.html")]) == 0
    assert "Fire tears through Pier 9" in (tmp_path / "s.html").read_text()
