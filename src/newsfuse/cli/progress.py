"""A progress bar for long fetches, on a terminal only: never in a pipe, a file or a log,
and never under ``--quiet``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from newsfuse.ingest.fetch.poll import Progress

_LABELS = {"feeds": "Polling feeds", "pages": "Fetching pages"}


@contextmanager
def progress_bar(quiet: bool) -> Iterator[Progress | None]:
    """A ``Progress`` callback drawing a bar on standard error, or None when nobody is
    watching (``quiet``, or standard error is not a terminal)."""
    stream = sys.stderr
    if quiet or stream is None or not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        transient=True,  # the bar goes when the work is done; the results stay
    )
    tasks: dict[str, object] = {}

    def advance(what: str, done: int, total: int) -> None:
        if total < 2:
            return  # one fetch needs no bar
        if what not in tasks:
            tasks[what] = bars.add_task(_LABELS.get(what, what), total=total)
        bars.update(tasks[what], completed=done, total=total)  # type: ignore[arg-type]

    with bars:
        yield advance
