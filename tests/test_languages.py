"""Events across languages: Vietnamese and English reports of one event meet by their
names, numbers and dates; words decide within a language."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from newsfuse.events import EventClusterer, cluster_articles
from newsfuse.events.languages import join_across, language_of
from newsfuse.ingest import read_articles
from newsfuse.model import Article
from newsfuse.pipeline import prepare

ROOT = Path(__file__).resolve().parents[1]
DIKE = ROOT / "examples" / "dike-breach"
START = datetime(2026, 11, 9, 8, tzinfo=UTC)

# Two floods of one kind in two provinces, weeks apart, each reported in both languages.
FLOOD_A_VI = (
    "Đêm 8/11, đê bao ở xã Phú Lạc, huyện Tân Hòa, tỉnh Trà Vân bị vỡ sau ba ngày mưa lớn. "
    "Khoảng 1.400 người dân đã được sơ tán. Ông Lê Hoàng Phong, Chủ tịch UBND tỉnh Trà Vân, "
    "cho biết còn 2 người mất tích và 320 ngôi nhà bị ngập."
)
FLOOD_A_EN = (
    "A dike in Phu Lac commune, Tan Hoa district, Tra Van province broke on the night of Nov. 8 "
    "after three days of heavy rain. About 1,400 people were evacuated. Le Hoang Phong, chairman "
    "of Tra Van province, said 2 people were missing and 320 houses were flooded."
)
FLOOD_B_VI = (
    "Ngày 29/11, nước sông Kiến Giang dâng cao làm ngập 650 ngôi nhà ở huyện Mỹ Sơn, tỉnh Bình Sa. "
    "Hơn 2.300 người phải rời nhà. Ông Đỗ Minh Khang, Phó chủ tịch UBND tỉnh Bình Sa, "
    "cho biết 4 người bị thương."
)
FLOOD_B_EN = (
    "On November 29, the Kien Giang river rose and flooded 650 houses in My Son district, Binh Sa "
    "province. More than 2,300 people had to leave their homes. Do Minh Khang, vice chairman of "
    "Binh Sa province, said 4 people were injured."
)


def flood_reports() -> list[Article]:
    texts = [("a-vi", FLOOD_A_VI, "vi", 0), ("a-en", FLOOD_A_EN, "en", 2), ("b-vi", FLOOD_B_VI, "vi", 500)]
    texts.append(("b-en", FLOOD_B_EN, "en", 503))
    return [
        Article(id=key, text=text, language=language, published=START + timedelta(hours=hours))
        for key, text, language, hours in texts
    ]


def events_of(placed) -> list[set[str]]:
    grouped: dict[str, set[str]] = {}
    for assignment in placed:
        grouped.setdefault(assignment.event_id, set()).add(assignment.article_id)
    return sorted(grouped.values(), key=sorted)


def test_a_vietnamese_and_an_english_report_of_one_event_meet_and_two_floods_stay_apart():
    articles = flood_reports()
    expected = [{"a-en", "a-vi"}, {"b-en", "b-vi"}]
    assert events_of(cluster_articles(articles)) == expected
    clusterer = EventClusterer()
    assert events_of([clusterer.add(a) for a in articles]) == expected
    apart = EventClusterer(across_languages=False)
    assert events_of([apart.add(a) for a in articles]) == [
        {"a-en"},
        {"a-vi"},
        {"b-en"},
        {"b-vi"},
    ]


def test_the_example_reports_in_two_languages_form_one_event():
    prepared = prepare(read_articles([DIKE]).articles)
    assert {a.language for a in prepared.articles} == {"vi", "en"}
    assert len({a.event_id for a in cluster_articles(prepared.articles)}) == 1


def test_anchors_never_join_two_events_of_one_language():
    # Three events: two Vietnamese ones with the same anchors, one English one. Only one
    # Vietnamese event may join the English one.
    anchors = csr_matrix(np.array([[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]]))
    times = np.array([0.0, 10.0, 20.0])
    joined = join_across([0, 1, 2], anchors, ["vi", "vi", "en"], times, timedelta(days=7), 0.3)
    assert len(set(joined.tolist())) == 2
    assert joined[0] == joined[2]  # of two equally good, the first (by label)


def test_events_in_two_languages_far_apart_in_time_stay_apart():
    anchors = csr_matrix(np.array([[1.0], [1.0]]))
    times = np.array([0.0, 60.0 * 86400])
    joined = join_across([0, 1], anchors, ["vi", "en"], times, timedelta(days=7), 0.3)
    assert joined.tolist() == [0, 1]


def test_vietnamese_typed_without_accents_is_a_variety_of_its_own():
    accented = Article(id="a", text=FLOOD_A_VI, language="vi")
    plain = Article(id="p", text="Dem 8/11, de bao o xa Phu Lac bi vo sau ba ngay mua lon.", language="vi")
    assert language_of(accented) == "vi"
    assert language_of(plain) == "vi-plain"
    assert language_of(Article(id="e", text=FLOOD_A_EN, language="en")) == "en"


def test_a_report_without_accents_meets_its_event_by_anchors():
    plain = (
        "Dem 8/11, de bao o xa Phu Lac, huyen Tan Hoa, tinh Tra Van bi vo. Khoang 1.400 nguoi dan "
        "da duoc so tan. Ong Le Hoang Phong cho biet con 2 nguoi mat tich va 320 ngoi nha bi ngap."
    )
    articles = [*flood_reports(), Article(id="a-plain", text=plain, language="vi", published=START)]
    grouped = events_of(cluster_articles(articles))
    assert {"a-vi", "a-en", "a-plain"} in grouped


def test_the_bilingual_gold_set_is_well_formed():
    lines = (ROOT / "benchmarks" / "gold" / "bilingual_events.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    by_event: dict[str, set[str]] = {}
    for record in records:
        by_event.setdefault(record["event"], set()).add(record["language"])
    assert len(by_event) >= 6
    assert all(languages == {"vi", "en"} for languages in by_event.values())
    assert len({r["id"] for r in records}) == len(records)
