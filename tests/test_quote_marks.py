"""Quotations found in scraped text, whatever its marks."""

import pytest

from newsfuse.analyze.quote_marks import find_quotations


def _quoted(text: str) -> list[tuple[str, bool]]:
    return [(text[q.start : q.end], q.continues) for q in find_quotations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quotation over paragraphs, each opening with a mark and only the last closing.
        (
            'Mr Gaskin said: "There was a lot of snow.\n"It appears they were not equipped," he said.',
            [("There was a lot of snow.", False), ("It appears they were not equipped", True)],
        ),
        # The scrape lost the opening mark of the paragraphs between.
        (
            "Moffat said: \"Yes.\nThe list went 'Peter Capaldi'.\nIt was a very short list. \"\nHe left.",
            [("Yes.", False), ("The list went 'Peter Capaldi'.", True), ("It was a very short list.", True)],
        ),
        # An opening single mark closed by a spaced double one.
        (
            "'I cant speak for the first death, but it looks like a lack of experience, \" Gaskin said.",
            [("I cant speak for the first death, but it looks like a lack of experience", False)],
        ),
        # A quotation interrupted by its attribution is two pieces.
        (
            '"A long first piece here," he said. "And a second piece of it."',
            [("A long first piece here", False), ("And a second piece of it.", False)],
        ),
        # British single marks, apostrophes left alone.
        (
            "'We will not stop here,' she said of the workers' rights law, 'a disgrace to us all'.",
            [("We will not stop here", False), ("a disgrace to us all", False)],
        ),
        (
            "He called the talks “a waste of everybody’s time” and left.",
            [("a waste of everybody’s time", False)],
        ),
        # Machine translation's misplaced marks: a closing mark after a comma and a space,
        # a stray closing mark before a full stop.
        (
            '"We are willing to meet at any time, but we are not interested, "Jo said. Talks are '
            'closing day by day ".',
            [("We are willing to meet at any time, but we are not interested", False)],
        ),
        # Never closed and the text goes on: the quotation ends with its paragraph.
        ('She said: "We are done.\nThe council met later.\nIt rained.', [("We are done.", False)]),
        # Cut short at the end of the text: the last paragraph still counts.
        (
            'She said: "We are aware of it.\nWe are providing help at this time.',
            [
                ("We are aware of it.", False),
                ("We are providing help at this time.", True),
            ],
        ),
    ],
)
def test_quotations_are_found_however_the_marks_were_scraped(text, expected):
    assert _quoted(text) == expected
