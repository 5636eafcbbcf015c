"""The service's web page in headless Chromium: the event list, an event page whose
citations show their source sentence, a conflict, a new article appearing while the page
is open, and an article's script that never runs. Screenshots go to
bench-results/screenshots/."""

from __future__ import annotations

import json
import socket
import threading
import time

import httpx
import pytest

from conftest import EXAMPLES
from newsfuse.settings import load_settings
from test_browser import SCREENSHOTS

KESTOVA = json.loads((EXAMPLES / "kestova-times.json").read_text())


@pytest.fixture
def service(tmp_path):
    """newsfuse's service on 127.0.0.1, in this process, with the examples' fire stored."""
    import uvicorn

    from newsfuse.service import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(str(tmp_path / "news.db"), load_settings(environ={}))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    for name, kind in (("harborline-news.html", "text/html"), ("velmora-courier.txt", "text/plain")):
        answer = httpx.post(
            f"{base}/api/articles",
            content=(EXAMPLES / name).read_bytes(),
            headers={"content-type": kind},
            timeout=60,
        )
        assert answer.status_code == 200
    assert httpx.post(f"{base}/api/articles", json=KESTOVA, timeout=60).status_code == 200
    yield base
    server.should_exit = True
    thread.join(timeout=10)


def test_the_event_list_and_an_event_page_with_citations_conflicts_and_screenshots(browser, service):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(service)
    link = page.locator("#events a").first
    assert "Pier 9" in link.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "events-desktop.png"))
    begun = time.perf_counter()
    link.click()
    page.wait_for_selector("article.event")
    first_render = time.perf_counter() - begun
    # Summarized on request: the figure is kept for the notes; the bound only catches a
    # page that hangs (speed targets are measured, not tested, on a busy machine).
    (SCREENSHOTS / "event-first-render.txt").write_text(f"{first_render:.3f} s\n")
    assert first_render < 3.0, f"the event page took {first_render:.2f} s"
    mark = page.locator("button.mark").nth(1)
    mark.hover()
    tip = page.locator(f"#{mark.get_attribute('aria-describedby')}")
    assert tip.is_visible()
    assert page.locator(".conflict .sides blockquote").count() >= 2
    page.screenshot(path=str(SCREENSHOTS / "event-desktop.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "event-phone.png"))
    assert errors == []  # no script or style was blocked by the policy
    page.close()


def test_a_new_article_appears_while_the_list_is_open(browser, service):
    page = browser.new_page()
    page.goto(service)
    before = page.locator("#events li").count()
    story = {
        "id": "brask-flood",
        "title": "Flood forces hundreds from their homes in Brask",
        "source": "Brask Post",
        "text": "Heavy rain flooded the lower town of Brask on Monday night, forcing about 300 residents "
        "from their homes as the river Ell rose two meters above its usual level, officials said.",
    }
    assert httpx.post(f"{service}/api/articles", json=story, timeout=60).status_code == 200
    for _ in range(100):  # the list refreshes itself every 3 s
        if page.locator("#events li").count() > before:
            break
        page.wait_for_timeout(100)
    assert "Flood forces hundreds" in page.locator("#events").inner_text()
    page.close()


def test_an_open_event_page_shows_a_new_report_of_its_event(browser, service):
    page = browser.new_page()
    page.goto(service)
    page.locator("#events a").first.click()
    page.wait_for_selector("article.event")
    before = int(page.locator("#watched").get_attribute("data-articles"))
    report = {
        **KESTOVA,
        "id": "another-report",
        "url": None,
        "source": "The Askel Ledger",
        "text": KESTOVA["text"] + " The harbor master said the pier would stay closed for a week.",
    }
    assert httpx.post(f"{service}/api/articles", json=report, timeout=60).status_code == 200
    for _ in range(100):  # the page asks every 3 s whether its event changed, and reloads
        if page.locator("#watched").count() and page.locator("#watched").get_attribute(
            "data-articles"
        ) != str(before):
            break
        page.wait_for_timeout(100)
    assert page.locator("#watched").get_attribute("data-articles") == str(before + 1)
    page.close()


def test_an_article_carrying_a_script_runs_nothing_on_the_page(browser, service):
    hostile = {
        "id": "hostile",
        "title": '<img src=x onerror="window.pwned=1">Fire news',
        "source": "<script>window.pwned=2</script>",
        "url": "javascript:window.pwned=3",
        "text": "A fire destroyed a warehouse on Pier 9 in Port Velmora on Tuesday. "
        "<script>window.pwned=4</script> Crews fought the blaze </style> for six hours.",
    }
    assert httpx.post(f"{service}/api/articles", json=hostile, timeout=60).status_code == 200
    page = browser.new_page()
    page.goto(service)
    page.wait_for_timeout(3500)  # one refresh of the list from the API too
    assert page.evaluate("window.pwned") is None
    for link in page.locator("#events a").all():
        link.click()
        page.wait_for_selector("article.event")
        page.locator("details summary").first.click()
        assert page.evaluate("window.pwned") is None
        page.go_back()
    page.close()


def test_pages_carry_a_policy_that_allows_only_our_own_files(service):
    answer = httpx.get(service)
    assert answer.headers["content-security-policy"].startswith("default-src 'none'")
    assert "unsafe-inline" not in answer.headers["content-security-policy"]
    assert httpx.get(f"{service}/static/live.js").headers["content-type"].startswith("text/javascript")
    assert httpx.get(f"{service}/static/../app.py").status_code == 404
    assert httpx.get(f"{service}/events/event-999999").status_code == 404
