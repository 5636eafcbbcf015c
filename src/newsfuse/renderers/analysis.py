"""An event's analysis for people: who is involved (with every spelling and role) and the
dates the reports give, resolved."""

from __future__ import annotations

from newsfuse.model import Analysis, DateMention, Entity
from newsfuse.renderers.escape import inline, markdown_inline

_KIND_TITLES = (("person", "People"), ("organisation", "Organisations"), ("place", "Places"))


def to_text(analysis: Analysis, *, explain: bool = False) -> str:
    lines: list[str] = []
    for kind, title in _KIND_TITLES:
        entities = [e for e in analysis.entities if e.kind == kind]
        if entities:
            lines += [title] + [f"  {inline(_describe(e))}" for e in entities] + [""]
    dated = [d for d in analysis.dates if d.first is not None]
    if analysis.dates:
        lines.append("Dates")
        lines += [f"  {inline(_date_line(d))}" for d in dated]
        lines += [
            f"  {inline(repr(d.mention.text))}: not resolved" for d in analysis.dates if d.first is None
        ]
    if analysis.skipped:
        lines += ["", "Skipped inputs"] + [f"  {inline(str(p))}" for p in analysis.skipped]
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(analysis: Analysis, *, explain: bool = False) -> str:
    lines = ["## Who", ""]
    for kind, title in _KIND_TITLES:
        entities = [e for e in analysis.entities if e.kind == kind]
        if entities:
            lines += [f"### {title}", ""] + [f"- {markdown_inline(_describe(e))}" for e in entities] + [""]
    lines += ["## When", ""]
    lines += [f"- {markdown_inline(_date_line(d))}" for d in analysis.dates if d.first is not None]
    unresolved = [d for d in analysis.dates if d.first is None]
    lines += [f"- {markdown_inline(repr(d.mention.text))}: not resolved" for d in unresolved]
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


def _date_line(found: DateMention) -> str:
    when = f"{found.first}" if found.first == found.last else f"{found.first} to {found.last}"
    note = ", year inferred from the reports" if found.inferred else ""
    return f"{found.mention.text!r} -> {when} ({found.precision}{note}; {found.mention.article_id})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
