"""Where a text quotes someone: the stretches between quotation marks, paragraph by paragraph.

Scraped news rarely balances its marks. A quotation running over several paragraphs opens
each paragraph and closes only the last; scrapes lose an opening mark, space the marks out
(`experience, " Gaskin said`) or close a single mark with a double one. So a straight mark
is read by what flanks it, as typesetters' "smart quote" rules do: a mark with a word right
after it and a space (or nothing) before it opens; a mark with a word or punctuation right
before it and a space, punctuation or line end after it closes; a mark with spaces on both
sides takes whichever role the quotation state needs. A closing mark with no quotation open
closes one that began at the paragraph's start (its opening mark lost). A paragraph ending
inside a quotation carries it to the next paragraph, which continues it when it opens with
a mark, holds a closing mark, or is the last paragraph of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

BLANK = "\0"
"""What stands for a quoted character in ``without_quotations``: no letter, space or mark."""
QUOTE_MARK = re.compile(r"[\"“”„«»]|``|''")
"""A double quotation mark of any style."""
_OPENERS = frozenset({"“", "„", "«", "``"})
_CLOSERS = frozenset({"”", "»", "''"})
_SINGLE = re.compile(r"(?:^|(?<=[\s(\[:]))([‘'])(?=\w)|(?<=[\w.,!?])([’'])(?=[\s,.;:!?)\]]|$)", re.M)
"""British single marks, read only in paragraphs without double marks."""


@dataclass(frozen=True, slots=True)
class Quotation:
    start: int
    end: int
    continues: bool
    """It carries on the quotation of the paragraph before (its speaker is that one's)."""


def find_quotations(text: str) -> list[Quotation]:
    """The quoted stretches of ``text``, one per paragraph piece, marks and edge spaces
    excluded."""
    found: list[Quotation] = []
    carried = False
    paragraphs = _paragraphs(text)
    for (start, end), runs_on in zip(paragraphs, _closed_later(text, paragraphs), strict=True):
        pieces, carried = _scan(text, start, end, carried, runs_on)
        found.extend(pieces)
    return found


def _closed_later(text: str, paragraphs: list[tuple[int, int]]) -> list[bool]:
    """For each paragraph, whether a quotation still open in it runs on through it: it is
    the text's last (a scrape cut short), or the next paragraph with a mark opens with a
    closing one (a scrape dropped the opening marks of the paragraphs between). One pass
    from the end."""
    runs_on = [False] * len(paragraphs)
    upcoming: str | None = None  # the role of the first mark of the next marked paragraph
    for number in range(len(paragraphs) - 1, -1, -1):
        runs_on[number] = upcoming == "close" if upcoming else number == len(paragraphs) - 1
        start, end = paragraphs[number]
        mark = QUOTE_MARK.search(text, start, end)
        if mark is not None:
            upcoming = _role(text, mark.start(), mark.end(), mark.group(), start, end)
    return runs_on


def without_quotations(text: str, quotations: Sequence[Quotation]) -> str:
    """``text`` with the quoted words replaced by ``BLANK``, every position kept: the
    words around quotations, read apart from what the quotations say."""
    kept = list(text)
    for quotation in quotations:
        kept[quotation.start : quotation.end] = BLANK * (quotation.end - quotation.start)
    return "".join(kept)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _scan(text: str, start: int, end: int, carried: bool, runs_on: bool) -> tuple[list[Quotation], bool]:
    """The quotations of the paragraph ``text[start:end]`` and whether it ends inside one
    (``runs_on``: a quotation carried into it goes on past it)."""
    marks = [(m.start(), m.end(), m.group()) for m in QUOTE_MARK.finditer(text, start, end)]
    lead = start + len(text[start:end]) - len(text[start:end].lstrip())
    if not marks:
        if carried and runs_on:
            return _kept(text, [(lead, end)], carried, lead), True
        return _kept(text, _single_quoted(text, start, end), False, lead), False
    spans: list[tuple[int, int]] = []
    opened = None
    if carried and marks[0][0] != lead and _role(text, *marks[0], start, end) == "close":
        opened = lead  # a continuing paragraph that lost its opening mark
    opener = ""
    for mark_start, mark_end, mark in marks:
        role = _role(text, mark_start, mark_end, mark, start, end)
        if opened is not None and opener == "„" and mark == "“":
            role = "close"  # German and Czech quotations open low and close with “
        if opened is None:
            if role != "close":
                opened, opener = mark_end, mark
            elif not spans:
                spans.append((lead, mark_start))  # closed, its opening mark lost
        elif role == "open" and not _after_a_clause(text, start, mark_start):
            spans.append((opened, mark_start))  # an unclosed quotation before this one
            opened, opener = mark_end, mark
        else:
            spans.append((opened, mark_start))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return _kept(text, spans, carried, lead), opened is not None


def _kept(text: str, spans: list[tuple[int, int]], carried: bool, lead: int) -> list[Quotation]:
    """The spans as quotations, without edge spaces, a trailing comma or a stray single
    mark; the paragraph's first one continues a carried quotation when it starts the
    paragraph."""
    found = []
    for number, (start, end) in enumerate(spans):
        continues = carried and number == 0 and start <= lead + 2  # past the mark and a space
        while start < end and (text[start].isspace() or text[start] in "'‘"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
            end -= 1
        if end > start:
            found.append(Quotation(start, end, continues))
    return found


def _single_quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stretches between single marks (British style), each opened and closed in the
    paragraph; apostrophes inside or after words are not marks."""
    spans, opened = [], None
    for match in _SINGLE.finditer(text, start, end):
        if opened is None and match.group(1) is not None:
            opened = match.end()
        elif opened is not None and match.group(2) is not None:
            spans.append((opened, match.start()))
            opened = None
    return spans


def _after_a_clause(text: str, paragraph_start: int, mark: int) -> bool:
    """Whether a mark follows a comma or a full stop and a space (`not interested, "Jo
    emphasized`): inside a quotation, machine translation's misplaced closing mark."""
    previous = _previous(text, paragraph_start, mark)
    return text[mark - 1] == " " and previous != "" and previous in ",.!?"


def _previous(text: str, paragraph_start: int, position: int) -> str:
    """The last character before ``position`` in its paragraph that is not a space, or ""."""
    while position > paragraph_start and text[position - 1].isspace():
        position -= 1
    return text[position - 1] if position > paragraph_start else ""


def _role(text: str, start: int, end: int, mark: str, paragraph_start: int, paragraph_end: int) -> str:
    """ "open", "close" or "either", from the mark itself or what flanks it."""
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    before = text[start - 1] if start > paragraph_start else " "
    after = text[end] if end < paragraph_end else " "
    if after in ",.;:!?)]":  # `every day ".`: a word never starts with a full stop
        return "close"
    space_before, space_after = before.isspace() or before in "([:", after.isspace()
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    if space_before and space_after:  # spaced out by a tokenizer: the text before decides
        previous = _previous(text, paragraph_start, start)
        if previous and previous in ",.!?;":
            return "close"
        if not previous or previous == ":":
            return "open"
    return "either"
