"""A digest as Markdown: each event with its headline, cited summary, sources (copies and
other articles that are no independent report marked) and conflicts; the events of one
storyline together, in the order they happened."""

from __future__ import annotations

from newsfuse.model import Article, Digest, EventDigest, StorylineDigest
from newsfuse.renderers.card import card_markdown
from newsfuse.renderers.escape import markdown_inline
from newsfuse.renderers.summary import FEED_TEXT_ONLY, same_report_notes


def to_markdown(digest: Digest, *, explain: bool = False) -> str:
    storylines = digest.storylines
    counts = f"{_count(len(digest.events), 'event')} in {_count(len(storylines), 'storyline')}"
    lines = [f"# News digest: {counts}", ""]
    for storyline in storylines:
        if len(storyline.events) == 1:
            lines += _event_lines(storyline.events[0], "##")
            continue
        lines += [f"## Storyline: {markdown_inline(storyline.title)}", ""]
        lines += [f"*{markdown_inline(describe_storyline(storyline))}*", ""]
        for event in storyline.events:
            lines += _event_lines(event, "###")
    if digest.skipped:
        lines += ["## Skipped inputs", ""] + [f"- {markdown_inline(str(p))}" for p in digest.skipped]
    return "\n".join(lines)


def describe_storyline(storyline: StorylineDigest) -> str:
    """A storyline's events, dates and id, in a line."""
    articles = [a for event in storyline.events for a in event.articles]
    dates = sorted(a.published.date().isoformat() for a in articles if a.published)
    when = f", {dates[0]} to {dates[-1]}" if dates else ""
    return f"{_count(len(storyline.events), 'event')}{when} (storyline {storyline.id})"


def _event_lines(event: EventDigest, level: str) -> list[str]:
    numbers = {a.id: n for n, a in enumerate(event.summary.articles, start=1)}
    lines = [f"{level} {markdown_inline(event.title)}", ""]
    lines.append(f"*{markdown_inline(describe_event(event))}*")
    lines.append("")
    if event.card is not None and event.analysis is not None:
        lines += card_markdown(event.card, event.analysis, len(event.summary.sentences))
    for sentence in event.summary.sentences:
        marks = "".join(f"[{numbers[s]}]" for s in sentence.source_ids)
        lines.append(f"- {markdown_inline(sentence.text)} {marks}")
    if event.summary.conflicts:
        lines += ["", "Where sources disagree:", ""]
        for item in event.summary.conflicts:
            claim, other = numbers[item.claim.article_id], numbers[item.other.article_id]
            lines.append(
                f"- {markdown_inline(item.detail)}: [{claim}] {markdown_inline(item.claim.text)} / "
                f"[{other}] {markdown_inline(item.other.text)}"
            )
    lines += ["", "Sources:", ""]
    # The event's copies were left out of its summary; they are listed, counted once.
    listed = [*event.summary.articles, *(a for a in event.articles if a.id not in numbers)]
    numbers = {a.id: n for n, a in enumerate(listed, start=1)}
    copies = {c.copy_id: c for c in (*event.summary.copies, *event.copies)}.values()
    notes = same_report_notes(tuple(copies), event.summary.same_reports, lambda n: f"[{n}]", numbers)
    for article in listed:
        note = f" {markdown_inline(notes[article.id])}" if article.id in notes else ""
        lines.append(f"{numbers[article.id]}. {_source_line(article)}{note}")
    lines.append("")
    return lines


def describe_event(event: EventDigest) -> str:
    """An event's articles, independent reports, known outlets, dates and id, in a line."""
    outlets = event.summary.known_outlets
    dates = sorted(a.published.date().isoformat() for a in event.articles if a.published)
    when = f", {dates[0]} to {dates[-1]}" if dates else ""
    return (
        f"{_count(len(event.articles), 'article')}: {_count(event.sources, 'independent report')} "
        f"from {_count(len(outlets), 'known outlet')}{when} (event {event.id})"
    )


def _source_line(article: Article) -> str:
    date = f", {article.published.date().isoformat()}" if article.published else ""
    outlet = markdown_inline(article.outlet)
    mark = f" ({FEED_TEXT_ONLY})" if article.feed_text_only else ""
    return f"{outlet}{date}: {markdown_inline(article.title or article.id)}{mark}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
