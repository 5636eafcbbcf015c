"""The command line: one module per command, each parsing its options, calling the
library and printing (``newsfuse --help``).

Exit status: 0 when every input was used; 1 when some input was skipped (the rest is still
used) or a summary came out empty; 2 when nothing could be done (bad usage, bad
configuration, no usable input, or a bad input under ``--strict``); 3 on an internal error
(a bug: the message says so, ``--debug`` shows the traceback); 130 when interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from newsfuse import __version__
from newsfuse.cli import (
    add,
    algorithms,
    analyze,
    batch,
    cluster,
    digest,
    eval_clusters,
    evaluate,
    serve,
    summarize,
    train,
    upgrade,
    watch,
)
from newsfuse.cli.common import EXIT_FAILED, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, say
from newsfuse.errors import NewsfuseError, NothingToSummarizeError

COMMANDS = (
    summarize,
    analyze,
    digest,
    cluster,
    add,
    watch,
    batch,
    serve,
    upgrade,
    evaluate,
    train,
    eval_clusters,
    algorithms,
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_FAILED
    try:
        return int(args.run(args))
    except NothingToSummarizeError as error:
        for problem in error.problems:
            say(f"skipped {problem}")
        say(f"error: {error}")
        return EXIT_FAILED
    except NewsfuseError as error:
        say(f"error: {error}")
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        say("interrupted (a database keeps only complete runs)")
        return EXIT_INTERRUPTED
    except OSError as error:  # an output file cannot be written
        say(f"error: {error.filename or 'output'}: {error.strerror or error}")
        return EXIT_FAILED
    except Exception as error:
        if _interrupted(error):  # Ctrl-C inside a C extension's import comes back wrapped
            say("interrupted (a database keeps only complete runs)")
            return EXIT_INTERRUPTED
        if args.debug:
            raise
        say(f"internal error: {type(error).__name__}: {error} (a bug in newsfuse; --debug shows where)")
        return EXIT_INTERNAL


def _interrupted(error: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


class _Parser(argparse.ArgumentParser):
    """Usage errors on one line of safe text: an argument may carry terminal escapes."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        say(f"error: {message}")
        raise SystemExit(EXIT_FAILED)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsfuse",
        description="Turn many news reports of one event into one short summary that cites its sources.",
    )
    parser.add_argument("--version", action="version", version=f"newsfuse {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
