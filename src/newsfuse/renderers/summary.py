"""A summary for people: text for a terminal, Markdown for documents, plain for scripts."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from newsfuse.model import Article, Copy, SameReport, Summary, SummarySentence
from newsfuse.renderers.card import card_markdown, card_text
from newsfuse.renderers.escape import inline, markdown_inline


def to_plain(summary: Summary, *, explain: bool = False) -> str:
    """Only the summary sentences, one per line (for scripts and scoring)."""
    return "\n".join(inline(s.text) for s in summary.sentences)


def to_text(summary: Summary, *, explain: bool = False) -> str:
    numbers = _source_numbers(summary)
    lines = [describe_summary(summary), ""]
    if summary.headline:
        lines[:0] = [inline(summary.headline), ""]
    if summary.card is not None and summary.analysis is not None:
        lines += card_text(summary.card, summary.analysis, len(summary.sentences))
    for sentence in summary.sentences:
        marks = "".join(f"[{numbers[a]}]" for a in sentence.source_ids)
        text = f"{inline(sentence.text)} {marks}"
        lines.append(textwrap.fill(text, width=88, break_long_words=False, break_on_hyphens=False))
        support = _support_line(sentence, lambda n: f"[{n}]", numbers)
        if support:
            lines.append(textwrap.fill(support, width=88, initial_indent="    ", subsequent_indent="    "))
        lines.append("")
    lines.append("Sources")
    notes = same_report_notes(summary.copies, summary.same_reports, lambda n: f"[{n}]", numbers)
    for article in summary.articles:
        lines.append(f"  [{numbers[article.id]}] {_describe(article)}{notes.get(article.id, '')}")
    if summary.conflicts:
        lines += ["", "Where sources disagree"]
        for item in summary.conflicts:
            lines.append(f"  {inline(item.detail)}")
            lines.append(f"    [{numbers[item.claim.article_id]}] {inline(item.claim.text)}")
            lines.append(f"    [{numbers[item.other.article_id]}] {inline(item.other.text)}")
    if summary.skipped:
        lines += ["", "Skipped inputs"] + [f"  {inline(str(problem))}" for problem in summary.skipped]
    if explain:
        lines += ["", *_explanation(summary, numbers)]
    return "\n".join(lines)


def to_markdown(summary: Summary, *, explain: bool = False) -> str:
    numbers = _source_numbers(summary)
    lines = ["## Summary", "", f"*{describe_summary(summary)}*", ""]
    if summary.headline:
        lines[:1] = [f"## {markdown_inline(summary.headline)}"]
    if summary.card is not None and summary.analysis is not None:
        lines += card_markdown(summary.card, summary.analysis, len(summary.sentences))
    for sentence in summary.sentences:
        marks = "".join(f"[{numbers[a]}](#source-{numbers[a]})" for a in sentence.source_ids)
        lines.append(f"- {markdown_inline(sentence.text)} {marks}")
        support = _support_line(sentence, lambda n: f"[{n}](#source-{n})", numbers)
        if support:
            lines.append(f"  <br>*{support}*")
    lines += ["", "## Sources", ""]
    notes = same_report_notes(summary.copies, summary.same_reports, lambda n: f"[{n}]", numbers)
    for article in summary.articles:
        number = numbers[article.id]
        described = markdown_inline(_describe(article) + notes.get(article.id, ""))
        lines.append(f'{number}. <a id="source-{number}"></a>{described}')
    if summary.conflicts:
        lines += ["", "## Where sources disagree", ""]
        for item in summary.conflicts:
            claim, other = numbers[item.claim.article_id], numbers[item.other.article_id]
            lines.append(f"- {markdown_inline(item.detail)}")
            lines.append(f"  - [{claim}](#source-{claim}): {markdown_inline(item.claim.text)}")
            lines.append(f"  - [{other}](#source-{other}): {markdown_inline(item.other.text)}")
    if summary.skipped:
        lines += ["", "## Skipped inputs", ""] + [f"- {markdown_inline(str(p))}" for p in summary.skipped]
    if explain:
        # An indented code block: no text inside it can end it, as a stray ``` could a fence.
        lines += ["", "## Explanation", "", *("    " + line for line in _explanation(summary, numbers))]
    return "\n".join(lines)


def _support_line(sentence: SummarySentence, mark: Callable[[int], str], numbers: dict[str, int]) -> str:
    """ "reports it: [2] 0.97, [4] 0.81; reports part: [3] 0.62; 3 independent sources", the
    confidence after each citation."""
    parts = []
    for kind, title in (
        ("supports", "reports it"),
        ("partial", "reports part"),
        ("translated", "in another language"),
    ):
        cited = [c for c in sentence.citations if c.kind == kind]
        if cited:
            parts.append(
                f"{title}: " + ", ".join(f"{mark(numbers[c.article_id])} {c.confidence:.2f}" for c in cited)
            )
    if parts:
        parts.append(_count(sentence.independent_sources, "independent source"))
    return "; ".join(parts)


def describe_summary(summary: Summary) -> str:
    corroborated = sum(1 for s in summary.sentences if s.independent_sources > 1)
    return (
        f"Summary of {_count(len(summary.articles), 'article')} "
        f"({_count(summary.independent_reports, 'independent report')}, "
        f"{_count(len(summary.known_outlets), 'known outlet')}): {summary.word_count} words, "
        f"{_count(len(summary.sentences), 'sentence')}, {corroborated} reported by more than one "
        f"independent source ({summary.algorithm}, budget {summary.budget.describe()})"
    )


FEED_TEXT_ONLY = "only the feed's title and summary (the page could not be fetched)"


def same_report_notes(
    copies: Sequence[Copy], same: Sequence[SameReport], mark: Callable[[int], str], numbers: dict[str, int]
) -> dict[str, str]:
    """Article id -> why it is counted with another report ("same text as [1], counted once")."""
    why = {"same outlet": "same outlet as", "same story": "a version of the story in"}
    notes = {c.copy_id: f"same text as {mark(numbers[c.original_id])}" for c in copies}
    notes.update({s.article_id: f"{why[s.reason]} {mark(numbers[s.same_as])}" for s in same})
    return {article: f" ({note}, counted once)" for article, note in notes.items()}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _source_numbers(summary: Summary) -> dict[str, int]:
    return {article.id: number for number, article in enumerate(summary.articles, start=1)}


def _describe(article: Article) -> str:
    parts = [article.outlet]
    if article.title:
        parts.append(f'"{article.title}"')
    if article.published:
        parts.append(article.published.date().isoformat())
    if article.outlet != article.id:
        parts.append(f"id {article.id}")
    if article.feed_text_only:
        parts.append(FEED_TEXT_ONLY)
    return inline(" - ".join(parts))


def _explanation(summary: Summary, numbers: dict[str, int]) -> list[str]:
    lines = ["Why these sentences"]
    for position, sentence in enumerate(summary.sentences, start=1):
        lines.append(
            f"  {position}. score {sentence.score:.4f}, from [{numbers[sentence.origin.article_id]}]"
        )
        for citation in sentence.citations[1:]:
            lines.append(
                f"     {citation.kind} [{numbers[citation.article_id]}] "
                f"(confidence {citation.confidence:.2f}): {_clip(citation.text)}"
            )
    lines += ["", "What cleaning removed"]
    for cleaned in summary.cleaning:
        lines.append(
            f"  [{numbers[cleaned.article.id]}] {inline(cleaned.article.id)}: {len(cleaned.removals)} removed"
        )
        for removal in cleaned.removals:
            lines.append(f"     - {removal.rule} ({removal.reason}): {_clip(removal.text)}")
    return lines


def _clip(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 3] + "...")
