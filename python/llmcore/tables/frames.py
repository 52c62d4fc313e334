# SPDX-License-Identifier: BSD-3-Clause
"""Tables in, tables out: evaluate a model for every row of a pandas/pyarrow/polars table.

Columns whose names are model inputs (or catalog keywords such as ``hardware``) are inputs;
other columns pass through untouched. Rows are processed in chunks, so the working memory
beyond the result itself is bounded by the chunk size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._models import get_model
from llmcore._util.errors import InvalidInputError
from llmcore._util.progress import Progress
from llmcore._util.si import parse_number
from llmcore.estimate.evaluate import evaluate
from llmcore.estimate.inputs import resolve_inputs
from llmcore.tables.assumed import merge_assumed
from llmcore.tables.files import META_KEY, context

__all__ = [
    "DEFAULT_CHUNK",
    "as_numbers",
    "check_ids",
    "evaluate_chunk",
    "evaluate_frame",
    "global_index_error",
    "iter_evaluate_table",
    "locate_bad_id",
    "table_kind",
]

DEFAULT_CHUNK = 1 << 20


def table_kind(table: Any) -> str:
    mod = type(table).__module__.split(".")[0]
    if mod in ("pandas", "pyarrow", "polars"):
        return mod
    if mod in ("dask", "dask_expr"):  # dask_expr: dask < 2025 dataframes
        return "dask"
    raise TypeError(
        f"evaluate_table needs a pandas, pyarrow or polars table, not {type(table).__name__}"
    )


def _columns(table: Any, kind: str) -> list[str]:
    return list(table.column_names) if kind == "pyarrow" else [str(c) for c in table.columns]


def _column(table: Any, kind: str, name: str, start: int, stop: int) -> np.ndarray:
    if kind == "pandas":
        return table[name].iloc[start:stop].to_numpy()
    if kind == "pyarrow":
        return table.column(name).slice(start, stop - start).to_numpy(zero_copy_only=False)
    return table[name][start:stop].to_numpy()


def global_index_error(
    exc: InvalidInputError, start: int, columns: Any, label: Any = None, *, row: str = "row"
) -> InvalidInputError:
    """`exc`, raised for the rows [start, ...) of a chunk, with its index counted from the
    first row of the whole table (or grid), naming the row label and the column.

    Errors without a one-dimensional index (a scalar input, a fixed value) are returned as they
    are: they do not depend on the chunk."""
    idx = exc.index
    if not (isinstance(idx, tuple) and len(idx) == 1):
        return exc
    local = int(idx[0])
    pos = start + local
    where = []
    if label is not None:
        where.append(f"{row} label {label(pos)!r}")
    if exc.input in columns:
        where.append(f"column {exc.input!r}")
    old = f" at index {local}"
    new = f" at index {pos}" + (f" ({', '.join(where)})" if where else "")
    msg = str(exc)
    msg = msg.replace(old, new, 1) if old in msg else f"{msg} [{new.strip()}]"
    return type(exc)(msg, input=exc.input, value=exc.value, index=(pos,))


def _label(table: Any, kind: str) -> Any:
    if kind == "pandas":
        return lambda pos: table.index[pos]
    return None


def _n_rows(table: Any, kind: str) -> int:
    return int(table.num_rows) if kind == "pyarrow" else len(table)


def _where(pos: int, column: str, label: Any, row: str = "row") -> str:
    """``row 3 (label 'x'), column 'hardware'``: where a cell is, counted from the table's
    first row."""
    lab = f" (label {label(pos)!r})" if label is not None else ""
    return f"{row} {pos}{lab}, column {column!r}"


def _has_choices(model: Any, name: str) -> bool:
    return name in model.input_names and bool(model.input(name).choices)


def as_numbers(a: np.ndarray, column: str, start: int, label: Any = None) -> np.ndarray:
    """An object/text column as float64: numbers as they are, missing values (None, pandas
    NA) as NaN, which the model then rejects naming the row; text through the SI parser
    (``"13B"``). An unreadable cell raises naming its row, label and column."""
    try:
        return a.astype(np.float64)  # the common case: plain numbers, at numpy's speed
    except (TypeError, ValueError):
        pass
    out = np.empty(len(a), dtype=np.float64)
    for k, v in enumerate(a):
        if v is None or (not isinstance(v, str) and _is_missing(v)):
            out[k] = np.nan
            continue
        try:
            out[k] = parse_number(v) if isinstance(v, str) else float(v)
        except (TypeError, ValueError) as exc:
            where = _where(start + k, column, label)
            raise InvalidInputError(
                f"{where}: {exc}", input=column, value=v, index=(start + k,)
            ) from None
    return out


def _is_missing(v: Any) -> bool:
    try:
        return bool(v != v)  # NaN, pandas NA (NA != NA is NA: bool() raises)
    except TypeError:
        return True


def check_ids(
    a: np.ndarray, column: str, start: int, label: Any = None, *, row: str = "row"
) -> None:
    """Every cell of a catalog-keyword column names a row of its catalog; the first that
    does not raises naming its row, label, column and value (missing cells included)."""
    kind = catalog.KEYWORDS[column]
    values = a.tolist()
    bad: dict[Any, Exception] = {}
    for key, v in {_key(v): v for v in reversed(values)}.items():
        if isinstance(v, str):
            try:
                catalog.resolve(kind, v)
            except (KeyError, ValueError) as exc:
                bad[key] = exc
        else:
            bad[key] = ValueError(f"not a {kind} id: {v!r} (an empty cell?)")
    if not bad:
        return
    for k, v in enumerate(values):
        if _key(v) in bad:
            err = bad[_key(v)]
            msg = err.args[0] if isinstance(err, KeyError) and err.args else str(err)
            raise InvalidInputError(
                f"{_where(start + k, column, label, row)}: {msg}",
                input=column,
                value=v,
                index=(start + k,),
            )


def _key(v: Any) -> Any:
    """A hashable stand-in of a cell (NaN and NA all one key)."""
    if isinstance(v, str):
        return v
    return "<missing>" if v is None or _is_missing(v) else repr(v)


def _inputs_for(model: Any, cols: list[str]) -> list[str]:
    names = set(model.input_names) | set(catalog.KEYWORDS)
    return [c for c in cols if c in names]


def iter_evaluate_table(
    table: Any,
    model: str,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    outputs: Any = None,
    backend: str = "auto",
    **fixed: Any,
) -> Iterator[tuple[int, int, dict[str, np.ndarray]]]:
    """Yield (start, stop, outputs) for consecutive row chunks: for streaming to disk."""
    for start, stop, r in _chunks(
        table, model, chunk_size=chunk_size, outputs=outputs, backend=backend, **fixed
    ):
        yield start, stop, {k: np.asarray(v).reshape(-1) for k, v in r.items()}


def _chunks(
    table: Any,
    model: str,
    *,
    chunk_size: int,
    outputs: Any,
    backend: str,
    **fixed: Any,
) -> Iterator[tuple[int, int, Any]]:
    kind = table_kind(table)
    info = get_model(model)
    cols = _inputs_for(info, _columns(table, kind))
    n = _n_rows(table, kind)
    label = _label(table, kind)
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive int, not {chunk_size!r}")
    for start in range(0, n, chunk_size):
        stop = min(n, start + chunk_size)
        inputs: dict[str, Any] = dict(fixed)
        for c in cols:
            a = _column(table, kind, c, start, stop)
            if c not in catalog.KEYWORDS and a.dtype.kind in "OUS" and not _has_choices(info, c):
                a = as_numbers(a, c, start, label)  # pandas object/nullable numbers, "13B"
            inputs[c] = a
        r = evaluate_chunk(info.name, inputs, start, cols, label, outputs=outputs, backend=backend)
        yield start, stop, r


def evaluate_chunk(
    model: str,
    inputs: Mapping[str, Any],
    start: int,
    columns: Any,
    label: Any = None,
    *,
    row: str = "row",
    **kw: Any,
) -> Any:
    """``evaluate(model, inputs, **kw)`` for the rows [start, ...) of a table (or grid): an
    error names the row counted from the first, its label and the column. A catalog id that
    does not resolve (an unknown id, an empty cell) is looked for only once evaluate failed,
    so good tables pay nothing for it."""
    try:
        return evaluate(model, inputs, **kw)
    except InvalidInputError as e:
        raise global_index_error(e, start, columns, label, row=row) from None
    except (KeyError, TypeError, ValueError):
        locate_bad_id(inputs, columns, start, label, row=row)
        raise


def locate_bad_id(
    inputs: Mapping[str, Any], columns: Any, start: int, label: Any = None, *, row: str = "row"
) -> None:
    """Raise InvalidInputError for the first cell of a catalog-keyword column of `inputs`
    (rows [start, ...)) that names no catalog row; return when every cell does."""
    for c in columns:
        if c in catalog.KEYWORDS and c in inputs and not isinstance(inputs[c], str):
            check_ids(np.asarray(inputs[c], dtype=object), c, start, label, row=row)


def _empty_outputs(
    info: Any, table: Any, kind: str, outputs: Any, fixed: Mapping[str, Any]
) -> list[str]:
    # With zero rows, ask the metadata which outputs the given inputs allow.
    probe: dict[str, Any] = {
        c: (catalog.list(catalog.KEYWORDS[c])[0] if c in catalog.KEYWORDS else np.ones(1))
        for c in _inputs_for(info, _columns(table, kind))
    }
    probe.update(fixed)
    res = resolve_inputs(info, probe)
    return list(outputs) if outputs is not None else list(res.available_outputs())


def _context(
    info: Any,
    table: Any,
    kind: str,
    n: int,
    outputs: list[str],
    fixed: Mapping[str, Any],
    assumed: Mapping[str, Any],
) -> dict[str, Any]:
    """The context document of an evaluated table (llmcore.tables.files): units of the input
    and output columns, the fixed inputs, the catalog rows the id columns and fixed ids name."""
    names = _columns(table, kind)
    units = {c: info.input(c).unit for c in names if c in info.input_names}
    units.update({k: info.output(k).unit for k in outputs if k in info.output_names})
    ids = {
        c: list(dict.fromkeys(_column(table, kind, c, 0, n).tolist()))
        for c in _inputs_for(info, names)
        if c in catalog.KEYWORDS
    }
    return context(
        model=info.name, units=units, fixed=fixed, inputs=ids, assumptions=assumed, rows=n
    )


def evaluate_frame(
    table: Any,
    model: str,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    outputs: Any = None,
    backend: str = "auto",
    progress: bool = False,
    **fixed: Any,
) -> Any:
    """:func:`llmcore.evaluate_table` for an in-memory table (pandas, pyarrow, polars)."""
    kind = table_kind(table)
    info = get_model(model)
    n = _n_rows(table, kind)
    parts: dict[str, list[np.ndarray]] = {}
    assumed: dict[str, dict[str, Any]] = {}
    chunks = _chunks(table, model, chunk_size=chunk_size, outputs=outputs, backend=backend, **fixed)
    if progress:
        chunks = Progress(n, desc=f"evaluate_table {info.name}").wrap_chunks(chunks)
    for _, _, res in chunks:
        for k, v in res.items():
            parts.setdefault(k, []).append(np.asarray(v).reshape(-1))
        merge_assumed(assumed, res.assumptions)
    names = list(parts) if parts else _empty_outputs(info, table, kind, outputs, fixed)
    cols = {k: (np.concatenate(parts[k]) if k in parts else np.empty(0)) for k in names}
    doc = _context(info, table, kind, n, names, fixed, assumed)
    if kind == "pandas":
        out = table.copy(deep=False)
        for k, v in cols.items():
            out[k] = v
        out.attrs["llmcore_assumptions"] = assumed
        out.attrs[META_KEY] = doc
        return out
    if kind == "pyarrow":
        import pyarrow as pa

        out = table
        for k, v in cols.items():
            arr = pa.array(v, type=pa.float64())
            i = out.schema.get_field_index(k)
            out = out.set_column(i, k, arr) if i >= 0 else out.append_column(k, arr)
        meta = dict(out.schema.metadata or {})
        meta[b"llmcore_assumptions"] = json.dumps(assumed).encode()
        meta[META_KEY.encode()] = json.dumps(doc, default=str).encode()
        return out.replace_schema_metadata(meta)
    import polars as pl

    return table.with_columns([pl.Series(k, v) for k, v in cols.items()])
