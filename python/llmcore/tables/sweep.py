# SPDX-License-Identifier: BSD-3-Clause
"""Sweeps: a grid (Cartesian product), zipped lists and catalog rows, evaluated in chunks and
written to Parquet or CSV chunk by chunk, so memory stays bounded whatever the grid's size.

A grid file (TOML)::

    model = "training"
    chunk_size = 1048576          # optional
    [inputs]                      # the same for every scenario: numbers or catalog ids
    tokens = 2e12
    [grid]                        # axes of the Cartesian product
    params = [7e9, 13e9, 70e9]
    mfu = {linspace = [0.3, 0.6, 4]}          # start, stop, num
    n_accel = {logspace = [0, 3, 4]}          # 10**start .. 10**stop, num
    hardware = {catalog = "all"}              # every row of that catalog
    [zip]                         # equal-length lists varied together: one more axis
    pue = [1.1, 1.2]              # (any input names: here 3 x 4 x 4 x rows x 2 scenarios)
    utilization = [0.9, 1.0]

Numbers may be written with count suffixes, as text: ``tokens = "2T"``,
``params = ["7B", "13B", "70B"]`` (k, M, B/G, T, P: powers of 1000; see
:mod:`llmcore._util.si`). The output has one column per fixed input, per axis and per
output, and carries its context (units, model, llmcore version, the catalog rows used with
their dates, the assumptions): :mod:`llmcore.tables.files`.
"""

from __future__ import annotations

import contextlib
import json
import math
import numbers
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._models import MODELS, get_model
from llmcore._util.data_files import parse_toml, read_text
from llmcore._util.errors import InvalidInputError, closest
from llmcore._util.progress import Progress
from llmcore._util.si import parse_number
from llmcore.estimate.evaluate import evaluate
from llmcore.tables.assumed import merge_assumed
from llmcore.tables.files import (
    META_KEY,
    add_metadata_at_close,
    context,
    fmt_of,
    temp_beside,
    write_sidecar,
)
from llmcore.tables.files import (
    csv_safe as _csv_safe,
)
from llmcore.tables.frames import global_index_error, locate_bad_id

__all__ = ["MAX_SCENARIOS", "Grid", "load_grid", "sweep"]

#: The sections (top-level keys) a grid file may have.
SECTIONS = ("model", "chunk_size", "inputs", "grid", "zip")
#: Inputs (of any model) that are numbers: text there is read as one ("7B").
_NUMBER_INPUTS = frozenset(i.name for m in MODELS.values() for i in m.inputs if not i.choices)
#: The most scenarios a grid may have: scenario indices are int64 (``np.unravel_index``).
MAX_SCENARIOS = int(np.iinfo(np.int64).max)


def _axis(name: str, spec: Any) -> np.ndarray:
    a = _axis_values(name, spec)
    if len(a) == 0:
        raise InvalidInputError(f"sweep axis {name!r} is empty", input=name)
    return a


def _count(name: str, how: str, k: Any) -> int:
    """The number of points of a linspace/logspace axis: a whole number >= 0 (int() alone
    would raise OverflowError on inf and truncate 2.5)."""
    real = isinstance(k, numbers.Real) and not isinstance(k, bool)
    if real and math.isfinite(k) and k == int(k) and k >= 0:
        return int(k)
    raise InvalidInputError(
        f"sweep axis {name!r}: the number of {how} points must be a whole number >= 0, not {k!r}",
        input=name,
        value=k,
    )


def _is_numeric(name: str) -> bool:
    """Whether `name` is read as a number: a model input without named choices (catalog
    keywords and choices are names; unknown names are left for the model to reject)."""
    return name in _NUMBER_INPUTS and name not in catalog.KEYWORDS


def _text_number(name: str, v: Any) -> Any:
    """A number written as text (``"7B"``) read through the SI parser; other values as
    they are."""
    if not isinstance(v, str):
        return v
    try:
        return parse_number(v)
    except ValueError as exc:
        raise InvalidInputError(f"sweep {name!r}: {exc}", input=name, value=v) from None


def _axis_values(name: str, spec: Any) -> np.ndarray:
    if isinstance(spec, Mapping):
        if "linspace" in spec:
            a, b, k = spec["linspace"]
            return np.linspace(float(a), float(b), _count(name, "linspace", k))
        if "logspace" in spec:
            a, b, k = spec["logspace"]
            return np.logspace(float(a), float(b), _count(name, "logspace", k))
        if "catalog" in spec:
            kind = catalog.KEYWORDS.get(name, name)
            ids = catalog.list(kind) if spec["catalog"] == "all" else list(spec["catalog"])
            return np.array(ids, dtype=object)
        raise InvalidInputError(
            f"sweep axis {name!r}: expected a list or one of linspace, "
            f"logspace, catalog; got {dict(spec)}",
            input=name,
        )
    if isinstance(spec, (list, tuple)):
        if not spec:
            raise InvalidInputError(f"sweep axis {name!r} is empty", input=name)
        if _is_numeric(name):
            return np.array([_text_number(name, v) for v in spec], dtype=float)
        strings = all(isinstance(v, str) for v in spec)
        return np.array(spec, dtype=object if strings else float)
    raise InvalidInputError(f"sweep axis {name!r} must be a list, got {spec!r}", input=name)


@dataclass
class Grid:
    """Scenarios = fixed inputs x product(grid axes) x zipped lists (one extra axis)."""

    model: str
    fixed: dict[str, Any] = field(default_factory=dict)
    axes: dict[str, np.ndarray] = field(default_factory=dict)
    zipped: dict[str, np.ndarray] = field(default_factory=dict)
    chunk_size: int = 1 << 20

    def __post_init__(self) -> None:
        get_model(self.model)
        c = self.chunk_size
        if isinstance(c, bool) or not isinstance(c, numbers.Integral) or c < 1:
            raise InvalidInputError(
                f"sweep chunk_size must be a positive int, not {c!r}", input="chunk_size"
            )
        self.chunk_size = int(c)
        for name, values in {**self.axes, **self.zipped}.items():
            if len(values) == 0:
                raise InvalidInputError(f"sweep axis {name!r} is empty", input=name)
        lens = {len(v) for v in self.zipped.values()}
        if len(lens) > 1:
            raise InvalidInputError(
                f"[zip] lists must have equal lengths, got {sorted(lens)}",
                input=next(iter(self.zipped)),
            )
        n = self.n
        if n > MAX_SCENARIOS:
            dims = " x ".join(str(k) for k in self.shape)
            raise InvalidInputError(
                f"sweep grid too large to write: {dims} = {n:,} scenarios "
                f"(at most {MAX_SCENARIOS:,})",
                input="grid",
                value=n,
            )

    @property
    def shape(self) -> tuple[int, ...]:
        zip_len = (len(next(iter(self.zipped.values()))),) if self.zipped else ()
        return tuple(len(v) for v in self.axes.values()) + zip_len

    @property
    def n(self) -> int:
        return math.prod(self.shape)  # Python ints: np.prod wraps around at 2**64

    def scenarios(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """The varying inputs of scenarios [start, stop) in C order of the grid."""
        idx = np.unravel_index(np.arange(start, stop), self.shape) if self.shape else ()
        cols: dict[str, np.ndarray] = {}
        for k, name in enumerate(self.axes):
            cols[name] = self.axes[name][idx[k]]
        for name, values in self.zipped.items():
            cols[name] = values[idx[-1]]
        return cols

    def chunks(self) -> Iterator[tuple[int, int, dict[str, np.ndarray]]]:
        for start in range(0, self.n, self.chunk_size):
            stop = min(self.n, start + self.chunk_size)
            yield start, stop, self.scenarios(start, stop)


def load_grid(path: str | Path) -> Grid:
    data = parse_toml(read_text(path), path)
    for key in data:
        if key not in SECTIONS:
            near = closest(key, SECTIONS)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise InvalidInputError(
                f"{path}: unknown grid file key {key!r}{hint} (known: {', '.join(SECTIONS)})",
                input=key,
            )
    for key in ("inputs", "grid", "zip"):
        if not isinstance(data.get(key, {}), Mapping):
            raise InvalidInputError(f"{path}: [{key}] must be a table", input=key)
    if "model" not in data:
        raise InvalidInputError(f'{path}: a grid file needs model = "..."', input="model")
    fixed = {
        k: (_text_number(k, v) if _is_numeric(k) else v) for k, v in data.get("inputs", {}).items()
    }
    return Grid(
        model=data["model"],
        fixed=fixed,
        axes={k: _axis(k, v) for k, v in data.get("grid", {}).items()},
        zipped={k: _axis(k, v) for k, v in data.get("zip", {}).items()},
        chunk_size=data.get("chunk_size", 1 << 20),
    )


def _frame(cols: Mapping[str, np.ndarray]) -> Any:
    import pandas as pd

    return pd.DataFrame({k: (v.astype(str) if v.dtype == object else v) for k, v in cols.items()})


def sweep(
    grid: Grid | str | Path,
    out: str | Path,
    *,
    fmt: str | None = None,
    backend: str = "auto",
    outputs: Any = None,
    progress: bool = False,
) -> int:
    """Evaluate every scenario of `grid` and write axis values, fixed inputs and outputs
    to `out` (columns in that order).

    The format follows the suffix (.parquet or .csv) unless `fmt` is given. Every fixed input
    (``[inputs]``) is a column too, and the file carries its context (units per column,
    model, llmcore version, catalog rows used with their dates, the assumptions): the
    Parquet schema metadata key ``llmcore`` (JSON), or a sidecar ``<out>.llmcore.json``
    beside a CSV (the CSV itself stays plain); see
    :func:`llmcore.tables.files.read_context`. In CSV, text cells that start with ``=``,
    ``+``, ``-`` or ``@`` get a leading ``'`` so that a spreadsheet does not run them as
    formulas (numbers are written as they are). Returns the number of scenarios written.
    The chunks go to a temporary file beside `out`, moved onto `out` only once every chunk
    succeeded: a failed (or interrupted) sweep leaves no file, and an existing `out` as it
    was.
    """
    g = grid if isinstance(grid, Grid) else load_grid(grid)
    out = Path(out)
    try:
        fmt = fmt_of(out, fmt)
    except ValueError as exc:
        raise InvalidInputError(f"sweep: {exc}", input="out") from None
    info = get_model(g.model)
    tmp = temp_beside(out)
    writer = None
    done = False
    chunks: Any = g.chunks()
    if progress:
        chunks = Progress(g.n, desc=f"sweep {g.model}").wrap_chunks(chunks)
    assumed: dict[str, dict[str, Any]] = {}
    units: dict[str, str] = {}
    columns: list[str] = []
    try:
        first = True
        for start, stop, cols in chunks:
            inputs = {**g.fixed, **cols}
            try:
                r = evaluate(g.model, inputs, backend=backend, outputs=outputs)
            except InvalidInputError as e:
                raise global_index_error(e, start, cols) from None
            except (KeyError, TypeError, ValueError):  # an id of an axis: say which scenario
                locate_bad_id(inputs, cols, start, row="scenario")
                raise
            fixed = {k: _constant(v, stop - start) for k, v in g.fixed.items() if k not in cols}
            frame = _frame(
                {**cols, **fixed, **{k: np.asarray(v).reshape(-1) for k, v in r.items()}}
            )
            merge_assumed(assumed, r.assumptions)  # every chunk's: the context is the file's
            if first:
                units, columns = dict(r.units), list(frame.columns)
            if fmt == "csv":
                _csv_safe(frame).to_csv(tmp, mode="w" if first else "a", header=first, index=False)
                first = False
                continue
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:  # its context is written at close, once every chunk is in
                schema = table.schema
                writer = pq.ParquetWriter(tmp, schema, store_schema=False)
            writer.write_table(table.replace_schema_metadata(schema.metadata))
            first = False
        doc = _sweep_context(g, info, units, assumed, columns)
        if writer is not None:
            meta = {META_KEY: json.dumps(doc, ensure_ascii=False, default=str)}
            add_metadata_at_close(writer, schema, meta)
            w, writer = writer, None
            w.close()
        if fmt == "csv" and not first:  # the context beside it, before the CSV moves in
            write_sidecar(out, doc)
        os.replace(tmp, out)  # only a complete result reaches `out`
        done = True
    finally:
        if not done:  # an error or Ctrl-C: no partial file, an existing `out` untouched
            if writer is not None:
                with contextlib.suppress(Exception):  # the first error is the one to report
                    writer.close()
            tmp.unlink(missing_ok=True)
    return g.n


def _constant(v: Any, n: int) -> np.ndarray:
    """A fixed input as a column of `n` rows."""
    if isinstance(v, str):
        return np.full(n, v, dtype=object)
    a = np.asarray(v)
    if a.ndim == 0:
        return np.full(n, a.item(), dtype=object if a.dtype.kind in "OUS" else float)
    return np.asarray([str(v)] * n, dtype=object)  # a list-valued input: written as text


def _sweep_context(
    g: Grid, info: Any, out_units: Mapping[str, str], assumed: Any, columns: list[str]
) -> dict[str, Any]:
    units: dict[str, str] = {}
    for c in columns:
        if c in out_units:
            units[c] = out_units[c]
        elif c in info.input_names:
            units[c] = info.input(c).unit
    axes = {**g.axes, **g.zipped}
    return context(
        model=info.name,
        units=units,
        fixed=g.fixed,
        inputs={**g.fixed, **axes},
        assumptions=assumed,
        scenarios=g.n,
        axes={k: len(v) for k, v in axes.items()},
        outputs=[c for c in columns if c in out_units],
    )
