import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.model import Article
from newsfuse.segment import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(Article(id="a", text=text))]


def test_abbreviations_and_initials_do_not_split():
    assert texts("On Nov. 8 the U.S. envoy met Mr. Kim and Dr. J. R. Oduya in St. Paul. They talked.") == [
        "On Nov. 8 the U.S. envoy met Mr. Kim and Dr. J. R. Oduya in St. Paul.",
        "They talked.",
    ]


def test_military_and_political_titles_do_not_split():
    assert texts("Lt. Gov. Sam Hill met Sgt. Maj. Ann Cole and Lt. Col. A. Smith. They spoke.") == [
        "Lt. Gov. Sam Hill met Sgt. Maj. Ann Cole and Lt. Col. A. Smith.",
        "They spoke.",
    ]


def test_clock_times_end_sentences_unless_a_date_follows():
    assert texts("Fire broke out at 4 a.m. Crews arrived soon. It ended at 9 p.m. Tuesday.") == [
        "Fire broke out at 4 a.m.",
        "Crews arrived soon.",
        "It ended at 9 p.m. Tuesday.",
    ]


def test_a_quotation_of_several_sentences_stays_whole():
    assert texts('"We waited. We hoped. We are still here," he said. Then he left.') == [
        '"We waited. We hoped. We are still here," he said.',
        "Then he left.",
    ]


def test_stray_full_stop_before_lowercase_is_not_a_boundary():
    assert texts("Moscow sent the invitation. to the head of Korea. Pyongyang did not reply.") == [
        "Moscow sent the invitation. to the head of Korea.",
        "Pyongyang did not reply.",
    ]


def test_space_padded_closing_quote_closes_the_quotation():
    text = 'He said: "I have been invited. I am thinking about it. I will consider this. " Others agreed.'
    assert texts(text)[0].endswith('consider this. "')


def test_paragraph_breaks_are_boundaries_and_indexes_count_up():
    sentences = split_sentences(Article(id="a", text="A headline without a stop\n\nThe story starts here."))
    assert [s.text for s in sentences] == ["A headline without a stop", "The story starts here."]
    assert [s.index for s in sentences] == [0, 1]


words = st.sampled_from(
    ["Mr.", "U.S.", "Nov.", "8", "said", "the", "fire", '"Yes."', "a.m.", "Kim", "J.", "it's"]
)
separators = st.sampled_from([" ", ". ", "! ", "? ", "\n", "\n\n", '," ', " - "])


@given(st.lists(st.tuples(words, separators), max_size=40))
def test_offsets_always_slice_back_to_the_sentence(parts):
    text = "".join(word + sep for word, sep in parts)
    article = Article(id="a", text=text)
    previous_end = 0
    for sentence in split_sentences(article):
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("WASHINGTON (AP) _ The Senate voted on Friday. It passed.", "The Senate voted on Friday."),
        ("(CNN) -- As the toll rose, officials met. They spoke.", "As the toll rose, officials met."),
        ("NEW YORK, N.Y. (Reuters) - A baby died. Police came.", "A baby died."),
        ("PORT VELMORA, Nov. 3 — Shipping came to a halt. Ships wait.", "Shipping came to a halt."),
        ("TARNHOLT, March 11 (AP) — Rescuers pumped water. Six are trapped.", "Rescuers pumped water."),
        ("A 6-week-old baby died Thursday. Police came.", "A 6-week-old baby died Thursday."),
    ],
)
def test_a_dateline_is_left_out_of_the_first_sentence_and_the_span_stays_exact(text, first):
    sentence = split_sentences(Article(id="a", text=text))[0]
    assert sentence.text == first
    assert text[sentence.start : sentence.end] == first
