"""An event's analysis for people: who is involved (with every spelling and role) and the
dates the reports give, resolved."""

from __future__ import annotations

from newsfuse.model import Analysis, DateMention, Entity
from newsfuse.model.analysis import Happening, Mention, Quote
from newsfuse.renderers.escape import inline, markdown_inline

_KIND_TITLES = (
    ("person", "People"),
    ("organisation", "Organisations"),
    ("place", "Places"),
    ("facility", "Buildings and sites"),
)


def to_text(analysis: Analysis, *, explain: bool = False) -> str:
    lines: list[str] = []
    for kind, title in _KIND_TITLES:
        entities = [e for e in analysis.entities if e.kind == kind]
        if entities:
            lines += [title] + [f"  {inline(_describe(e))}" for e in entities] + [""]
    if analysis.quotes:
        lines.append("Quotes")
        for quote in analysis.quotes:
            lines.append(f"  {inline(_quote_line(quote))}")
            lines += [
                f"    also: {inline(repr(v.mention.text))} ({v.mention.article_id})"
                for v in quote.variants[1:]
            ]
        lines.append("")
    if analysis.timeline:
        lines.append("Timeline")
        lines += [f"  {inline(_happening(h))}" for h in analysis.timeline]
        lines.append("")
    dated = [d for d in analysis.dates if d.first is not None]
    if analysis.dates:
        lines.append("Dates")
        lines += [f"  {inline(_date_line(d))}" for d in dated]
        lines += [
            f"  {inline(repr(d.mention.text))}: not resolved" for d in analysis.dates if d.first is None
        ]
    if not (analysis.entities or analysis.quotes or analysis.dates):
        lines.append("No names, quotations or dates found.")
    if analysis.skipped:
        lines += ["", "Skipped inputs"] + [f"  {inline(str(p))}" for p in analysis.skipped]
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(analysis: Analysis, *, explain: bool = False) -> str:
    lines = ["## Who", ""]
    for kind, title in _KIND_TITLES:
        entities = [e for e in analysis.entities if e.kind == kind]
        if entities:
            lines += [f"### {title}", ""] + [f"- {markdown_inline(_describe(e))}" for e in entities] + [""]
    if analysis.quotes:
        lines += ["## Who said what", ""]
        for quote in analysis.quotes:
            lines.append(f"- {markdown_inline(_quote_line(quote))}")
            lines += [f"  - also: {markdown_inline(_variant(v.mention))}" for v in quote.variants[1:]]
        lines.append("")
    if analysis.timeline:
        lines += (
            ["## Timeline", ""] + [f"- {markdown_inline(_happening(h))}" for h in analysis.timeline] + [""]
        )
    lines += ["## When", ""]
    lines += [f"- {markdown_inline(_date_line(d))}" for d in analysis.dates if d.first is not None]
    unresolved = [d for d in analysis.dates if d.first is None]
    lines += [f"- {markdown_inline(repr(d.mention.text))}: not resolved" for d in unresolved]
    if not (analysis.entities or analysis.quotes or analysis.dates):
        lines += ["", "No names, quotations or dates found."]
    if analysis.skipped:
        lines += ["", "## Skipped inputs", ""] + [f"- {markdown_inline(str(p))}" for p in analysis.skipped]
    return "\n".join(lines).rstrip() + "\n"


def _describe(entity: Entity) -> str:
    parts = [entity.name]
    if entity.spelled_several_ways:
        parts.append(f"(also written {', '.join(repr(s) for s in entity.spellings[1:])})")
    if entity.roles:
        parts.append(f"- {'; '.join(entity.roles)}")
    parts.append(f"- {_count(len(entity.mentions), 'mention')} in {_count(len(entity.sources), 'source')}")
    return " ".join(parts)


def _happening(happening: Happening) -> str:
    if happening.first == happening.last:
        when = happening.first.isoformat()
    elif happening.precision == "month":
        when = happening.first.strftime("%Y-%m")
    elif happening.precision == "year":
        when = str(happening.first.year)
    else:
        when = f"{happening.first} to {happening.last}"
    inferred = " (date inferred from the reports)" if happening.inferred else ""
    sources = ", ".join(happening.sources)
    return f"{when}{inferred}: {happening.text} [{sources}]"


def _variant(mention: Mention) -> str:
    return f"{mention.text!r} ({mention.article_id})"


def _quote_line(quote: Quote) -> str:
    speaker = quote.speaker_name or "speaker unknown"
    first = quote.variants[0].mention
    return f"{speaker}: {quote.text!r} ({first.article_id}; {_count(len(quote.sources), 'source')})"


def _date_line(found: DateMention) -> str:
    when = f"{found.first}" if found.first == found.last else f"{found.first} to {found.last}"
    note = ", date inferred from the reports" if found.inferred else ""
    return f"{found.mention.text!r} -> {when} ({found.precision}{note}; {found.mention.article_id})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
