"""Hostile-input fuzzing (make fuzz): every bad input a clear error, bounded memory,
output that cannot be forged.

Two parts:

* generated inputs (at least 10,000, fixed seed): random bytes, JSON/JSONL records with
  odd field types and values, HTML with odd markup and character references, text and
  Markdown with terminal escapes and pathological markup, each in several encodings and
  gzip wrappings. Each input goes through ``read_source`` with its own format, every other
  registered format and sniffing, through ``read_articles`` from a file, ``prepare``,
  ``summarize_prepared``, ``analyze_summary`` and every summary renderer, in a worker
  process with a 10 s limit.
* special inputs through the real command line (``python -m newsfuse summarize``) with a
  60 s limit and their peak memory (``/usr/bin/time -f %M``): /dev/zero, /dev/urandom, a
  FIFO, 70 MB of zeros on standard input, an empty path, a symlink loop, a dangling
  symlink, an unreadable file, a 62 MiB gzip bomb and 20 MB of "Mr. A. B. C.".

A *crash* is an exception that is not a ``NewsfuseError`` (or an exit status outside
0, 1, 2); a *violation* is a broken promise (a citation span that does not index the
cleaned text, a problem that is not a ``Problem`` record, rendered output that cannot be
written as UTF-8 or carries control characters); a *hang* is a case over its time limit.
Exits non-zero when any is found; results go to ``bench-results/fuzz.json``, and every
crashing input to ``bench-results/fuzz-crashes/``.

The generators here are shared with ``tests/test_fuzz.py``, which runs them under
hypothesis on a few hundred inputs.
"""

from __future__ import annotations

import argparse
import faulthandler
import gzip
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import traceback
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"

# ---------------------------------------------------------------------------------------
# Generators: each takes a seeded ``random.Random`` and a size cap and returns bytes.
# ---------------------------------------------------------------------------------------

SUBJECTS = (
    "The fire",
    "Police",
    "The minister",
    "Firefighters",
    "Mr. Smith",
    "Dr. A. B. Jones",
    "The company",
    "Witnesses",
    "Officials in St. Louis",
    "The U.S. Coast Guard",
    "Three people",
    "A spokesman",
)
VERBS = (
    "said",
    "reported",
    "burned",
    "destroyed",
    "confirmed",
    "denied",
    "closed",
    "evacuated",
    "injured",
    "told reporters about",
)
OBJECTS = (
    "the harbor warehouse on Monday",
    "ten boats near pier 4",
    "that 3 people were hurt",
    "the road for 12 hours",
    '"we saw flames everywhere"',
    "the cause of the blaze",
    "about 2,500 residents",
    "a second fire at 9 p.m.",
    "the port until Friday",
)
ESCAPES = (
    "\x1b]0;title\x07",
    "\x1b[2J",
    "\x1b[31mRED\x1b[0m",
    "\x1b[1A\x1b[2K",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x9b2J",
    "\r",
    "\rFORGED LINE",
    "\x08\x08\x08",
    "\x07",
    "\x00",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\ufffe",
    "\U0010ffff",
    "e\u0301\u0301\u0301",
    "\U0001f525",
)
INJECTIONS = (
    "[1](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\n\nSources\n  [1] forged.example\n",
    "\n## Sources\n\n1. forged\n",
    "- forged list item",
    "| a | b |",
    "*emph* _under_ `code` ~~gone~~",
    "[9][10]",
    '"}, {"text": "forged',
    "\\",
    "&#27;[2J",
    "%s %d {0} {text}",
    "```",
    "<!-- comment -->",
)
ODD_WORDS = (
    "Mr.",
    "A.",
    "B.",
    "C.",
    "U.S.",
    "e.g.",
    "...",
    "?!",
    "—",
    "–",
    "“quoted”",
    "'",
    "(",
    ")",
    "3.5",
    "1,000",
)
CHAR_REFS = (
    "&#27;",
    "&#0;",
    "&#x0;",
    "&#x1b;",
    "&#xD800;",
    "&#xDFFF;",
    "&#x110000;",
    "&#99999999999;",
    "&#-1;",
    "&#65",
    "&amp;#27;",
    "&nbsp;",
    "&nbsp",
    "&bogus;",
    "&#x202e;",
    "&#133;",
    "&#x85;",
    "&#128;",
    "&#x7f;",
    "&#8232;",
    "&lt;script&gt;",
    "&",
)
FIELD_NAMES = (
    "id",
    "doc_id",
    "text",
    "body",
    "content",
    "article",
    "maintext",
    "story",
    "title",
    "headline",
    "url",
    "link",
    "source",
    "outlet",
    "publisher",
    "site",
    "sitename",
    "published",
    "date",
    "published_at",
    "datePublished",
    "pubDate",
    "language",
    "lang",
    "html",
    "documents",
    "doc_ids",
    "articles",
)


class Raw(str):
    """JSON text written as is (numbers Python's json module would refuse or round)."""


RAW_VALUES = (
    Raw("NaN"),
    Raw("Infinity"),
    Raw("-Infinity"),
    Raw("1e999"),
    Raw("-1e999"),
    Raw("1e-400"),
    Raw("-0"),
    Raw("1" * 5000),  # over Python's 4300-digit int limit
    Raw("-" + "9" * 4400),
    Raw("12345678901234567890123456789"),
    Raw("253402300800"),  # just past year 9999
    Raw("-62135596801"),  # just before year 1
    Raw("1.5e308"),
    Raw('"\\ud800"'),
    Raw('"\\udfff\\ud800"'),
    Raw('"a\\u0000b"'),
    Raw('"\\u001b]0;title\\u0007"'),
)
DATES = (
    "2024-02-30",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "Mon, 32 Jan 2024 25:61:00 +9999",
    "yesterday",
    "2024-13-01",
    "2024-01-01T00:00:00Z",
    "March 3, 2024",
    "",
    " ",
    "0",
    "1e999",
)
URLS = (
    "http://[oops",
    "http://[::1",
    "https://www.example.com/a?b=c#d",
    "javascript:alert(1)",
    "//",
    "http://",
    ":",
)


def news_sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."


def news_text(rng: random.Random, sentences: int) -> str:
    paragraphs = []
    for _ in range(max(1, sentences // 3)):
        paragraphs.append(" ".join(news_sentence(rng) for _ in range(rng.randint(1, 4))))
    return "\n\n".join(paragraphs)


def long_string(rng: random.Random, limit: int) -> str:
    """A very long string: one repeated word, a long run without spaces, or many sentences."""
    size = rng.randint(limit // 4, limit)
    kind = rng.randrange(4)
    if kind == 0:
        return ("word " * (size // 5 + 1))[:size]
    if kind == 1:
        return "x" * size
    if kind == 2:
        return ("Mr. A. B. C. " * (size // 13 + 1))[:size]
    return " ".join(news_sentence(rng) for _ in range(size // 40 + 1))[:size]


def odd_text(rng: random.Random, limit: int) -> str:
    """News-like text with terminal escapes, control characters, markup injections and
    odd punctuation mixed in; now and then one very long string."""
    if rng.random() < 0.05:
        return long_string(rng, limit)
    pieces: list[str] = []
    for _ in range(rng.randint(1, 12)):
        roll = rng.random()
        if roll < 0.55:
            pieces.append(news_sentence(rng))
        elif roll < 0.7:
            pieces.append(rng.choice(ESCAPES))
        elif roll < 0.8:
            pieces.append(rng.choice(INJECTIONS))
        elif roll < 0.9:
            pieces.append(rng.choice(ODD_WORDS))
        elif roll < 0.95:
            pieces.append(rng.choice(("\n", "\n\n", "\r\n", "\t", "   ")))
        else:
            pieces.append("".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randint(1, 30))))
    glue = rng.choice((" ", "", "\n"))
    return glue.join(pieces)[:limit]


def odd_value(rng: random.Random, limit: int, depth: int = 0) -> Any:
    """A JSON value of an odd type: nulls, huge numbers, nested lists, objects, odd strings."""
    roll = rng.randrange(12)
    if roll == 0:
        return None
    if roll == 1:
        return rng.choice((True, False))
    if roll == 2:
        return rng.choice((0, -1, 2**63, -(2**64), 10**30, rng.randint(-(10**9), 10**9)))
    if roll == 3:
        return rng.choice((0.5, -0.0, 1e308, 5e-324, 1.7e9))
    if roll == 4:
        return rng.choice(RAW_VALUES)
    if roll == 5 and depth < 4:
        return [odd_value(rng, limit, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll == 6 and depth < 4:
        return {rng.choice(FIELD_NAMES): odd_value(rng, limit, depth + 1) for _ in range(rng.randint(0, 4))}
    if roll == 7:
        return rng.choice(DATES)
    if roll == 8:
        return rng.choice(URLS)
    if roll == 9:
        return chr(rng.choice((0xD800, 0xDBFF, 0xDC00, 0xDFFF))) + news_sentence(rng)  # lone surrogate
    return odd_text(rng, limit)


def dump_json(value: Any, rng: random.Random) -> str:
    """JSON text for ``value``, with ``Raw`` pieces as they are and strings escaped either
    way (ASCII escapes, or raw characters, lone surrogates included)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dict):
        items = (f"{dump_json(str(k), rng)}: {dump_json(v, rng)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dump_json(v, rng) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=rng.random() < 0.5)
    if isinstance(value, float) and not math.isfinite(value):
        return "1e999"
    return json.dumps(value)


def json_record(rng: random.Random, limit: int) -> dict[str, Any]:
    """An article record: mostly plausible, with odd field types and values mixed in."""
    record: dict[str, Any] = {}
    if rng.random() < 0.85:
        record[rng.choice(("text", "body", "content", "story", "maintext", "article"))] = (
            news_text(rng, rng.randint(1, 8)) if rng.random() < 0.7 else odd_text(rng, limit)
        )
    for _ in range(rng.randint(0, 6)):
        name = rng.choice(FIELD_NAMES)
        if name == "url" and rng.random() < 0.5:
            record[name] = "http://[oops"
        elif name == "html" and rng.random() < 0.5:
            record[name] = html_page(rng, limit)
        elif name == "documents" and rng.random() < 0.5:
            record[name] = [
                news_text(rng, 3) if rng.random() < 0.7 else odd_value(rng, limit, 2) for _ in range(3)
            ]
        else:
            record[name] = odd_value(rng, limit)
    return record


def gen_json(rng: random.Random, limit: int) -> str:
    roll = rng.randrange(8)
    if roll == 0:
        return dump_json([json_record(rng, limit) for _ in range(rng.randint(0, 5))], rng)
    if roll == 1:
        return dump_json({"articles": [json_record(rng, limit) for _ in range(rng.randint(0, 5))]}, rng)
    if roll == 2:
        documents = [news_text(rng, 4) if rng.random() < 0.8 else odd_value(rng, limit) for _ in range(4)]
        cluster: dict[str, Any] = {"id": odd_value(rng, limit), "documents": documents}
        if rng.random() < 0.7:
            cluster["doc_ids"] = [odd_value(rng, 40) for _ in range(rng.randint(0, 5))]
        return dump_json(cluster, rng)
    if roll == 3:  # deeply nested: the parser must refuse, not overflow the stack
        depth = rng.choice((50, 1000, limit)) if rng.random() > 0.01 else 5 * limit
        opener = rng.choice(("[", '{"text": '))
        closer = "]" if opener == "[" else "}"
        return opener * depth + "1" + closer * depth * rng.randint(0, 1)
    if roll == 4:  # broken JSON
        text = dump_json(json_record(rng, limit), rng)
        cut = rng.randint(0, len(text))
        return text[:cut] + rng.choice(("", "}", "]]", "\x00", ",", "\ud800"))
    if roll == 5:  # duplicate keys, raw oddities as whole document
        return '{"text": "a", "text": ' + dump_json(odd_value(rng, limit), rng) + "}"
    if roll == 6:
        return dump_json(odd_value(rng, limit), rng)
    return dump_json(json_record(rng, limit), rng)


def gen_jsonl(rng: random.Random, limit: int) -> str:
    lines = []
    for _ in range(rng.randint(1, 8)):
        roll = rng.random()
        if roll < 0.7:
            lines.append(dump_json(json_record(rng, limit), rng))
        elif roll < 0.8:
            lines.append(rng.choice(("", "   ", "{oops", "[]", "null", "{}", '"text"', "\x1b[2J")))
        else:
            lines.append(gen_json(rng, limit).replace("\n", " "))
    return rng.choice(("\n", "\r\n", "\n\n")).join(lines) + rng.choice(("", "\n"))


def html_page(rng: random.Random, limit: int) -> str:
    def paragraph() -> str:
        words = []
        for _ in range(rng.randint(3, 12)):
            roll = rng.random()
            if roll < 0.6:
                words.append(news_sentence(rng))
            elif roll < 0.8:
                words.append(rng.choice(CHAR_REFS))
            elif roll < 0.9:
                words.append(rng.choice(ESCAPES))
            else:
                words.append(rng.choice(INJECTIONS))
        return " ".join(words)

    head = []
    if rng.random() < 0.5:
        head.append(f'<meta charset="{rng.choice(("utf-8", "latin-1", "utf-7", "x-bogus", "utf-16", ""))}">')
    if rng.random() < 0.5:
        head.append(f"<title>{paragraph()[:200]}</title>")
    if rng.random() < 0.3:
        head.append(f'<meta property="article:published_time" content="{rng.choice(DATES)}">')
    body = []
    for _ in range(rng.randint(0, 8)):
        roll = rng.random()
        if roll < 0.6:
            body.append(f"<p>{paragraph()}</p>")
        elif roll < 0.7:
            body.append("<div>" * rng.choice((10, 500, limit // 5)) + paragraph())
        elif roll < 0.75:
            body.append(f"<script>{paragraph()}</script><style>p{{}}</style>")
        elif roll < 0.8:
            body.append(f"<!-- {paragraph()} --><![CDATA[{paragraph()}]]><?php echo 1 ?>")
        elif roll < 0.85:
            body.append(f"<p class=a id=b data-x='{rng.choice(INJECTIONS)}'>{paragraph()}")
        elif roll < 0.9:
            body.append(
                f"<table><tr><td>{paragraph()}</td></tr></table><svg><text>{paragraph()}</text></svg>"
            )
        elif roll < 0.95:
            body.append(rng.choice(("</p></p></div>", "<p", "<<<>>>", "<br/><br>", "<a href='x", "</html>")))
        else:
            body.append(odd_text(rng, limit))
    lang = rng.choice(("en", "de", "", "x" * 40, '"><script>'))
    doctype = rng.choice(("<!DOCTYPE html>", "", '<?xml version="1.0"?>'))
    page = (
        f'{doctype}<html lang="{lang}">'
        f"<head>{''.join(head)}</head><body><article>{''.join(body)}</article></body></html>"
    )
    return page[: max(limit, 200)]


def gen_markdown(rng: random.Random, limit: int) -> str:
    lines = [f"# {odd_text(rng, 200)}" if rng.random() < 0.8 else "Title\n====="]
    for _ in range(rng.randint(1, 10)):
        roll = rng.random()
        if roll < 0.5:
            lines.append(news_text(rng, rng.randint(1, 5)))
        elif roll < 0.6:
            lines.append(odd_text(rng, limit))
        else:
            n = rng.choice((5, 50, limit // 10)) if rng.random() > 0.005 else 5 * limit
            lines.append(
                rng.choice(
                    (
                        "[" * n + "a",
                        "*a" * n,
                        "_a " * n,
                        "[a](" * n,
                        "![x](" * n + ")",
                        "[a][" * n,
                        "`" * n,
                        "> " * n + "quote",
                        "- " * n + "item",
                        "<b" * n,
                        "(" * n,
                        "---",
                        "[ref]: http://[oops",
                        "## ",
                        "#" * 7 + " not a heading",
                    )
                )
            )
    return "\n".join(lines)[: max(limit, 200)]


def gen_text(rng: random.Random, limit: int) -> str:
    parts = []
    if rng.random() < 0.5:
        parts.append(odd_text(rng, 120).split("\n")[0] or "Headline")
    for _ in range(rng.randint(1, 10)):
        roll = rng.random()
        if roll < 0.5:
            parts.append(news_text(rng, rng.randint(1, 6)))
        elif roll < 0.8:
            parts.append(odd_text(rng, limit))
        else:
            parts.append(
                rng.choice(
                    (
                        "Leave a Reply",
                        "Your email address will not be published. Required fields are marked *",
                        "Related Posts",
                        "Share this:",
                        "Photo: Reuters",
                        "Copyright 2024 \x1b[2J",
                        "Advertisement",
                        "By Staff Writer",
                    )
                )
            )
    return rng.choice(("\n\n", "\n", "\r\n\r\n", "\r")).join(parts)[:limit]


# Encodings and wrappers: text -> bytes.


def encode(text: str, rng: random.Random) -> bytes:
    roll = rng.randrange(12)
    if roll == 0:
        return text.encode("utf-16", "surrogatepass")  # with a BOM
    if roll == 1:
        return text.encode(rng.choice(("utf-16-le", "utf-16-be")), "surrogatepass")  # no BOM
    if roll == 2:
        return text.encode("utf-8-sig", "surrogatepass")
    if roll == 3:
        return text.encode("utf-32", "surrogatepass")
    if roll == 4:
        return text.encode("cp1252", "replace")
    if roll == 5:
        return text.encode("latin-1", "replace")
    if roll == 6:  # invalid UTF-8 in the middle
        data = text.encode("utf-8", "surrogatepass")
        cut = rng.randint(0, len(data))
        return data[:cut] + rng.choice((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80")) + data[cut:]
    if roll == 7:  # odd-length UTF-16
        return text.encode("utf-16-le", "surrogatepass")[:-1] or b"\x00"
    return text.encode("utf-8", "surrogatepass")  # lone surrogates as CESU-style bytes


def wrap(data: bytes, rng: random.Random) -> bytes:
    roll = rng.randrange(14)
    if roll == 0:
        return gzip.compress(data, mtime=0)
    if roll == 1:  # truncated gzip
        packed = gzip.compress(data, mtime=0)
        return packed[: rng.randint(2, max(2, len(packed) - 1))]
    if roll == 2:  # multi-member gzip
        half = len(data) // 2
        return gzip.compress(data[:half], mtime=0) + gzip.compress(data[half:], mtime=0)
    if roll == 3:  # gzip inside gzip
        return gzip.compress(gzip.compress(data, mtime=0), mtime=0)
    if roll == 4:  # trailing garbage after a valid member
        return gzip.compress(data, mtime=0) + rng.choice((b"\x00\x00", b"garbage", b"\x1f\x8b"))
    if roll == 5:  # gzip with a corrupted byte
        damaged = bytearray(gzip.compress(data, mtime=0))
        if len(damaged) > 12:
            damaged[rng.randrange(10, len(damaged))] ^= 0xFF
        return bytes(damaged)
    if roll == 6:  # a raw deflate stream, not gzip
        return zlib.compress(data)
    return data


def gen_bytes(rng: random.Random, limit: int) -> bytes:
    prefix = rng.choice(
        (
            b"",
            b"\x1f\x8b",
            b"\x89PNG\r\n\x1a\n",
            b"%PDF-1.7\n",
            b"PK\x03\x04",
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"\xfe\xff",
            b"\xff\xfe\x00\x00",
            b"{",
            b"[",
            b"<html>",
            b"# ",
            b"\x00",
        )
    )
    size = rng.choice((0, 1, 2, 3, 4, 16, 100, 1000, rng.randint(0, min(limit, 100_000))))
    roll = rng.randrange(3)
    if roll == 0:
        body = rng.randbytes(size)
    elif roll == 1:  # mostly text with a few bad bytes
        body = bytes(
            rng.choice(b"abc .\n\t\x1b\x00\x80\xff") if rng.random() < 0.1 else 97 for _ in range(size)
        )
    else:
        body = bytes([rng.randrange(256)]) * size
    return prefix + body


@dataclass(frozen=True, slots=True)
class Sample:
    generator: str
    seed: int
    fmt: str | None
    """The reader the input is meant for (None: sniff)."""
    suffix: str
    """The file name suffix the input is saved under (``.txt.gz`` ...)."""
    data: bytes


def _text_sample(make: Callable[[random.Random, int], str]) -> Callable[[random.Random, int], bytes]:
    def generate(rng: random.Random, limit: int) -> bytes:
        return wrap(encode(make(rng, limit), rng), rng)

    return generate


GENERATORS: dict[str, tuple[str | None, str, Callable[[random.Random, int], bytes]]] = {
    "bytes": (None, ".txt", gen_bytes),
    "text": ("text", ".txt", _text_sample(gen_text)),
    "markdown": ("markdown", ".md", _text_sample(gen_markdown)),
    "html": ("html", ".html", _text_sample(html_page)),
    "json": ("json", ".json", _text_sample(gen_json)),
    "jsonl": ("jsonl", ".jsonl", _text_sample(gen_jsonl)),
}
"""name -> (reader, file suffix, generator)."""


def make_sample(generator: str, seed: int, limit: int = 20_000) -> Sample:
    fmt, suffix, generate = GENERATORS[generator]
    rng = random.Random(f"{generator}:{seed}")
    data = generate(rng, limit)
    if data.startswith(b"\x1f\x8b"):
        suffix += ".gz"
    return Sample(generator, seed, fmt, suffix, data)


# ---------------------------------------------------------------------------------------
# Checks: what every input must satisfy. A non-newsfuse exception escapes; a broken
# promise raises AssertionError.
# ---------------------------------------------------------------------------------------

ANCHOR_TEXT = (
    "A fire burned the harbor warehouse on Monday. Police said that 3 people were hurt. "
    "Firefighters closed the road for 12 hours."
)
_FORBIDDEN_OUTPUT = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} - {"\n"}


def check_items(items: Sequence[object]) -> list[Any]:
    """``read_source`` gives articles and input errors only; returns the articles."""
    from newsfuse.errors import InputError
    from newsfuse.model import Article

    articles = []
    for item in items:
        assert isinstance(item, Article | InputError), f"read_source gave {type(item).__name__}"
        if isinstance(item, Article):
            assert isinstance(item.text, str), f"article text is {type(item.text).__name__}"
            assert isinstance(item.id, str), f"article id is {type(item.id).__name__}"
            articles.append(item)
        else:
            assert str(item), "an input error with no message"
    return articles


def check_problems(problems: Sequence[object]) -> None:
    from newsfuse.model import Problem

    for problem in problems:
        assert isinstance(problem, Problem), f"a problem that is a {type(problem).__name__}"
        assert isinstance(problem.message, str)
        assert problem.message, "a problem with no message"


def check_summary(summary: Any) -> None:
    """Every citation span indexes its article's cleaned text exactly."""
    check_problems(summary.problems)
    texts = {article.id: article.text for article in summary.articles}
    for sentence in summary.sentences:
        origin = sentence.origin
        assert texts[origin.article_id][origin.start : origin.end] == origin.text, "origin span"
        assert sentence.citations, "a summary sentence with no citation"
        assert sentence.citations[0].article_id == origin.article_id, "the origin is not cited first"
        for citation in sentence.citations:
            text = texts[citation.article_id]
            assert 0 <= citation.start <= citation.end <= len(text), "citation span out of range"
            assert text[citation.start : citation.end] == citation.text, (
                f"citation span {citation.start}:{citation.end} of {citation.article_id!r} does not "
                f"index the cleaned text: {text[citation.start : citation.end]!r} != {citation.text!r}"
            )


def output_problems(summary: Any) -> list[str]:
    """What is wrong with the rendered summary: output that cannot be written as UTF-8,
    control characters (terminal escapes) in text, forged lines, JSON that does not parse."""
    from newsfuse.renderers import render

    found = []
    for fmt in ("text", "plain", "markdown", "json"):
        for explain in (False, True):
            rendered = render(summary, fmt, explain=explain)
            try:
                rendered.encode("utf-8")
            except UnicodeEncodeError as error:
                found.append(f"{fmt}: not writable as UTF-8 ({error.reason} at {error.start})")
                continue
            bad = sorted({c for c in rendered if c in _FORBIDDEN_OUTPUT})
            if bad and fmt != "json":
                found.append(f"{fmt}: control characters {''.join(bad)!r} in the output")
            if fmt == "json":
                try:
                    json.loads(rendered)
                except ValueError as error:
                    found.append(f"json: does not parse ({error})")
            if fmt == "plain" and not explain and len(rendered.split("\n")) != max(1, len(summary.sentences)):
                found.append("plain: not one line per sentence")
            if fmt == "text" and not explain and rendered.split("\n").count("Sources") != 1:
                found.append("text: the Sources heading is forged or missing")
    return found


def settings_for_fuzzing() -> Any:
    from newsfuse.settings import load_settings

    return load_settings(environ={}, user_file=False)


def exercise(
    sample: Sample,
    settings: Any,
    *,
    workdir: Path | None = None,
    formats: bool = True,
    outcome: list[str] | None = None,
) -> Any:
    """Run ``sample`` through every reader (its own, every registered one, sniffing), from a
    file through ``read_articles``, then ``prepare`` and ``summarize_prepared`` (with a clean
    anchor article, so odd text meets real evidence). Returns the summary; ``outcome`` gets
    how the input's own reader took it (``article`` or the kind of input error)."""
    from newsfuse.ingest import read_articles
    from newsfuse.ingest.sources import read_source
    from newsfuse.model import Article
    from newsfuse.pipeline import analyze_summary, prepare, summarize_prepared
    from newsfuse.registry import readers

    origin, article_id = f"fuzz{sample.suffix}", "fuzz"
    items = read_source(sample.data, origin=origin, article_id=article_id, fmt=sample.fmt)
    articles = check_items(items)
    if outcome is not None:
        outcome.append("article" if articles else str(getattr(items[0], "kind", "nothing")))
    if formats:
        for fmt in [None, *readers.names()]:
            if fmt != sample.fmt:
                check_items(read_source(sample.data, origin=origin, article_id=article_id, fmt=fmt))
    if workdir is not None:
        path = workdir / f"input{sample.suffix}"
        path.write_bytes(sample.data)
        ingested = read_articles([path])
        check_items(ingested.articles)
        check_problems(ingested.problems)
    anchor = Article(id="anchor", text=ANCHOR_TEXT, title="Harbor fire")
    prepared = prepare([*articles, anchor], settings)
    check_problems(prepared.problems)
    for cleaned in prepared.cleaned:
        assert isinstance(cleaned.article.text, str)
        for removal in cleaned.removals:
            assert cleaned.original.text[removal.start : removal.end] == removal.text, "removal span"
    summary = summarize_prepared(prepared, settings)
    check_summary(summary)
    summary = analyze_summary(summary)
    check_analysis(summary)
    return summary


def check_analysis(summary: Any) -> None:
    """Every entity mention, quotation, speaker and date of the summary's analysis indexes
    its article's cleaned text."""
    texts = {a.id: a.text for a in summary.articles}
    analysis = summary.analysis
    mentions = [m for e in analysis.entities for m in e.mentions]
    mentions += [m for q in analysis.quotes for v in q.variants for m in (v.mention, v.speaker) if m]
    mentions += [d.mention for d in analysis.dates]
    for mention in mentions:
        assert texts[mention.article_id][mention.start : mention.end] == mention.text, "analysis span"
    for found in analysis.dates:
        assert found.first is None or found.first <= found.last, "date range"


# ---------------------------------------------------------------------------------------
# The long run: generated inputs in worker processes with a time limit.
# ---------------------------------------------------------------------------------------

CASE_TIMEOUT = 10.0
CLI_TIMEOUT = 60.0
CLI_MEMORY_CAP = 8 << 30
"""Address-space cap for CLI cases, so /dev/zero cannot take the machine's memory."""


@dataclass
class Finding:
    kind: str
    """crash, violation, output or hang"""
    signature: str
    case: str
    size: int
    detail: str
    count: int = 1


def _worker(connection: Connection, trace_path: str, limit: int) -> None:
    from newsfuse.errors import NewsfuseError

    settings = settings_for_fuzzing()
    workdir = Path(tempfile.mkdtemp(prefix="newsfuse-fuzz-"))
    trace = open(trace_path, "w")  # noqa: SIM115 - kept open for faulthandler
    while True:
        job = connection.recv()
        if job is None:
            break
        generator, seed = job
        sample = make_sample(generator, seed, limit)
        faulthandler.dump_traceback_later(CASE_TIMEOUT - 1.0, file=trace)
        outcome: list[str] = []
        result: tuple[str, str, str] = ("ok", "", "")
        try:
            summary = exercise(sample, settings, workdir=workdir, outcome=outcome)
            found = output_problems(summary)
            if found:
                result = ("output", re.sub(r"(?<![-\w])[0-9]+", "N", found[0])[:80], "\n".join(found))
        except NewsfuseError as error:
            result = ("ok", type(error).__name__, "")
        except AssertionError as error:
            result = ("violation", str(error)[:120], traceback.format_exc())
        except BaseException as error:  # a crash is what we look for
            frames = traceback.extract_tb(error.__traceback__)
            ours = [f for f in frames if "newsfuse" in f.filename] or frames
            where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
            result = ("crash", f"{type(error).__name__} at {where}", traceback.format_exc())
        finally:
            faulthandler.cancel_dump_traceback_later()
        if result[0] == "ok":
            result = ("ok", outcome[0] if outcome else result[1], "")
        connection.send((result, len(sample.data)))
    shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class Pool:
    """Worker processes that each take one case at a time; a worker over the time limit is
    killed (a hang) and replaced."""

    size: int
    limit: int
    tracedir: Path
    workers: list[tuple[Any, Connection, str]] = field(default_factory=list)

    def start(self, index: int) -> tuple[Any, Connection, str]:
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        trace = str(self.tracedir / f"worker-{index}-{time.monotonic_ns()}.txt")
        process = context.Process(target=_worker, args=(child, trace, self.limit), daemon=True)
        process.start()
        child.close()
        return process, parent, trace

    def run(self, jobs: Iterator[tuple[str, int]], on_result: Callable[..., None]) -> None:
        self.workers = [self.start(i) for i in range(self.size)]
        busy: dict[int, tuple[tuple[str, int], float]] = {}
        pending = True
        while pending or busy:
            for index in range(self.size):
                if index not in busy and pending:
                    job = next(jobs, None)
                    if job is None:
                        pending = False
                        continue
                    self.workers[index][1].send(job)
                    busy[index] = (job, time.monotonic())
            for index, (job, started) in list(busy.items()):
                process, connection, trace = self.workers[index]
                if connection.poll(0.005):
                    try:
                        result, size = connection.recv()
                    except EOFError:  # the worker died (a segfault, the OOM killer)
                        code = process.exitcode
                        on_result(
                            job, ("crash", f"worker died (exit {code})", ""), 0, time.monotonic() - started
                        )
                        self.workers[index] = self.start(index)
                    else:
                        on_result(job, result, size, time.monotonic() - started)
                    del busy[index]
                elif time.monotonic() - started > CASE_TIMEOUT:
                    process.kill()
                    process.join()
                    where = Path(trace).read_text(errors="replace") if Path(trace).exists() else ""
                    on_result(
                        job, ("hang", "over the time limit", where[-3000:]), 0, time.monotonic() - started
                    )
                    self.workers[index] = self.start(index)
                    del busy[index]
        for process, connection, _ in self.workers:
            connection.send(None)
            process.join(5)


def run_generated(count: int, jobs: int, limit: int, crashdir: Path) -> dict[str, Any]:
    names = list(GENERATORS)
    findings: dict[tuple[str, str], Finding] = {}
    per_generator: dict[str, int] = dict.fromkeys(names, 0)
    slowest: list[tuple[float, str, int]] = []
    errors: dict[str, int] = {}
    """How each input's own reader took it: article, or the kind of input error."""
    started = time.monotonic()

    def on_result(job: tuple[str, int], result: tuple[str, str, str], size: int, seconds: float) -> None:
        kind, signature, detail = result
        case = f"{job[0]}:{job[1]}"
        per_generator[job[0]] += 1
        sample = make_sample(job[0], job[1], limit) if kind != "ok" else None
        size = len(sample.data) if sample is not None else size
        slowest.append((seconds, case, size))
        slowest.sort(reverse=True)
        del slowest[5:]
        if kind == "ok":
            errors[signature or "(none)"] = errors.get(signature or "(none)", 0) + 1
            return
        key = (kind, signature)
        if key in findings:
            findings[key].count += 1
            return
        findings[key] = Finding(kind, signature, case, size, detail)
        crashdir.mkdir(parents=True, exist_ok=True)
        assert sample is not None
        (crashdir / f"{kind}-{job[0]}-{job[1]}{sample.suffix}").write_bytes(sample.data)
        print(f"  {kind}: {signature} ({case}, {len(sample.data)} bytes)", file=sys.stderr)

    def all_jobs() -> Iterator[tuple[str, int]]:
        for seed in range(count):
            yield names[seed % len(names)], seed // len(names)
            if (seed + 1) % 1000 == 0:
                print(f"  {seed + 1} inputs, {time.monotonic() - started:.0f} s", file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="newsfuse-fuzz-traces-") as tracedir:
        Pool(jobs, limit, Path(tracedir)).run(all_jobs(), on_result)
    return {
        "inputs": sum(per_generator.values()),
        "per_generator": per_generator,
        "seconds": round(time.monotonic() - started, 1),
        "read_as": dict(sorted(errors.items(), key=lambda item: -item[1])),
        "slowest": [{"case": c, "seconds": round(s, 2), "bytes": b} for s, c, b in slowest],
        "findings": [vars(f) for f in findings.values()],
    }


# ---------------------------------------------------------------------------------------
# Special inputs through the real command line.
# ---------------------------------------------------------------------------------------


@dataclass
class CliCase:
    name: str
    argv: list[str]
    stdin: str | None = None
    """A file to feed to standard input."""
    skip: str | None = None


def special_cases(folder: Path) -> list[CliCase]:
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    unreadable = folder / "unreadable.txt"
    unreadable.write_text(ANCHOR_TEXT)
    unreadable.chmod(0)
    bomb = folder / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as stream:
        chunk = b"The fire. " * (1 << 16)
        for _ in range((62 << 20) // len(chunk)):
            stream.write(chunk)
    (folder / "mr.txt").write_bytes((b"Mr. A. B. C. " * (20_000_000 // 13 + 1))[:20_000_000])
    zeros = folder / "zeros-70M.bin"
    with open(zeros, "wb") as stream:
        stream.truncate(70 << 20)  # what `head -c 70M /dev/zero` gives
    root = os.geteuid() == 0
    return [
        CliCase("/dev/zero", ["/dev/zero"]),
        CliCase("/dev/urandom", ["/dev/urandom"]),
        CliCase("FIFO with no writer", [str(fifo)]),
        CliCase("stdin: 70M of zeros", ["-"], stdin=str(zeros)),
        CliCase('empty path ""', [""]),
        CliCase("symlink loop", [str(folder / "loop-a.txt")]),
        CliCase("dangling symlink", [str(folder / "dangling.txt")]),
        CliCase(
            "unreadable file",
            [str(unreadable)],
            skip="running as root, which reads any file" if root else None,
        ),
        CliCase("62 MiB gzip bomb", [str(bomb)]),
        CliCase("20 MB of 'Mr. A. B. C.'", [str(folder / "mr.txt")]),
    ]


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CLI_MEMORY_CAP, CLI_MEMORY_CAP))


def run_cli_case(case: CliCase, cwd: Path, env: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {"case": case.name, "argv": case.argv}
    if case.skip:
        return {**result, "skipped": case.skip}
    size = 0
    for argument in case.argv if case.stdin is None else [case.stdin]:
        path = Path(argument)
        if argument and path.is_file():
            size = path.stat().st_size
    result["input_bytes"] = size
    with tempfile.NamedTemporaryFile(prefix="newsfuse-time-") as memory:
        command = [
            "/usr/bin/time",
            "-f",
            "%M",
            "-o",
            memory.name,
            sys.executable,
            "-m",
            "newsfuse",
            "summarize",
            *case.argv,
        ]
        stdin = open(case.stdin, "rb") if case.stdin else subprocess.DEVNULL  # noqa: SIM115
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=_cap_memory,
            start_new_session=True,
        )
        try:
            out, err = process.communicate(timeout=CLI_TIMEOUT)
            result["exit"] = process.returncode
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            out, err = process.communicate()
            result["exit"] = None
            result["hang"] = True
        finally:
            if case.stdin:
                stdin.close()  # type: ignore[union-attr]
        result["seconds"] = round(time.monotonic() - started, 1)
        text = Path(memory.name).read_text().strip().splitlines()
        peak = next((line for line in reversed(text) if line.isdigit()), None)
        result["peak_kib"] = int(peak) if peak else None
    stderr = err.decode("utf-8", "replace")
    result["stdout_bytes"] = len(out)
    result["stderr"] = stderr[-600:]
    code = result["exit"]
    result["crash"] = bool(code is not None and code not in (0, 1, 2)) or "Traceback" in stderr
    result["printed_on_failure"] = bool(code == 2 and out)
    return result


def run_cli(only: Sequence[str] = ()) -> list[dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFUSE_")}
    results = []
    with tempfile.TemporaryDirectory(prefix="newsfuse-fuzz-cli-") as scratch:
        folder = Path(scratch)
        cwd = folder / "cwd"
        cwd.mkdir()
        (cwd / "story.txt").write_text(ANCHOR_TEXT)  # what an empty path must not pick up
        home = folder / "home"
        home.mkdir()
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), PYTHONPATH=str(ROOT / "src"))
        for case in special_cases(folder):
            if only and not any(word in case.name for word in only):
                continue
            print(f"  cli: {case.name}", file=sys.stderr)
            results.append(run_cli_case(case, cwd, env))
        for leftover in folder.iterdir():  # chmod 0 files must stay removable
            if leftover.is_file() and not leftover.is_symlink():
                leftover.chmod(stat.S_IRUSR | stat.S_IWUSR)
    return results


# ---------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------


def _size(count: int) -> str:
    if not count:
        return "-"
    return f"{count / (1 << 20):.0f} MiB" if count >= 1 << 20 else f"{count / 1024:.0f} KiB"


def _mib(kib: int | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.0f} MiB"


def report(generated: dict[str, Any] | None, cli: list[dict[str, Any]]) -> bool:
    """Print the tables; True when everything held."""
    ok = True
    if generated is not None:
        findings = generated["findings"]
        kinds = {kind: sum(f["count"] for f in findings if f["kind"] == kind) for kind in ("crash", "hang")}
        violations = sum(f["count"] for f in findings if f["kind"] == "violation")
        output = sum(f["count"] for f in findings if f["kind"] == "output")
        print(f"\nGenerated inputs: {generated['inputs']} in {generated['seconds']} s")
        taken = ", ".join(f"{kind} {count}" for kind, count in generated["read_as"].items())
        print(f"  read as: {taken}")
        print(f"  {'generator':10} {'inputs':>7}")
        for name, number in generated["per_generator"].items():
            print(f"  {name:10} {number:>7}")
        crashes, hangs = kinds["crash"], kinds["hang"]
        print(f"  crashes {crashes}, hangs (> {CASE_TIMEOUT:g} s) {hangs}, violations {violations}")
        print(f"  output warnings (rendered str not UTF-8 or with control characters): {output}")
        for finding in findings:
            print(
                f"  {finding['kind']:9} x{finding['count']:<5} {finding['signature']}  e.g. {finding['case']}"
            )
        print(
            "  slowest: "
            + ", ".join(f"{s['case']} {s['seconds']} s ({s['bytes']} B)" for s in generated["slowest"])
        )
        ok = not [f for f in findings if f["kind"] != "output"]
    if cli:
        print("\nSpecial inputs through the CLI (newsfuse summarize; 60 s limit)")
        print(f"  {'case':28} {'input':>10} {'exit':>5} {'time':>7} {'peak memory':>12}  verdict")
        for row in cli:
            if "skipped" in row:
                print(f"  {row['case']:28} {'':>10} {'':>5} {'':>7} {'':>12}  skipped: {row['skipped']}")
                continue
            verdict = "ok"
            if row.get("hang"):
                verdict = "HANG"
            elif row["crash"]:
                verdict = "CRASH"
            elif row["printed_on_failure"]:
                verdict = "printed on exit 2"
            ok = ok and verdict == "ok"
            exit_code = "-" if row["exit"] is None else str(row["exit"])
            size = _size(row["input_bytes"])
            print(
                f"  {row['case']:28} {size:>10} {exit_code:>5} {row['seconds']:>6}s "
                f"{_mib(row['peak_kib']):>12}  {verdict}"
            )
        measured = [r for r in cli if r.get("peak_kib")]
        worst = sorted(measured, key=lambda r: -r["peak_kib"])[:5]
        if worst:
            print(
                f"  peak memory: max {_mib(worst[0]['peak_kib'])}; worst 5: "
                + ", ".join(f"{r['case']} {_mib(r['peak_kib'])}" for r in worst)
            )
        for row in cli:
            if row.get("crash") or row.get("hang"):
                last = row["stderr"].strip().splitlines()[-1:] or [""]
                print(f"  {row['case']}: {last[0][:160]}")
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--inputs", type=int, default=10_000, help="generated inputs (default 10000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--limit", type=int, default=20_000, help="size cap of generated strings")
    parser.add_argument("--no-cli", action="store_true", help="skip the special CLI cases")
    parser.add_argument("--only-cli", nargs="*", metavar="WORD", help="only the CLI cases (matching WORD)")
    parser.add_argument("--json", default=str(RESULTS / "fuzz.json"), help="where to write the results")
    args = parser.parse_args(argv)
    generated = None
    if args.only_cli is None:
        print(f"fuzzing {args.inputs} generated inputs with {args.jobs} workers", file=sys.stderr)
        generated = run_generated(args.inputs, args.jobs, args.limit, RESULTS / "fuzz-crashes")
    cli = [] if args.no_cli else run_cli(args.only_cli or ())
    ok = report(generated, cli)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"generated": generated, "cli": cli, "ok": ok}, indent=2) + "\n")
    print(f"\nresults: {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
