from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.clean import clean_article
from newsfuse.ingest import read_articles
from newsfuse.model import Article

STORY = [
    "The city council approved the new budget on Thursday after a four-hour debate.",
    "Mayor Lina Osk said the plan would fund two new schools and repair the old bridge.",
    "Opposition members said the share of spending on roads was too small.",
    "The vote was 14 to 9, with two members absent.",
]
BOILERPLATE = [
    "Related Posts",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Share this:",
    "Share on Facebook",
    "Subscribe to our newsletter",
    "Photo caption",
    "Advertisement",
    "Photo: Reuters",
    "The mayor (left) and council members after the vote on Thursday. Photo: City Press / AFP",
    "© 2026 City Press. All rights reserved.",
]


def cleaned_text(text: str) -> str:
    return clean_article(Article(id="a", text=text)).article.text


def test_story_survives_and_each_kind_of_boilerplate_goes():
    text = "\n\n".join([STORY[0], *BOILERPLATE[:6], STORY[1], *BOILERPLATE[6:], STORY[2], STORY[3]])
    result = cleaned_text(text)
    assert result.split("\n\n") == STORY


def test_comment_form_glued_to_a_caption_is_cut_apart_and_both_removed():
    text = "\n\n".join(
        [
            *STORY,
            "Your email address will not be published. Required fields are marked *"
            "The mayor (left) after the vote. Photo: Reuters.",
        ]
    )
    assert cleaned_text(text).split("\n\n") == STORY


def test_related_posts_heading_takes_its_link_list_but_not_the_story_after_it():
    text = "\n\n".join(
        [STORY[0], "Related Articles", "Bridge repairs delayed again", "New school opens", STORY[1]]
    )
    assert cleaned_text(text).split("\n\n") == [STORY[0], STORY[1]]


def test_trailing_agency_byline_and_leading_byline_are_removed():
    text = "\n\n".join(["By Tom Rell and Ana Ferro", *STORY, "Vu Hoang (Follow Reuters)"])
    assert cleaned_text(text).split("\n\n") == STORY


def test_credit_glued_to_a_long_story_paragraph_only_loses_the_credit():
    long_paragraph = " ".join(STORY * 3)
    result = cleaned_text(long_paragraph + " Photo: AFP")
    assert result == long_paragraph


def test_headline_moves_to_the_title_and_a_repeated_title_is_dropped():
    result = clean_article(Article(id="a", text="Council passes budget\n\n" + "\n\n".join(STORY)))
    assert result.article.title == "Council passes budget"
    assert result.article.text.split("\n\n") == STORY
    again = clean_article(
        Article(id="a", title="Council passes budget", text="Council passes budget\n" + STORY[0])
    )
    assert again.article.text == STORY[0]


def test_prose_mentioning_share_or_subscribe_is_kept():
    prose = [
        "Share prices fell sharply on Monday after the bank said profits would be lower this year.",
        "Subscribers to the service will pay more from January, the company said in a statement.",
    ]
    assert cleaned_text("\n\n".join(prose)).split("\n\n") == prose


def test_removals_record_exact_original_spans_and_reasons():
    text = "\n\n".join([STORY[0], "Related Posts", STORY[1]])
    result = clean_article(Article(id="a", text=text))
    (removal,) = result.removals
    assert text[removal.start : removal.end] == removal.text == "Related Posts"
    assert removal.rule == "related"
    assert removal.reason


def test_hard_wrapped_paragraphs_are_joined():
    wrapped = (
        "The city council approved the new budget on Thursday after a\n"
        "four-hour debate that ran late into the evening, members said, and\n"
        "the mayor thanked the staff who prepared it over the summer months.\n\n"
        "Opposition members said the share of spending on roads was too small\n"
        "and promised to raise the matter again at the next public meeting."
    )
    paragraphs = cleaned_text(wrapped).split("\n\n")
    assert len(paragraphs) == 2
    assert "\n" not in paragraphs[0]


def test_seeds_lose_every_piece_of_boilerplate_and_keep_the_story(seeds_dir: Path):
    articles = read_articles([seeds_dir]).articles
    assert len(articles) == 2
    for article in articles:
        result = clean_article(article)
        text = result.article.text
        for phrase in (
            "Related Posts",
            "Leave a Reply",
            "Your email address",
            "Required fields",
            "Photo caption",
            "Photo:",
            "Image:",
            "(Follow Reuters)",
            "(left)",
        ):
            assert phrase not in text, (article.id, phrase)
        assert result.article.title
        removed = sum(len(r.text) for r in result.removals)
        assert removed < 0.25 * len(article.text)
    first, second = (clean_article(a).article for a in articles)
    assert "Jo Chol-su, a North Korean Foreign Ministry official" in first.text
    assert first.text.rstrip().endswith("expert-level negotiation.")
    assert second.text.startswith("North Korean diplomat Jo Chol-su warned")
    assert second.text.rstrip().endswith("since 2017.")


def test_example_cluster_boilerplate_is_removed(examples_dir: Path):
    for article in read_articles([examples_dir]).articles:
        text = clean_article(article).article.text
        for phrase in (
            "Related Posts",
            "Related Articles",
            "Leave a Reply",
            "Share this:",
            "Photo:",
            "Image:",
            "Subscribe to our newsletter",
            "(Follow",
            "Photo caption",
        ):
            assert phrase not in text, (article.id, phrase)


lines = st.sampled_from(STORY + BOILERPLATE + ["By Tom Rell", "Council passes budget", "Read more: Bridge"])


@given(st.lists(st.tuples(lines, st.sampled_from(["\n", "\n\n", "\n\n\n", " "])), max_size=12))
def test_cleaning_is_idempotent(parts):
    text = "".join(line + separator for line, separator in parts)
    once = clean_article(Article(id="a", text=text)).article
    twice = clean_article(once).article
    assert twice.text == once.text
    assert twice.title == once.title


@given(st.lists(lines, max_size=10))
def test_removal_spans_always_slice_the_original(parts):
    text = "\n\n".join(parts)
    for removal in clean_article(Article(id="a", text=text)).removals:
        assert text[removal.start : removal.end] == removal.text


@pytest.mark.parametrize("story", STORY)
def test_story_sentences_are_never_removed_alone(story):
    assert cleaned_text(story) == story


@pytest.mark.parametrize(
    "story",
    [
        'The mayor told residents on Tuesday: "We will rebuild everything."',
        "Would the port reopen before the holidays? Officials would not say.",
        "Residents were told to leave a reply slip at the town hall before Friday.",
        "Sign up rates for the relief fund doubled in the first week, the charity said.",
        "Copyright lawyers said the archive could not be published without permission.",
        "Mayor Jane Smith (left) said the city would rebuild the pier. Photo: City Hall",
        "Investigators have released a video: it shows the flames reaching the roof.",
    ],
)
def test_story_paragraphs_that_resemble_boilerplate_are_kept(story):
    text = "\n\n".join([story, *STORY])
    result = clean_article(Article(id="a", text=text))
    assert result.article.title is None
    assert result.article.text.split("\n\n")[1:] == STORY
    kept = result.article.text.split("\n\n")[0]
    assert kept == story.removesuffix(" Photo: City Hall")


def test_short_last_sentence_starting_with_by_is_not_a_byline():
    text = "\n\n".join([*STORY, "By Wednesday it was out."])
    assert cleaned_text(text).split("\n\n") == [*STORY, "By Wednesday it was out."]


@pytest.mark.parametrize(
    "line",
    [
        "Published: November 3, 2023 10:42 AM",
        "Updated on 03/11/2023",
        "BY JOHN SMITH",
        "By Ana Reyes | Reuters",
    ],
)
def test_date_and_byline_lines_above_the_story_go(line):
    assert cleaned_text("\n\n".join([line, *STORY])).split("\n\n") == STORY


@pytest.mark.parametrize(
    "line",
    ["Published: 3 November 2026, 10:32", "Updated Nov. 4, 2026 at 7:15 a.m.", "Posted on Tuesday by Admin"],
)
def test_a_date_line_above_the_story_goes(line):
    story = "The harbor fire injured 14 people in Velmora on Tuesday, the port authority said."
    cleaned = clean_article(Article(id="a", text=f"{line}\n\n{story}"))
    assert cleaned.article.text == story


@pytest.mark.parametrize(
    "lead",
    [
        "Published figures show unemployment rose in May across the region, officials said.",
        "Updated rules for the harbor came into force after the fire, the port authority said.",
        "Posted guards stood at the pier all night.",
    ],
)
def test_a_lead_that_starts_like_a_date_line_stays(lead):
    second = "The port reopened on Friday."
    assert clean_article(Article(id="a", text=f"{lead}\n\n{second}")).article.text == f"{lead}\n\n{second}"


def test_paragraphs_that_repeat_as_the_page_s_structure_all_stay():
    steps = ["Eat every two to three hours.", "Drink a glass of water first.", "Walk for ten minutes after."]
    days = [f"Day {n}: oats with berries and a spoon of honey.\n\n" + "\n\n".join(steps) for n in range(1, 5)]
    text = "\n\n".join(days)
    assert clean_article(Article(id="plan", text=text)).article.text == text


def test_a_caption_shown_twice_still_goes():
    caption = "Crews at work on the pier on Tuesday morning, with the bay behind them."
    story = "The harbor fire injured 14 people. The port reopened on Friday after the cleanup."
    cleaned = clean_article(Article(id="a", text=f"{caption}\n\n{story}\n\n{caption}"))
    assert cleaned.article.text == f"{caption}\n\n{story}"


@pytest.mark.parametrize(
    "notice",
    [
        "These crawls are part of an effort to archive pages as they are created and archive the pages "
        "that they refer to.",
        "Flowing in every day, these data are added to the Wayback Machine after an embargo period.",
        "Just fill in your contact details in the form below to join our mailing list and keep up to date.",
        "To read the whole series of reports on the harbor, click here.",
        "You need to enable JavaScript to watch this clip.",
        "This video is unavailable.",
        "Rating is available when the video has been rented. This feature is not available right now.",
        "The interactive transcript could not be loaded.",
        "You can add location information to your Tweets, such as your city, from the web and via "
        "third-party applications.",
        "When you tweet with a location, Twitter stores that location.",
    ],
)
def test_web_archive_platform_notices_mailing_list_and_link_prompts_go(notice):
    story = "The harbor fire injured 14 people in Velmora on Tuesday, the port authority said."
    assert clean_article(Article(id="a", text=f"{story}\n\n{notice}")).article.text == story


def test_a_story_sentence_about_a_video_or_a_tweet_stays():
    text = (
        "Police said the video is unavailable to the public until the trial.\n\n"
        "When you tweet with a location in Velmora, the council's new map shows it, the mayor said."
    )
    assert clean_article(Article(id="a", text=text)).article.text == text
