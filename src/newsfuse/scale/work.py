"""The working folder of a batch run: what each finished task left, written whole or not at all.

Every task writes its result under ``OUT/.work/`` through ``write_atomically`` (a temporary
file, then a rename), so a crash leaves either the whole file or none; a run started again
with the same inputs and settings finds the finished parts and does not redo them. A run
with other inputs or settings starts afresh.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsfuse.errors import BatchError

WORK = ".work"
RUN_FILE = "run.json"
LOCK_FILE = "lock"


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary file beside ``path``, flush it to the disk, then
    rename it to ``path``: after a crash, the whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, _FILE_MODE)  # readable as any file the user makes, not 0600
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def write_table(path: Path, table: Any) -> None:
    """A pyarrow table as a Parquet file, written whole."""
    import pyarrow.parquet as pq

    write_atomically(path, lambda file: pq.write_table(table, file))


def write_buckets(path: Path, table: Any, buckets: Any) -> None:
    """The rows of a shuffle's mapper as one Parquet file, a row group for each bucket
    (``buckets``: each row's bucket, an int32 array), so that the reducer of a bucket reads
    its own rows alone (``read_bucket``): one file per mapper, not one per mapper and bucket."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    order = pc.sort_indices(buckets)
    table, buckets = table.take(order), buckets.take(order)
    groups = [(g["values"], g["counts"]) for g in pc.value_counts(buckets).to_pylist()]  # sorted, as met
    schema = table.schema.with_metadata({_BUCKETS_KEY: json.dumps([number for number, _ in groups])})

    def write(file: Path) -> None:
        with pq.ParquetWriter(file, schema) as writer:
            start = 0
            for _, count in groups:
                writer.write_table(table.slice(start, count), row_group_size=count)
                start += count

    write_atomically(path, write)


def read_bucket(folder: Path, bucket: int) -> list[dict[str, Any]]:
    """One bucket's rows from every mapper's file in ``folder`` (``write_buckets``), in
    the files' order."""
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.parquet")):
        with pq.ParquetFile(path) as file:
            numbers = json.loads(file.schema_arrow.metadata[_BUCKETS_KEY.encode()])
            if bucket in numbers:
                rows += file.read_row_group(numbers.index(bucket)).to_pylist()
    return rows


_BUCKETS_KEY = "newsfuse.buckets"


def write_json(path: Path, value: Any) -> None:
    write_atomically(path, lambda p: p.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8"))


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_pickle(path: Path, value: Any) -> None:
    """Our own intermediate values between tasks of one run (never read from elsewhere)."""
    write_atomically(path, lambda p: p.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))


def read_pickle(path: Path) -> Any:
    return pickle.loads(path.read_bytes())  # written by this run's own tasks


@lru_cache(maxsize=4)
def load(path: Path) -> Any:
    """What the driver left for every task (the archive's frequencies, copies...), read
    once per worker process: from disk, so a worker that replaces a dead one finds it."""
    return read_pickle(path)


@contextmanager
def open_work(out: Path, identity: dict[str, Any]) -> Iterator[Path]:
    """The run's working folder under ``out``, held by this run alone (another run on the
    same ``out`` is refused), and emptied first when an earlier run there had other inputs
    or settings (``identity``)."""
    work = out / WORK
    work.mkdir(parents=True, exist_ok=True)
    with (work / LOCK_FILE).open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchError(f"another batch run is writing {out}") from None
        fingerprint = hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()
        run_file = work / RUN_FILE
        if run_file.exists():
            try:
                same = read_json(run_file).get("fingerprint") == fingerprint
            except (OSError, ValueError):
                same = False
            if not same:
                clear_work(work)
        if not run_file.exists():
            write_json(run_file, {"fingerprint": fingerprint, "identity": identity})
        yield work


def clear_work(work: Path) -> None:
    """Everything in the working folder but its lock."""
    for entry in work.iterdir():
        if entry.name == LOCK_FILE:
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
