"""Feeds, feed lists and the one form of a page's URL."""

from datetime import UTC, datetime

import pytest

from newsfuse.ingest.fetch.feeds import normalise_url, opml_feeds, read_feed


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Example:443/a?id=7#top", "https://news.example/a?id=7"),
        ("http://news.example:80", "http://news.example/"),
        ("http://news.example:8080/a", "http://news.example:8080/a"),
        (
            "https://news.example/a?utm_source=rss&id=7&utm_medium=feed&fbclid=x&page=2",
            "https://news.example/a?id=7&page=2",
        ),
        ("https://[2606:4700::1111]:443/a", "https://[2606:4700::1111]/a"),
    ],
)
def test_one_page_has_one_url(url, expected):
    assert normalise_url(url) == expected


RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Velmora Courier</title><link>https://courier.example/</link>
<item><title>Fire at Pier 9</title><link>https://courier.example/fire?utm_source=rss</link>
<description>A warehouse burned.</description><pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate>
<guid>courier-1</guid></item>
<item><title>No link here</title></item>
<item><title>Relative</title><link>/harbor</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harborline</title>
<entry><title>Port reopens</title><link rel="alternate" href="https://harborline.example/reopens"/>
<id>tag:harborline.example,2026:2</id><updated>2026-11-04T09:30:00Z</updated>
<summary>Ships dock again.</summary></entry></feed>"""


def test_rss_and_atom_items_keep_their_links_titles_summaries_and_times():
    feed = read_feed(RSS, "https://courier.example/rss.xml")
    assert (feed.title, feed.problem) == ("Velmora Courier", None)
    items = feed.items
    assert [i.url for i in items] == ["https://courier.example/fire", "https://courier.example/harbor"]
    first = items[0]
    assert (first.title, first.summary) == ("Fire at Pier 9", "A warehouse burned.")
    assert first.guid.endswith("courier-1")
    assert first.published == datetime(2026, 11, 3, 8, tzinfo=UTC)
    feed = read_feed(ATOM, "https://harborline.example/atom.xml")
    assert feed.problem is None
    (entry,) = feed.items
    assert (entry.url, entry.title, entry.published) == (
        "https://harborline.example/reopens",
        "Port reopens",
        datetime(2026, 11, 4, 9, 30, tzinfo=UTC),
    )


def test_a_page_that_is_no_feed_says_so():
    feed = read_feed(b"<html><body><p>Not a feed.</p></body></html>", "https://x.example/")
    assert feed.items == ()
    assert feed.problem is not None
    assert "feed" in feed.problem


def test_a_summary_loses_its_markup():
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>C</title><item><title>Fire &amp; smoke'
        b"</title><link>https://c.example/a</link><description>&lt;p&gt;A &lt;b&gt;warehouse&lt;/b&gt;"
        b"\n burned.&lt;/p&gt;&lt;img src='x.png'/&gt;</description></item></channel></rss>"
    )
    (item,) = read_feed(rss, "https://c.example/rss").items
    assert (item.title, item.summary) == ("Fire & smoke", "A warehouse burned.")


def test_an_opml_list_gives_its_feeds_once_and_refuses_entity_bombs():
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>My news</title></head><body>
    <outline text="Coast"><outline type="rss" text="Courier" xmlUrl="https://courier.example/rss.xml"/>
    <outline type="rss" text="Harborline" xmlUrl="https://harborline.example/atom.xml"/></outline>
    <outline type="rss" text="Courier again" xmlUrl="https://courier.example/rss.xml"/></body></opml>"""
    assert opml_feeds(opml) == ["https://courier.example/rss.xml", "https://harborline.example/atom.xml"]
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<opml><body><outline xmlUrl="&b;"/></body></opml>'
    )
    with pytest.raises(ValueError, match="not an OPML document"):
        opml_feeds(bomb)
    with pytest.raises(ValueError, match="its root is <rss>"):
        opml_feeds(RSS)


def test_rss_0_91_and_rss_1_0_are_read_too():
    rss091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old Courier</title>
    <link>https://old.example/</link><description>d</description><language>en</language>
    <item><title>Ferry resumes</title><link>https://old.example/ferry</link>
    <description>The ferry runs again.</description></item></channel></rss>"""
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel rdf:about="https://rdf.example/"><title>RDF Times</title><link>https://rdf.example/</link>
    <description>d</description></channel>
    <item rdf:about="https://rdf.example/quay"><title>Quay repaired</title><link>https://rdf.example/quay</link>
    <description>Work ends early.</description><dc:date>2026-11-05T10:00:00Z</dc:date></item></rdf:RDF>"""
    old = read_feed(rss091, "https://old.example/rss")
    assert (old.title, [(i.url, i.title, i.summary) for i in old.items]) == (
        "Old Courier",
        [("https://old.example/ferry", "Ferry resumes", "The ferry runs again.")],
    )
    (item,) = read_feed(rdf, "https://rdf.example/rss").items
    assert (item.url, item.title, item.published) == (
        "https://rdf.example/quay",
        "Quay repaired",
        datetime(2026, 11, 5, 10, tzinfo=UTC),
    )
