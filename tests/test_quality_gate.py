"""Quality must not drop: cross-validated ROUGE on DUC 2004 at or above the pinned minimums."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from conftest import SHARED
from quality_gate import load_baseline, measure


@pytest.mark.shared_data
@pytest.mark.parametrize("name", sorted(load_baseline()["gates"]))
def test_quality_stays_at_or_above_the_pins(name):
    gate = load_baseline()["gates"][name]
    data_path = SHARED / gate["data"]
    if not data_path.exists():
        pytest.skip(f"benchmark data not present at {data_path}")
    scores = measure(data_path, gate)
    for metric, minimum in gate["minimums"].items():
        assert scores[metric] >= minimum, (
            f"{name} {metric} fell to {scores[metric]:.2f}, pinned {minimum:.2f}"
        )


def test_pins_are_real_numbers_that_a_change_can_fail():
    for gate in load_baseline()["gates"].values():
        assert gate["minimums"]
        assert all(value > 0 for value in gate["minimums"].values())
