"""Independent sources: copies, one outlet's articles, versions of one story and one sentence
carried word for word count once."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsfuse
from newsfuse.evidence.sources import independent_sources, report_of, same_reports
from newsfuse.model import Article, Citation, Copy, SameReport

STORY = (
    "The Brenna paint factory burned for six hours on Tuesday after a spark in the mixing hall. "
    "Fourteen workers were taken to St. Odrin Hospital, three of them with serious burns. "
    "The fire service sent forty firefighters and closed the coast road until the evening. "
    "The owner, Ilse Marrow, said the plant would stay closed until an inquiry has ended. "
    "Inspectors from the labour ministry are expected at the site on Wednesday morning."
)


def _article(article_id: str, text: str = STORY, **fields: str) -> Article:
    return Article(id=article_id, text=text, **fields)  # type: ignore[arg-type]


def test_one_outlet_twice_is_one_report_and_only_named_outlets_count():
    articles = [
        _article("a", source="Coast Daily"),
        _article(
            "b", "Another story about the coast road and its traffic on Tuesday.", source="coast daily "
        ),
        _article("c", "A third report on the factory fire from elsewhere.", url="https://www.tide.example/x"),
        _article("d", "A fourth report, from a file that names no outlet."),
    ]
    assert same_reports(articles) == (SameReport("b", "a", "same outlet"),)
    summary_outlets = {a.known_outlet for a in articles}
    assert summary_outlets == {"Coast Daily", "coast daily", "tide.example", None}


def test_versions_of_one_story_are_one_report_and_separate_reports_are_not():
    update = (
        "Fourteen workers were hurt and a hall destroyed when the Brenna paint factory burned on "
        "Tuesday, the fire service said in an update. " + STORY.split(". ", 1)[1]
    )
    other = (
        "Smoke from a burning paint works closed the coast road near Brenna for most of Tuesday. "
        "Drivers were sent inland, and the road opened again late in the evening, police said. "
        "Residents of two streets were told to keep their windows shut against the fumes."
    )
    articles = [_article("first"), _article("update", update), _article("other", other)]
    assert same_reports(articles) == (SameReport("update", "first", "same story"),)


def test_reports_resolve_through_copies_of_versions():
    copies = [Copy("copy-of-update", "update", "exact")]
    same = [SameReport("update", "first", "same story")]
    assert report_of(copies, same) == {"copy-of-update": "first", "update": "first"}


def _cited(article_id: str, text: str, kind: str = "supports") -> Citation:
    return Citation(article_id, 0, len(text), text, kind, 0.9)


def test_independent_sources_count_reports_not_articles_and_never_conflicts():
    reports = {"b": "a", "d": "c"}
    citations = (
        _cited("a", "The fire burned for six hours.", "origin"),
        _cited("b", "It burned six hours."),  # same report as a
        _cited("c", "Six hours of fire."),
        _cited("e", "Six hours of fire."),  # the same sentence, word for word: a reused wire passage
        _cited("f", "For six hours the plant burned.", "partial"),
        _cited("g", "The fire burned for two hours.", "conflicts"),
    )
    assert independent_sources(citations, reports) == 3  # {a, b}, {c, e}, {f}


def test_the_examples_count_a_copy_and_a_second_article_of_one_outlet_once(examples_dir, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for path in examples_dir.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "mirror.txt").write_bytes((examples_dir / "velmora-courier.txt").read_bytes())
    kestova = json.loads((examples_dir / "kestova-times.json").read_text(encoding="utf-8"))
    kestova_id = kestova["id"]
    kestova.update(id="kestova-evening", text="Port Velmora opened again on Tuesday evening. " * 3)
    (folder / "kestova-evening.json").write_text(json.dumps(kestova), encoding="utf-8")
    summary = newsfuse.summarize_paths(folder)
    assert len(summary.articles) == 6
    (same,) = summary.same_reports
    assert ({same.article_id, same.same_as}, same.reason) == ({"kestova-evening", kestova_id}, "same outlet")
    (copy,) = summary.copies
    assert {copy.copy_id, copy.original_id} == {"mirror", "velmora-courier"}
    assert summary.independent_reports == 4
    assert summary.known_outlets == ("Harborline News", "Kestova Times")
    for sentence in summary.sentences:
        assert 1 <= sentence.independent_sources <= 4
    data = json.loads(newsfuse.render(summary, "json"))
    assert data["independent_reports"] == 4
    assert data["same_reports"] == [
        {"article_id": same.article_id, "same_as": same.same_as, "reason": "same outlet"}
    ]
    assert all("independent_sources" in s for s in data["sentences"])
    text = newsfuse.render(summary, "text")
    assert "(4 independent reports, 2 known outlets)" in text
    assert "(same outlet as [" in text
    assert "(same text as [" in text


_WORDS = st.sampled_from(
    "harbor fire crews pier warehouse smoke residents council port ship bay police mayor night "
    "workers injured road closed inquiry owner engine hall sheds water oil morning".split()
)
_SENTENCE = st.lists(_WORDS, min_size=6, max_size=14).map(lambda words: " ".join(words).capitalize() + ".")


@settings(max_examples=25, deadline=None)
@given(st.lists(_SENTENCE, min_size=2, max_size=6))
def test_an_article_and_its_exact_copy_are_one_source(sentences):
    text = " ".join(sentences)
    shouted = text.upper()  # the same words, whatever the case: an exact copy
    summary = newsfuse.summarize(
        [
            Article(id="original", text=text, source="Coast Daily"),
            Article(id="copy", text=shouted, source="Tide"),
        ],
        settings=newsfuse.load_settings({"summary": {"words": 60}}),
    )
    assert summary.independent_reports == 1
    assert all(s.independent_sources == 1 for s in summary.sentences)
    assert all(c.article_id == "original" for s in summary.sentences for c in s.citations)


@pytest.mark.parametrize("reason", ["same outlet", "same story"])
def test_same_report_reasons_are_named_in_text_and_markdown(reason):
    summary = newsfuse.summarize(
        [
            Article(id="a", text=STORY, source="Coast Daily"),
            Article(
                id="b",
                text=STORY.replace("six hours", "seven hours"),
                source="Coast Daily" if reason == "same outlet" else "Tide",
            ),
        ]
    )
    assert [s.reason for s in summary.same_reports] == [reason]
    for form in ("text", "markdown"):
        assert "counted once" in newsfuse.render(summary, form)
