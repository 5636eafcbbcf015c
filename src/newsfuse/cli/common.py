"""What the commands share: exit codes, messages, and options that build settings."""

from __future__ import annotations

import argparse
import contextlib
import errno
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from newsfuse.model import Problem
from newsfuse.settings import ClusteringSettings, Overrides, Settings, load_settings

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C

if TYPE_CHECKING:
    from newsfuse.pipeline import Prepared

_CLUSTERING = ClusteringSettings()


def say(message: str) -> None:
    """One line on standard error; what comes from an input cannot act on the terminal."""
    from newsfuse.renderers.escape import inline

    if sys.stderr is None:
        return
    with contextlib.suppress(OSError):  # a closed stderr (2>&-, a reader gone) loses no result
        sys.stderr.write(_encodable(f"newsfuse: {inline(message)}\n", sys.stderr))


def write(text: str, output: str | None = None, *, json: bool = False) -> None:
    """The result, to ``output`` (UTF-8) or standard output in whatever encoding it has:
    what it cannot encode is escaped (JSON as ``\\u`` escapes, so it stays valid JSON)."""
    if output:
        with open(output, "w", encoding="utf-8", errors="backslashreplace") as stream:
            stream.write(text + "\n")
        return
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed", "-")
    if json and _encodable(text, sys.stdout) != text:
        import json as json_module

        text = json_module.dumps(json_module.loads(text), ensure_ascii=True, indent=2)
    sys.stdout.write(_encodable(text + "\n", sys.stdout))


def _encodable(text: str, stream: TextIO) -> str:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, errors="backslashreplace").decode(encoding)
    except LookupError:
        pass
    return text


def report(problems: Sequence[Problem]) -> bool:
    """Print every problem; True when some input was skipped."""
    for problem in problems:
        say(f"skipped {problem}" if problem.level == "skipped" else f"{problem.level}: {problem}")
    return any(p.level == "skipped" for p in problems)


def settings_from(args: argparse.Namespace, overrides: Overrides) -> Settings:
    """Settings from every layer, the command's flags on top."""
    flags: dict[str, dict[str, object]] = {name: dict(items) for name, items in overrides.items()}
    if getattr(args, "strict", False):
        flags.setdefault("input", {})["strict"] = True
    for option, setting in (("threshold", "threshold"), ("window_days", "window_days")):
        value = getattr(args, option, None)
        if value is not None:
            flags.setdefault("clustering", {})[setting] = value
    return load_settings(flags, config_file=getattr(args, "config", None))


def add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="stop at the first bad input")
    parser.add_argument("--config", metavar="FILE", help="a TOML configuration file")
    parser.add_argument("--quiet", action="store_true", help="no progress bar while URLs are fetched")


def read_inputs(args: argparse.Namespace, settings: Settings) -> Prepared:
    """The articles under the command's paths, with a progress bar for URLs on a terminal."""
    from newsfuse.cli.progress import progress_bar
    from newsfuse.pipeline import read

    with progress_bar(args.quiet) as progress:
        return read(args.paths, settings, progress=progress)


def add_clustering_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that groups articles into events (defaults: settings)."""
    parser.add_argument(
        "--threshold",
        type=float,
        help=f"least similarity to join an event (default {_CLUSTERING.threshold})",
    )
    parser.add_argument(
        "--window-days",
        type=float,
        metavar="D",
        help=f"close an event after D days without a new article (default {_CLUSTERING.window_days:g})",
    )


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def refuse_overwriting_an_input(output: str, paths: list[str]) -> None:
    """``-o`` naming one of the inputs (the same file by any name, a hard link too, or
    standard input's file) would destroy it."""
    import os
    from pathlib import Path

    from newsfuse.errors import ConfigError

    if not output.strip():
        raise ConfigError("-o needs a file name")
    try:
        target = os.stat(output)
    except OSError:
        return  # a new file is no input
    identity = (target.st_dev, target.st_ino)
    for path in paths:
        if path == "-":
            stdin = sys.stdin
            if stdin is not None and _identity(os.fstat(stdin.fileno())) == identity:
                raise ConfigError(f"-o {output}: it is standard input; write elsewhere")
            continue
        source = Path(path)
        files = [source] if not source.is_dir() else [Path(r) / f for r, _, fs in os.walk(source) for f in fs]
        for file in files:
            try:
                if _identity(file.stat()) == identity:
                    raise ConfigError(f"-o {output}: it is an input ({file}); write elsewhere")
            except OSError:
                continue


def _identity(status: object) -> tuple[int, int]:
    return (getattr(status, "st_dev", -1), getattr(status, "st_ino", -1))
