"""The quality gates: newsfuse's cross-validated ROUGE on DUC 2004, its event grouping on
ECB+ (B-cubed F1), its article extraction (token F1) and its analysis (F1 of entity
merging, speaker attribution, quote merging and date resolution on the hand-labelled
gold set), against pinned minimums.

The minimums live in ``quality_baseline.json`` beside this file. ``tests/test_quality_gate.py``
fails when a change scores below them. After an improvement, raise them with

    python benchmarks/quality_gate.py --pin

which only ever raises a pin; lowering one needs ``--pin --allow-lower`` and a reason in
the commit message.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import newsfuse
from newsfuse.evaluate import evaluate, read_benchmark
from newsfuse.evaluate.systems import CrossValidatedNewsfuse, NewsfuseSystem

BASELINE = Path(__file__).with_name("quality_baseline.json")
MARGIN = 0.1
"""Pins sit this many ROUGE points under the measured score, so they mark a floor."""


def load_baseline() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return data


def measure(data_path: Path, gate: dict[str, Any]) -> dict[str, float]:
    """The gate's scores, in points (x100): mean ROUGE, or B-cubed of event grouping."""
    if gate.get("kind") == "clusters":
        return _clustering_scores(data_path)
    if gate.get("kind") == "extraction":
        return _extraction_scores(data_path.parent)
    if gate.get("kind") == "analysis":
        return _analysis_scores(data_path)
    clusters = read_benchmark(data_path)
    settings = newsfuse.load_settings(
        {"summary": {"algorithm": gate["algorithm"]}}, environ={}, user_file=False
    )
    folds = gate.get("folds")
    system = CrossValidatedNewsfuse(settings, folds) if folds else NewsfuseSystem(settings)
    report = evaluate(clusters, [system], dataset=str(data_path), words=gate["words"])
    (scores,) = report.systems
    return {metric: 100 * scores.mean(metric, gate["measure"]) for metric in gate["minimums"]}


def _clustering_scores(data_path: Path) -> dict[str, float]:
    from newsfuse.evaluate.clusters import evaluate_clusterers, newsfuse_clusterer, read_labelled

    settings = newsfuse.load_settings(environ={}, user_file=False).clustering
    data = read_labelled([data_path])
    (result,) = evaluate_clusterers(data, {"newsfuse": newsfuse_clusterer(settings)})
    return {"bcubed_f1": 100 * result.bcubed[2]}


def _analysis_scores(data: Path) -> dict[str, float]:
    """F1 (points) of each analysis task over every gold cluster, development and held out
    together: a floor against regressions, not a figure to tune on."""
    from analysis import GOLD, Scores, analyses, load_gold, score

    total = Scores()
    for cluster, analysis in analyses([c for path in GOLD for c in load_gold(path)], data):
        total.add(score(cluster, analysis))
    return {task.replace(" ", "_") + "_f1": 100 * tally.f1 for task, tally in total.tallies.items()}


def _extraction_scores(folder: Path) -> dict[str, float]:
    """Token F1 (points) of newsfuse's read + clean against the gold article bodies."""
    import gzip

    from extraction import newsfuse_text, token_f1

    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    scores = [
        token_f1(
            newsfuse_text(gzip.decompress((folder / "html" / f"{page}.html.gz").read_bytes()), page),
            item.get("articleBody") or "",
        )
        for page, item in sorted(truth.items())
    ]
    return {"token_f1": 100 * sum(scores) / len(scores)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--pin", action="store_true", help="raise the pinned minimums to the new scores")
    parser.add_argument("--allow-lower", action="store_true", help="with --pin: also lower pins")
    args = parser.parse_args()
    baseline = load_baseline()
    for name, gate in baseline["gates"].items():
        data_path = args.shared / gate["data"]
        if not data_path.exists():
            print(f"{name}: skipped, {data_path} not found")
            continue
        scores = measure(data_path, gate)
        for metric, value in scores.items():
            pinned = gate["minimums"][metric]
            candidate = math.floor((value - MARGIN) * 100) / 100
            verdict = "ok" if value >= pinned else "BELOW THE PIN"
            print(f"{name} {metric}: {value:.2f} (pinned minimum {pinned:.2f}) {verdict}")
            if args.pin and (candidate > pinned or args.allow_lower):
                gate["minimums"][metric] = candidate
    if args.pin:
        BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
