"""The hand-labelled evidence pairs still point at the sentences they were labelled on."""

import sys

import pytest

from conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "benchmarks" / "gold"))

import check_pairs


@pytest.mark.shared_data
def test_every_gold_pair_still_locates_its_sentences(capsys):
    if not (SHARED / "data").is_dir():
        pytest.skip(f"benchmark data not present at {SHARED / 'data'}")
    assert check_pairs.main([str(check_pairs.DEFAULT_PAIRS), "--data", str(SHARED / "data")]) == 0, (
        capsys.readouterr().out
    )
