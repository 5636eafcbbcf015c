"""Independent sources: how many reports really stand behind a sentence.

Ten articles are not ten witnesses. A copy repeats its original (``Copy``, found before);
an outlet that publishes twice is one voice; a wire story comes in successive versions
that keep most of their passages, and newspapers run it with their own lead. Articles
are one report when they are copies, when they come from one known outlet, or when half
the word sequences of the shorter also appear in the longer. And one sentence carried
word for word by otherwise different reports (a wire paragraph reused as background) is
still one report of its fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsfuse.model import Article, Citation, Copy, SameReport
from newsfuse.text.fingerprint import text_fingerprint
from newsfuse.text.tokens import tokens, word_runs

PASSAGE_WORDS = 8
"""Word sequences this long are the unit of a shared passage: rarely repeated by chance."""
SAME_STORY = 0.5
"""The share of the shorter article's passages the longer must hold for the two to be
versions of one story (independent reports of one event share under a fifth)."""


def same_reports(articles: Sequence[Article], copies: Iterable[Copy] = ()) -> tuple[SameReport, ...]:
    """For each article that is not independent of an earlier one (copies aside, which are
    known already): the earlier report it belongs to, and why."""
    copied = {c.copy_id for c in copies}
    first: list[Article] = []
    passages: dict[str, set[str]] = {}
    found: list[SameReport] = []
    for article in articles:
        if article.id in copied:
            continue
        own = _passages(article.text)
        match = next(
            (
                SameReport(article.id, earlier.id, reason)
                for earlier in first
                if (reason := _same_report(article, own, earlier, passages[earlier.id])) is not None
            ),
            None,
        )
        if match is None:
            first.append(article)
            passages[article.id] = own
        else:
            found.append(match)
    return tuple(found)


def report_of(copies: Iterable[Copy], same: Iterable[SameReport]) -> dict[str, str]:
    """Article id -> the id of the report it belongs to, for articles that are not one."""
    joined = {c.copy_id: c.original_id for c in copies}
    joined.update({s.article_id: s.same_as for s in same})
    resolved = {}
    for article in joined:
        root, seen = article, set()
        while root in joined and root not in seen:  # a copy of a later version, and so on
            seen.add(root)
            root = joined[root]
        resolved[article] = root
    return resolved


def independent_sources(citations: Sequence[Citation], reports: dict[str, str]) -> int:
    """How many independent reports the citations (origin and support) come from."""
    supporting = [c for c in citations if c.kind != "conflicts"]
    by_report = {c.article_id: reports.get(c.article_id, c.article_id) for c in supporting}
    by_words: dict[str, str] = {}
    merged = {report: report for report in by_report.values()}
    for citation in supporting:
        report = by_report[citation.article_id]
        earlier = by_words.setdefault(text_fingerprint(citation.text), report)
        merged[_root(merged, report)] = _root(merged, earlier)
    return len({_root(merged, report) for report in merged})


def _same_report(article: Article, own: set[str], earlier: Article, theirs: set[str]) -> str | None:
    outlet = article.known_outlet
    if (
        outlet is not None
        and earlier.known_outlet is not None
        and outlet.casefold() == earlier.known_outlet.casefold()
    ):
        return "same outlet"
    shorter = min(len(own), len(theirs))
    if shorter and len(own & theirs) >= SAME_STORY * shorter:
        return "same story"
    return None


def _passages(text: str) -> set[str]:
    return word_runs(tokens(text), PASSAGE_WORDS)


def _root(parents: dict[str, str], item: str) -> str:
    while parents[item] != item:
        item = parents[item]
    return item
