# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore.evaluate_table``: a model over every row of a table (pandas, pyarrow, polars,
or a Dask dataframe, one task per partition), or of a Parquet file streamed to a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from llmcore._models import get_model
from llmcore._util.errors import InvalidInputError
from llmcore.tables.dask import evaluate_dask_dataframe
from llmcore.tables.files import META_KEY, write_table
from llmcore.tables.frames import DEFAULT_CHUNK, evaluate_frame, table_kind
from llmcore.tables.stream import evaluate_to_file, is_path, read_parquet

__all__ = ["evaluate_table"]


def evaluate_table(
    table: Any,
    model: str,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    outputs: Any = None,
    backend: str = "auto",
    progress: bool = False,
    out: str | os.PathLike | None = None,
    keep_columns: bool = True,
    **fixed: Any,
) -> Any:
    """Evaluate `model` for every row; returns the same kind of table with output columns.

    Parameters
    ----------
    table : pandas.DataFrame, pyarrow.Table, polars.DataFrame, dask.dataframe.DataFrame, or
        the path of a Parquet file
        Columns named like model inputs (or ``hardware``/``region`` ids) are inputs. A file
        is read as a pyarrow Table, or, with `out`, streamed one batch (`chunk_size` rows)
        at a time.
    model : str
        The model name.
    chunk_size : int
        Rows per compiled-core call.
    outputs : str or list of str, optional
        Only these outputs (a name given twice is one column).
    out : str or path, optional
        Write the result to this file (``.parquet`` or ``.csv``) batch by batch instead of
        returning it: memory stays flat whatever the number of rows. The file carries its
        context (units, model, catalog rows used, assumptions; see
        :func:`llmcore.tables.files.read_context`) and is written to a temporary file moved
        into place once every row succeeded: a bad cell raises naming its row (counted from
        the table's first) and column, and leaves no file (an existing `out` as it was).
    keep_columns : bool
        With `out`: write the table's own columns before the outputs (False: the outputs
        only).
    **fixed
        Inputs that are the same for every row (numbers or catalog ids; values that vary
        by row are columns of the table, and an array here is refused).

    Returns
    -------
    A table of the input's kind: the input columns, then one column per output (an output
    named like an input column replaces it). The inputs not given (defaults and catalog
    values, with their sources) ride along as metadata: ``df.attrs["llmcore_assumptions"]``
    (pandas), the schema metadata key ``llmcore_assumptions`` as JSON (pyarrow); a Dask
    result carries none (its partitions are evaluated apart: evaluate one of them, or the
    rows of interest, as a pandas frame to see them). With `out`: the path written.
    """
    for k, v in fixed.items():  # each chunk would get the whole array: say so instead
        if not isinstance(v, (str, bytes)) and np.ndim(v) > 0 and np.size(v) != 1:
            raise InvalidInputError(
                f"evaluate_table: fixed input {k!r} is an array of shape {np.shape(v)}; a "
                "fixed input is one value for every row (give per-row values as a column)",
                input=k,
            )
    if out is not None:
        if not is_path(table) and table_kind(table) == "pandas":  # row labels in errors
            res = evaluate_frame(
                table,
                model,
                chunk_size=chunk_size,
                outputs=outputs,
                backend=backend,
                progress=progress,
                **fixed,
            )
            doc = res.attrs[META_KEY]
            if not keep_columns:
                names = get_model(model).output_names
                asked = {outputs} if isinstance(outputs, str) else set(outputs or ())  # checked
                res = res[[c for c in res if c in names and (outputs is None or c in asked)]]
            return write_table(res, Path(out), doc)
        return evaluate_to_file(
            table,
            model,
            out,
            chunk_size=chunk_size,
            outputs=outputs,
            backend=backend,
            progress=progress,
            keep_columns=keep_columns,
            **fixed,
        )
    if is_path(table):
        table = read_parquet(table)
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
