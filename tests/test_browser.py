"""The HTML report in a real headless Chromium (Debian's chromium, driven by Playwright):
citations show their source sentence on hover, focus and tap; conflicts sit side by side;
nothing an article carries runs. Screenshots at desktop and phone widths are saved under
bench-results/screenshots/."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import ROOT
from newsfuse.pipeline import analyze_summary, digest_prepared, prepare, read, summarize_prepared
from newsfuse.renderers import render
from newsfuse.settings import load_settings
from test_html import HOSTILE

SCREENSHOTS = ROOT / "bench-results" / "screenshots"


@pytest.fixture(scope="module")
def digest_page(tmp_path_factory) -> Path:
    settings = load_settings(environ={})
    digest = digest_prepared(read(ROOT / "examples", settings), settings)
    path = tmp_path_factory.mktemp("report") / "digest.html"
    path.write_text(render(digest, "html", kind="digest"), encoding="utf-8")
    return path


def test_a_citation_shows_its_source_sentence_on_hover_and_leads_to_it_on_tap(browser, digest_page):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    begun = time.perf_counter()
    page.goto(digest_page.as_uri())
    page.wait_for_selector("article.event")
    first_render = time.perf_counter() - begun
    assert first_render < 1.0, f"first render took {first_render:.2f} s"
    mark = page.locator("button.mark").nth(1)
    tip = page.locator(f"#{mark.get_attribute('aria-describedby')}")
    assert not tip.is_visible()
    mark.hover()
    assert tip.is_visible()
    target = page.locator(f"#{mark.get_attribute('data-target')}")
    assert target.inner_text().strip() in tip.inner_text()  # the tip quotes the cited sentence
    page.mouse.move(0, 0)
    mark.click()  # a tap opens the tip
    assert tip.is_visible()
    mark.click()  # a second tap opens the source at the sentence
    assert target.is_visible()
    assert "flash" in (target.get_attribute("class") or "")
    page.close()


def test_keyboard_focus_shows_a_citation(browser, digest_page):
    page = browser.new_page()
    page.goto(digest_page.as_uri())
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('mark')"):
            break
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert described
    assert page.locator(f"#{described}").is_visible()
    page.close()


def test_a_conflict_is_shown_side_by_side_and_screenshots_are_saved(browser, digest_page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, width, height in (("desktop", 1280, 900), ("phone", 390, 844)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(digest_page.as_uri())
        sides = page.locator(".conflict .sides blockquote")
        assert sides.count() >= 2
        first, second = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
        if name == "desktop":
            assert abs(first["y"] - second["y"]) < 1  # side by side
        else:
            assert second["y"] > first["y"]  # stacked on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        page.screenshot(path=str(SCREENSHOTS / f"report-{name}.png"), full_page=False)
        page.close()


def test_an_article_carrying_a_script_runs_nothing(browser, tmp_path):
    settings = load_settings(environ={})
    summary = analyze_summary(summarize_prepared(prepare(HOSTILE, settings), settings))
    path = tmp_path / "hostile.html"
    path.write_text(render(summary, "html"), encoding="utf-8")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.locator("button.mark").first.hover()
    page.locator("details summary").first.click()
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.locator("img").count() == 0
    assert "<script>" in page.locator("body").inner_text()  # shown as text
    assert page.evaluate("typeof window.alert") == "function"  # the page itself still works
    page.close()
