"""Following feeds into a store: new items once, changed items updated, failing feeds and
pages retried later, all against a real local site (``evaluate.newsroom``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from conftest import ROOT
from newsfuse.evaluate.newsroom import FeedEntry, Newsroom, story_page
from newsfuse.pipeline import digest_store, watch
from newsfuse.settings import load_settings
from newsfuse.store import open_store

FIRE = [
    "A fire broke out at a grain warehouse on Pier 9 in Port Velmora early on Tuesday, the city's "
    "fire service said, sending thick smoke across the harbor district.",
    "Fire chief Marta Oduya said forty firefighters fought the blaze for six hours before bringing it "
    "under control. No one was injured, she said, but the warehouse roof collapsed.",
    "The harbor authority closed two berths next to the pier while engineers checked the quay wall, and "
    "ferries to Hessing Point were moved to the north terminal for the day.",
]
FIRE_UPDATED = [
    *FIRE[:2],
    "Investigators said on Wednesday that the fire started in an electrical cabinet, and the harbor "
    "authority reopened both berths after engineers found the quay wall sound.",
]
FLOOD = [
    "Heavy rain flooded the lower town of Brask on Monday night, forcing about 300 residents from their "
    "homes as the river Ell rose two meters above its usual level.",
    "Mayor Ilse Varnock said emergency shelters had opened in two schools and the sports hall, and that "
    "the army had sent boats to reach streets cut off by the water.",
    "Forecasters expect the rain to ease by Wednesday, but warned that the river would stay high for "
    "several days as water drains from the hills above the town.",
]
START = datetime(2026, 11, 30, 8, tzinfo=UTC)
FIRE_SUMMARY = "A fire destroyed a grain warehouse on Pier 9 in Port Velmora early on Tuesday."


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def site():
    with Newsroom() as newsroom:
        yield newsroom


@pytest.fixture
def settings():
    return load_settings(
        {"fetch": {"allow_private_hosts": "127.0.0.1", "per_host_delay_seconds": 0, "timeout_seconds": 5}},
        environ={},
    )


def publish(site: Newsroom, entries: list[FeedEntry], pages: dict[str, list[str]], feed: str = "/rss.xml"):
    for path, paragraphs in pages.items():
        site.page(path, story_page(next(e.title for e in entries if e.path == path), paragraphs))
    site.feed(feed, entries)


def fire_and_flood(site: Newsroom) -> list[FeedEntry]:
    entries = [
        FeedEntry("/fire", "Fire at Pier 9", FIRE_SUMMARY, START - timedelta(hours=3)),
        FeedEntry("/flood", "Flood in Brask", "Hundreds leave their homes.", START - timedelta(hours=2)),
    ]
    publish(site, entries, {"/fire": FIRE, "/flood": FLOOD})
    return entries


def test_new_items_are_added_once_and_a_second_poll_asks_only_for_changes(site, settings, tmp_path):
    fire_and_flood(site)
    clock = Clock()
    with open_store(tmp_path / "news.db") as store:
        first = watch([site.url("/rss.xml")], store, settings, clock=clock)
        assert (first.new_items, first.changed_items, first.problems) == (2, 0, ())
        stored = {s.article.url: s for s in store.stored()}
        fire = stored[site.url("/fire")].article
        assert fire.title == "Fire at Pier 9"
        assert fire.fetched is not None
        assert not fire.feed_text_only
        assert "forty firefighters" in fire.text
        assert "All rights reserved" not in fire.text
        assert fire.source == "The Velmora Courier"
        assert len({s.event_id for s in stored.values()}) == 2
        (state,) = store.feeds().values()
        assert state.etag
        assert state.failures == 0
        assert state.checked == START

        clock.now += timedelta(minutes=15)
        second = watch([site.url("/rss.xml")], store, settings, clock=clock)
        assert (second.new_items, second.unchanged_feeds, len(second.added.assignments)) == (0, 1, 0)
        assert len(store.stored()) == 2
    feed_requests = [headers for path, headers in site.requests if path == "/rss.xml"]
    assert feed_requests[1]["if-none-match"] == state.etag  # answered 304
    assert (site.hits("/fire"), site.hits("/flood")) == (1, 1)


def test_a_changed_item_is_fetched_again_and_its_article_replaced(site, settings, tmp_path):
    entries = fire_and_flood(site)
    clock = Clock()
    with open_store(tmp_path / "news.db") as store:
        watch([site.url("/rss.xml")], store, settings, clock=clock)
        before = {s.article.url: s for s in store.stored()}[site.url("/fire")]
        entries[0] = FeedEntry("/fire", "Pier 9 fire was electrical, investigators say", entries[0].summary)
        publish(site, entries, {"/fire": FIRE_UPDATED})
        clock.now += timedelta(minutes=15)
        watched = watch([site.url("/rss.xml")], store, settings, clock=clock)
        assert (watched.new_items, watched.changed_items) == (0, 1)
        after = {s.article.url: s for s in store.stored()}
        assert len(after) == 2
        fire = after[site.url("/fire")]
        assert fire.article.id == before.article.id
        assert fire.event_id == before.event_id  # the story developed: still one event
        assert "electrical cabinet" in fire.article.text
        assert fire.article.title == "Pier 9 fire was electrical, investigators say"
    assert site.hits("/fire") == 2
    assert site.hits("/flood") == 1


def test_the_same_story_under_another_address_of_the_site_is_not_new(site, settings, tmp_path):
    entries = fire_and_flood(site)
    with open_store(tmp_path / "news.db") as store:
        watch([site.url("/rss.xml")], store, settings, clock=Clock())
        moved = [FeedEntry("/2026/11/fire?utm_source=rss", entries[0].title, entries[0].summary), entries[1]]
        site.feed("/rss.xml", moved)
        watched = watch([site.url("/rss.xml")], store, settings, clock=Clock())
        assert watched.new_items == 0
        assert site.hits("/2026/11/fire?utm_source=rss") == 0


def test_a_page_that_cannot_be_fetched_leaves_the_feeds_words_marked_until_it_can(site, settings, tmp_path):
    entries = fire_and_flood(site)
    site.page("/fire", "gone", status=503)
    clock = Clock()
    with open_store(tmp_path / "news.db") as store:
        first = watch([site.url("/rss.xml")], store, settings, clock=clock)
        assert first.new_items == 2
        assert [p.kind for p in first.problems] == ["fetch-failed"]
        assert "HTTP 503" in first.problems[0].message
        (only_feed,) = first.feed_text_only
        article = next(s.article for s in store.stored() if s.article.id == only_feed)
        assert article.feed_text_only
        assert (article.title, article.text) == ("Fire at Pier 9", FIRE_SUMMARY)
        assert article.published == entries[0].published

        publish(site, entries, {"/fire": FIRE})
        clock.now += timedelta(minutes=15)
        second = watch([site.url("/rss.xml")], store, settings, clock=clock)
        assert (second.changed_items, second.feed_text_only, second.problems) == (1, (), ())
        article = next(s.article for s in store.stored() if s.article.id == only_feed)
        assert not article.feed_text_only
        assert "forty firefighters" in article.text

        clock.now += timedelta(minutes=15)
        watch([site.url("/rss.xml")], store, settings, clock=clock)
    assert site.hits("/fire") == 2  # fetched in full: not tried again


def test_a_page_is_tried_page_attempts_times_then_the_feeds_words_stand(site, tmp_path):
    settings = load_settings(
        {
            "fetch": {"allow_private_hosts": "127.0.0.1", "per_host_delay_seconds": 0},
            "watch": {"page_attempts": 2},
        },
        environ={},
    )
    fire_and_flood(site)
    site.page("/fire", "gone", status=404)
    with open_store(tmp_path / "news.db") as store:
        for _ in range(4):
            watch([site.url("/rss.xml")], store, settings, clock=Clock())
    assert site.hits("/fire") == 2


def test_a_failing_feed_is_reported_and_polled_again_later(site, settings, tmp_path):
    fire_and_flood(site)
    site.feed("/broken.xml", [], status=500)
    feeds = [site.url("/broken.xml"), site.url("/rss.xml")]
    clock = Clock()
    with open_store(tmp_path / "news.db") as store:
        first = watch(feeds, store, settings, clock=clock)
        assert first.new_items == 2  # the other feed is still read
        (problem,) = first.problems
        assert (problem.where, problem.kind, problem.level) == (
            site.url("/broken.xml"),
            "feed-failed",
            "skipped",
        )
        assert "HTTP 500" in problem.message
        assert "tried again at the next poll" in problem.message
        watch(feeds, store, settings, clock=clock)  # a second failure: now it waits
        state = store.feeds()[site.url("/broken.xml")]
        assert state.failures == 2
        assert state.retry_at == START + timedelta(minutes=15)
        waiting = watch(feeds, store, settings, clock=clock)
        assert [(p.kind, p.level) for p in waiting.problems] == [("feed-waiting", "warning")]
        assert site.hits("/broken.xml") == 2

        fire_and_flood(site)
        site.feed("/broken.xml", [FeedEntry("/fire", "Fire at Pier 9", FIRE_SUMMARY)])
        clock.now += timedelta(minutes=16)
        recovered = watch(feeds, store, settings, clock=clock)
        assert recovered.problems == ()
        assert store.feeds()[site.url("/broken.xml")].failures == 0
    assert site.hits("/broken.xml") == 3


def test_robots_txt_is_obeyed_unless_the_user_opts_out(site, settings, tmp_path):
    fire_and_flood(site)
    site.text("/robots.txt", "User-agent: *\nDisallow: /fire\n")
    with open_store(tmp_path / "obeyed.db") as store:
        obeyed = watch([site.url("/rss.xml")], store, settings, clock=Clock())
    assert [p.kind for p in obeyed.problems] == ["refused-url"]
    assert "robots.txt disallows it" in obeyed.problems[0].message
    assert len(obeyed.feed_text_only) == 1
    assert site.hits("/fire") == 0
    ignoring = load_settings(
        {"fetch": {"allow_private_hosts": "127.0.0.1", "per_host_delay_seconds": 0, "respect_robots": False}},
        environ={},
    )
    with open_store(tmp_path / "ignored.db") as store:
        assert watch([site.url("/rss.xml")], store, ignoring, clock=Clock()).feed_text_only == ()
    assert site.hits("/fire") == 1


def test_a_feed_at_a_private_address_is_refused_without_the_setting(site, tmp_path):
    fire_and_flood(site)
    with open_store(tmp_path / "news.db") as store:
        watched = watch([site.url("/rss.xml"), "feeds.txt"], store, load_settings(environ={}), clock=Clock())
        assert [(p.where, p.kind) for p in watched.problems] == [
            ("feeds.txt", "not-a-feed"),
            (site.url("/rss.xml"), "feed-failed"),
        ]
        assert "a loopback address; not fetched" in watched.problems[1].message
        assert store.stored() == []
    assert site.requests == []


def test_watched_articles_are_digested_with_their_events(site, settings, tmp_path):
    fire_and_flood(site)
    with open_store(tmp_path / "news.db") as store:
        watch([site.url("/rss.xml")], store, settings, clock=Clock())
        digest = digest_store(store)
    assert sorted(e.title for e in digest.events) == ["Fire at Pier 9", "Flood in Brask"]


def test_watch_on_the_command_line_follows_an_opml_list_then_the_stored_feeds(
    site, tmp_path, monkeypatch, capsys
):
    from newsfuse.cli import main

    fire_and_flood(site)
    site.feed("/broken.xml", [], status=500)
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline type="rss" text="Courier" xmlUrl="{site.url("/rss.xml")}"/>'
        f'<outline type="rss" text="Broken" xmlUrl="{site.url("/broken.xml")}"/></body></opml>'
    )
    monkeypatch.setenv("NEWSFUSE_FETCH_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    monkeypatch.setenv("NEWSFUSE_FETCH_PER_HOST_DELAY_SECONDS", "0")
    db = str(tmp_path / "news.db")
    assert main(["watch", "--opml", str(opml), "--db", db, "--once"]) == 1
    err = capsys.readouterr().err
    assert f"skipped {site.url('/broken.xml')}: the server answered HTTP 500" in err
    assert "2 feeds polled, 1 failing: 2 new items, 0 updated; 2 articles stored in 2 events" in err
    assert "Fetching pages" not in err  # no progress bar when standard error is no terminal

    site.feed("/broken.xml", [FeedEntry("/fire", "Fire at Pier 9", FIRE_SUMMARY)])
    assert main(["watch", "--db", db, "--once", "--quiet"]) == 0  # the feeds it follows
    assert capsys.readouterr().err == ""
    assert main(["digest", "--db", db, "--format", "json"]) == 0
    assert '"Fire at Pier 9"' in capsys.readouterr().out


def test_watch_needs_a_feed_and_names_a_bad_opml_file(tmp_path, capsys):
    from newsfuse.cli import main

    db = str(tmp_path / "news.db")
    assert main(["watch", "--db", db, "--once"]) == 2
    assert "no feed to watch: give FEED_URL or --opml" in capsys.readouterr().err
    bad = tmp_path / "list.opml"
    bad.write_text("<html>no list</html>")
    assert main(["watch", "--opml", str(bad), "--db", db, "--once"]) == 2
    assert f"{bad}: not an OPML document (its root is <html>)" in capsys.readouterr().err


class Terminal:
    """Standard error as a terminal, kept for reading."""

    def __init__(self) -> None:
        import io

        self.buffer = io.StringIO()
        self.encoding = "utf-8"

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("no descriptor")


@pytest.mark.parametrize("quiet", [False, True])
def test_a_progress_bar_shows_on_a_terminal_unless_quiet(site, tmp_path, monkeypatch, quiet):
    import sys

    from newsfuse.cli import main

    fire_and_flood(site)
    monkeypatch.setenv("NEWSFUSE_FETCH_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    monkeypatch.setenv("NEWSFUSE_FETCH_PER_HOST_DELAY_SECONDS", "0")
    site.feed("/more.xml", [])
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    feeds = [site.url("/rss.xml"), site.url("/more.xml")]
    arguments = ["watch", *feeds, "--db", str(tmp_path / "news.db"), "--once"]
    assert main([*arguments, "--quiet"] if quiet else arguments) == 0
    shown = terminal.buffer.getvalue()
    assert ("Fetching pages" in shown) is not quiet
    assert ("Polling feeds" in shown) is not quiet


def test_reports_mark_an_article_that_has_only_the_feeds_words(site, settings, tmp_path):
    import json

    from newsfuse.renderers import render

    fire_and_flood(site)
    site.page("/fire", "gone", status=404)
    with open_store(tmp_path / "news.db") as store:
        watch([site.url("/rss.xml")], store, settings, clock=Clock())
        digest = digest_store(store)
    fire = next(e for e in digest.events if e.title == "Fire at Pier 9")
    assert "only the feed's title and summary (the page could not be fetched)" in render(
        fire.summary, "markdown"
    )
    articles = {
        a["url"]: a
        for e in json.loads(render(digest, "json", kind="digest"))["events"]
        for a in e["articles"]
    }
    assert articles[site.url("/fire")]["feed_text_only"] is True
    assert articles[site.url("/flood")]["feed_text_only"] is False
    assert datetime.fromisoformat(articles[site.url("/flood")]["fetched"]).tzinfo is not None


def test_many_urls_on_the_command_line_show_a_progress_bar_on_a_terminal_only(site, tmp_path, monkeypatch):
    import sys

    from newsfuse.cli import main

    fire_and_flood(site)
    monkeypatch.setenv("NEWSFUSE_FETCH_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    for quiet in (False, True):
        terminal = Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        arguments = ["summarize", site.url("/fire"), site.url("/flood"), "-o", str(tmp_path / "out.md")]
        assert main([*arguments, "--quiet"] if quiet else arguments) == 0
        assert ("Fetching pages" in terminal.buffer.getvalue()) is not quiet


def test_one_host_gets_at_most_per_host_connections_at_once():
    import threading
    import time

    import httpx

    from newsfuse.ingest.fetch import Fetcher
    from newsfuse.ingest.fetch.polite import PoliteFetcher
    from newsfuse.settings import FetchSettings

    lock = threading.Lock()
    running: dict[str, int] = {}
    most: dict[str, int] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        host = request.headers["host"]
        with lock:
            running[host] = running.get(host, 0) + 1
            most[host] = max(most.get(host, 0), running[host])
        time.sleep(0.05)
        with lock:
            running[host] -= 1
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>page</p>")

    fetcher = Fetcher(
        FetchSettings(), transport=httpx.MockTransport(answer), resolve=lambda host, port: ["93.184.216.34"]
    )
    polite = PoliteFetcher(fetcher, delay_seconds=0, respect_robots=False, per_host=2)
    urls = [f"https://{host}.example/{n}" for host in ("a", "b") for n in range(6)]
    threads = [threading.Thread(target=polite.fetch, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == {"a.example": 2, "b.example": 2}


@pytest.fixture
def example_site():
    """``python -m http.server --directory examples``, as the README has users run it."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(ROOT / "examples"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_example_feeds_make_a_digest_with_one_page_missing(example_site, settings, tmp_path):

    from newsfuse.ingest.fetch.feeds import opml_feeds
    from newsfuse.renderers import render

    listed = opml_feeds((ROOT / "examples" / "feeds" / "subscriptions.opml").read_bytes())
    feeds = [url.replace("http://127.0.0.1:8765", example_site) for url in listed]
    assert len(feeds) == 3
    with open_store(tmp_path / "news.db") as store:
        watched = watch(feeds, store, settings, clock=Clock())
        assert (watched.new_items, len(watched.feed_text_only)) == (4, 1)
        assert [p.message for p in watched.problems if p.level != "note"] == ["the server answered HTTP 404"]
        again = watch(feeds, store, settings, clock=Clock())
        assert again.unchanged_feeds == 3  # the server answers If-Modified-Since with 304
        digest = digest_store(store)
    fire = next(e for e in digest.events if "Pier 9" in e.title)
    assert len(fire.articles) == 2
    assert fire.summary.known_outlets == ("Harborline News",)  # the page's name, for the feed's words too
    assert "(only the feed's title and summary (the page could not be fetched))" in render(
        digest, "markdown", kind="digest"
    )


def test_pages_are_fetched_taking_the_sites_in_turn_so_no_site_waits_behind_anothers_pause():
    import threading

    import httpx

    from newsfuse.ingest.fetch import Fetcher
    from newsfuse.ingest.fetch.feeds import FeedItem
    from newsfuse.ingest.fetch.polite import PoliteFetcher
    from newsfuse.ingest.fetch.poll import fetch_pages
    from newsfuse.settings import FetchSettings

    lock = threading.Lock()
    started: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        with lock:
            started.append(request.headers["host"])
        page = story_page("Fire at Pier 9", FIRE).encode()
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=page)

    settings = FetchSettings(max_connections=2)
    fetcher = Fetcher(
        settings, transport=httpx.MockTransport(answer), resolve=lambda host, port: ["93.184.216.34"]
    )
    polite = PoliteFetcher(fetcher, delay_seconds=0.3, respect_robots=False)
    items = [
        FeedItem(f"https://{host}.example/{n}", None, None, None, None) for host in "ab" for n in range(3)
    ]
    pages = fetch_pages(items, polite)
    assert [p.item for p in pages] == items  # results in the order asked
    assert all(p.article is not None for p in pages)
    assert set(started[:2]) == {"a.example", "b.example"}


def test_an_item_linking_to_an_internal_address_is_not_fetched(site, settings, tmp_path):
    from newsfuse.evaluate.newsroom import Route

    fire_and_flood(site)
    body = site.routes["/rss.xml"].body.replace(
        site.url("/fire").encode(), b"http://169.254.169.254/latest/meta-data/"
    )
    site.routes["/rss.xml"] = Route(body, "application/rss+xml")
    with open_store(tmp_path / "news.db") as store:
        watched = watch([site.url("/rss.xml")], store, settings, clock=Clock())
    (problem,) = [p for p in watched.problems if p.kind == "refused-url"]
    assert problem.where == "http://169.254.169.254/latest/meta-data/"
    assert "link-local" in problem.message or "metadata" in problem.message
    assert len(watched.feed_text_only) == 1  # the feed's own words stay, marked


def test_watch_polls_again_after_every_minutes_until_interrupted(site, tmp_path, monkeypatch, capsys):
    import time

    from newsfuse.cli import main

    fire_and_flood(site)
    monkeypatch.setenv("NEWSFUSE_FETCH_ALLOW_PRIVATE_HOSTS", "127.0.0.1")
    monkeypatch.setenv("NEWSFUSE_FETCH_PER_HOST_DELAY_SECONDS", "0")
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", sleep)
    assert main(["watch", site.url("/rss.xml"), "--db", str(tmp_path / "news.db"), "--every", "0.5"]) == 130
    assert waits == [30.0, 30.0]
    lines = [line for line in capsys.readouterr().err.splitlines() if "feeds polled" in line]
    assert len(lines) == 2
    assert "2 new items" in lines[0]
    assert "1 unchanged: 0 new items" in lines[1]


STORM = [
    "A storm tore roofs from houses along the Tavi coast on Wednesday night, and the coast guard "
    "rescued the crews of two fishing boats caught near the Orrin lighthouse, officials said.",
    "Power was cut to about 9,000 homes in Tavi and Sallow, the grid operator said, and it expected "
    "to restore most of it by Friday as crews cleared fallen lines from the coast road.",
]


def test_pages_that_differ_by_their_query_are_two_articles_and_a_retried_one_keeps_its_id(
    site, settings, tmp_path
):
    first = FeedEntry("/story?id=1", "Fire at Pier 9", FIRE_SUMMARY)
    site.page("/story?id=1", "gone", status=503)
    site.feed("/rss.xml", [first])
    with open_store(tmp_path / "news.db") as store:
        watch([site.url("/rss.xml")], store, settings, clock=Clock())
        site.page("/story?id=1", story_page("Fire at Pier 9", FIRE))
        site.page("/story?id=2", story_page("Flood in Brask", FLOOD))
        site.feed(
            "/rss.xml", [first, FeedEntry("/story?id=2", "Flood in Brask", "Hundreds leave their homes.")]
        )
        watched = watch([site.url("/rss.xml")], store, settings, clock=Clock())
        assert (watched.new_items, watched.changed_items) == (1, 1)
        stored = {s.article.id: s.article for s in store.stored()}
        items = store.seen_items([site.url("/story?id=1"), site.url("/story?id=2")])
    assert set(stored) == {"127.0.0.1/story?id=1", "127.0.0.1/story?id=2"}
    assert not any(a.feed_text_only for a in stored.values())
    assert {i.article_id for i in items.values()} == set(stored)


def test_two_items_of_one_stored_article_renew_it_once_and_touch_no_other(site, settings, tmp_path):
    from newsfuse.model import Article
    from newsfuse.pipeline import add_prepared, prepare

    site.page("/a", story_page("Fire at Pier 9", FIRE))
    site.page("/b", story_page("Fire at Pier 9", FIRE))  # the same page under two addresses
    site.feed(
        "/rss.xml", [FeedEntry("/a", "Fire at Pier 9", "First."), FeedEntry("/b", "Pier 9 fire", "Second.")]
    )
    with open_store(tmp_path / "news.db") as store:
        watch([site.url("/rss.xml")], store, settings, clock=Clock())
        other = Article(id="127.0.0.1/a~2", text=" ".join(FLOOD), title="Flood in Brask", source="Brask Post")
        add_prepared(prepare([other], settings), store, settings)
        site.page("/a", story_page("Fire at Pier 9", FIRE_UPDATED))
        site.page("/b", story_page("Fire at Pier 9", FIRE_UPDATED))
        site.feed(
            "/rss.xml",
            [FeedEntry("/a", "Fire at Pier 9", "First, again."), FeedEntry("/b", "Pier 9", "Again.")],
        )
        watched = watch([site.url("/rss.xml")], store, settings, clock=Clock())
        stored = {s.article.id: s.article for s in store.stored()}
    assert watched.changed_items == 1
    assert set(stored) == {"127.0.0.1/a", "127.0.0.1/a~2"}
    assert "electrical cabinet" in stored["127.0.0.1/a"].text
    assert stored["127.0.0.1/a~2"].title == "Flood in Brask"


def test_a_renewed_article_keeps_its_event_id_when_a_new_story_comes_first(site, settings, tmp_path):
    entries = fire_and_flood(site)
    site.feed("/rss.xml", entries[::-1])  # the flood opens event 1, the fire event 2
    clock = Clock()
    with open_store(tmp_path / "news.db") as store:
        watch([site.url("/rss.xml")], store, settings, clock=clock)
        fire_event = {s.article.url: s.event_id for s in store.stored()}[site.url("/fire")]
        assert fire_event == "event-000002"
        site.page("/storm", story_page("Storm on the Tavi coast", STORM))
        storm = FeedEntry("/storm", "Storm on the Tavi coast", "Roofs torn off, boats rescued.", START)
        changed = FeedEntry("/fire", "Pier 9 fire: a new account", FIRE_SUMMARY, entries[0].published)
        site.page("/fire", story_page("Pier 9 fire: a new account", FIRE_UPDATED))
        site.feed("/rss.xml", [storm, changed, entries[1]])
        clock.now += timedelta(minutes=15)
        watch([site.url("/rss.xml")], store, settings, clock=clock)
        events = {s.article.url: s.event_id for s in store.stored()}
    assert events[site.url("/fire")] == fire_event
    assert events[site.url("/storm")] != fire_event


def test_daily_items_with_one_title_and_no_summary_are_each_new(site, settings, tmp_path):
    with open_store(tmp_path / "news.db") as store:
        for day in (1, 2, 3):
            site.page(f"/briefing/{day}", story_page("Morning briefing", [FIRE, FLOOD, STORM][day - 1]))
            site.feed("/rss.xml", [FeedEntry(f"/briefing/{day}", "Morning briefing")])
            assert watch([site.url("/rss.xml")], store, settings, clock=Clock()).new_items == 1
        assert len(store.stored()) == 3


def test_a_stored_page_is_never_replaced_by_the_feeds_summary(site, settings, tmp_path):
    entries = fire_and_flood(site)
    with open_store(tmp_path / "news.db") as store:
        watch([site.url("/rss.xml")], store, settings, clock=Clock())
        site.page("/fire", "down", status=503)
        for summary in ("Update: crews still on site.", "Update: cause under investigation."):
            entries[0] = FeedEntry("/fire", "Fire at Pier 9", summary, entries[0].published)
            site.feed("/rss.xml", entries)
            watch([site.url("/rss.xml")], store, settings, clock=Clock())
        fire = {s.article.url: s.article for s in store.stored()}[site.url("/fire")]
        assert not fire.feed_text_only
        assert "forty firefighters" in fire.text
        site.page("/fire", story_page("Fire at Pier 9", FIRE_UPDATED))
        watch([site.url("/rss.xml")], store, settings, clock=Clock())  # the page is still due
        fire = {s.article.url: s.article for s in store.stored()}[site.url("/fire")]
    assert "electrical cabinet" in fire.text


def test_an_item_two_feeds_summarize_differently_is_not_fetched_again_and_again(site, settings, tmp_path):
    entries = fire_and_flood(site)
    site.feed("/other.xml", [FeedEntry("/fire", "Fire at Pier 9", "The other feed's own summary of it.")])
    feeds = [site.url("/rss.xml"), site.url("/other.xml")]
    with open_store(tmp_path / "news.db") as store:
        for _ in range(3):
            watch(feeds, store, settings, clock=Clock())
            site.feed("/rss.xml", list(entries))  # a new ETag: read again
    assert site.hits("/fire") == 1


def test_under_strict_input_one_bad_page_stops_no_poll(site, tmp_path):
    strict = load_settings(
        {
            "fetch": {"allow_private_hosts": "127.0.0.1", "per_host_delay_seconds": 0},
            "input": {"strict": True, "max_article_chars": 600},
        },
        environ={},
    )
    fire_and_flood(site)
    site.page("/flood", story_page("Flood in Brask", FLOOD * 3))
    with open_store(tmp_path / "news.db") as store:
        watched = watch([site.url("/rss.xml")], store, strict, clock=Clock())
        assert [p.kind for p in watched.problems if p.level == "skipped"] == ["too-long"]
        assert [s.article.url for s in store.stored()] == [site.url("/fire")]
        assert len(store.feeds()) == 1


def test_copies_of_a_renewed_article_lose_their_mark(site, settings, tmp_path):
    entries = fire_and_flood(site)
    with Newsroom() as wire:
        wire.page("/fire", story_page("Fire at Pier 9", FIRE, outlet="Meridian Wire"))
        wire.feed(
            "/rss.xml", [FeedEntry("/fire", "Pier 9 fire (wire)", "Wire copy.", START - timedelta(hours=2))]
        )
        feeds = [site.url("/rss.xml"), wire.url("/rss.xml")]
        with open_store(tmp_path / "news.db") as store:
            watch(feeds, store, settings, clock=Clock())
            copy = next(s for s in store.stored() if s.article.source == "Meridian Wire")
            assert copy.copy is not None
            entries[0] = FeedEntry("/fire", "Pier 9 fire was electrical", FIRE_SUMMARY, entries[0].published)
            site.page("/fire", story_page("Pier 9 fire was electrical", FIRE_UPDATED))
            site.feed("/rss.xml", entries)
            watch(feeds, store, settings, clock=Clock())
            copy = next(s for s in store.stored() if s.article.source == "Meridian Wire")
    assert copy.copy is None  # the text it copied is stored nowhere else now


def test_watch_refuses_a_poll_interval_beyond_a_week_and_makes_no_database_for_nothing(tmp_path, capsys):
    from newsfuse.cli import main

    db = tmp_path / "news.db"
    assert main(["watch", "http://news.example/rss.xml", "--db", str(db), "--every", "1e9"]) == 2
    assert "watch.every_minutes must be at most a week" in capsys.readouterr().err
    assert main(["watch", "--db", str(db), "--once"]) == 2
    assert not db.exists()


def test_a_feed_forgotten_during_a_poll_stays_forgotten(site, settings, tmp_path, monkeypatch):
    from newsfuse.pipeline import follow_feeds, forget_feed, watching

    fire_and_flood(site)
    site.page("/flood", "<html><body>gone</body></html>", status=500)
    url = site.url("/rss.xml")
    original = watching.fetch_pages

    def forgotten_meanwhile(items, polite, **options):
        forget_feed(url, store)  # another process, while this poll fetches
        return original(items, polite, **options)

    monkeypatch.setattr(watching, "fetch_pages", forgotten_meanwhile)
    with open_store(tmp_path / "news.db") as store:
        follow_feeds([url], store)
        watched = watch([url], store, settings, clock=Clock())
        assert watched.new_items == 2  # what it fetched is kept
        assert store.feeds() == {}
        assert store.unfetched_items(settings.watch.page_attempts) == []  # its pages are not tried again
