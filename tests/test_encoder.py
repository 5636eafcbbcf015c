import numpy as np

from newsfuse.evidence.encoder import DIMENSIONS, MAX_TOKENS, load_sentence_encoder


def test_paraphrases_are_closer_than_sentences_sharing_only_words():
    vectors = load_sentence_encoder().encode(
        [
            "Three residents fled the flames at the harbour warehouse before dawn.",
            "Before sunrise, three people escaped the fire in the dockside storehouse.",
            "Three residents of the harbour district voted for the new mayor at dawn.",
        ]
    )
    assert vectors.shape == (3, DIMENSIONS)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    paraphrase, shared_words = vectors[1] @ vectors[0], vectors[2] @ vectors[0]
    assert paraphrase > 0.6
    assert paraphrase > shared_words + 0.2


def test_odd_sentences_are_encoded_without_error():
    odd = ["", "  ", "1,4 million", "—", "word " * (MAX_TOKENS * 3), "Đà Nẵng hôm nay"]
    vectors = load_sentence_encoder().encode(odd)
    assert vectors.shape == (len(odd), DIMENSIONS)
    assert np.isfinite(vectors).all()


def test_one_sentence_gets_one_vector_whatever_else_is_encoded():
    encoder = load_sentence_encoder()
    alone = encoder.encode(["The ferry left Port Elin at noon."])[0]
    among = encoder.encode(["A short one.", "The ferry left Port Elin at noon.", "x " * 100])[1]
    np.testing.assert_allclose(alone, among, atol=1e-6)
