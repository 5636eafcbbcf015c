"""The text layer: one tokenizer, one TF-IDF, one exact copy, for every stage."""

import numpy as np
import pytest

from newsfuse.text.fingerprint import NO_WORDS, text_fingerprint
from newsfuse.text.names import name_variants
from newsfuse.text.tokens import (
    capitalised,
    names_and_numbers,
    sentence_terms,
    stem,
    tokens,
    words_and_numbers,
)
from newsfuse.text.vectors import DocumentFrequencies, VectorSettings, idf, idf_array, term_counts, weigh


def test_tokens_follow_rouge_and_keep_any_script():
    assert tokens("Zürich's 6.1 quake, Москва!") == ["zürich", "s", "6", "1", "quake", "москва"]


def test_numbers_stay_whole_where_events_compare_them():
    assert words_and_numbers("A 6.1 quake hit 1,400 homes; don't panic") == [
        "a",
        "6.1",
        "quake",
        "hit",
        "1,400",
        "homes",
        "don't",
        "panic",
    ]
    assert names_and_numbers("Rescuers in Velmora found 14 people, Ostrand said.") == [
        "Velmora",
        "14",
        "Ostrand",
    ]
    assert capitalised("Rescuers in Velmora found 14 people.") == ["Velmora"]


def test_spelled_numbers_match_digits_and_stems_are_porter():
    assert sentence_terms("three injured").content == sentence_terms("3 injured").content
    assert stem("injured") == "injur"


def test_an_exact_copy_is_the_same_words_whatever_the_case_spacing_and_punctuation():
    assert text_fingerprint("The fire, at dawn.") == text_fingerprint("the  FIRE at dawn")
    assert text_fingerprint("The fire at dawn") != text_fingerprint("The fire at noon")
    assert text_fingerprint("...!") == NO_WORDS


def test_one_idf_for_single_terms_and_arrays():
    counts = np.array([0.0, 1.0, 5.0, 10.0])
    assert np.allclose(idf_array(10, counts), [idf(10, c) for c in counts])
    assert idf(10, 10) == pytest.approx(1.0)  # a term in every document still counts a little


def test_article_vectors_weigh_names_numbers_and_headline_words_more():
    frequencies = DocumentFrequencies()
    settings = VectorSettings()
    counts = term_counts("The storm hit Velmora. The storm passed.", "Storm warning", settings)
    assert counts["velmora"] == 2.0  # a name counts double
    assert counts["storm"] == 4.0  # twice in the text, once in the headline (double)
    frequencies.add(counts)
    vector = weigh(counts, frequencies, max_terms=2)
    assert len(vector) == 2
    assert sum(w * w for w in vector.values()) == pytest.approx(1.0)


def test_spelling_variants_of_a_name_are_merged_to_the_commoner_one():
    texts = ["Zhirenko said so.", "Zhirenko spoke.", "Jirenko added more."]
    assert name_variants(texts) == {"jirenko": "zhirenko"}


def test_vector_rows_stay_whole_when_a_matrix_made_from_them_is_sorted():
    from newsfuse.text.vectors import VectorRows

    rows = VectorRows()
    rows.add({"zeta": 0.6, "alpha": 0.8})  # columns 0, 1
    rows.add({"alpha": 0.3, "zeta": 0.4})  # columns out of order: 1, 0
    rows.matrix().sort_indices()  # as scipy does in place during arithmetic
    matrix, terms = rows.matrix(), rows.terms
    assert {terms[c]: w for c, w in zip(matrix[1].indices, matrix[1].data, strict=True)} == {
        "alpha": 0.3,
        "zeta": 0.4,
    }
