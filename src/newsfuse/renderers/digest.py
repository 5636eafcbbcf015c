"""A digest as Markdown: each event with its headline, cited summary, sources and copies."""

from __future__ import annotations

from newsfuse.model import Article, Digest
from newsfuse.renderers.escape import markdown_inline


def to_markdown(digest: Digest, *, explain: bool = False) -> str:
    lines = [f"# News digest: {_count(len(digest.events), 'event')}", ""]
    for event in digest.events:
        numbers = {a.id: n for n, a in enumerate(event.summary.articles, start=1)}
        outlets = sorted({a.outlet for a in event.articles})
        lines += [f"## {markdown_inline(event.title)}", ""]
        dates = sorted(a.published.date().isoformat() for a in event.articles if a.published)
        when = f", {dates[0]} to {dates[-1]}" if dates else ""
        copies = len(event.copies)
        also = f" and {copies} {'copy' if copies == 1 else 'copies'}" if copies else ""
        lines.append(
            f"*{_count(event.sources, 'report')}{also} from {_count(len(outlets), 'outlet')}{when} "
            f"(event {event.id})*"
        )
        lines.append("")
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
        for article in event.summary.articles:
            lines.append(f"{numbers[article.id]}. {_source_line(article)}")
        if event.copies:
            by_id = {a.id: a for a in event.articles}
            lines += ["", "Copies (counted once, with the report they repeat):", ""]
            lines += [
                f"- {_source_line(by_id[copy.copy_id])}, repeats {markdown_inline(copy.original_id)}"
                for copy in event.copies
            ]
        lines.append("")
    if digest.skipped:
        lines += ["## Skipped inputs", ""] + [f"- {markdown_inline(str(p))}" for p in digest.skipped]
    return "\n".join(lines)


def _source_line(article: Article) -> str:
    date = f", {article.published.date().isoformat()}" if article.published else ""
    outlet = markdown_inline(article.outlet)
    return f"{outlet}{date}: {markdown_inline(article.title or article.id)}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
