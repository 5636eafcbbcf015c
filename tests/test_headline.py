"""Event headlines: the most representative title, else a short complete sentence."""

from newsfuse.analyze.headline import MAX_WORDS, headline
from newsfuse.model import Article

SUMMARY = [
    "A fire destroyed a warehouse on Pier 9 of Port Velmora on Tuesday, injuring 14 people.",
    "About 230 residents were moved out of their homes as smoke drifted over the harbour.",
]


def test_the_most_representative_title_wins_not_the_first():
    articles = [
        Article(id="a", text="x", title="Weather: a grey week ahead for the coast - Velmora Courier"),
        Article(id="b", text="x", title="Fire tears through Pier 9 warehouses at Port Velmora, 14 injured"),
        Article(id="c", text="x", title="Big fire at port of Velmora, residents leave homes"),
    ]
    assert headline(articles, SUMMARY) == "Fire tears through Pier 9 warehouses at Port Velmora, 14 injured"


def test_a_shouted_title_is_written_in_sentence_case_and_an_outlet_suffix_goes():
    articles = [
        Article(id="a", text="x", title="THREE PEOPLE HAVE DIED IN A BLAZE AT THE PORT - Coast Daily")
    ]
    assert headline(articles, SUMMARY) == "Three people have died in a blaze at the port"


def test_without_titles_a_short_complete_sentence_is_used_and_never_cut():
    articles = [Article(id="a", text="x")]
    teaser = "Well, here's something that we all knew would happen eventually."
    long = " ".join(["The council said"] + ["that the harbour fire was serious"] * 6) + "."
    assert headline(articles, [teaser, SUMMARY[0]]) == SUMMARY[0]
    only_long = headline(articles, [long])
    assert only_long == long  # whole, even when longer than a headline should be
    assert len(SUMMARY[0].split()) <= MAX_WORDS


def test_without_titles_the_lead_stands_alone_and_loses_only_a_trailing_clause():
    articles = [Article(id="a", text="x")]
    lead = (
        "King Norodom Sihanouk has declined requests to chair a summit of Cambodia's political "
        "leaders, saying the meeting would not bring any progress in the talks."
    )
    nested = (
        "The two bombers who carried out Friday's attack, which led the Cabinet to suspend its "
        "talks on the accord, were identified as members of a group from two villages."
    )
    assert headline(articles, [lead, SUMMARY[0]]) == (
        "King Norodom Sihanouk has declined requests to chair a summit of Cambodia's political leaders."
    )
    assert headline(articles, [nested]) == nested  # the clause inside it stays
    linked = "Meanwhile, a Spanish newspaper reported Friday that the general was unaware of it."
    quoted = "I don't think that they're ready to make a deal.''"
    assert headline(articles, [linked, quoted, SUMMARY[1]]) == SUMMARY[1]
