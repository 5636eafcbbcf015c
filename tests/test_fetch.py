"""Fetching from the web: public addresses only, on every hop, within every limit."""

import gzip
import re

import httpx
import pytest

from newsfuse.errors import FetchError, RefusedURLError
from newsfuse.ingest.fetch import FEED_TYPES, Fetcher
from newsfuse.settings import FetchSettings

PUBLIC = "93.184.216.34"
PAGE = (
    b"<html><head><title>Harbor reopens</title></head><body><article><p>The harbor of Port Velmora "
    b"reopened on Tuesday after crews put out the fire that destroyed a warehouse on Pier 9, the "
    b"port authority said. Ships waiting in the bay began to dock in the afternoon.</p></article>"
    b"</body></html>"
)

FORBIDDEN = [
    ("127.0.0.1", "a loopback address"),
    ("127.5.6.7", "a loopback address"),
    ("10.1.2.3", "a private address"),
    ("172.16.0.9", "a private address"),
    ("192.168.1.1", "a private address"),
    ("169.254.169.254", "a cloud metadata address"),
    ("169.254.1.1", "a link-local address"),
    ("100.64.0.1", "a shared (carrier-grade NAT) address"),
    ("224.0.0.1", "a multicast address"),
    ("0.0.0.0", "an unspecified address"),
    ("240.0.0.1", "a reserved address"),
    ("::1", "a loopback address"),
    ("fe80::1", "a link-local address"),
    ("fc00::1", "a private address"),
    ("ff02::1", "a multicast address"),
    ("::ffff:127.0.0.1", "a loopback address"),
    ("::ffff:169.254.169.254", "a cloud metadata address"),
    ("fd00:ec2::254", "a cloud metadata address"),
    ("169.254.170.2", "a cloud metadata address"),
    ("100.100.100.200", "a cloud metadata address"),
    ("2002:7f00:1::1", "a loopback address"),  # 6to4 of 127.0.0.1
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "a loopback address"),  # Teredo of 127.0.0.1
    ("64:ff9b::7f00:1", "a reserved address"),  # NAT64 of 127.0.0.1
    ("192.0.2.1", "a private address"),  # documentation
    ("2001:db8::1", "a private address"),  # documentation
    ("198.18.0.1", "a private address"),  # benchmarking
]


def _url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def _fetcher(handler, names=None, **settings):
    names = {"news.example": [PUBLIC], **(names or {})}

    def resolve(host, port):
        if host not in names:
            raise OSError(f"cannot resolve {host}")
        return names[host]

    return Fetcher(FetchSettings(**settings), transport=httpx.MockTransport(handler), resolve=resolve)


def _page(request):
    return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=PAGE)


def test_a_public_page_is_fetched_from_the_checked_address_under_its_own_name():
    seen = []

    def handler(request):
        seen.append(request)
        return _page(request)

    fetched = _fetcher(handler).fetch("https://news.example/story?id=1")
    assert fetched.body == PAGE
    assert fetched.content_type == "text/html"
    (request,) = seen
    assert request.url.host == PUBLIC  # connected to the address that was checked
    assert request.headers["host"] == "news.example"
    assert request.extensions["sni_hostname"] == "news.example"
    assert request.headers["user-agent"].startswith("newsfuse")


@pytest.mark.parametrize(("address", "reason"), FORBIDDEN)
def test_every_forbidden_address_is_refused_directly_by_name_and_through_a_redirect(address, reason):
    reached = []

    def handler(request):
        reached.append(str(request.url))
        if request.headers["host"] == "news.example":
            return httpx.Response(302, headers={"location": "http://inside.example/admin"})
        return _page(request)

    fetcher = _fetcher(handler, {"inside.example": [address]})
    with pytest.raises(RefusedURLError, match=re.escape(reason)):
        fetcher.fetch(f"http://{_url_host(address)}/")
    with pytest.raises(RefusedURLError, match=f"inside.example resolves to .*{re.escape(reason)}"):
        fetcher.fetch("http://inside.example/")
    with pytest.raises(
        RefusedURLError, match=f"{re.escape(reason)}.*redirected to http://inside.example/admin"
    ):
        fetcher.fetch("http://news.example/")
    assert all("inside" not in url and address not in url for url in reached)


@pytest.mark.parametrize("host", ["2130706433", "0177.0.0.1", "0x7f.1", "127.1"])
def test_decimal_octal_and_short_forms_of_loopback_are_refused(host):
    with pytest.raises(RefusedURLError, match=r"a loopback address|not a valid URL"):
        _fetcher(_page).fetch(f"http://{host}/")


def test_a_name_with_one_private_address_among_public_ones_is_refused():
    fetcher = _fetcher(_page, {"mixed.example": [PUBLIC, "10.0.0.5"]})
    with pytest.raises(RefusedURLError, match=r"10\.0\.0\.5, which is a private address"):
        fetcher.fetch("http://mixed.example/")


def test_a_named_private_host_is_allowed_only_by_an_explicit_setting():
    names = {"archive.internal": ["10.0.0.7"]}
    with pytest.raises(RefusedURLError):
        _fetcher(_page, names).fetch("http://archive.internal/story")
    fetched = _fetcher(_page, names, allow_private_hosts="archive.internal").fetch(
        "http://archive.internal/story"
    )
    assert fetched.body == PAGE


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://news.example/a", "gopher://news.example/", "news.example"]
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(RefusedURLError, match=r"only http and https|not a valid URL|names no host"):
        _fetcher(_page).fetch(url)


def test_size_limits_cap_declared_streamed_and_decompressed_bodies():
    small = {"max_bytes": 1000}
    declared = _fetcher(
        lambda r: httpx.Response(
            200, headers={"content-type": "text/html", "content-length": "5000"}, content=b"x" * 5000
        ),
        **small,
    )
    with pytest.raises(FetchError, match="larger than 1,000 bytes"):
        declared.fetch("http://news.example/")
    bomb = gzip.compress(b"<p>" + b"a" * 200_000)  # 200 KB that travel as a few hundred bytes
    assert len(bomb) < 1000

    def handler(request):
        return httpx.Response(
            200, headers={"content-type": "text/html", "content-encoding": "gzip"}, content=bomb
        )

    with pytest.raises(FetchError, match="larger than 1,000 bytes"):
        _fetcher(handler, **small).fetch("http://news.example/")


def test_a_wrong_content_type_an_error_status_and_a_timeout_are_named():
    image = _fetcher(lambda r: httpx.Response(200, headers={"content-type": "image/png"}, content=b"\x89PNG"))
    with pytest.raises(
        FetchError, match=r"http://news.example/a.png: not a page newsfuse reads \(content type image/png\)"
    ):
        image.fetch("http://news.example/a.png")
    with pytest.raises(FetchError, match="answered HTTP 404"):
        _fetcher(lambda r: httpx.Response(404)).fetch("http://news.example/gone")

    def slow(request):
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match="no answer within 2 s"):
        _fetcher(slow, timeout_seconds=2.0).fetch("http://news.example/")


def test_redirects_are_followed_to_a_limit_and_a_feed_type_is_accepted_when_asked_for():
    def loop(request):
        return httpx.Response(302, headers={"location": "/again"})

    with pytest.raises(FetchError, match="more than 3 redirects"):
        _fetcher(loop, max_redirects=3).fetch("http://news.example/")

    def moved(request):
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "https://news.example/feed.xml"})
        return httpx.Response(200, headers={"content-type": "application/rss+xml"}, content=b"<rss/>")

    fetched = _fetcher(moved).fetch("http://news.example/old", accept=FEED_TYPES)
    assert (fetched.final_url, fetched.body) == ("https://news.example/feed.xml", b"<rss/>")


def test_a_not_modified_answer_comes_back_empty():
    def handler(request):
        assert request.headers["if-none-match"] == '"v1"'
        return httpx.Response(304, headers={"etag": '"v1"'})

    fetched = _fetcher(handler).fetch(
        "http://news.example/feed", accept=FEED_TYPES, headers={"If-None-Match": '"v1"'}
    )
    assert (fetched.status, fetched.body, fetched.headers["etag"]) == (304, b"", '"v1"')


@pytest.fixture
def local_server():
    """A real HTTP server on 127.0.0.1: a page, a redirect to it, a slow answer."""
    from newsfuse.evaluate.newsroom import Newsroom

    with Newsroom() as site:
        site.page("/story", PAGE.decode())
        site.redirect("/moved", "/story")
        site.page("/slow", PAGE.decode(), delay_seconds=3)
        yield site.url("").rstrip("/")


def test_a_real_local_server_is_refused_unless_the_setting_allows_loopback(local_server):
    with pytest.raises(RefusedURLError, match="a loopback address"):
        Fetcher(FetchSettings()).fetch(f"{local_server}/story")
    allowed = Fetcher(FetchSettings(allow_private_hosts="127.0.0.1", timeout_seconds=1.0))
    fetched = allowed.fetch(f"{local_server}/moved")
    assert (fetched.body, fetched.final_url) == (PAGE, f"{local_server}/story")
    with pytest.raises(FetchError, match="no answer within 1 s"):
        allowed.fetch(f"{local_server}/slow")
    allowed.close()


def test_urls_are_read_where_paths_are_and_a_refused_one_is_named_while_the_rest_is_read(
    local_server, tmp_path
):
    import newsfuse

    story = tmp_path / "story.txt"
    story.write_text("Crews put out the fire at Pier 9 of Port Velmora on Tuesday, officials said.\n")
    allowed = newsfuse.load_settings(
        {"fetch": {"allow_private_hosts": "127.0.0.1"}}, environ={}, user_file=False
    )
    prepared = newsfuse.read([f"{local_server}/story", str(story)], allowed)
    page = next(a for a in prepared.articles if a.origin == f"{local_server}/story")
    assert page.title == "Harbor reopens"
    assert page.url == f"{local_server}/story"
    assert page.fetched is not None
    assert page.fetched.tzinfo is not None
    assert "reopened on Tuesday" in page.text
    refused = newsfuse.read(["http://127.0.0.1:9/", str(story)])
    assert [p.kind for p in refused.problems] == ["refused-url"]
    assert str(refused.problems[0]) == "http://127.0.0.1:9/: 127.0.0.1 is a loopback address; not fetched"
    assert len(refused.articles) == 1


def test_the_command_line_names_a_refused_url_and_summarizes_the_rest(tmp_path, capsys):
    from newsfuse.cli import main

    story = tmp_path / "story.txt"
    story.write_text("Crews put out the fire at Pier 9 of Port Velmora on Tuesday, officials said.\n")
    assert main(["summarize", "http://169.254.169.254/latest/meta-data/", str(story), "--no-analysis"]) == 1
    captured = capsys.readouterr()
    assert (
        "http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a cloud metadata address"
        in captured.err
    )
    assert "Pier 9" in captured.out


def test_robots_txt_is_obeyed_unless_turned_off_and_one_host_is_paced():
    from newsfuse.ingest.fetch.polite import PoliteFetcher

    asked = []

    def handler(request):
        asked.append(request.url.path)
        if request.url.path == "/robots.txt":
            rules = b"User-agent: *\nDisallow: /private/\n"
            return httpx.Response(200, headers={"content-type": "text/plain"}, content=rules)
        return _page(request)

    now, slept = [100.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    polite = PoliteFetcher(_fetcher(handler), delay_seconds=2.0, clock=lambda: now[0], sleep=sleep)
    polite.fetch("http://news.example/story")
    with pytest.raises(RefusedURLError, match=r"robots\.txt disallows it"):
        polite.fetch("http://news.example/private/memo")
    polite.fetch("http://news.example/other")
    assert asked == ["/robots.txt", "/story", "/other"]  # robots.txt read once
    assert slept == [2.0, 2.0]  # robots.txt, then two pages, two seconds apart
    now[0] += 24 * 3600 + 1
    polite.fetch("http://news.example/story")
    assert asked[3:] == ["/robots.txt", "/story"]  # read again after a day
    rude = PoliteFetcher(_fetcher(handler), delay_seconds=0.0, respect_robots=False)
    assert rude.fetch("http://news.example/private/memo").body == PAGE


def test_a_host_without_robots_txt_allows_everything():
    from newsfuse.ingest.fetch.polite import PoliteFetcher

    def handler(request):
        return httpx.Response(404) if request.url.path == "/robots.txt" else _page(request)

    assert PoliteFetcher(_fetcher(handler), delay_seconds=0.0).fetch("http://news.example/a").body == PAGE
