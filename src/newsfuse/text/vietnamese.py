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
