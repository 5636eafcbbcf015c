"""Vietnamese words: function syllables, numbers written out, and no stemming.

Vietnamese writes each syllable apart ("Hà Nội", "chính phủ"), so the units newsfuse
compares are syllables, and a two-syllable word shows itself as a bigram, which is what
concepts and term vectors count anyway. Words do not inflect, so nothing is stemmed (an
English stemmer would turn "tay" (hand) into "tai" (ear)). The function syllables below are
the ones that carry no content in news text: particles, prepositions, conjunctions,
pronouns, classifiers and tense markers. Syllables that are also parts of content words
("thể" in "thể thao", "chính" in "chính phủ", "điều" in "điều tra") are not among them.
"""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """
    ai anh bao bà bác bên bạn bằng bị bởi chiếc cho cháu chúng chưa chỉ chị chứ càng các
    cái còn có cô cùng cũng cả cần của cứ do dù em gì hay hoặc hãy hơn hết họ khi khá
    không là lên lúc lại mà mình mấy mọi mỗi một mới nay ngay nhau nhiều nhé như nhưng
    những nào này nên nó nơi nếu nữa phải qua quá ra rất rằng rồi sau sẽ sự theo thêm
    thì thế trong trên trước tôi tại tất từ từng việc và vào vì vẫn về với vừa xin à ông
    đang đi đây đã đó được đấy đến đều để ạ ấy ở
    """.split()
)
"""Function syllables of Vietnamese news text, lowercased, in NFC form."""

CLASSIFIERS = frozenset("con cái chiếc ngôi căn tấm quả bức cuốn quyển tòa toà".split())
"""Words between a number and its noun that say what kind of thing it is ("300 ngôi nhà",
"5 chiếc xe"): the noun after them is what is counted."""

PLAIN_STOPWORDS = frozenset("cua duoc nhung cac voi khong cung nhu theo va la se mot nay trong".split())
"""Function syllables of Vietnamese typed without accents: only those that, so typed,
are no other common word ("de" is "để" (to) but also "đê" (dike), "bao" also "bão"
(storm), "tai" also "tai nạn" (accident): those stay words)."""

NUMBER_WORDS = {
    "hai": "2",
    "bốn": "4",
    "sáu": "6",
    "bảy": "7",
    "tám": "8",
    "chín": "9",
    "mười": "10",
}
"""Numbers written out compare equal to digits. "một" (also "a") and "ba" and "năm" (also
"father" and "year") are left as they are."""

_PART_OF_DAY = r"(?:rạng sáng|sáng sớm|sáng|trưa|chiều|tối|đêm|khuya)"
# A weekday: "thứ Hai", "Thứ 6", "chủ nhật"; its name takes a capital, so "lần thứ hai"
# (the second time) and "xếp thứ 2" (ranked second) are no days.
_WEEKDAY = (
    r"(?:(?<!lần )(?<!hạng )(?<!xếp )(?<!đứng )thứ\s+(?:(?-i:Hai|Ba|Tư|Năm|Sáu|Bảy)|[2-7])(?![\w])"
    r"|chủ\s+nhật)"
)
_DAY_MONTH = (
    r"(?<![\d.,/])(?P<{day}>\d{{1,2}})[/.-](?P<{month}>\d{{1,2}})(?:[/.-](?:\d{{4}}|\d{{2}}))?"
    r"(?![\d/]|[.,]\d)"
)
DATE = re.compile(
    "|".join(
        [
            # "ngày 8 tháng 11 (năm 2026)"; "tháng 11 năm 2019", "tháng 11/2019", "tháng 11"
            r"ngày\s+(?P<day3>\d{1,2})\s+tháng\s+(?P<month3>\d{1,2})(?:\s+năm\s+\d{4})?",
            r"tháng\s+\d{1,2}(?:\s+năm\s+\d{4}|/\d{4})?(?!\d)",
            # a day and month after a word that makes them a date ("(đêm) (thứ Hai,) ngày 8/11",
            # "sáng 9.11", "thứ Hai, 9/11/2026"), in brackets ("(8/11)"), or with a year
            rf"(?:{_PART_OF_DAY}\s+)?(?:{_WEEKDAY}\s*,?\s*)?(?:ngày|hôm)\s+"
            + _DAY_MONTH.format(day="day", month="month"),
            rf"(?:{_PART_OF_DAY}|{_WEEKDAY})\s*,?\s*" + _DAY_MONTH.format(day="day2", month="month2"),
            r"(?<=\()" + _DAY_MONTH.format(day="day4", month="month4") + r"(?=\))",
            r"(?<![\d.,/])(?P<day5>\d{1,2})[/.-](?P<month5>\d{1,2})[/.-]\d{4}(?!\d)",
            rf"{_WEEKDAY}(?:\s+tuần\s+(?:trước|này|tới|sau))?",
            rf"(?:hôm\s+(?:qua|nay|kia)|ngày\s+(?:mai|kia)|{_PART_OF_DAY}\s+(?:nay|qua|mai))(?!\w)",
            r"(?:tuần|tháng|năm)\s+(?:trước|này|tới|sau|ngoái|nay)(?!\w)",
            r"\d+\s+(?:ngày|tuần|tháng|năm)\s+(?:trước|qua)(?!\w)",
            r"năm\s+\d{4}(?!\d)",
        ]
    ),
    re.IGNORECASE,
)
"""The date expressions Vietnamese news writes, relative ones included."""
TIME_OF_DAY = re.compile(
    "|".join(
        [
            r"(?<!\w)\d{1,2}\s*(?:giờ|g|h)\s*\d{1,2}(?:\s*phút)?(?!\w)",  # "10 giờ 30", "10h30"
            # "21 giờ đêm", "7h sáng": the part of the day is left to a date after it ("đêm 8/11")
            rf"(?<!\w)\d{{1,2}}\s*(?:giờ|h)(?=\s+{_PART_OF_DAY}(?!\w))",
            r"(?:lúc|đến|tới|từ)\s+(?:khoảng\s+)?\d{1,2}\s*(?:giờ|h)(?!\w)",  # "lúc 10 giờ"
        ]
    ),
    re.IGNORECASE,
)
"""A clock time ("21 giờ đêm", "lúc 10h", "10 giờ 30"): a moment, not a number of hours
("trong 48 giờ" stays a count)."""
_DAY_GROUPS = (
    ("day", "month"),
    ("day2", "month2"),
    ("day3", "month3"),
    ("day4", "month4"),
    ("day5", "month5"),
)


def day_and_month(match: re.Match[str]) -> tuple[int, int, tuple[str, ...]] | None:
    """The day and month a ``DATE`` match names, if it names both, and the numbers as
    written for them ("8.11" is one number, "8/11" two)."""
    for day, month in _DAY_GROUPS:
        if match.group(day):
            text = match.string
            joined = text[match.end(day) : match.start(month)] in ".,"
            written = (
                (text[match.start(day) : match.end(month)],)
                if joined
                else (match.group(day), match.group(month))
            )
            return int(match.group(day)), int(match.group(month)), written
    return None
