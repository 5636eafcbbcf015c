"""The hand-labelled evidence pairs still point at the sentences they were labelled on."""

import sys

import pytest

from conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "benchmarks" / "gold"))

import check_pairs


@pytest.mark.shared_data
@pytest.mark.parametrize("pairs", ["evidence_pairs.jsonl", "evidence_pairs_heldout.jsonl"])
def test_every_gold_pair_still_locates_its_sentences(capsys, pairs):
    if not (SHARED / "data").is_dir():
        pytest.skip(f"benchmark data not present at {SHARED / 'data'}")
    path = check_pairs.HERE / pairs
    assert check_pairs.main([str(path), "--data", str(SHARED / "data")]) == 0, capsys.readouterr().out


def test_the_held_out_pairs_share_no_cluster_with_the_training_pairs():
    train = check_pairs.load_pairs(check_pairs.DEFAULT_PAIRS)
    held_out = check_pairs.load_pairs(check_pairs.HERE / "evidence_pairs_heldout.jsonl")
    assert not {(p.dataset, p.cluster) for p in train} & {(p.dataset, p.cluster) for p in held_out}
