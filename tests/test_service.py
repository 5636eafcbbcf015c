"""The REST API through httpx's ASGI transport: submissions stored once, events and
articles read back, tokens, size limits, and a JSON 4xx for every bad request."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx
import pytest

import newsfuse
from conftest import EXAMPLES
from newsfuse.service import create_app
from newsfuse.settings import load_settings
from newsfuse.store import open_store

KESTOVA = json.loads((EXAMPLES / "kestova-times.json").read_text())


@pytest.fixture
def client(tmp_path):
    apps = []

    def make(**service):
        app = create_app(str(tmp_path / "news.db"), load_settings({"service": service}, environ={}))
        apps.append(app)
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service")

    yield make
    for app in apps:  # their writer processes: the lifespan that would close them is not run here
        for worker in app.state.workers:
            worker.close()


@pytest.fixture
def anyio_backend():
    return "asyncio"


pytestmark = pytest.mark.anyio


async def test_an_article_submitted_twice_is_stored_once_and_the_answer_says_so(client):
    async with client() as api:
        first = await api.post("/api/articles", json=KESTOVA)
        assert first.status_code == 200
        (added,) = first.json()["added"]
        again = (await api.post("/api/articles", json=KESTOVA)).json()
        assert again["added"] == []
        assert again["already_stored"] == [{"id": added["id"], "stored_as": added["id"]}]
        listed = (await api.get("/api/events")).json()
        assert listed["total"] == 1
        assert listed["events"][0]["articles"] == 1
        updated = {
            **KESTOVA,
            "id": "kestova-again",
            "url": KESTOVA["url"].replace("kestova-times.example", "Kestova-Times.EXAMPLE")
            + "?utm_source=mail#top",
            "text": KESTOVA["text"] + " Updated at 10:40.",
        }
        again = (await api.post("/api/articles", json=updated)).json()
        assert again["already_stored"] == [{"id": "kestova-again", "stored_as": added["id"]}]


async def test_events_and_articles_are_read_back_with_summary_citations_and_conflicts(client):
    pages = {path.name: path.read_bytes() for path in EXAMPLES.iterdir()}
    async with client() as api:
        assert (await api.post("/api/articles", json=KESTOVA)).status_code == 200
        html = await api.post(
            "/api/articles", content=pages["harborline-news.html"], headers={"content-type": "text/html"}
        )
        assert html.status_code == 200, html.text
        text = await api.post(
            "/api/articles", content=pages["velmora-courier.txt"], headers={"content-type": "text/plain"}
        )
        assert text.json()["added"]
        (listing,) = (await api.get("/api/events")).json()["events"]
        assert listing["articles"] == 3
        assert "Harborline News" in listing["outlets"]
        event = (await api.get(f"/api/events/{listing['id']}")).json()
        assert event["summary"]["sentences"]
        assert event["summary"]["sentences"][0]["citations"][0]["kind"] == "origin"
        assert event["summary"]["conflicts"]  # 14 against 12 injured
        article_id = event["articles"][0]["id"]
        article = (await api.get(f"/api/articles/{article_id}")).json()
        assert article["event_id"] == listing["id"]
        assert article["text"]
        assert (await api.get("/api/events", params={"outlet": "harborline news"})).json()["total"] == 1
        assert (await api.get("/api/events", params={"outlet": "nobody"})).json()["total"] == 0
        assert (await api.get("/api/events", params={"q": "pier 9"})).json()["total"] == 1
        for since, found in [("2026-11-01T00:00:00", 1), ("2026-12-01", 0)]:  # no offset: UTC
            assert (await api.get("/api/events", params={"since": since})).json()["total"] == found
        copied = {"id": "mirror", "source": "Mirror Site", "text": pages["velmora-courier.txt"].decode()}
        assert (await api.post("/api/articles", json=copied)).json()["added"]
        brief = (await api.get(f"/api/events/{listing['id']}/brief")).json()
        assert (brief["articles"], brief["independent_reports"]) == (4, 3)  # the copy is no report


@pytest.mark.parametrize(
    ("request_options", "status", "message"),
    [
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            400,
            "not valid JSON",
        ),
        ({"json": {"text": ""}}, 400, "no usable article"),
        ({"json": [1, 2]}, 400, "no usable article"),
        ({"content": b"", "headers": {"content-type": "application/json"}}, 400, "the body is empty"),
        ({"content": b"x", "headers": {"content-type": "image/png"}}, 415, "send JSON"),
        ({"json": {"urls": "not a list"}}, 422, '"urls" a list of URLs'),
        ({"json": {"url": "http://127.0.0.1/admin"}}, 400, "no usable article"),
    ],
)
async def test_bad_submissions_get_a_json_4xx(client, request_options, status, message):
    async with client() as api:
        answer = await api.post("/api/articles", **request_options)
    assert answer.status_code == status, answer.text
    assert message in answer.json()["error"]


async def test_unknown_events_and_articles_and_bad_queries_are_4xx(client):
    async with client() as api:
        await api.post("/api/articles", json=KESTOVA)
        assert (await api.get("/api/events/event-999999")).status_code == 404
        assert (await api.get("/api/articles/nothing")).json() == {"error": "no article nothing"}
        bad = await api.get("/api/events", params={"limit": 0})
        assert bad.status_code == 422
        assert "limit" in bad.json()["details"][0]
        assert (await api.get("/api/events", params={"since": "yesterday"})).status_code == 422


async def test_a_refused_url_is_named_in_the_problems(client):
    async with client() as api:
        answer = await api.post("/api/articles", json={"urls": ["http://169.254.169.254/latest"]})
    assert answer.status_code == 400
    assert "169.254.169.254 is a cloud metadata address" in json.dumps(answer.json())


async def test_writes_need_the_token_and_reads_may_too(client):
    async with client(token="s3cret") as api:
        assert (await api.post("/api/articles", json=KESTOVA)).status_code == 401
        wrong = await api.post("/api/articles", json=KESTOVA, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"] == "Bearer"
        right = await api.post("/api/articles", json=KESTOVA, headers={"Authorization": "Bearer s3cret"})
        assert right.status_code == 200
        assert (await api.get("/api/events")).status_code == 200  # reads are public by default
        for method, path in [("GET", "/api/feeds"), ("POST", "/api/feeds"), ("DELETE", "/api/feeds?url=x")]:
            assert (await api.request(method, path)).status_code == 401, (method, path)  # keys in URLs
        assert (await api.post("/api/feeds/poll")).status_code == 401
    async with client(token="s3cret", public_reads=False) as api:
        assert (await api.get("/api/events")).status_code == 401
        assert (await api.get("/api/events", headers={"Authorization": "Bearer s3cret"})).status_code == 200


async def test_an_oversized_body_is_refused_whatever_its_declared_length(client):
    async with client(max_body_bytes=1000) as api:
        assert (
            await api.post("/api/articles", content=b"x" * 2000, headers={"content-type": "text/plain"})
        ).status_code == 413

        async def chunks():
            for _ in range(10):
                yield b"y" * 500

        streamed = await api.post("/api/articles", content=chunks(), headers={"content-type": "text/plain"})
        assert streamed.status_code == 413
        assert "larger than 1,000 bytes" in streamed.json()["error"]


async def test_the_api_is_documented():
    app = create_app("unused.db", load_settings(environ={}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service") as api:
        schema = (await api.get("/openapi.json")).json()
        assert {"/api/articles", "/api/events", "/api/events/{event_id}"} <= set(schema["paths"])
        assert (await api.get("/docs")).status_code == 200


@contextmanager
def serving(db, **environment):
    """``newsfuse serve`` in a process of its own; yields its base URL, then kills it
    outright (SIGKILL: no goodbye, so what was acknowledged must already be stored)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "newsfuse", "serve", "--db", str(db), "--port", str(port)],
        env={**os.environ, **environment},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/api/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)


def test_newsfuse_serve_answers_over_http_and_keeps_what_it_acknowledged(tmp_path):
    db = tmp_path / "news.db"
    with serving(db, NEWSFUSE_SERVICE_TOKEN="s3cret") as base:
        headers = {"Authorization": "Bearer s3cret"}
        answer = httpx.post(f"{base}/api/articles", json=KESTOVA, headers=headers, timeout=30)
        assert answer.status_code == 200
        (added,) = answer.json()["added"]
    with open_store(db, read_only=True) as store:
        assert [s.article.id for s in store.stored()] == [added["id"]]


def test_two_services_on_one_postgresql_database_lose_nothing_and_keep_event_ids(postgres_url, tmp_path):
    folders = ["harbor-fire", "rail-strike", "mine-flood", "bridge-contracts"]
    articles = [
        (
            folder,
            {
                "id": f"{folder}/{article.id}",
                "title": article.title,
                "source": article.source,
                "published": article.published.isoformat() if article.published else None,
                "text": article.text,
            },
        )
        for folder in folders
        for article in newsfuse.read_articles([EXAMPLES.parent / folder]).articles
    ]

    async def submit_all(bases):
        async with httpx.AsyncClient(timeout=120) as http:

            async def submit(number, article):
                for _ in range(30):
                    answer = await http.post(f"{bases[number % 2]}/api/articles", json=article)
                    if answer.status_code != 503:
                        return answer.json()
                    await asyncio.sleep(1)
                raise AssertionError(answer.text)

            return await asyncio.gather(*(submit(n, a) for n, (_, a) in enumerate(articles)))

    with serving(postgres_url) as first, serving(postgres_url) as second:
        answers = asyncio.run(submit_all([first, second]))
    acknowledged = {added["id"]: added["event_id"] for answer in answers for added in answer["added"]}
    assert len(acknowledged) == len(articles)
    with open_store(postgres_url, read_only=True) as store:
        stored = {s.article.id: s.event_id for s in store.stored()}
    assert stored == acknowledged  # each once, in the event it was acknowledged in
    # As if they had come one after another in the order they were stored: each writer
    # placed its article among all the events the other had made before.
    from newsfuse.pipeline import add_prepared, prepare_bytes

    by_id = {article["id"]: article for _, article in articles}
    settings = load_settings(environ={})
    with open_store(tmp_path / "one-by-one.db") as alone:
        for article_id in stored:
            body = json.dumps(by_id[article_id]).encode()
            add_prepared(prepare_bytes(body, settings, fmt="json", origin="request"), alone, settings)
        assert {s.article.id: s.event_id for s in alone.stored()} == stored


def test_the_token_never_appears_in_recorded_settings():
    settings = load_settings({"service": {"token": "s3cret"}}, environ={})
    assert "s3cret" not in json.dumps(settings.to_dict())
    assert settings.to_dict()["service"]["token"] == "(set)"
    assert "s3cret" not in repr(settings)


async def test_an_article_shows_what_cleaning_removed_and_events_are_found_by_who_is_named(client):
    story = (EXAMPLES / "velmora-courier.txt").read_text()
    padded = (
        f"{story}\n\nSubscribe to our newsletter for the latest headlines.\n\nShare this article on Facebook"
    )
    async with client() as api:
        added = (
            await api.post("/api/articles", content=padded, headers={"content-type": "text/plain"})
        ).json()
        (stored,) = added["added"]
        article = (await api.get(f"/api/articles/{stored['id']}")).json()
        removed = " ".join(r["text"] for r in article["removed"])
        assert "Subscribe to our newsletter" in removed
        assert "Subscribe" not in article["text"]
        assert all(padded[r["start"] : r["end"]] == r["text"] for r in article["removed"])
        assert "Anatol Zhirenko" in article["names"]
        for name, found in [("zhirenko", 1), ("ANATOL ZHIRENKO", 1), ("Zhiren", 0), ("Nobody Atall", 0)]:
            listed = (await api.get("/api/events", params={"entity": name})).json()
            assert listed["total"] == found, name


STORY = [
    "Flood water closed the coast road at Marrow Bay on Sunday after the river Tesk burst its banks "
    "overnight, the county roads office said.",
    "Engineer Pavla Drennick said crews would pump the road dry by Tuesday, and buses would run "
    "through the hills until then.",
]


async def test_followed_feeds_are_listed_polled_at_once_and_forgotten(tmp_path):
    from newsfuse.evaluate.newsroom import FeedEntry, Newsroom, story_page

    settings = load_settings(
        {"fetch": {"allow_private_hosts": "127.0.0.1", "per_host_delay_seconds": 0, "timeout_seconds": 5}},
        environ={},
    )
    with Newsroom() as site:
        site.page("/flood", story_page("Marrow Bay road closed by flood", STORY))
        site.feed(
            "/rss.xml", [FeedEntry("/flood", "Marrow Bay road closed by flood", "The Tesk burst its banks.")]
        )
        app = create_app(str(tmp_path / "news.db"), settings)
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://s") as api,
        ):
            wrong = await api.post("/api/feeds", json={"url": "ftp://example.org/feed"})
            assert wrong.status_code == 400
            assert "not a feed address" in wrong.json()["error"]
            followed = await api.post("/api/feeds", json={"url": site.url("/rss.xml")})
            assert followed.status_code == 201
            assert followed.json() == {"followed": [site.url("/rss.xml")]}
            for _ in range(100):  # the service polls a feed as soon as it is followed
                listed = (await api.get("/api/events")).json()
                if listed["total"]:
                    break
                await asyncio.sleep(0.1)
            assert listed["events"][0]["headline"] == "Marrow Bay road closed by flood"
            (feed,) = (await api.get("/api/feeds")).json()["feeds"]
            assert feed["checked"]
            assert feed["failures"] == 0
            again = (await api.post("/api/feeds/poll")).json()
            assert (again["feeds"], again["new_items"]) == (1, 0)
            assert (await api.delete("/api/feeds", params={"url": site.url("/rss.xml")})).status_code == 200
            assert (await api.get("/api/feeds")).json() == {"feeds": []}
            assert (await api.delete("/api/feeds", params={"url": site.url("/rss.xml")})).status_code == 404
            assert (await api.get("/api/events")).json()["total"] == 1  # its articles stay


async def test_a_writer_that_dies_refuses_the_change_it_was_making_and_a_new_one_takes_the_next(tmp_path):
    import os
    import signal

    from newsfuse.evaluate.newsroom import Newsroom, story_page

    settings = load_settings(
        {"fetch": {"allow_private_hosts": "127.0.0.1", "per_host_delay_seconds": 0, "timeout_seconds": 20}},
        environ={},
    )
    app = create_app(str(tmp_path / "news.db"), settings)
    writer = app.state.workers[0]
    try:
        with Newsroom() as site:
            site.page("/flood", story_page("Marrow Bay road closed by flood", STORY), delay_seconds=10)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://s", timeout=60) as api:
                fetching = asyncio.create_task(api.post("/api/articles", json={"url": site.url("/flood")}))
                while not site.hits("/flood"):  # the writer is fetching the page
                    await asyncio.sleep(0.05)
                (process,) = writer._pool._processes.values()
                os.kill(process.pid, signal.SIGKILL)
                refused = await fetching
                assert refused.status_code == 503
                assert refused.headers["retry-after"]
                assert "stopped before answering; retry" in refused.json()["error"]
                assert (await api.post("/api/articles", json=KESTOVA)).status_code == 200  # a new writer
                (process,) = writer._pool._processes.values()
                os.kill(process.pid, signal.SIGKILL)  # idle, this time
                process.join()
                other = {**KESTOVA, "id": "other", "source": "Another Outlet", "url": None}
                made = await api.post("/api/articles", json=other)
                assert made.status_code == 200  # nothing was lost with it: a new one took the change
                assert made.json()["added"][0]["id"] == "other"
    finally:
        for worker in app.state.workers:
            worker.close()


async def test_a_submission_is_not_kept_waiting_by_a_poll_fetching_slow_pages(tmp_path):
    from newsfuse.evaluate.newsroom import FeedEntry, Newsroom, story_page

    settings = load_settings(
        {"fetch": {"allow_private_hosts": "127.0.0.1", "per_host_delay_seconds": 0, "timeout_seconds": 20}},
        environ={},
    )
    with Newsroom() as site:
        site.page("/flood", story_page("Marrow Bay road closed by flood", STORY), delay_seconds=6)
        site.feed(
            "/rss.xml", [FeedEntry("/flood", "Marrow Bay road closed by flood", "The Tesk burst its banks.")]
        )
        app = create_app(str(tmp_path / "news.db"), settings)
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://s", timeout=60) as api:
                assert (await api.post("/api/articles", json=KESTOVA)).status_code == 200  # writer started
                assert (await api.post("/api/feeds", json={"url": site.url("/rss.xml")})).status_code == 201
                poll = asyncio.create_task(api.post("/api/feeds/poll"))
                while not site.hits("/flood"):  # the poll is fetching the slow page
                    await asyncio.sleep(0.05)
                other = {**KESTOVA, "id": "other", "source": "Another Outlet", "url": None}
                assert (await api.post("/api/articles", json=other)).status_code == 200
                assert not poll.done()
                assert (await poll).json()["new_items"] == 1
        finally:
            for worker in app.state.workers:
                worker.close()


QUAKE = [
    "A magnitude 6.1 earthquake struck near Velmora on Monday, damaging houses in the old town.",
    "Rescue teams in Velmora searched collapsed houses after Monday's 6.1 earthquake.",
]
QUAKE_AID = [
    "Ten days after the Velmora earthquake, families whose houses collapsed moved into shelters.",
    "The Velmora old town will be rebuilt with state aid after the earthquake, the governor said.",
]


async def test_events_are_listed_with_their_storyline_and_found_by_it(client):
    # The quake, then (after its event has closed) the aid: two events, one story.
    articles = [
        {
            "id": f"{name}-{n}",
            "text": " ".join(texts[n:] + texts[:n]),
            "published": day,
            "source": f"Outlet {n}",
        }
        for name, texts, day in [
            ("quake", QUAKE, "2026-03-02T08:00:00Z"),
            ("aid", QUAKE_AID, "2026-03-16T08:00:00Z"),
        ]
        for n in range(len(texts))
    ]
    async with client() as api:
        assert (await api.post("/api/articles", json=articles)).status_code == 200
        listed = (await api.get("/api/events")).json()["events"]
        assert len(listed) == 2
        storylines = {e["storyline_id"] for e in listed}
        assert len(storylines) == 1
        (storyline,) = storylines
        assert (await api.get("/api/events", params={"storyline": storyline})).json()["total"] == 2
        assert (await api.get("/api/events", params={"storyline": "storyline-999999"})).json()["total"] == 0
        page = (await api.get("/")).text
        assert page.count(f'href="/?storyline={storyline}"') == 2  # each event links to the story
        story = (await api.get("/", params={"storyline": storyline})).text
        assert "One story, event by event" in story
        assert story.count('href="/events/') == 2
        assert 'href="/?storyline=' not in story
