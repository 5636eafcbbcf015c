"""The working folder of a batch run: what each finished task left, written whole or not at all.

Every task writes its result under ``OUT/.work/`` through ``write_atomically`` (a temporary
file, then a rename), so a crash leaves either the whole file or none; a run started again
with the same inputs and settings finds the finished parts and does not redo them. A run
with other inputs or settings starts afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

WORK = ".work"
RUN_FILE = "run.json"


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(path: Path, value: Any) -> None:
    write_atomically(path, lambda p: p.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8"))


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def write_pickle(path: Path, value: Any) -> None:
    """Our own intermediate values between tasks of one run (never read from elsewhere)."""
    write_atomically(path, lambda p: p.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))


def read_pickle(path: Path) -> Any:
    return pickle.loads(path.read_bytes())  # written by this run's own tasks


def open_work(out: Path, identity: dict[str, Any]) -> Path:
    """The run's working folder under ``out``, emptied when an earlier run there had other
    inputs or settings (``identity``)."""
    work = out / WORK
    fingerprint = hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()
    run_file = work / RUN_FILE
    if run_file.exists():
        try:
            same = read_json(run_file).get("fingerprint") == fingerprint
        except (OSError, ValueError):
            same = False
        if not same:
            shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    if not run_file.exists():
        write_json(run_file, {"fingerprint": fingerprint, "identity": identity})
    return work
