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


@pytest.mark.shared_data
def test_every_analysis_gold_span_still_indexes_its_cleaned_article():
    if not (SHARED / "data").is_dir():
        pytest.skip(f"benchmark data not present at {SHARED / 'data'}")
    import json

    clusters = [
        json.loads(line)
        for name in ("analysis_gold.jsonl", "analysis_gold_more.jsonl")
        for line in (check_pairs.HERE / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    problems = []
    for cluster in clusters:
        loaded = check_pairs.load_prepared(cluster["dataset"], {cluster["cluster"]}, SHARED / "data")
        assert not isinstance(loaded, str), loaded
        texts = {a.id: a.text for a in loaded[cluster["cluster"]].articles}
        spans = [m for e in cluster["entities"] for m in e["mentions"]]
        spans += [v for q in cluster["quotes"] for v in q["variants"]] + cluster["dates"]
        for span in spans:
            text = texts.get(span["article"], "")[span["start"] : span["end"]]
            if not text or text != text.strip():
                problems.append(
                    f"{cluster['cluster']} {span['article']} {span['start']}-{span['end']}: {text!r}"
                )
    assert not problems, problems[:5]
