"""The analysis of an event: one entity per person, organisation or place, and dates."""

import json
from datetime import date, datetime

import pytest

import newsfuse
from newsfuse.analyze import analyze
from newsfuse.analyze.dates import resolve
from newsfuse.cli import main
from newsfuse.model import Article


@pytest.mark.shared_data
def test_the_seeds_show_one_diplomat_spelled_two_ways_with_his_role_and_an_inferred_date(seeds_dir):
    analysis = newsfuse.analyze_prepared(newsfuse.read([seeds_dir]))
    (diplomat,) = [e for e in analysis.entities if "Jo Chol-su" in e.spellings]
    assert set(diplomat.spellings) == {"Jo Chol-su", "Jo Chon-su"}
    assert diplomat.spelled_several_ways
    assert any("head of the North American Department" in role for role in diplomat.roles)
    assert len(diplomat.sources) == 2
    # "Moscow has confirmed" speaks for Russia, which stays a place.
    (russia,) = [e for e in analysis.entities if e.name == "Russia"]
    assert russia.kind == "place"
    assert any(m.text == "Moscow" for m in russia.mentions)
    (nov8,) = [d for d in analysis.dates if d.mention.text == "Nov. 8"]
    assert (nov8.first, nov8.last, nov8.precision, nov8.inferred) == (
        date(2019, 11, 8),
        date(2019, 11, 8),
        "day",
        True,
    )
    for entity in analysis.entities:
        for mention in entity.mentions:
            article = next(a for a in newsfuse.read([seeds_dir]).articles if a.id == mention.article_id)
            assert article.text[mention.start : mention.end] == mention.text


def _people(*texts: str) -> list[newsfuse.Entity]:
    analysis = analyze([Article(id=f"a{n}", text=t) for n, t in enumerate(texts)])
    return [e for e in analysis.entities if e.kind == "person"]


def test_one_name_however_written_and_relatives_stay_apart():
    people = _people(
        "North Korean leader Kim Jong-un met envoys on Monday. His father Kim Jong-il died in 2011.",
        "Kim Jong Un told the envoys that talks would go on, state media said.",
    )
    names = {p.name: p for p in people}
    assert set(names) == {"Kim Jong-un", "Kim Jong-il"}
    assert len(names["Kim Jong-un"].mentions) == 2
    assert names["Kim Jong-un"].sources == ("a0", "a1")
    assert "North Korean leader" in names["Kim Jong-un"].roles


def test_a_lone_surname_joins_the_person_named_last_before_it():
    (katie, john) = sorted(
        _people(
            "Police charged John Jenkin, 23, on Friday. His sister Katie Jenkin was at home. "
            "Jenkin told officers she had heard nothing."
        ),
        key=lambda p: p.name,
        reverse=True,
    )
    assert (katie.name, john.name) == ("Katie Jenkin", "John Jenkin")
    assert len(katie.mentions) == 2  # "Jenkin" follows Katie Jenkin, not John
    assert len(john.mentions) == 1


def test_short_forms_of_places_are_one_place():
    analysis = analyze(
        [
            Article(id="a", text="The United States sent an envoy to Seoul on Monday."),
            Article(id="b", text="The U.S. envoy arrived in Seoul, and US officials said talks went well."),
        ]
    )
    (states,) = [e for e in analysis.entities if "United States" in e.spellings]
    assert len(states.mentions) == 3
    assert states.sources == ("a", "b")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Nov. 8", (date(2019, 11, 8), date(2019, 11, 8), "day")),
        ("last month", (date(2019, 10, 1), date(2019, 10, 31), "month")),
        ("in February", (date(2019, 2, 1), date(2019, 2, 28), "month")),
        ("June 30, 2019", (date(2019, 6, 30), date(2019, 6, 30), "day")),
        ("since 2017", (date(2017, 1, 1), date(2019, 11, 20), "range")),
        ("before the end of the year", (date(2019, 11, 20), date(2019, 12, 31), "range")),
        ("the 1990s", (date(1990, 1, 1), date(1999, 12, 31), "range")),
        ("Feb. 30", None),
    ],
)
def test_date_expressions_resolve_to_calendar_ranges(phrase, expected):
    assert resolve(phrase, datetime(2019, 11, 20)) == expected


def test_relative_dates_use_a_report_date_and_stay_unresolved_without_one():
    dated = Article(id="a", text="The talks began last month in Stockholm.", published=datetime(2019, 11, 9))
    undated = Article(id="b", text="The talks began last month in Stockholm, in 2019.")
    found = {d.mention.article_id: d for d in analyze([dated, undated]).dates if "month" in d.mention.text}
    assert (found["a"].first, found["a"].anchor) == (date(2019, 10, 1), "published")
    assert (found["b"].first, found["b"].anchor) == (date(2019, 10, 1), "inferred")  # the sibling's date
    (alone,) = [d for d in analyze([undated]).dates if "month" in d.mention.text]
    assert (alone.first, alone.anchor) == (None, "none")  # a year alone does not place "last month"


@pytest.mark.parametrize(
    "text",
    [
        "nothing here has a name or a date at all.",
        '"An unbalanced quote, he said. And another " one',
        "Đà Nẵng hôm nay trời mưa to, người dân ở nhà.",
        "It happened on Feb. 30 and on 31/31/2019.",
        '"Yes. No. Not now. Never," the mayor, Ilse Marrow, said.',
    ],
)
def test_odd_articles_are_analyzed_without_error(text):
    analysis = analyze([Article(id="a", text=text), Article(id="b", text=text + " Ok.")])
    for found in analysis.dates:
        assert found.first is None or found.first <= found.last


def test_the_command_prints_entities_and_dates_with_spans(examples_dir, capsys):
    assert main(["analyze", str(examples_dir), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entities"]
    assert data["dates"]
    texts = {a.id: a.text for a in newsfuse.read([examples_dir]).articles}
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            assert texts[mention["article_id"]][mention["start"] : mention["end"]] == mention["text"]
    for form in ("text", "markdown"):
        assert main(["analyze", str(examples_dir), "--format", form]) == 0
        assert "Velmora" in capsys.readouterr().out


@pytest.mark.shared_data
def test_the_seeds_show_the_diplomats_statement_once_with_both_renderings(seeds_dir):
    prepared = newsfuse.read([seeds_dir])
    analysis = newsfuse.analyze_prepared(prepared)
    (statement,) = [q for q in analysis.quotes if len(q.sources) == 2]
    assert statement.speaker_name == "Jo Chol-su"
    renderings = {v.mention.text.split(" and ")[0] for v in statement.variants}
    assert renderings == {"We have spent a lot of time with the US", "We have given the US too much time"}
    texts = {a.id: a.text for a in prepared.articles}
    for quote in analysis.quotes:
        for variant in quote.variants:
            mention = variant.mention
            assert texts[mention.article_id][mention.start : mention.end] == mention.text


def _quotes(*texts: str) -> list[newsfuse.model.analysis.Quote]:
    return list(analyze([Article(id=f"a{n}", text=t) for n, t in enumerate(texts)]).quotes)


def test_speakers_are_found_after_before_and_behind_a_pronoun():
    quotes = _quotes(
        "Harbour master Ilse Marrow spoke to reporters on Tuesday. "
        '"We will reopen the pier within a week," she said. '
        'Mayor Tomas Brenn said: "The city will pay for the clean-up of the bay." '
        '"Nobody was hurt on the ships themselves," Anton Vesk, head of the port authority, said.'
    )
    said = {q.text: q.speaker_name for q in quotes}
    assert said == {
        "We will reopen the pier within a week": "Ilse Marrow",
        "The city will pay for the clean-up of the bay.": "Tomas Brenn",
        "Nobody was hurt on the ships themselves": "Anton Vesk",
    }


def test_one_statement_rendered_two_ways_is_one_quote_and_two_statements_stay_two():
    quotes = _quotes(
        'Port director Anton Vesk said: "We have lost a great deal of cargo '
        'and we will need months to recover."',
        '"Much of our cargo is gone, and recovery will take us months," Anton Vesk said. '
        '"The insurers have already been told," Vesk added.',
    )
    by_sources = sorted(quotes, key=lambda q: -len(q.sources))
    assert len(by_sources[0].variants) == 2
    assert by_sources[0].speaker_name == "Anton Vesk"
    assert len(quotes) == 2


def test_the_timeline_orders_happenings_and_keeps_one_step_per_happening():
    analysis = analyze(
        [
            Article(
                id="a",
                text="The ferry sank off Port Elin on March 3, 2021. "
                "Divers found the wreck on March 9, 2021.",
            ),
            Article(
                id="b",
                text="Divers located the sunken ferry's wreck on March 9, 2021. "
                "A ferry went down near Port Elin on March 3, 2021, with 40 people aboard.",
            ),
        ]
    )
    steps = [(h.first, h.sources) for h in analysis.timeline]
    assert steps == [(date(2021, 3, 3), ("a", "b")), (date(2021, 3, 9), ("a", "b"))]
    assert analysis.timeline[0].text.startswith("The ferry sank")
    for happening in analysis.timeline:
        assert len(happening.dates) == len(happening.sentences) == 2


def test_a_year_the_expression_gives_is_not_called_inferred():
    analysis = analyze([Article(id="a", text="The talks began in June 2018 and resumed on Nov. 8 in 2019.")])
    anchors = {d.mention.text: d.anchor for d in analysis.dates}
    assert anchors.get("June 2018") == "written"


def test_a_capital_written_for_its_government_is_the_country():
    analysis = analyze(
        [
            Article(
                id="a", text="The United States sent an envoy. Washington urged Pyongyang to answer soon."
            ),
            Article(id="b", text="The envoy met reporters in Washington on Friday before flying to Seoul."),
        ]
    )
    (states,) = [e for e in analysis.entities if "United States" in e.spellings]
    assert {m.text for m in states.mentions} == {"United States", "Washington"}
    assert states.kind == "place"
    assert "Washington" not in states.spellings  # an alias, not a way to spell the name
    city = [e for e in analysis.entities if e.name == "Washington"]
    assert [m.article_id for e in city for m in e.mentions] == ["b"]


def test_an_undated_article_borrows_its_clusters_report_date():
    dated = Article(id="a", text="The bridge closed on Nov. 3.", published=datetime(2026, 11, 4, 8, 0))
    undated = Article(id="b", text="Engineers inspected the bridge on Nov. 3 and again in 2011.")
    found = {(d.mention.article_id, d.mention.text): d for d in analyze([dated, undated]).dates}
    assert found["b", "Nov. 3"].first == date(2026, 11, 3)
    assert found["b", "Nov. 3"].inferred


def test_every_digest_event_has_an_analysis_and_a_card(examples_dir, capsys):
    both = [str(examples_dir), str(examples_dir.parent / "rail-strike")]
    digest = newsfuse.digest_prepared(newsfuse.read(both))
    for event in digest.events:
        assert event.analysis is not None
        assert event.card is not None
        assert len(event.card.corroborated) + len(event.card.single_source) == len(event.summary.sentences)
        for entity_id in event.card.who:
            assert event.analysis.entity(entity_id).kind in ("person", "organisation")
    fire = next(e for e in digest.events if len(e.articles) == 4)
    assert fire.card is not None
    assert fire.card.disputed  # the 14 against 12 injured
    assert main(["digest", *both, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(event["card"] and event["analysis"]["entities"] for event in data["events"])
    assert main(["digest", *both]) == 0
    assert "**Who:**" in capsys.readouterr().out


def test_since_makes_a_range_from_the_date_to_the_report():
    article = Article(
        id="a", text="No test has been held since 2017, officials said.", published=datetime(2019, 11, 9)
    )
    (since,) = analyze([article]).dates
    assert (since.mention.text, since.first, since.last) == (
        "since 2017",
        date(2017, 1, 1),
        date(2019, 11, 9),
    )
    assert article.text[since.mention.start : since.mention.end] == "since 2017"


def test_names_written_every_way_and_everywhere_are_one_entity():
    people = _people(
        "Bureau director Dmytro Lesyk said the search would go on. Agents led by Duncan Robert Rait "
        "arrived at noon.",
        "Dmitri Lesik told reporters the search was lawful. Duncan Rait declined to comment.",
    )
    lesyk = next(p for p in people if "Dmytro Lesyk" in p.spellings)
    assert set(lesyk.spellings) == {"Dmytro Lesyk", "Dmitri Lesik"}
    assert sum(1 for p in people if "Rait" in p.name) == 1


def test_a_name_found_once_is_found_wherever_it_is_written():
    analysis = analyze(
        [
            Article(id="a", text="Mayor Tomas Brenn of Port Velmora said the city would pay the bill."),
            Article(id="b", text="Harbour workers in Port Velmora cheered. Port Velmora will reopen Monday."),
        ]
    )
    (port,) = [e for e in analysis.entities if e.name == "Port Velmora"]
    assert sorted(m.article_id for m in port.mentions) == ["a", "b", "b"]
    assert port.kind == "place"


def test_short_forms_and_acronyms_join_the_one_longer_name_they_belong_to():
    analysis = analyze(
        [
            Article(
                id="a",
                text="The National Anti-Corruption Bureau searched the offices on Tuesday. The NACB said "
                "it would question the minister. Climbers left Mount Cook Village at dawn. "
                "The Velmora Port Fire Service sent 40 crews.",
            ),
            Article(
                id="b",
                text="Officers of the Ministry of Infrastructure and the Ministry of Finance met. "
                "The Ministry declined to comment. The group set out from Mt Cook Village. "
                "The Fire Service said the blaze was out.",
            ),
        ]
    )
    names = {e.id: e for e in analysis.entities}
    of = {m.text: e.id for e in analysis.entities for m in e.mentions}
    bureau = names[of["National Anti-Corruption Bureau"]]
    assert "NACB" in {m.text for m in bureau.mentions}
    assert bureau.name == "National Anti-Corruption Bureau"  # the name in full, not the acronym
    assert of["Fire Service"] == of["Velmora Port Fire Service"]
    assert of["Mt Cook Village"] == of["Mount Cook Village"]
    if "Ministry" in of:  # two ministries: "the Ministry" is neither
        assert of["Ministry"] not in {of["Ministry of Infrastructure"], of["Ministry of Finance"]}


def test_organisations_speak_and_a_quotation_standing_alone_continues_its_speaker():
    police = _quotes(
        "A spokesman for Surrey Police said officers were called to the store at about 10 a.m. on Friday. "
        '"There is no danger to the public at this time."'
    )
    assert [(q.text, q.speaker_name) for q in police] == [
        ("There is no danger to the public at this time.", "Surrey Police")
    ]
    harbour = _quotes(
        "Harbour master Ilse Marrow told reporters that the pier would reopen within a week. "
        '"We will pay for every repair ourselves," she said.'
    )
    assert [q.speaker_name for q in harbour] == ["Ilse Marrow"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Tuesday", date(2026, 11, 3)),  # written on Wednesday, Nov. 4: yesterday
        ("Thursday", date(2026, 10, 29)),  # what happened: last week's
        ("Wednesday, Nov. 11", date(2026, 11, 11)),  # a week ahead, not last year
        ("two weeks ago", date(2026, 10, 21)),
    ],
)
def test_days_without_a_year_are_the_nearest_ones(phrase, expected):
    assert resolve(phrase, datetime(2026, 11, 4, 8, 15))[:2] == (expected, expected)


@pytest.mark.parametrize(
    ("phrase", "future", "expected"),
    [
        ("Wednesday", False, (date(2026, 11, 4), date(2026, 11, 4))),  # the day of writing itself
        ("Thursday", True, (date(2026, 11, 5), date(2026, 11, 5))),  # what is planned: tomorrow
        ("next Wednesday", False, (date(2026, 11, 11), date(2026, 11, 11))),
        ("last Wednesday", False, (date(2026, 10, 28), date(2026, 10, 28))),
        ("the weekend", False, (date(2026, 10, 31), date(2026, 11, 1))),
        ("the weekend", True, (date(2026, 11, 7), date(2026, 11, 8))),
        ("February", False, (date(2026, 2, 1), date(2026, 2, 28))),
        ("February", True, (date(2027, 2, 1), date(2027, 2, 28))),
        ("last November", False, (date(2025, 11, 1), date(2025, 11, 30))),
    ],
)
def test_the_tense_of_the_sentence_says_which_way_a_bare_day_points(phrase, future, expected):
    assert resolve(phrase, datetime(2026, 11, 4, 8, 15), future=future)[:2] == expected


def test_a_weekday_joins_its_date_and_whole_dates_the_recognizer_splits_are_found():
    text = "The strike began on Monday, Nov. 9, in Ostrand.\nPosted 15 / 09 / 2013 at noon."
    analysis = analyze([Article(id="a", text=text, published=datetime(2026, 11, 10))])
    found = {d.mention.text: (d.first, d.last) for d in analysis.dates}
    assert found["Monday, Nov. 9"] == (date(2026, 11, 9), date(2026, 11, 9))
    assert found["15 / 09 / 2013"] == (date(2013, 9, 15), date(2013, 9, 15))


def test_the_tense_is_read_from_the_sentence():
    written = datetime(2026, 11, 4, 8, 15)  # a Wednesday
    text = "The union met on Monday. The strike will start on Monday."
    analysis = analyze([Article(id="a", text=text, published=written)])
    assert [d.first for d in analysis.dates] == [date(2026, 11, 2), date(2026, 11, 9)]


def test_an_undated_article_counts_from_the_day_its_dateline_gives():
    text = "Sunday, July 21, 2013\n\nThe store stayed shut on Saturday, police said yesterday."
    found = {d.mention.text: d for d in analyze([Article(id="a", text=text)]).dates}
    day = next(d for t, d in found.items() if "July 21" in t)
    assert (day.first, day.anchor) == (date(2013, 7, 21), "written")
    assert found["Saturday"].first == date(2013, 7, 20)
    assert found["Saturday"].anchor == "inferred"


def test_the_same_day_and_the_next_morning_count_from_the_day_told_before():
    text = "The fire began on Tuesday, Nov. 3. Crews left at 11:20 the same day. The next morning it rained."
    analysis = analyze([Article(id="a", text=text, published=datetime(2026, 11, 5))])
    found = {d.mention.text: d.first for d in analysis.dates}
    assert found["the same day"] == date(2026, 11, 3)
    assert found["The next morning"] == date(2026, 11, 4)
    (alone,) = analyze([Article(id="b", text="Crews left the pier that night, officials said.")]).dates
    assert alone.first is None


def test_a_name_built_or_of_the_land_is_a_facility_or_a_place_whatever_the_recogniser_says():
    analysis = analyze(
        [
            Article(
                id="a",
                text="Smoke drifted over Danholm St. and the mudflats at Hessing Point, where birds feed. "
                "Firefighters of the Velmora Port Fire Service reached Danholm St. at dawn.",
            )
        ]
    )
    kinds = {e.name: e.kind for e in analysis.entities}
    assert kinds.get("Danholm St.") == "facility"
    assert kinds.get("Hessing Point") == "place"
    assert kinds.get("Velmora Port Fire Service") == "organisation"


def test_speakers_behind_titles_roles_colons_and_listeners():
    quotes = _quotes(
        "UN Secretary-General Ban Ki-moon spoke in New York on Monday. "
        '"The location of every school was given to the army," the Secretary-General said.\n'
        '"Two of the bombs fell inside the camp," said UNHCR spokesman Adrian Edwards.\n'
        '"I saw many children wheeled in," Fares Ghanem, a hospital official told the Associated Press.\n'
        'UN spokesman Chris Gunness disagreed with the minister: "There is a crisis already, she knows."'
    )
    said = {q.text.split()[0]: q.speaker_name for q in quotes}
    assert said == {
        "The": "Ban Ki-moon",
        "Two": "Adrian Edwards",
        "I": "Fares Ghanem",
        "There": "Chris Gunness",
    }


def test_neither_a_passive_verb_nor_an_owner_names_a_speaker():
    quotes = _quotes(
        "Hugh Jackman was in Sydney when the choice of Oscar host was announced by Sid Ganis. "
        '"I never imagined I would one day be up on that stage," he said.\n'
        'Madeline Kafoury\'s son said: "She was our mom and the grandmother of our children."'
    )
    said = {q.text.split()[0]: q.speaker_name for q in quotes}
    assert said == {"I": "Hugh Jackman", "She": None}


def test_times_that_name_a_day_holidays_and_possessive_years_resolve():
    written = datetime(2008, 12, 13, 9)
    text = (
        "Tonight, a crowd gathered. Police said last night that a station was firebombed on Saturday "
        "night. Two weeks before Christmas, shops are shut, as in last year's riots."
    )
    found = {
        d.mention.text: (d.first, d.last)
        for d in analyze([Article(id="a", text=text, published=written)]).dates
    }
    assert found["Tonight"] == (date(2008, 12, 13), date(2008, 12, 13))
    assert found["last night"] == (date(2008, 12, 12), date(2008, 12, 12))
    assert found["Saturday"] == (date(2008, 12, 13), date(2008, 12, 13))
    assert found["Christmas"] == (date(2008, 12, 25), date(2008, 12, 25))
    assert found["last year's"] == (date(2007, 1, 1), date(2007, 12, 31))


def test_decades_and_a_dateline_only_at_the_head():
    text = (
        "Pinup icon Bettie Page died Thursday at a Los Angeles hospital.\n"
        + "Her fans filled the streets. " * 12
        + "\nPage was born on April 22, 1923, and starred in the 1940s and '50s, in her 40s too."
    )
    found = {d.mention.text: d for d in analyze([Article(id="a", text=text)]).dates}
    assert (found["the 1940s"].first, found["the 1940s"].last) == (date(1940, 1, 1), date(1949, 12, 31))
    assert found["'50s"].first == date(1950, 1, 1)
    assert "40s" not in found  # an age
    assert found["Thursday"].first is None  # a birth date far down is no dateline


def test_a_name_ending_in_an_organisations_head_noun_is_an_organisation_whatever_its_label():
    text = (
        "Infrastructure Minister Marit Olander told parliament on Thursday that she had signed none of "
        "the contracts now being examined by the National Anti-Corruption Bureau, after agents searched "
        "the offices of her brother's company."
    )
    kinds = {e.name: e.kind for e in analyze([Article(id="a", text=text)]).entities}
    assert kinds.get("National Anti-Corruption Bureau") == "organisation"


def test_an_article_in_another_language_is_left_out_and_named_and_an_empty_analysis_says_so(tmp_path, capsys):
    (tmp_path / "fr.txt").write_text(
        "Il pleut beaucoup aujourd'hui, les habitants restent chez eux. La ville annonce de la pluie.\n",
        encoding="utf-8",
    )
    (tmp_path / "plain.txt").write_text(
        "nothing here has a name or a date at all, it is just words about things that happened.\n",
        encoding="utf-8",
    )
    assert main(["analyze", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "fr.txt: reads as fr, not English or Vietnamese; left out of the analysis" in captured.err
    assert "No names, quotations or dates found." in captured.out
    assert "habitants" not in captured.out


def test_a_clause_after_a_name_is_no_role_and_a_step_one_dated_source_tells_is_not_inferred():
    dated = Article(
        id="a",
        text="Rail unions began a strike on Monday, Nov. 9, across Lirath. Lirath Cargo, which runs "
        "goods trains, said 210 trains stood idle.",
        published=datetime(2026, 11, 9, 9),
    )
    undated = Article(
        id="b", text="Rail unions began a strike across Lirath on Monday, Nov. 9, stopping trains."
    )
    analysis = analyze([undated, dated])
    assert all(not e.roles for e in analysis.entities if e.name == "Lirath Cargo")
    (strike,) = [h for h in analysis.timeline if h.first == date(2026, 11, 9)]
    assert len(strike.sources) == 2
    assert not strike.inferred


def test_dates_at_the_ends_of_the_calendar_and_ages_are_no_crash_and_no_decade():
    text = "On Christmas, the same day, next weekend and in the 0000s; in his late 40s, with 10s of people."
    for published in (datetime(9999, 12, 31), datetime(1, 1, 1)):
        found = {
            d.mention.text: d.first for d in analyze([Article(id="a", text=text, published=published)]).dates
        }
        assert all(first is None or 1 <= first.year <= 9999 for first in found.values())
    found = {d.mention.text: d.first for d in analyze([Article(id="b", text=text)]).dates}
    assert not any(text.endswith("40s") and first is not None for text, first in found.items())
    assert "10s" not in found


def test_next_weekend_said_on_a_weekend_is_the_one_to_come():
    saturday, sunday = datetime(2026, 11, 7), datetime(2026, 11, 8)
    assert resolve("next weekend", saturday)[:2] == (date(2026, 11, 14), date(2026, 11, 15))
    assert resolve("next weekend", sunday)[:2] == (date(2026, 11, 14), date(2026, 11, 15))


def test_a_long_run_without_spaces_is_skipped_and_spans_stay_exact():
    text = "`" * 5000 + " Harbour master Ilse Marrow spoke on Tuesday. " + "=" * 300 + " She left."
    analysis = analyze([Article(id="a", text=text, published=datetime(2026, 11, 4))])
    (marrow,) = [e for e in analysis.entities if e.name == "Ilse Marrow"]
    (mention,) = marrow.mentions
    assert text[mention.start : mention.end] == "Ilse Marrow"
