# SPDX-License-Identifier: BSD-3-Clause
"""``evaluate_table(dask_dataframe, model)``: one ``map_partitions`` task per partition,
each the in-memory path (compiled core, chunked); see design/dask.md. Dask is imported by
the dataframe's own methods: ``import llmcore`` never needs it."""

from __future__ import annotations

from typing import Any

import numpy as np

from llmcore.tables.frames import DEFAULT_CHUNK, evaluate_frame

__all__ = ["evaluate_dask_dataframe"]


def _partition(
    df: Any,
    model: str,
    chunk_size: int,
    outputs: Any,
    backend: str,
    fixed: dict[str, Any],
    columns: list[str],
) -> Any:
    out = evaluate_frame(
        df, model, chunk_size=chunk_size, outputs=outputs, backend=backend, **fixed
    )
    return out[columns]


def evaluate_dask_dataframe(
    table: Any,
    model: str,
    *,
    chunk_size: int | None = None,
    outputs: Any = None,
    backend: str = "auto",
    **fixed: Any,
) -> Any:
    """``evaluate_table`` for a Dask dataframe: a lazy Dask dataframe with the input
    columns and one float64 column per output, one task per partition (each evaluates its
    rows with the compiled core, in chunks of `chunk_size` rows).

    The output columns (the meta) are worked out now from the column names, so errors in
    names or missing inputs surface here rather than in a worker.
    """
    meta = evaluate_frame(
        table._meta,
        model,
        chunk_size=chunk_size or DEFAULT_CHUNK,
        outputs=outputs,
        backend=backend,
        **fixed,
    )
    for c in meta.columns:
        if c not in table._meta.columns:
            meta[c] = meta[c].astype(np.float64)
    return table.map_partitions(
        _partition,
        model,
        chunk_size or DEFAULT_CHUNK,
        outputs,
        backend,
        dict(fixed),
        list(meta.columns),
        meta=meta,
        enforce_metadata=False,
    )
