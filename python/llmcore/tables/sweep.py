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
    params_zip_example = []       # (any input names)
"""

from __future__ import annotations

import contextlib
import math
import numbers
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._models import get_model
from llmcore._util.data_files import parse_toml, read_text
from llmcore._util.errors import InvalidInputError, closest
from llmcore._util.progress import Progress
from llmcore.estimate.evaluate import evaluate
from llmcore.tables.frames import global_index_error

__all__ = ["MAX_SCENARIOS", "Grid", "load_grid", "sweep"]

#: The sections (top-level keys) a grid file may have.
SECTIONS = ("model", "chunk_size", "inputs", "grid", "zip")
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
    return Grid(
        model=data["model"],
        fixed=dict(data.get("inputs", {})),
        axes={k: _axis(k, v) for k, v in data.get("grid", {}).items()},
        zipped={k: _axis(k, v) for k, v in data.get("zip", {}).items()},
        chunk_size=data.get("chunk_size", 1 << 20),
    )


#: First characters that make a spreadsheet read a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@")


def _csv_safe(frame: Any) -> Any:
    """`frame` with every cell of a text column that starts like a formula prefixed with a
    single quote (a spreadsheet then shows it as text). Number columns are left as they are:
    -1.5 stays a number."""
    import pandas as pd

    for c in frame.columns:
        col = frame[c]
        if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
            frame[c] = col.map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
            )
    return frame


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
    """Evaluate every scenario of `grid` and write axis values and outputs to `out`.

    The format follows the suffix (.parquet or .csv) unless `fmt` is given. In CSV, text
    cells that start with ``=``, ``+``, ``-`` or ``@`` get a leading ``'`` so that a
    spreadsheet does not run them as formulas (numbers are written as they are). Returns the
    number of scenarios written. The chunks go to a temporary file beside `out`, moved onto
    `out` only once every chunk succeeded: a failed (or interrupted) sweep leaves no file, and
    an existing `out` as it was.
    """
    g = grid if isinstance(grid, Grid) else load_grid(grid)
    out = Path(out)
    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in ("parquet", "csv"):
        raise InvalidInputError(
            f"sweep output must be .parquet or .csv, not {out.name!r}", input="out"
        )
    tmp = _temp_beside(out)
    writer = None
    done = False
    chunks: Any = g.chunks()
    if progress:
        chunks = Progress(g.n, desc=f"sweep {g.model}").wrap_chunks(chunks)
    try:
        first = True
        for start, _, cols in chunks:
            try:
                r = evaluate(g.model, {**g.fixed, **cols}, backend=backend, outputs=outputs)
            except InvalidInputError as e:
                raise global_index_error(e, start, cols) from None
            frame = _frame({**cols, **{k: np.asarray(v).reshape(-1) for k, v in r.items()}})
            if fmt == "csv":
                _csv_safe(frame).to_csv(tmp, mode="w" if first else "a", header=first, index=False)
                first = False
                continue
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
        if writer is not None:
            w, writer = writer, None
            w.close()
        os.replace(tmp, out)  # only a complete result reaches `out`
        done = True
    finally:
        if not done:  # an error or Ctrl-C: no partial file, an existing `out` untouched
            if writer is not None:
                with contextlib.suppress(Exception):  # the first error is the one to report
                    writer.close()
            tmp.unlink(missing_ok=True)
    return g.n


def _temp_beside(out: Path) -> Path:
    """A new empty file in `out`'s folder (so ``os.replace`` onto `out` is atomic), created
    with the ordinary permissions a new `out` would get."""
    for _ in range(100):
        tmp = out.with_name(f".{out.name}.{secrets.token_hex(6)}.tmp")
        try:
            with open(tmp, "xb"):
                return tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {out}")  # pragma: no cover
