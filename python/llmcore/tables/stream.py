# SPDX-License-Identifier: BSD-3-Clause
"""``evaluate_table(..., out=FILE)``: a model over every row of a Parquet file (or an Arrow
table), streamed batch by batch to a Parquet or CSV file, so memory stays flat whatever the
number of rows.

Batches come from ``pyarrow.parquet.ParquetFile.iter_batches`` (numeric columns reach the
compiled core without a copy), the outputs go to a ``ParquetWriter`` on a temporary file
beside `out`, moved onto `out` only once every batch succeeded (no half-written file; an
existing `out` stays as it was). The context document (:mod:`llmcore.tables.files`) is known
only at the end (the catalog rows the id columns name, the assumptions of every batch), so
it is written into the file's footer then, with the Arrow schema that carries it, exactly as
``pyarrow.parquet.write_table`` stores it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._models import get_model
from llmcore._util.progress import Progress
from llmcore.tables.assumed import merge_assumed
from llmcore.tables.files import (
    META_KEY,
    add_metadata_at_close,
    context,
    csv_safe,
    fmt_of,
    temp_beside,
    write_sidecar,
)
from llmcore.tables.frames import (
    _empty_outputs,
    _has_choices,
    _inputs_for,
    as_numbers,
    evaluate_chunk,
)

__all__ = ["evaluate_to_file", "is_path", "open_batches", "read_parquet"]


def is_path(table: Any) -> bool:
    return isinstance(table, (str, os.PathLike))


def _parquet_file(path: str | os.PathLike) -> Any:
    import pyarrow.parquet as pq

    p = Path(path)
    with open(p, "rb") as f:  # FileNotFoundError names the path
        if f.read(4) != b"PAR1":
            raise ValueError(
                f"evaluate_table reads Parquet files; {p.name!r} is not one "
                "(read other formats into a table first, e.g. pandas.read_csv)"
            )
    # pre_buffer=False: with it, the reader keeps every row group it has read cached until
    # it is closed, so memory grows with the file (measured: bench_parquet_stream.py)
    return pq.ParquetFile(p, pre_buffer=False)


def read_parquet(path: str | os.PathLike) -> Any:
    """The Parquet file `path` as a pyarrow Table (ValueError naming it if it is not one)."""
    return _parquet_file(path).read()


def open_batches(source: Any, chunk_size: int) -> tuple[Any, int, Iterator[Any]]:
    """(Arrow schema, row count, record batches of at most `chunk_size` rows) of a Parquet
    file path, a pyarrow Table or a polars DataFrame."""
    import pyarrow as pa

    if is_path(source):
        pf = _parquet_file(source)
        return pf.schema_arrow, pf.metadata.num_rows, pf.iter_batches(batch_size=chunk_size)
    if type(source).__module__.split(".")[0] == "polars":
        source = source.to_arrow()
    if not isinstance(source, pa.Table):
        kind = f"{type(source).__module__.split('.')[0]}.{type(source).__name__}"
        raise TypeError(
            "evaluate_table(out=...) streams a Parquet file, a pandas, pyarrow or polars "
            f"table, not a {kind} (for a Dask dataframe: evaluate_table(ddf, ...).to_parquet(path))"
        )
    return source.schema, source.num_rows, iter(source.to_batches(max_chunksize=chunk_size))


def evaluate_to_file(
    source: Any,
    model: str,
    out: str | os.PathLike,
    *,
    chunk_size: int,
    outputs: Any = None,
    backend: str = "auto",
    progress: bool = False,
    keep_columns: bool = True,
    fmt: str | None = None,
    **fixed: Any,
) -> Path:
    """Evaluate `model` for every row of `source` and write the table to `out` (Parquet or
    CSV by suffix or `fmt`) batch by batch; see :func:`llmcore.evaluate_table`."""
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int, not {chunk_size!r}")
    out = Path(out)
    f = fmt_of(out, fmt)
    info = get_model(model)
    schema, n, batches = open_batches(source, chunk_size)
    cols = _inputs_for(info, list(schema.names))
    if progress:
        batches = Progress(n, desc=f"evaluate_table {info.name}").wrap_chunks(
            (0, b.num_rows, b) for b in batches
        )
        batches = (b for _, _, b in batches)
    assumed: dict[str, dict[str, Any]] = {}
    ids: dict[str, dict[Any, None]] = {c: {} for c in cols if c in catalog.KEYWORDS}
    names: list[str] | None = None
    out_schema = None
    tmp = temp_beside(out)
    writer: Any = None
    done = False
    start = 0
    try:
        for batch in batches:
            inputs: dict[str, Any] = dict(fixed)
            for c in cols:
                a = batch.column(c).to_numpy(zero_copy_only=False)
                if c in ids:
                    ids[c].update(dict.fromkeys(a.tolist()))
                elif a.dtype.kind in "OUS" and not _has_choices(info, c):
                    a = as_numbers(a, c, start)  # nulls, "13B"
                inputs[c] = a
            r = evaluate_chunk(info.name, inputs, start, cols, outputs=outputs, backend=backend)
            if names is None:
                names = list(r)
            elif list(r) != names:  # cannot happen with one model and fixed columns
                raise RuntimeError(f"rows {start}...: outputs {list(r)} differ from {names}")
            merge_assumed(assumed, r.assumptions)
            table = _out_table(batch, r, names, keep_columns)
            if f == "csv":
                with open(tmp, "a" if start else "w", encoding="utf-8", newline="") as fh:
                    csv_safe(table.to_pandas()).to_csv(fh, header=start == 0, index=False)
            else:
                if writer is None:
                    out_schema = table.schema
                    writer = _writer(tmp, out_schema, names)
                writer.write_table(table)
            start += batch.num_rows
        if names is None:  # no rows: the columns the metadata says the inputs give
            names = _empty_outputs(info, schema.empty_table(), "pyarrow", outputs, fixed)
        doc = _doc(info, schema, names, fixed, assumed, ids, start, keep_columns)
        meta = {META_KEY: json.dumps(doc, default=str), "llmcore_assumptions": json.dumps(assumed)}
        if f == "csv":
            if start == 0:
                empty = _empty_table(schema, names, keep_columns)
                csv_safe(empty.to_pandas()).to_csv(tmp, index=False)
            write_sidecar(out, doc)  # before the CSV moves into place: both or neither
        else:
            if writer is None:
                out_schema = _empty_table(schema, names, keep_columns).schema
                writer = _writer(tmp, out_schema, names)
            assert out_schema is not None
            keep = dict(schema.metadata or {}) if keep_columns else {}
            add_metadata_at_close(writer, out_schema.with_metadata(keep), meta)
            w, writer = writer, None
            w.close()
        os.replace(tmp, out)
        done = True
    finally:
        if not done:  # an error or Ctrl-C: no partial file, an existing `out` untouched
            if writer is not None:
                with contextlib.suppress(Exception):  # the first error is the one to report
                    writer.close()
            tmp.unlink(missing_ok=True)
    return out


def _writer(path: Path, schema: Any, names: list[str]) -> Any:
    """A ParquetWriter for `schema` (its Arrow schema written at close, see the module
    docstring). Output columns skip dictionary encoding: their values are nearly all
    distinct, so the writer would build a dictionary page per column chunk only to fall
    back to plain encoding, at twice the write cost (measured: bench_parquet_stream.py)."""
    import pyarrow.parquet as pq

    dictionary = [c for c in schema.names if c not in names]
    return pq.ParquetWriter(path, schema, store_schema=False, use_dictionary=dictionary or False)


def _out_table(batch: Any, r: Any, names: list[str], keep_columns: bool) -> Any:
    """One batch's output: its own columns (an output named like one replaces it in place),
    then the outputs, as float64 Arrow arrays over the result's memory."""
    import pyarrow as pa

    outs = {k: pa.array(np.asarray(r[k], dtype=np.float64).reshape(-1)) for k in names}
    if not keep_columns:
        return pa.table(outs)
    table = pa.Table.from_batches([batch]).replace_schema_metadata(None)
    for k, v in outs.items():
        i = table.schema.get_field_index(k)
        table = table.set_column(i, k, v) if i >= 0 else table.append_column(k, v)
    return table


def _empty_table(schema: Any, names: list[str], keep_columns: bool) -> Any:
    import pyarrow as pa

    empty = schema.empty_table().replace_schema_metadata(None) if keep_columns else pa.table({})
    for k in names:
        col = pa.array(np.empty(0))
        i = empty.schema.get_field_index(k)
        empty = empty.set_column(i, k, col) if i >= 0 else empty.append_column(k, col)
    return empty


def _doc(
    info: Any,
    schema: Any,
    names: list[str],
    fixed: Mapping[str, Any],
    assumed: Mapping[str, Any],
    ids: Mapping[str, Mapping[Any, None]],
    n: int,
    keep_columns: bool,
) -> dict[str, Any]:
    """The context document, as the in-memory evaluate_table builds it (frames._context)."""
    columns = list(schema.names) if keep_columns else []
    units = {c: info.input(c).unit for c in columns if c in info.input_names}
    units.update({k: info.output(k).unit for k in names if k in info.output_names})
    return context(
        model=info.name,
        units=units,
        fixed=fixed,
        inputs={c: list(v) for c, v in ids.items()},
        assumptions=assumed,
        rows=n,
    )
