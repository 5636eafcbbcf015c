"""Segment: split articles into sentences that keep their character offsets.

nupunkt finds candidate boundaries (it knows "Nov. 8", "U.S.", "Mr." and initials); the
repairs here handle what scraped, machine-translated news adds: a stray full stop before a
lowercase continuation, a lone closing quote, a quotation of several sentences that should
stay whole, and "a.m." or "U.S." at the real end of a sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from newsfuse.model import Article, Sentence
from newsfuse.text.blocks import split_blocks
from newsfuse.text.tokens import UPPERCASE

_HAS_WORD = re.compile(r"\w")
_QUOTE_MARK = re.compile(r"[\"“”]")
# Abbreviations that can also end a sentence; nupunkt keeps them joined to what follows.
_ENDING_ABBREVIATION = re.compile(
    r"\b(?:(?P<clock>[ap]\.m)|U\.S|U\.K|U\.N|E\.U|Jr|Sr|Inc|Ltd|Co|Corp|St|etc)\.\s+(?=[A-Z])"
)
# After "a.m."/"p.m." a capitalised word starts a new sentence unless it dates the time.
_CLOCK_FOLLOWERS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
    "April May June July August September October November December Jan Feb Mar Apr Jun "
    "Jul Aug Sep Sept Oct Nov Dec ".split()
)
_SENTENCE_STARTERS = frozenset(
    "A An And As At After Before But By During He Her His However I If In It Its "
    "Meanwhile No On One Our She So Some That The Their There These They This Those Three "
    "Two We When While With Yet ".split()
)
# Titles that precede a name and never end a sentence: "Lt. Gov. Sam Hill", "Sgt. Maj. Ann Cole".
_TITLE_BEFORE_NAME = re.compile(
    r"\b(?:Lt|Gov|Sgt|Maj|Col|Gen|Capt|Cmdr|Cmdt|Adm|Rep|Reps|Sen|Sens|Prof|Rev|Hon|Pres|Atty|Supt|"
    r"Det|Insp|Cpl|Pvt|Brig|Amb|Msgr|Fr|Mt|Ft|Mr|Mrs|Ms|Dr|No|Nos)\.$"
)
# A place in capitals, perhaps a state, a date and an agency, then a dash or an underscore;
# or CNN's "(CNN) --" and its like; the story's first word follows with a capital, a digit
# or a quote.
_DATELINE = re.compile(
    r"(?:\((?:CNN|AP|Reuters|AFP)\)\s*(?:--|—|–|-|_)?"
    # Vietnamese papers' "(TTXVN) -", "(Dân trí) -": an outlet in brackets, then a dash
    rf"|\([{UPPERCASE}][\w.&' -]{{1,30}}\)\s*(?:--|—|–|-)"
    r"|(?=[A-Z.'’ -]*[A-Z]{3})[A-Z][A-Z.'’ -]{1,40}[A-Z.](?:,\s*[A-Z][\w.]{1,20}(?: [A-Z][\w.]{1,20})?)?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # "PORT VELMORA, Nov. 3 —"
    r"\s*(?:\([A-Za-z][\w. ]{0,24}\))?\s*(?:--|—|–|-|_))"
    rf"\s+(?=[{UPPERCASE}0-9\"“'‘])"
)
# Vietnamese titles and place kinds before a name ("ThS. Ngô Vân", "TP. Lâm Hà", "Q. 3").
_VIETNAMESE_TITLE = re.compile(r"\b(?:ThS|TS|GS|PGS|BS|KS|NSƯT|NSND|TP|Tp|TT|Q|P)\.$")
# In Vietnamese a capital after a full stop starts a sentence (common words take none),
# whatever the word before it: nupunkt, trained on English, reads "Thu." or "mai." as
# abbreviations.
_VIETNAMESE_STOP = re.compile(rf"(?<=[\w)])[.!?…]+[\"”’)]*(?=\s+[\"“‘(]?[{UPPERCASE}])")
# A full stop after a word or a number, then a sentence opening with a number ("cuối tháng
# 8. 5 trường học..."): Vietnamese writes decimals with a comma, so "8. 5" is no decimal.
_VIETNAMESE_STOP_BEFORE_NUMBER = re.compile(
    r"(?<![\w.])(?P<word>[^\W_]+(?:[./][^\W_]+)*)[.!?](?P<gap>\s+)(?=\d+(?:[.,]\d+)*%?\s+\w)"
)
_UNBROKEN_RUN = re.compile(r"\S{200,}")
"""No word is this long: a run of it is markup or noise."""
_MAX_QUOTE_SENTENCES = 4
_MAX_QUOTE_WORDS = 90


def split_sentences(article: Article) -> tuple[Sentence, ...]:
    """The sentences of ``article`` in order; ``article.text[s.start:s.end] == s.text``. A
    dateline that opens the story ("WASHINGTON (AP) _", "(CNN) --") is left out of the
    first sentence: it is where the report was filed, not what it says."""
    vietnamese = article.language == "vi"
    spans: list[tuple[int, int]] = []
    for block in split_blocks(article.text):
        spans.extend((block.start + s, block.start + e) for s, e in _paragraph_spans(block.text, vietnamese))
    if spans:
        start, end = spans[0]
        dateline = _DATELINE.match(article.text, start, end)
        if dateline and dateline.end() < end:
            spans[0] = (dateline.end(), end)
    return tuple(
        Sentence(article_id=article.id, start=start, end=end, text=article.text[start:end], index=i)
        for i, (start, end) in enumerate(spans)
    )


def _paragraph_spans(paragraph: str, vietnamese: bool) -> list[tuple[int, int]]:
    spans = [_trim(paragraph, s, e) for s, e in _raw_spans(paragraph)]
    spans = [span for span in spans if span[1] > span[0]]
    if vietnamese:
        spans = _split_at(paragraph, spans, _VIETNAMESE_STOP.finditer)
    spans = _merge_after_titles(paragraph, spans, _VIETNAMESE_TITLE if vietnamese else None)
    spans = _split_after_abbreviations(paragraph, spans)
    spans = _merge_continuations(paragraph, spans)
    # after: a number is no lowercase continuation
    spans = _split_before_numbers(paragraph, spans, _VIETNAMESE_STOP_BEFORE_NUMBER if vietnamese else None)
    return _merge_open_quotes(paragraph, spans)


def _split_at(text: str, spans: list[tuple[int, int]], stops: Any) -> list[tuple[int, int]]:
    """Each span cut after every match of ``stops`` inside it."""
    result: list[tuple[int, int]] = []
    for start, end in spans:
        cursor = start
        for match in stops(text, start, end):
            if match.end() < end:
                result.append((cursor, match.end()))
                cursor = _trim(text, match.end(), end)[0]
        result.append((cursor, end))
    return result


@lru_cache(maxsize=4096)
def _raw_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    import nupunkt  # loaded on first use; ~0.3 s to build its model

    # The splitter rescans a run without spaces for every full stop in it (a run of
    # "!!!!" or "[[[[" costs minutes), so such a run stands apart as one span of its own.
    spans: list[tuple[int, int]] = []
    start = 0
    for run in _UNBROKEN_RUN.finditer(paragraph):
        spans += _split(nupunkt, paragraph, start, run.start())
        spans.append(run.span())
        start = run.end()
    spans += _split(nupunkt, paragraph, start, len(paragraph))
    return tuple(spans)


def _split(nupunkt: Any, paragraph: str, start: int, end: int) -> list[tuple[int, int]]:
    if not paragraph[start:end].strip():
        return []
    return [(start + s, start + e) for _, (s, e) in nupunkt.sent_spans_with_text(paragraph[start:end])]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _merge_after_titles(
    text: str, spans: list[tuple[int, int]], also: re.Pattern[str] | None
) -> list[tuple[int, int]]:
    """Join a piece to the one before when that one ends with a title ("Dr.") or, in a
    language that has them, one of ``also``."""
    titles = (_TITLE_BEFORE_NAME, also) if also else (_TITLE_BEFORE_NAME,)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and any(t.search(text, max(0, merged[-1][1] - 8), merged[-1][1]) for t in titles):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _split_after_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in spans:
        cursor = start
        for match in _ENDING_ABBREVIATION.finditer(text, start, end):
            following = text[match.end() : end].split(maxsplit=1)
            if following and _starts_sentence(following[0], clock=bool(match.group("clock"))):
                result.append(_trim(text, cursor, match.end()))
                cursor = match.end()
        result.append((cursor, end))
    return result


def _split_before_numbers(
    text: str, spans: list[tuple[int, int]], pattern: re.Pattern[str] | None
) -> list[tuple[int, int]]:
    """A full stop after a word that abbreviates nothing (or a year, or a date: "ngày 8/11.
    1.400 hộ..."; not a number of fewer digits, as "6. 7" may be a decimal spaced out),
    then a number, ends a sentence ("... by noon. 5 people were hurt";
    Vietnamese news opens sentences with numbers often), which the splitter, trained on
    text that spells such numbers out, keeps joined. ``pattern`` replaces the English one."""
    result: list[tuple[int, int]] = []
    for start, end in spans:
        cursor = start
        for match in (pattern or _STOP_BEFORE_NUMBER).finditer(text, start, end):
            if match.group("word").lower() not in _ABBREVIATED_BEFORE_NUMBERS:
                result.append(_trim(text, cursor, match.start("gap")))
                cursor = match.end()
        result.append((cursor, end))
    return result


_STOP_BEFORE_NUMBER = re.compile(
    r"(?<![\w.])(?P<word>[^\W\d_]{2,}|\d{4}|\d{1,2}/\d{1,2}(?:/\d{2,4})?)[.!?](?P<gap>\s+)"
    r"(?=\d+(?:[.,]\d+)*\s+\w)"
)
_ABBREVIATED_BEFORE_NUMBERS = frozenset(
    "approx no nos vol vols fig figs art arts est tel ext ref sec secs chap ch para pp pg "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun "
    "st mt ft pt rt hwy rte inc ltd co corp dr mr mrs ms gen col lt sgt rev op ed eds rs vs al "
    "ca apt tr".split()
)
"""Abbreviations written before a number ("No. 5", "Nov. 8", "Vol. 2")."""


def _starts_sentence(word: str, *, clock: bool) -> bool:
    if clock:
        is_time_zone = word.isupper() and len(word) <= 4
        return not is_time_zone and word.strip(",.;") not in _CLOCK_FOLLOWERS
    return word in _SENTENCE_STARTERS


def _merge_continuations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a piece that starts in lowercase or holds no word to the sentence before it."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        piece = text[start:end]
        first_letter = next((c for c in piece if c.isalpha()), "")
        if merged and (not _HAS_WORD.search(piece) or first_letter.islower()):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _merge_open_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep a quotation of a few sentences in one piece, so no sentence has half a quote."""
    merged: list[tuple[int, int]] = []
    position = 0
    while position < len(spans):
        start, end = spans[position]
        last = position
        while _open_quote(text[start:end]) and last + 1 < len(spans):
            candidate_end = spans[last + 1][1]
            if (
                last + 1 - position >= _MAX_QUOTE_SENTENCES
                or len(text[start:candidate_end].split()) > _MAX_QUOTE_WORDS
            ):
                break
            last += 1
            end = candidate_end
        if _open_quote(text[start:end]) and last > position:
            last, end = position, spans[position][1]  # never closed: keep the pieces apart
        merged.append((start, end))
        position = last + 1
    return merged


def _open_quote(piece: str) -> bool:
    """Is a quotation still open at the end of ``piece``?

    A straight quote opens when a word follows it and closes when it follows a non-space;
    one between spaces (common in machine translation) closes an open quotation and is
    ignored otherwise.
    """
    depth = 0
    for match in _QUOTE_MARK.finditer(piece):
        char, position = match.group(), match.start()
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(depth - 1, 0)
        else:
            before = piece[position - 1] if position else " "
            after = piece[position + 1] if position + 1 < len(piece) else " "
            if not before.isspace() and before not in "([":
                depth = max(depth - 1, 0)
            elif after.isalnum() or after in "'‘(":
                depth += 1
            elif depth:  # space-padded closing quote: 'consider this. "'
                depth -= 1
    return depth > 0
