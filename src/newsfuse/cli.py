"""The command line: a thin adapter over the library (``newsfuse --help``).

Exit status: 0 when every input was used; 1 when some input was skipped (the rest is still
summarized) or the summary came out empty; 2 when nothing could be done (bad usage, bad
configuration, no usable input, or a bad input under ``--strict``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from newsfuse import __version__
from newsfuse.config import load_config
from newsfuse.errors import NewsfuseError, NothingToSummarizeError
from newsfuse.render import FORMATS, render

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2


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

    algorithms = commands.add_parser("algorithms", help="list the summarization algorithms")
    algorithms.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    algorithms.set_defaults(run=_algorithms)
    return parser


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
