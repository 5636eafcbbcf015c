"""Anchors: names, numbers and dates written alike in Vietnamese and English."""

import pytest

from newsfuse.text.anchors import anchors, number_value
from newsfuse.text.tokens import fold, lexicon_for

VI, EN = lexicon_for("vi"), lexicon_for("en")


@pytest.mark.parametrize(
    ("written", "lexicon", "value"),
    [
        ("1.400", VI, "1400"),
        ("1,400", EN, "1400"),
        ("6,5", VI, "6.5"),
        ("6.5", EN, "6.5"),
        ("1.400,5", VI, "1400.5"),
        ("1,400.50", EN, "1400.5"),
        ("19.5", VI, "19.5"),  # a decimal typed the English way, not 195
        ("05", VI, "5"),
        ("1.2.3", VI, None),
        ("1,2,3", EN, None),
    ],
)
def test_numbers_are_anchored_by_value(written, lexicon, value):
    assert number_value(written, lexicon) == value


def test_names_are_folded_so_spellings_with_and_without_accents_meet():
    assert fold("Nguyễn") == fold("Nguyen") == "nguyen"
    assert fold("Đà") == "da"
    vietnamese = anchors("Ông Lê Hoàng-Phong đến xã Phú Lạc.", VI)
    english = anchors("Chairman Le Hoang Phong visited Phu Lac commune.", EN)
    assert {"le", "hoang", "phong", "phu", "lac"} <= set(vietnamese) & set(english)


def test_dates_are_anchored_by_day_and_month_in_either_language():
    vietnamese = anchors("Đê vỡ vào đêm 8/11, đến sáng 9.11 và ngày 10 tháng 11 vẫn mưa. Có 1.400 người.", VI)
    english = anchors("The dike broke on Nov. 8; by 9 November and on November 10 it still rained.", EN)
    assert {"8/11", "9/11", "10/11"} <= set(vietnamese) & set(english)
    assert "1400" in vietnamese
    assert "8" not in vietnamese
    assert "11" not in vietnamese
    assert "november" not in english  # a month is a date, not a name


def test_vietnamese_dates_before_a_comma_and_no_ranges_fractions_or_weekday_names():
    found = anchors(
        "Đêm 8.11, đê vỡ. Sáng 9-11, nước rút. Từ 3-5 người, khoảng 2/3 số hộ, thứ Năm ở Việt Nam.", VI
    )
    assert {"8/11", "9/11"} <= set(found)
    assert not {"3/5", "2/3"} & set(found)
    assert found["nam"] == 1  # "Việt Nam", not "thứ Năm" (Thursday)
    assert "ong" not in anchors("Hôm qua, Ông Lê Văn Thu và bà Lan đến.", VI)  # "Ông" is no name
    assert "thu" in anchors("Hôm qua, Ông Lê Văn Thu và bà Lan đến.", VI)
