"""What a sentence means, as a vector: MiniLM (all-MiniLM-L6-v2) through ONNX Runtime.

Two reports of one fact often share few words ("fled the flames" / "escaped the fire"); a
sentence encoder trained on paraphrases sees them as close. The model ships in the package
(``models/sentence-encoder``, int8, 23 MB; provenance and the command that rebuilds it in
its PROVENANCE.md) and runs on one thread: it costs about 4 ms a sentence, so the relation
asks it only about the pairs the words leave open.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

MAX_TOKENS = 256
"""Longer sentences are cut, as the model was trained."""
DIMENSIONS = 384


class SentenceEncoder:
    """Unit-length sentence vectors whose dot product is the two sentences' closeness in
    meaning (about 0.2 for unrelated news sentences, above 0.7 for paraphrases)."""

    def __init__(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        folder = resources.files("newsfuse").joinpath("models/sentence-encoder")
        self._tokenizer = Tokenizer.from_str(folder.joinpath("tokenizer.json").read_text(encoding="utf-8"))
        self._tokenizer.no_padding()  # the shipped file pads to 128; one sentence at a time needs none
        self._tokenizer.enable_truncation(MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        # One thread: callers parallelise over clusters, and one core is the unit we budget.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            folder.joinpath("model.onnx").read_bytes(), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        """One row per text. Sentences go one at a time: on one core that is faster than
        padded batches of news sentences, whose lengths vary widely."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            tokens = self._tokenizer.encode(text)
            ids = np.asarray([tokens.ids], dtype=np.int64)
            mask = np.asarray([tokens.attention_mask], dtype=np.int64)
            (output,) = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )
            vectors[row] = output[0]
        return vectors


@cache
def load_sentence_encoder() -> SentenceEncoder:
    """The shipped encoder, loaded once per process (about 0.2 s)."""
    return SentenceEncoder()
