"""Cleaning keeps the story: newsfuse's read + clean against trafilatura alone, on the
article-extraction benchmark (181 real pages with their gold article body).

Token F1 per page (words of the extracted text against words of the gold body, as bags),
then the mean over pages, and every page where newsfuse falls more than 0.02 below
trafilatura. Reads ../shared/data/article-extraction; skips with a message when absent.

    python benchmarks/extraction.py [--data DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

import newsfuse
from newsfuse.ingest.sources import read_source

_WORD = re.compile(r"\w+")
MARGIN = 0.02


def token_f1(found: str, gold: str) -> float:
    found_words, gold_words = Counter(_WORD.findall(found.lower())), Counter(_WORD.findall(gold.lower()))
    common = sum((found_words & gold_words).values())
    if not common:
        return 0.0
    precision = common / sum(found_words.values())
    recall = common / sum(gold_words.values())
    return 2 * precision * recall / (precision + recall)


def trafilatura_text(html: str) -> str:
    """trafilatura alone, with the settings newsfuse gives it."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, include_images=False
    )
    return (getattr(document, "text", None) or "") if document is not None else ""


def newsfuse_text(data: bytes, page: str) -> str:
    """newsfuse's read and clean: the text a summary is made from (title aside)."""
    articles = [
        a
        for a in read_source(data, origin=page, article_id=page, fmt="html")
        if isinstance(a, newsfuse.Article)
    ]
    prepared = newsfuse.prepare(articles, newsfuse.load_settings(environ={}, user_file=False))
    return "\n\n".join(article.text for article in prepared.articles)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data/article-extraction"))
    parser.add_argument("--json", type=Path, help="also write per-page scores here")
    args = parser.parse_args()
    truth_file = args.data / "ground-truth.json"
    if not truth_file.is_file():
        print(f"skipped: {truth_file} not found")
        return 0
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    rows = []
    for page, item in sorted(truth.items()):
        data = gzip.decompress((args.data / "html" / f"{page}.html.gz").read_bytes())
        html = data.decode("utf-8", errors="replace")
        gold = item.get("articleBody") or ""
        rows.append(
            {
                "page": page,
                "trafilatura": round(token_f1(trafilatura_text(html), gold), 4),
                "newsfuse": round(token_f1(newsfuse_text(data, page), gold), 4),
            }
        )
    worse = [r for r in rows if r["newsfuse"] < r["trafilatura"] - MARGIN]
    mean = {name: statistics.fmean(r[name] for r in rows) for name in ("trafilatura", "newsfuse")}
    print(f"article-extraction: {len(rows)} pages, token F1 against the gold article body")
    print(f"  trafilatura alone     {mean['trafilatura']:.4f}")
    print(f"  newsfuse read+clean   {mean['newsfuse']:.4f}")
    print(f"  pages more than {MARGIN} below trafilatura: {len(worse)}")
    for row in sorted(worse, key=lambda r: r["newsfuse"] - r["trafilatura"])[:20]:
        print(f"    {row['page'][:16]}  trafilatura {row['trafilatura']:.3f}  newsfuse {row['newsfuse']:.3f}")
    if args.json:
        args.json.write_text(json.dumps({"mean": mean, "pages": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
