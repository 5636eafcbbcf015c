"""Scale: the batch pipeline on Dask, the same code on a laptop and on a cluster."""

from newsfuse.scale.batch import BatchResult, read_manifest, run_batch

__all__ = ["BatchResult", "read_manifest", "run_batch"]
