"""An event card (who, where, when, key quotes, evidence) as labelled lines, shared by the
summary and digest renderers."""

from __future__ import annotations

import textwrap

from newsfuse.model import Analysis
from newsfuse.model.analysis import EventCard
from newsfuse.renderers.escape import inline, markdown_inline


def card_fields(card: EventCard, analysis: Analysis, sentence_count: int) -> list[tuple[str, str]]:
    """(label, value) for each part of the card the event has, in reading order; a quote's
    label is its speaker."""
    fields = []
    who = [analysis.entity(i) for i in card.who]
    if who:
        fields.append(("Who", "; ".join(e.name + (f" ({e.roles[0]})" if e.roles else "") for e in who)))
    if card.where:
        fields.append(("Where", analysis.entity(card.where).name))
    if card.when:
        when = card.when.first.isoformat()
        if card.when.last != card.when.first:
            when += f" to {card.when.last.isoformat()}"
        fields.append(("When", when + (" (date inferred from the reports)" if card.when.inferred else "")))
    quotes = {q.id: q for q in analysis.quotes}
    for quote_id in card.quotes:
        quote = quotes[quote_id]
        fields.append((quote.speaker_name or "Speaker unknown", f"“{quote.text}”"))
    fields.append(
        (
            "Evidence",
            f"{len(card.corroborated)} of {sentence_count} sentences corroborated by independent sources, "
            f"{len(card.single_source)} single-source, {len(card.disputed)} disputed",
        )
    )
    return fields


def card_text(card: EventCard, analysis: Analysis, sentence_count: int) -> list[str]:
    """The card for a terminal: a wrapped "Label: value" line each, then a blank line."""
    fields = card_fields(card, analysis, sentence_count)
    wrapped = [
        textwrap.fill(f"{inline(label)}: {inline(value)}", width=88, subsequent_indent="    ")
        for label, value in fields
    ]
    return [*wrapped, ""]


def card_markdown(card: EventCard, analysis: Analysis, sentence_count: int) -> list[str]:
    """The card in Markdown: a bold label and its value a line each, then a blank line."""
    fields = card_fields(card, analysis, sentence_count)
    return [*(f"**{markdown_inline(label)}:** {markdown_inline(value)}  " for label, value in fields), ""]
