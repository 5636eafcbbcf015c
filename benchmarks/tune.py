"""Choose algorithm options by cross-validation over clusters, never on the scored fold.

For every option setting in a grid, newsfuse summarizes every cluster (a learned algorithm
with its concept model trained on the other folds). Then, fold by fold, the setting with
the best mean ROUGE-1 + ROUGE-2 on the *other* folds is chosen and scored on the held-out
fold. The held-out scores are an honest estimate for "tune, then use"; the setting chosen
most often is the one to make the default.

    python benchmarks/tune.py DATA.jsonl --words 100 --measure recall \\
        --algorithm newsfuse.learned-beam.v1 --grid '{"lead_weight": [0, 0.5, 1]}'
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
from collections import Counter
from pathlib import Path

import newsfuse
from newsfuse.evaluate import evaluate, read_benchmark
from newsfuse.evaluate.folds import assign_folds
from newsfuse.evaluate.systems import CrossValidatedNewsfuse, NewsfuseSystem
from newsfuse.settings import with_overrides


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path)
    parser.add_argument("--algorithm", required=True)
    parser.add_argument("--grid", required=True, help='JSON: {"option": [values, ...], ...}')
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--measure", choices=["recall", "f1"], default="recall")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--packaged-model",
        action="store_true",
        help="a learned algorithm uses the packaged model (trained on other data) instead of "
        "models trained fold by fold on DATA",
    )
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: {args.data} not found")
        return 0
    clusters = read_benchmark(args.data)
    grid = json.loads(args.grid)
    names = sorted(grid)
    settings = [
        dict(zip(names, values, strict=True)) for values in itertools.product(*(grid[n] for n in names))
    ]
    learned = args.algorithm.startswith("newsfuse.learned")
    base = newsfuse.load_settings({"summary": {"algorithm": args.algorithm}})
    fold_of = assign_folds([c.id for c in clusters], args.folds)

    scores: dict[int, dict[str, tuple[float, float]]] = {}
    for number, options in enumerate(settings):
        trial = with_overrides(
            base, {"summary": {"algorithm_options": {**base.summary.algorithm_options, **options}}}
        )
        if learned and not args.packaged_model:
            system: NewsfuseSystem | CrossValidatedNewsfuse = CrossValidatedNewsfuse(trial, args.folds)
        else:
            system = NewsfuseSystem(trial)
        report = evaluate(clusters, [system], dataset=str(args.data), words=args.words)
        (result,) = report.systems
        scores[number] = {
            cluster: (score.values[("rouge1", args.measure)], score.values[("rouge2", args.measure)])
            for cluster, score in zip(result.clusters, result.scores, strict=True)
        }
        r1 = statistics.fmean(v[0] for v in scores[number].values())
        r2 = statistics.fmean(v[1] for v in scores[number].values())
        print(f"{options}: R-1 {100 * r1:.2f} R-2 {100 * r2:.2f} (all clusters)", file=sys.stderr)

    held_out: list[tuple[float, float]] = []
    chosen: Counter[int] = Counter()
    for fold in range(args.folds):
        training = [c.id for c in clusters if fold_of[c.id] != fold]
        best = max(scores, key=lambda s: statistics.fmean(sum(scores[s][c]) for c in training))
        chosen[best] += 1
        held_out += [scores[best][c.id] for c in clusters if fold_of[c.id] == fold]
    favourite = settings[chosen.most_common(1)[0][0]]
    print(
        json.dumps(
            {
                "data": str(args.data),
                "algorithm": args.algorithm,
                "measure": args.measure,
                "held_out_rouge1": round(100 * statistics.fmean(v[0] for v in held_out), 2),
                "held_out_rouge2": round(100 * statistics.fmean(v[1] for v in held_out), 2),
                "chosen_per_fold": [settings[s] for s in chosen.elements()],
                "recommended": favourite,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
