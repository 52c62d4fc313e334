# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore.evaluate_table``: a model over every row of a table (pandas, pyarrow, polars,
or a Dask dataframe, one task per partition)."""

from __future__ import annotations

from typing import Any

from llmcore.tables.dask import evaluate_dask_dataframe
from llmcore.tables.frames import DEFAULT_CHUNK, evaluate_frame, table_kind

__all__ = ["evaluate_table"]


def evaluate_table(
    table: Any,
    model: str,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    outputs: Any = None,
    backend: str = "auto",
    progress: bool = False,
    **fixed: Any,
) -> Any:
    """Evaluate `model` for every row; returns the same kind of table with output columns.

    Parameters
    ----------
    table : pandas.DataFrame, pyarrow.Table, polars.DataFrame or dask.dataframe.DataFrame
        Columns named like model inputs (or ``hardware``/``region`` ids) are inputs.
    model : str
        The model name.
    chunk_size : int
        Rows per compiled-core call.
    outputs : list of str, optional
        Only these outputs.
    **fixed
        Inputs that are the same for every row (numbers or catalog ids).

    Returns
    -------
    A table of the input's kind: the input columns, then one column per output (an output
    named like an input column replaces it). The inputs not given (defaults and catalog
    values, with their sources) ride along as metadata: ``df.attrs["llmcore_assumptions"]``
    (pandas), the schema metadata key ``llmcore_assumptions`` as JSON (pyarrow).
    """
    if table_kind(table) == "dask":
        return evaluate_dask_dataframe(
            table, model, chunk_size=chunk_size, outputs=outputs, backend=backend, **fixed
        )
    return evaluate_frame(
        table,
        model,
        chunk_size=chunk_size,
        outputs=outputs,
        backend=backend,
        progress=progress,
        **fixed,
    )
