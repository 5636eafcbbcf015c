"""Sentences that stand alone: how many summary sentences a reader would stumble on.

Summarizes every cluster of DUC 2004 and the Multi-News sample (the default algorithm,
their usual lengths) and counts summary sentences that
- open with a pronoun or demonstrative whose referent is not in the summary before it
  (the sentence before it in its own article is not the summary sentence before it);
- are web boilerplate (newsletter, mailing-list, archive and share prompts, "(CNN) --");
- are fragments (no capital or digit at the start, or no closing punctuation);
- show a dateline ("WASHINGTON (AP) _", "MOSCOW --");
- name a person the summary has not introduced ("Rainsy said..." with no "Sam Rainsy"
  before it; found as ``fuse.introductions`` finds them, so it counts what that rule
  misses by design, not what it fails to see).

    python benchmarks/readability.py [--shared ../shared] [--limit N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import newsfuse
from newsfuse.fuse.introductions import people_of, unintroduced
from newsfuse.ingest.benchmark import read_benchmark

OPENING_REFERENCE = re.compile(
    r"^[\"“'‘(]*(?:he|she|they|it|this|that|these|those|his|her|their|its|him|them|such)\b", re.I
)
BOILERPLATE = re.compile(
    r"(?i)(newsletter|mailing list|sign up|subscribe|contact details|these crawls|archive pages|"
    r"wayback|share this|click here|follow us|all rights reserved|^\(cnn\)|cookies?\b)"
)
DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\([A-Z][\w. ]{1,20}\))?\s*(?:_|--|—|–|-)\s")
ENDS = re.compile(r"""[.!?]["'”’)\]]*\s*$""")

BENCHMARKS = (
    ("duc2004", "data/duc2004/test.jsonl", 100),
    ("multinews", "data/multinews-sample/validation.jsonl", 260),
)


def defects(summary: newsfuse.Summary) -> list[str]:
    """The defect of each sentence ("" for none), in summary order."""
    found = []
    previous = None
    people = people_of(s.text for c in summary.cleaning for s in newsfuse.split_sentences(c.article))
    strangers = unintroduced([s.text for s in summary.sentences], people)
    for sentence, stranger in zip(summary.sentences, strangers, strict=True):
        text = sentence.text.strip()
        origin = sentence.origin
        follows_its_own = previous is not None and (previous.article_id, previous.index + 1) == (
            origin.article_id,
            origin.index,
        )
        if BOILERPLATE.search(text):
            found.append("boilerplate")
        elif DATELINE.match(text):
            found.append("dateline")
        elif OPENING_REFERENCE.match(text) and not follows_its_own:
            found.append("unresolved reference")
        elif not (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“'‘(") or not ENDS.search(text):
            found.append("fragment")
        elif stranger:
            found.append("person not introduced")
        else:
            found.append("")
        previous = origin
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--show", action="store_true", help="print every flagged sentence")
    args = parser.parse_args()
    settings = newsfuse.load_settings(environ={}, user_file=False)
    total: Counter[str] = Counter()
    sentences = 0
    for name, relative, words in BENCHMARKS:
        path = args.shared / relative
        if not path.is_file():
            print(f"{name}: skipped, {path} not found")
            continue
        run = newsfuse.settings.with_overrides(settings, {"summary": {"words": words}})
        for cluster in read_benchmark(path, limit=args.limit):
            summary = newsfuse.summarize_prepared(newsfuse.prepare(cluster.articles(), run), run)
            for sentence, defect in zip(summary.sentences, defects(summary), strict=True):
                sentences += 1
                if defect:
                    total[defect] += 1
                    if args.show:
                        print(f"{defect:>22}  {cluster.id}: {' '.join(sentence.text.split())[:110]}")
    flagged = sum(total.values())
    print(
        f"{sentences} summary sentences, {flagged} with a defect ({100 * flagged / max(sentences, 1):.1f}%)"
    )
    for defect, count in total.most_common():
        print(f"  {defect:<22} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
