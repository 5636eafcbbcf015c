"""Scale: the batch pipeline on Dask, the same code on a laptop and on a cluster.

Loaded lazily: ``run_batch`` brings in Dask and the whole pipeline, while the command
line only needs ``defaults`` to describe its options."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsfuse.scale.batch import BatchResult, read_manifest, run_batch

__all__ = ["BatchResult", "read_manifest", "run_batch"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from newsfuse.scale import batch

        return getattr(batch, name)
    raise AttributeError(f"module 'newsfuse.scale' has no attribute {name!r}")
