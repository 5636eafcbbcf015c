"""Vietnamese as a language of its own: its words, its boilerplate, its example reports."""

import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest

from newsfuse.clean import clean_article
from newsfuse.ingest import read_articles
from newsfuse.model import Article
from newsfuse.segment import split_sentences
from newsfuse.text.tokens import ENGLISH, capitalised, lexicon_for, sentence_terms

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "dike-breach"


def test_vietnamese_words_are_not_stemmed_and_function_syllables_are_not_content():
    vietnamese = lexicon_for("vi-VN")
    terms = sentence_terms("Ông ấy bị thương ở chân, phải thay xe và ăn chay.", lexicon=vietnamese)
    # An English stemmer makes "thay" (change) "thai" and "chay" (meatless) "chai" (bottle).
    assert {"thay", "chay", "chân"} <= terms.content
    assert {"ông", "ấy", "và", "ở", "bị"}.isdisjoint(terms.content)
    assert ("thương", "ở") in terms.bigrams
    assert ("ông", "ấy") not in terms.bigrams
    assert sentence_terms("thay", lexicon=ENGLISH).content == {"thai"}
    assert lexicon_for(None) is ENGLISH
    assert lexicon_for("fr") is ENGLISH


def test_numbers_written_out_in_vietnamese_match_digits():
    terms = sentence_terms("Hai người mất tích", lexicon=lexicon_for("vi"))
    assert "2" in terms.content


def test_capitals_beyond_ascii_mark_names():
    assert capitalised("Ông Lê Hoàng Phong đến Đà Nẵng và Ủy ban tỉnh") == [
        "Lê",
        "Hoàng",
        "Phong",
        "Đà",
        "Nẵng",
        "Ủy",
    ]


def test_text_typed_in_decomposed_form_is_taken_composed_and_its_language_identified():
    composed = "Sau ba ngày mưa lớn, đoạn đê bao ở xã Phú Lạc bị vỡ vào đêm 8/11, hơn 300 ngôi nhà bị ngập."
    cleaned = clean_article(Article(id="a", text=unicodedata.normalize("NFD", composed)))
    assert cleaned.article.text == composed
    assert cleaned.article.language == "vi"
    assert sentence_terms(cleaned.article.text).content >= {"phú", "lạc"}


def test_vietnamese_boilerplate_is_removed_with_its_reasons():
    (article,) = read_articles([EXAMPLES / "tin-phu-lac.txt"]).articles
    cleaned = clean_article(article)
    removed = {(r.rule, cleaned.original.text[r.start : r.end].strip()) for r in cleaned.removals}
    assert removed >= {
        ("byline", "Thứ 2, 09:40, 9/11/2026"),
        ("photo-caption", "Ảnh: Tin Phú Lạc"),
        ("related", "TIN LIÊN QUAN"),
        ("related", "Tỉnh Trà Vân ra công điện khẩn ứng phó mưa lũ"),
        ("platform-notice", "Video đang được xem nhiều"),
        ("byline", "Hoàng Yến (tổng hợp)"),
        ("share", "Chia sẻ bài viết"),
        ("comment-form", "Bình luận"),
    }
    text = cleaned.article.text
    for kept in ("1.400 người dân", "320 ngôi nhà", "20 tấn gạo", "hết ngày 10/11"):
        assert kept in text  # every sentence of the story stays


@pytest.mark.parametrize(
    "line",
    [
        "Tin liên quan",
        "Xem thêm: Mưa lớn gây sạt lở ở Tân Hòa",
        "Chia sẻ",
        "Gửi bình luận",
        "Quảng cáo",
        "Về đầu trang",
        "(Theo TTXVN)",
        "Theo VnExpress",
        "Nguồn: Báo Trà Vân",
        "Diệu Hương/VOV",
        "Cập nhật: 10:32 20/05/2016",
        "© Bản quyền thuộc về Trà Vân Online. Ghi rõ nguồn khi phát hành lại thông tin.",
    ],
)
def test_vietnamese_boilerplate_lines(line):
    story = "Đê bao ở xã Phú Lạc bị vỡ vào đêm 8/11, hơn 300 ngôi nhà bị ngập sâu trong nước lũ."
    after = "Ông Lê Hoàng Phong yêu cầu các sở, ngành gia cố đoạn đê bị vỡ trong ngày 11/11."
    before = line.startswith(("Cập nhật",))
    parts = [line, story, after] if before else [story, after, line]
    cleaned = clean_article(Article(id="a", text="\n\n".join(parts)))
    assert cleaned.article.text == f"{story}\n\n{after}"


def test_a_story_sentence_that_opens_with_theo_stays():
    story = "Đê bao ở xã Phú Lạc bị vỡ vào đêm 8/11, hơn 300 ngôi nhà bị ngập sâu trong nước lũ."
    last = "Theo ông Phong, việc hàn khẩu đê sẽ hoàn thành trong ngày 11/11."
    cleaned = clean_article(Article(id="a", text=f"{story}\n\n{last}"))
    assert last in cleaned.article.text


def test_vietnamese_sentences_and_dateline():
    article = Article(
        id="a",
        text="(Tin Phú Lạc) - Khoảng 21 giờ đêm qua, đê bị vỡ. Đến sáng 9/11, vẫn còn 2 người mất tích. "
        "5 người bị thương đang được điều trị.",
    )
    assert [s.text for s in split_sentences(article)] == [
        "Khoảng 21 giờ đêm qua, đê bị vỡ.",
        "Đến sáng 9/11, vẫn còn 2 người mất tích.",
        "5 người bị thương đang được điều trị.",
    ]


def test_vietnamese_reports_are_analyzed_and_one_person_is_one_entity_across_languages():
    from newsfuse.analyze import analyze
    from newsfuse.pipeline import prepare

    articles = prepare(read_articles([EXAMPLES]).articles).articles
    analysis = analyze(articles)
    (chairman,) = [e for e in analysis.entities if e.kind == "person" and "Phong" in e.name]
    assert {"Lê Hoàng Phong", "Le Hoang Phong"} <= set(chairman.spellings)
    assert len(chairman.sources) == 4  # two Vietnamese reports, two English
    assert not [p for p in analysis.problems if p.kind == "language"]
    (quote,) = [q for q in analysis.quotes if q.speaker == chairman.id]
    # one statement, rendered twice in Vietnamese and twice in English
    assert set(quote.sources) == {
        "tra-van-online",
        "tin-phu-lac",
        "mekong-ledger-2026-11-09-phu-lac-dike",
    } | {"delta-morning-post"}
    resolved = {(d.mention.article_id, d.mention.text): d.first for d in analysis.dates}
    assert resolved[("tra-van-online", "đêm 8/11")] == date(2026, 11, 8)
    assert resolved[("tin-phu-lac", "đêm qua")] == date(2026, 11, 8)  # undated: the reports' day
    assert resolved[("tin-phu-lac", "sáng nay")] == date(2026, 11, 9)


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("8/11", date(2026, 11, 8)),
        ("ngày 19.5", date(2026, 5, 19)),
        ("hôm qua", date(2026, 11, 8)),
        ("tháng 11 năm 2019", date(2019, 11, 1)),
        ("20/05/2016", date(2016, 5, 20)),
        ("chủ nhật", date(2026, 11, 8)),
        ("đêm 8.11", date(2026, 11, 8)),
        ("hôm 8/11", date(2026, 11, 8)),
        ("thứ Hai tuần trước", date(2026, 11, 2)),
        ("chủ nhật tuần này", date(2026, 11, 15)),
        ("thứ Năm", date(2026, 11, 5)),  # told of, so the last one
    ],
)
def test_vietnamese_dates_are_read_day_before_month(phrase, day):
    from newsfuse.analyze.dates import resolve

    written = datetime(2026, 11, 9, 10)
    assert resolve(phrase, written, language="vi")[0] == day
    if phrase == "8/11":
        assert resolve(phrase, written)[0] == date(2026, 8, 11)  # English reads month first


@pytest.mark.parametrize(
    "line",
    [
        "Ý kiến của các chuyên gia cho thấy con đê đã xuống cấp từ lâu.",
        "Gửi thư khẩn tới tỉnh, ông Phong đề nghị hỗ trợ 1.400 hộ dân.",
        "Họ tên các nạn nhân chưa được công bố.",
        "Theo dõi mực nước trên kênh Xáng, lực lượng chức năng phát hiện vết nứt lúc 2 giờ sáng.",
        "Công ty đã bị thu hồi giấy phép hoạt động từ năm 2020 sau nhiều sai phạm.",
        "Xem thêm các diễn biến mới nhất tại hiện trường.",
        "Thời gian 3 ngày qua, mưa lớn làm vỡ đê ở nhiều nơi.",
        "Chúc Mừng Năm Mới.",
    ],
)
def test_story_lines_that_look_like_vietnamese_boilerplate_stay(line):
    story = "Đê bao ở xã Phú Lạc bị vỡ vào đêm 8/11, hơn 300 ngôi nhà bị ngập sâu trong nước lũ."
    for text in (f"{story}\n\n{line}", f"{line}\n\n{story}"):
        assert line in clean_article(Article(id="a", text=text)).article.text


def test_an_ordinal_is_no_weekday_and_a_name_keeps_its_moved_tone_mark():
    from newsfuse.analyze.vietnamese import parse_vietnamese

    doc = next(parse_vietnamese(["Lần thứ hai, bà Nguyễn Thị Hoà ở phường Thuỵ Khuê cho biết đê vỡ."]))
    found = {(e.label_, e.text) for e in doc.ents}
    assert ("PERSON", "Nguyễn Thị Hoà") in found
    assert not [text for label, text in found if label == "DATE"]


def test_vietnamese_people_with_other_middle_names_are_two():
    from newsfuse.analyze.entities import _same_person

    assert not _same_person(("nguyễn", "văn", "hùng"), ("nguyễn", "thị", "hùng"))
    assert _same_person(("duncan", "robert", "rait"), ("duncan", "rait"))


def test_vietnamese_numbers_in_evidence_and_a_number_after_a_date_opens_a_sentence():
    from newsfuse.evidence.quantities import quantities

    assert quantities("Đêm 8/11, 40 người, 12.500,5 tấn, 1.400 hộ, 6,5 độ", "vi").values == {
        40,
        12500.5,
        1400,
        6.5,
    }
    article = Article(id="a", text="Lũ về đêm 8/11. 1.400 hộ dân phải sơ tán.")
    assert [s.text for s in split_sentences(article)] == ["Lũ về đêm 8/11.", "1.400 hộ dân phải sơ tán."]


def test_a_clock_time_is_no_count_and_a_vietnamese_hedge_makes_a_bound():
    from newsfuse.evidence.conflicts import conflict
    from newsfuse.evidence.quantities import Bound, quantities

    breach = quantities("Đê bị vỡ vào khoảng 21 giờ đêm 8/11, khiến hơn 300 ngôi nhà bị ngập sâu.", "vi")
    report = quantities("Tính đến 7 giờ sáng nay, lũ đã làm 320 ngôi nhà bị ngập.", "vi")
    assert [(m.value, m.noun, m.bound) for m in breach.mentions] == [(300, "nhà", Bound.AT_LEAST)]
    assert [(m.value, m.noun) for m in report.mentions] == [(320, "nhà")]
    assert conflict(breach, report) is None
    assert conflict(quantities("Lũ làm 250 ngôi nhà bị ngập.", "vi"), report) == "nhà: 250 against 320"
    assert quantities("Lúc 10h30, 5 chiếc xe bị cuốn trôi.", "vi").values == {5}
    assert [m.value for m in quantities("Sau 48 giờ, 12 người được cứu.", "vi").mentions] == [48, 12]


@pytest.mark.parametrize(
    "sentences",
    [
        # Vietnamese words that English abbreviates ("Thu.", "mai.", "cao.") end sentences
        ["Lễ hội được tổ chức bên bờ sông Hồng Thu.", "Hơn 200 người đã đến xem."],
        ["Phiên họp sẽ tiếp tục vào ngày mai.", "Bị cáo vắng mặt vì lý do sức khỏe."],
        ["Bà Hoa nói: “Nước lên rất nhanh. Chúng tôi phải kê đồ lên cao.”", "Đến trưa, nước bắt đầu rút."],
        ["Hàng thu giữ gồm quần áo, giày dép, v.v.", "Chủ hàng không xuất trình được hóa đơn."],
        # a number opens the next sentence after a date or a month
        ["Đợt nắng nóng kéo dài từ ngày 14.6.", "38 độ C là mức cao nhất trong tuần."],
        ["Công trình hoàn thành vào cuối tháng 8.", "3 trường học mới sẽ đón học sinh từ tháng 9."],
        # a title or a kind of place before a name ends nothing
        ["Theo ThS. Đỗ Minh Khang, mực nước sẽ còn lên trong hai ngày tới."],
        ["Đoàn xe đi qua TP. Lâm Hà và Tp. Hòa Bình trước khi trời tối."],
    ],
)
def test_vietnamese_sentences_end_where_vietnamese_ends_them(sentences):
    article = Article(id="a", text=" ".join(sentences), language="vi")
    assert [s.text for s in split_sentences(article)] == sentences


def test_quotes_in_two_languages_stay_apart_when_the_speaker_said_several_things():
    from newsfuse.analyze import analyze

    vietnamese = Article(
        id="vi",
        language="vi",
        text="Ông Lê Hoàng Phong cho biết: “Chúng tôi đã sơ tán toàn bộ người dân trước 23 giờ đêm qua”. "
        "Sau đó, ông Lê Hoàng Phong nói: “Tỉnh sẽ gia cố đoạn đê bị vỡ trong ngày 11/11 tới đây”.",
    )
    english = Article(
        id="en",
        language="en",
        text='Le Hoang Phong said: "All residents were evacuated before 11 pm, thanks to the army."',
    )
    quotes = [q for q in analyze([vietnamese, english]).quotes if q.speaker_name]
    assert len(quotes) == 3  # which Vietnamese statement the English one renders is not known


def test_vietnamese_text_with_other_scripts_is_read_whole():
    import newsfuse
    from newsfuse.analyze import analyze

    text = (
        "Sau ba ngày mưa lớn, đê bao ở xã Phú Lạc (富乐社) bị vỡ vào đêm 8/11, khiến hơn 300 ngôi nhà "
        "bị ngập. Phóng viên báo Правда và ông Lê Hoàng Phong có mặt tại hiện trường.\n\n"
        "Chính quyền đã sơ tán 1.400 người dân đến nơi an toàn, ông Phong cho biết. Đoàn công tác "
        "của tỉnh 广西 cũng gửi lời thăm hỏi."
    )
    cleaned = clean_article(Article(id="mixed", text=text))
    assert cleaned.article.language == "vi"
    assert cleaned.article.text == text  # every word kept, in every script
    summary = newsfuse.summarize([cleaned.article], words=60)
    assert "富乐社" in " ".join(s.text for s in summary.sentences)
    people = [e.name for e in analyze([cleaned.article]).entities if e.kind == "person"]
    assert "Lê Hoàng Phong" in people
