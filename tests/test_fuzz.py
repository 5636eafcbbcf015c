"""Hostile input: every bad input a clear error, bounded memory, output that cannot be forged.

Property tests over every input reader (each registered format and sniffing), reading from
files, ``prepare``, ``summarize_prepared`` / ``summarize`` and the renderers, on generated
inputs: random bytes, JSON/JSONL records with odd field types and values, HTML with odd
markup and character references, text and Markdown with terminal escapes, in several
encodings and gzip wrappings. The generators are shared with ``benchmarks/fuzz.py`` (``make
fuzz``), which runs them on many more inputs. Deterministic: hypothesis is derandomized.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsfuse
from newsfuse.cli import main
from newsfuse.errors import NewsfuseError
from newsfuse.ingest.sources import read_source
from newsfuse.registry import readers

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import fuzz  # the shared generators and checks

LIMIT = 3000
"""Size cap of generated strings here (make fuzz uses larger ones)."""
FORMATS = [None, *readers.names()]

fuzzing = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def read_everywhere(data: bytes, origin: str = "fuzz.txt") -> list[newsfuse.Article]:
    """``read_source`` with every registered reader and sniffing: articles and input
    errors only, nothing else escapes."""
    articles = []
    for fmt in FORMATS:
        articles += fuzz.check_items(read_source(data, origin=origin, article_id="fuzz", fmt=fmt))
    piped = newsfuse.read_articles("-", stdin=io.BytesIO(data))  # standard input: sniffed
    fuzz.check_items(piped.articles)
    fuzz.check_problems(piped.problems)
    return articles


def summarize_checked(articles: list[newsfuse.Article]) -> newsfuse.Summary | None:
    """``prepare`` + ``summarize_prepared``: only newsfuse's own errors, problems as
    ``Problem`` records, citation spans that index the cleaned text."""
    prepared = newsfuse.prepare(articles, fuzz.settings_for_fuzzing())
    fuzz.check_problems(prepared.problems)
    try:
        summary = newsfuse.summarize_prepared(prepared, fuzz.settings_for_fuzzing())
    except NewsfuseError:
        return None
    fuzz.check_summary(summary)
    return summary


# Generated structured inputs (the generators of benchmarks/fuzz.py, driven by hypothesis).


@pytest.mark.parametrize("generator", sorted(fuzz.GENERATORS))
@fuzzing
@given(seed=st.integers(0, 2**32 - 1))
def test_generated_inputs_through_every_reader_and_the_summary(generator, seed):
    sample = fuzz.make_sample(generator, seed, LIMIT)
    with tempfile.TemporaryDirectory() as workdir, contextlib.suppress(NewsfuseError):
        fuzz.exercise(sample, fuzz.settings_for_fuzzing(), workdir=Path(workdir))


@fuzzing
@given(data=st.binary(max_size=3000))
def test_random_bytes_are_articles_or_input_errors(data):
    articles = read_everywhere(data)
    summarize_checked(articles)


@fuzzing
@given(data=st.binary(max_size=600), how=st.sampled_from(["valid", "truncated", "multi", "garbage"]))
def test_gzip_valid_truncated_and_multi_member(data, how):
    packed = gzip.compress(data, mtime=0)
    if how == "truncated":
        packed = packed[: max(2, len(packed) // 2)]
    elif how == "multi":
        packed += gzip.compress(data, mtime=0)
    elif how == "garbage":
        packed += b"\x00garbage"
    read_everywhere(packed, origin="fuzz.txt.gz")


TEXT = st.text(
    st.characters(codec=None, exclude_categories=()),  # every code point, lone surrogates too
    max_size=400,
)
NEWSY = st.lists(
    st.one_of(
        st.sampled_from(fuzz.SUBJECTS + fuzz.OBJECTS + fuzz.ODD_WORDS),
        st.sampled_from(fuzz.ESCAPES + fuzz.INJECTIONS + fuzz.CHAR_REFS),
        TEXT,
    ),
    max_size=30,
).map(" ".join)


@fuzzing
@given(text=NEWSY, encoding=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
def test_text_in_utf8_and_utf16_with_and_without_bom(text, encoding):
    data = text.encode(encoding, "surrogatepass")
    summarize_checked(read_everywhere(data))


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXT
    | NEWSY
    | st.sampled_from(fuzz.DATES + fuzz.URLS),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(fuzz.FIELD_NAMES) | TEXT, children, max_size=5)
    ),
    max_leaves=20,
)
RECORDS = st.dictionaries(st.sampled_from(fuzz.FIELD_NAMES), JSON_VALUES, max_size=8)


@fuzzing
@given(records=st.lists(RECORDS | JSON_VALUES, max_size=5), ascii_only=st.booleans())
def test_json_and_jsonl_records_with_odd_field_types(records, ascii_only):
    document = json.dumps(records, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    lines = "\n".join(json.dumps(r, ensure_ascii=ascii_only) for r in records).encode(
        "utf-8", "surrogatepass"
    )
    summarize_checked(read_everywhere(document, "fuzz.json") + read_everywhere(lines, "fuzz.jsonl"))


@fuzzing
@given(
    parts=st.lists(
        st.sampled_from(fuzz.CHAR_REFS + fuzz.INJECTIONS + fuzz.ESCAPES)
        | st.sampled_from(["<p>", "</p>", "<div>", "<br>", "<script>", "<!--", "-->", "<![CDATA[", "<"])
        | NEWSY,
        max_size=40,
    )
)
def test_html_with_odd_markup_and_character_references(parts):
    page = f"<html><body><article><p>{' '.join(parts)}</p></article></body></html>"
    summarize_checked(read_everywhere(page.encode("utf-8", "surrogatepass"), "fuzz.html"))


@fuzzing
@given(texts=st.lists(NEWSY, min_size=1, max_size=4), words=st.integers(1, 200))
def test_summarize_plain_texts(texts, words):
    try:
        summary = newsfuse.summarize([*texts, fuzz.ANCHOR_TEXT], words=words)
    except NewsfuseError:
        return
    fuzz.check_summary(summary)


# The promises that are broken today (issue 9); each test must fail until its bug is fixed.


@pytest.mark.parametrize(
    "record",
    [
        {"text": fuzz.ANCHOR_TEXT + " \x1b]0;title\x07 Police said more.", "id": "a"},
        {"text": fuzz.ANCHOR_TEXT, "title": "x\x1b[2J\nSources\n  [1] forged", "id": "b"},
        {"text": fuzz.ANCHOR_TEXT, "id": "\x1b]0;id\x07\r", "source": "\x9b2J", "url": "http://[oops"},
    ],
    ids=["text", "title", "id"],
)
def test_rendered_output_carries_no_escapes_and_no_forged_lines(record):
    articles = read_everywhere(json.dumps(record).encode(), "fuzz.json")
    summary = summarize_checked(articles)
    assert summary is not None
    assert fuzz.output_problems(summary) == []


def test_lone_surrogates_from_json_do_not_reach_the_output():
    data = b'{"text": "' + fuzz.ANCHOR_TEXT.encode() + b' The fire \\ud800 spread.", "title": "\\udfff"}'
    summary = summarize_checked(read_everywhere(data, "fuzz.json"))
    assert summary is not None
    assert fuzz.output_problems(summary) == []


def test_markdown_reader_is_not_quadratic():
    data = ("[" * 20_000 + "1" + "]" * 20_000).encode()
    started = time.monotonic()
    read_source(data, origin="fuzz.md", article_id="fuzz", fmt="markdown")
    assert time.monotonic() - started < 0.5


# The command line, in process: exit status 0, 1 or 2, nothing on stdout when it is 2.


def generated_folder(folder: Path, seeds: range) -> Path:
    for generator in sorted(fuzz.GENERATORS):
        for seed in seeds:
            sample = fuzz.make_sample(generator, seed, LIMIT)
            (folder / f"{generator}-{seed}{sample.suffix}").write_bytes(sample.data)
    return folder


def run_cli(capsys, *argv: str) -> int:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), f"exit {code}: {err[-500:]}"
    assert "Traceback" not in err
    if code == 2:
        assert out == "", "printed to stdout on exit 2"
    return code


@pytest.mark.parametrize("fmt", ["text", "plain", "markdown", "json"])
def test_cli_summarize_generated_files(capsys, tmp_path, fmt):
    folder = generated_folder(tmp_path, range(3))
    run_cli(capsys, "summarize", str(folder), "--format", fmt, "--explain")
    for file in sorted(folder.iterdir())[:12]:
        run_cli(capsys, "summarize", str(file), "--format", fmt)


@pytest.mark.parametrize(
    "argv", [["digest"], ["digest", "--format", "json"], ["cluster"], ["--strict", "cluster"]]
)
def test_cli_digest_and_cluster_generated_files(capsys, tmp_path, argv):
    folder = generated_folder(tmp_path, range(2))
    command, *options = [a for a in argv if a != "--strict"]
    strict = ["--strict"] if "--strict" in argv else []
    run_cli(capsys, command, str(folder), *options, *strict)
