"""Remove scraped web boilerplate from an article while keeping every sentence of the story.

Cleaning works on paragraph blocks that keep their offsets into the input, so every removal
is recorded against the exact characters it took, with the rule and the reason. The passes
repeat until nothing changes: removing a trailing "Related Posts" block can expose a byline
that is now last, and the fixpoint makes cleaning idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from newsfuse.clean import rules
from newsfuse.model import Article, CleanedArticle, Removal
from newsfuse.text.blocks import Block, split_blocks
from newsfuse.text.language import detect_language

_MAX_PASSES = 8
_COMMENT_FORM = ("comment-form", "comment form of the web page")
_NORMALISE = re.compile(r"[^\w]+")
_SHORT_BLOCK_CHARS = 400
_MAX_REPEATS = 3
"""More paragraphs repeated than this, and repetition is the page's own structure."""


@dataclass(frozen=True, slots=True)
class _Verdict:
    rule: str
    reason: str


def clean_article(article: Article) -> CleanedArticle:
    """Return the article without boilerplate, and a record of what was removed and why.
    The text is taken in Unicode's composed form (NFC: "ệ" typed as "e" and two accents is
    the one letter "ệ", so a word matches however it was typed), and its language is
    identified when the input did not give it; ``original`` is the article so taken."""
    article = _normalised(article)
    blocks = split_blocks(article.text)
    removals: list[Removal] = []
    title = article.title.strip() if article.title else None
    for _ in range(_MAX_PASSES):
        before = len(removals)
        blocks = _remove_fragments(article.text, blocks, removals)
        blocks = _remove_blocks(article.text, blocks, removals, title)
        if title is None:
            title, blocks = _take_headline(article.text, blocks, removals)
        if len(removals) == before:
            break
    text = "\n\n".join(re.sub(r"\s*\n\s*", " ", article.text[b.start : b.end]) for b in blocks)
    removals.sort(key=lambda r: r.start)
    cleaned = replace(article, text=text, title=title)
    return CleanedArticle(article=cleaned, original=article, removals=tuple(removals))


def _normalised(article: Article) -> Article:
    text = unicodedata.normalize("NFC", article.text)
    title = unicodedata.normalize("NFC", article.title) if article.title else article.title
    language = article.language or detect_language(text or title or "")
    if text == article.text and title == article.title and language == article.language:
        return article
    return replace(article, text=text, title=title, language=language)


def _remove_fragments(source: str, blocks: list[Block], removals: list[Removal]) -> list[Block]:
    """Cut comment-form phrases off the start and end of blocks, even when glued to text."""
    kept: list[Block] = []
    for block in blocks:
        start, end = 0, len(block.text)
        while match := rules.COMMENT_FORM_FRAGMENT.match(block.text, start, end):
            if match.end() == start:
                break
            _record(source, removals, block.start + match.start(), block.start + match.end(), *_COMMENT_FORM)
            start = match.end()
        while start < end:
            tail = _trailing_fragment(block.text, start, end)
            if tail is None:
                break
            _record(source, removals, block.start + tail, block.start + end, *_COMMENT_FORM)
            end = tail
        piece = block.part(start, end)
        if piece is not None:
            kept.append(piece)
    return kept


def _trailing_fragment(text: str, start: int, end: int) -> int | None:
    """Where a comment-form phrase that ends the text begins, if one does."""
    for match in rules.COMMENT_FORM_FRAGMENT.finditer(text, start, end):
        if match.end() == end and match.end() > match.start():
            return match.start()
    return None


def _remove_blocks(
    source: str, blocks: list[Block], removals: list[Removal], title: str | None
) -> list[Block]:
    kept: list[Block] = []
    # A caption shown twice is a repeat to drop; many repeated paragraphs are the page's
    # structure (a recipe's steps, a list, an interview's questions) and all stay.
    seen: set[str] | None = set() if _repeats(blocks) <= _MAX_REPEATS else None
    skipping_related = False
    for position, block in enumerate(blocks):
        if skipping_related and _looks_like_link_title(block):
            _record_block(source, removals, block, "related", "link list under a related-stories heading")
            continue
        skipping_related = False
        verdict = _judge(block, position, blocks, title, seen)
        if verdict is None:
            block = _trim_trailing_credit(source, block, removals)
            if seen is not None:
                seen.add(_key(block.text))
            kept.append(block)
            continue
        _record_block(source, removals, block, verdict.rule, verdict.reason)
        skipping_related = verdict.rule == "related" and bool(rules.RELATED_HEADING.match(block.text))
    return kept


def _repeats(blocks: list[Block]) -> int:
    """How many paragraphs of four words or more repeat an earlier one word for word."""
    keys = Counter(_key(block.text) for block in blocks if block.words >= 4)
    return sum(count - 1 for count in keys.values())


def _judge(
    block: Block, position: int, blocks: list[Block], title: str | None, seen: set[str] | None
) -> _Verdict | None:
    text = block.text
    words = block.words
    for pattern in rules.BOILERPLATE_LINES:
        if words <= pattern.max_words and pattern.regex.match(text):
            return _Verdict(pattern.rule, pattern.reason)
    if rules.RELATED_HEADING.match(text):
        return _Verdict("related", "related-stories heading")
    if _is_caption(block):
        return _Verdict("photo-caption", "photo caption with its credit")
    if title and position == 0 and _key(text) == _key(title):
        return _Verdict("title", "headline repeated at the top of the body")
    if words <= rules.BYLINE_MAX_WORDS:
        if _before_story(position, blocks) and rules.LEADING_BYLINE.match(text):
            return _Verdict("byline", "byline or date line above the story")
        if _after_story(position, blocks) and rules.TRAILING_BYLINE.match(text):
            return _Verdict("byline", "author or agency credit below the story")
    if words >= 4 and seen is not None and _key(text) in seen:
        return _Verdict("repeated", "paragraph repeated word for word (e.g. a caption shown twice)")
    return None


def _is_caption(block: Block) -> bool:
    """A short paragraph that ends in a photo credit, or names an agency as its whole text."""
    text = block.text
    if rules.AGENCY_CREDIT.match(text):
        return True
    credit = rules.trailing_credit(text) if block.words <= 70 else None
    if credit is None:
        return False
    before_credit = text[: credit.start()].strip()
    # A long paragraph, or one reporting what someone said, with a credit glued to its end
    # is story text: only its credit goes.
    if rules.REPORTING_VERB.search(before_credit):
        return False
    return block.words <= 45 or bool(rules.PHOTO_POSITION.search(before_credit))


def _trim_trailing_credit(source: str, block: Block, removals: list[Removal]) -> Block:
    match = rules.trailing_credit(block.text)
    if not match:
        return block
    kept = block.part(0, match.start())
    if kept is None:
        return block
    _record(
        source,
        removals,
        kept.end,
        block.end,
        "photo-caption",
        "photo credit at the end of a paragraph",
    )
    return kept


def _take_headline(
    source: str, blocks: list[Block], removals: list[Removal]
) -> tuple[str | None, list[Block]]:
    """A first block that reads as a headline (short, no closing full stop) becomes the title."""
    if len(blocks) < 2:
        return None, blocks
    first = blocks[0]
    text = first.text
    if (
        first.words <= rules.HEADLINE_MAX_WORDS
        and not rules.ends_like_sentence(text)
        and not text[0].islower()
    ):
        _record_block(source, removals, first, "headline", "headline moved to the title")
        return text, blocks[1:]
    return None, blocks


def _looks_like_link_title(block: Block) -> bool:
    return block.words <= 20 and not re.search(r"[.!?]['\"”’]?$", block.text)


def _before_story(position: int, blocks: list[Block]) -> bool:
    return all(b.words <= rules.BYLINE_MAX_WORDS for b in blocks[:position])


def _after_story(position: int, blocks: list[Block]) -> bool:
    return position > 0 and all(b.words <= rules.BYLINE_MAX_WORDS for b in blocks[position + 1 :])


def _key(text: str) -> str:
    """A paragraph's identity for spotting repeats: its words, without a trailing credit."""
    credit = rules.trailing_credit(text)
    if credit:
        text = text[: credit.start()]
    if len(text) > _SHORT_BLOCK_CHARS:  # long paragraphs repeat verbatim; skip the regex
        return " ".join(text.lower().split())
    return _NORMALISE.sub(" ", text.lower()).strip()


def _record_block(source: str, removals: list[Removal], block: Block, rule: str, reason: str) -> None:
    _record(source, removals, block.start, block.end, rule, reason)


def _record(source: str, removals: list[Removal], start: int, end: int, rule: str, reason: str) -> None:
    text = source[start:end]
    if text.strip():
        removals.append(Removal(rule=rule, reason=reason, start=start, end=end, text=text))
