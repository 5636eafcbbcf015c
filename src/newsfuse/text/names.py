"""Spelling variants of one name, merged so that "Zhirenko" and "Jirenko" count as one word."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsfuse.text.tokens import STOPWORDS, fold, stem

_NAME = re.compile(r"\b[A-Z][a-z]{4,}\b")

ROLES = frozenset(
    "president vice premier prime minister chancellor secretary secretary-general senator sen rep "
    "representative governor gov mayor judge justice general gen colonel col lt captain capt admiral "
    "adm sergeant sgt king queen prince princess pope cardinal bishop rev ambassador envoy chairman "
    "chairwoman chief commander leader spokesman spokeswoman director coach dr doctor professor prof "
    "sheikh ayatollah lord lady sir".split()
)
"""Words that, before a name, say who the person is ("Prime Minister Hun Sen")."""
SPEECH_VERBS = frozenset(
    "said says say told tells added adds stressed emphasized emphasised warned urged asked noted "
    "explained insisted stated declared wrote replied continued argued acknowledged admitted "
    "announced claimed recalled suggested concluded retorted responded commented remarked "
    "testified tweeted countered conceded vowed pledged promised demanded cautioned predicted "
    "quipped joked shouted yelled screamed whispered described reported revealed confirmed denied".split()
)
"""Verbs that report what someone said ("said", "told reporters", "warned")."""
VIETNAMESE_SPEECH = frozenset(
    "cho biết|cho hay|nói|khẳng định|nhấn mạnh|chia sẻ|phát biểu|tuyên bố|bày tỏ|trả lời|"
    "giải thích|thừa nhận|cảnh báo|kêu gọi|nhận định|cho rằng|tiết lộ|xác nhận".split("|")
)
"""Vietnamese verbs that report what someone said ("cho biết": said, "nói": spoke)."""
SPEECH = "|".join(sorted(SPEECH_VERBS | VIETNAMESE_SPEECH, key=lambda verb: (-len(verb), verb)))
"""The verbs of saying, English and Vietnamese, as a regular-expression alternation."""


def name_variants(texts: Iterable[str], *, min_ratio: float = 0.8) -> dict[str, str]:
    """Map spelling variants of proper names to one spelling ("jirenko" -> "zhirenko").

    Candidates are capitalised words of five letters or more; two are variants when they
    end alike and their letters mostly agree. The more frequent spelling is kept.
    """
    from difflib import SequenceMatcher

    counts: dict[str, int] = {}
    for text in texts:
        for name in _NAME.findall(text):
            lowered = name.lower()
            if lowered not in STOPWORDS:
                counts[lowered] = counts.get(lowered, 0) + 1
    by_ending: dict[str, list[str]] = {}
    for name in counts:
        by_ending.setdefault(name[-3:], []).append(name)
    aliases: dict[str, str] = {}
    for group in by_ending.values():
        group.sort(key=lambda n: (-counts[n], n))
        for position, name in enumerate(group):
            if name in aliases:
                continue
            for other in group[position + 1 :]:
                if other in aliases or abs(len(other) - len(name)) > 2:
                    continue
                if SequenceMatcher(None, name, other).ratio() >= min_ratio and stem(name) != stem(other):
                    aliases[other] = name
    return aliases


def folded_words(text: str) -> str:
    """``text`` as a search compares names: accents and case dropped ("Nguyễn Đức" ->
    "nguyen duc"), any run of other characters one space."""
    return " ".join(re.findall(r"\w+", fold(text)))
