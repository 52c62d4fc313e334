# SPDX-License-Identifier: BSD-3-Clause
"""Table files that carry their context, written atomically.

Every table llmcore writes (``sweep``, the CLI's ``--csv``/``--parquet``) holds, besides its
columns, one JSON document (:func:`context`):

* ``llmcore_version`` and ``model`` (no time stamp: the same inputs give the same file);
* ``units``: the unit of each column that has one;
* ``fixed_inputs``: the inputs that are the same for every row (also written as columns
  where the table is a sweep);
* ``catalog``: the catalog rows used (kind, id, date, source);
* ``assumptions``: the inputs not given and where their values came from (defaults,
  catalog rows), as the estimator results report them (``result.assumptions``).

Parquet keeps it in the schema metadata under the key ``llmcore`` (JSON); a CSV gets it in a
sidecar file beside it, ``<name>.csv.llmcore.json``, so that the CSV itself stays plain
(``pandas.read_csv(path)``, spreadsheets and ``csv`` readers take it as it is);
:func:`read_context` reads it back from either.

Files are written to a temporary file beside the target and moved onto it only once
complete (``os.replace``): a failed or interrupted write leaves no half-written file, and an
existing file as it was.
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
import os
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._util.version import version

__all__ = [
    "FORMATS",
    "META_KEY",
    "atomic_path",
    "catalog_rows_used",
    "context",
    "read_context",
    "sidecar_path",
    "temp_beside",
    "write_sidecar",
    "write_table",
]

#: The schema-metadata key (Parquet/Arrow) of the context document.
META_KEY = "llmcore"
FORMATS = ("csv", "parquet")


def _plain(v: Any) -> Any:
    """A JSON-friendly value: arrays of one value collapse, others say 'per row'."""
    if isinstance(v, np.ndarray):
        flat = v.reshape(-1)
        if flat.size == 0:
            return None
        u = np.unique(flat.astype(str)) if flat.dtype.kind in "OUS" else np.unique(flat)
        return _plain(u[0].item() if hasattr(u[0], "item") else u[0]) if len(u) == 1 else "per row"
    if isinstance(v, np.generic):
        return _plain(v.item())
    if isinstance(v, float) and not math.isfinite(v):
        return None if math.isnan(v) else str(v)
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


def catalog_rows_used(inputs: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The catalog rows that catalog keywords in `inputs` name (a string or a list/array of
    them): kind, id, date and source of each, in keyword order, each row once."""
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for kw, kind in catalog.KEYWORDS.items():
        v = inputs.get(kw)
        if v is None:
            continue
        ids = [v] if isinstance(v, str) else [x for x in np.asarray(v, dtype=object).reshape(-1)]
        for rid in ids:
            if not isinstance(rid, str):
                continue
            try:
                key = catalog.resolve(kind, rid)
                row = catalog.get(kind, key)
            except (KeyError, ValueError):
                continue
            if (kind, key) in seen:
                continue
            seen.add((kind, key))
            rows.append(
                {"kind": kind, "id": key, "date": row.get("date"), "source": row.get("source")}
            )
    return rows


def context(
    *,
    model: str | None = None,
    units: Mapping[str, str] | None = None,
    fixed: Mapping[str, Any] | None = None,
    inputs: Mapping[str, Any] | None = None,
    assumptions: Mapping[str, Mapping[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The context document of a table (see the module docstring). `inputs` are every input
    given (fixed and varying), for the catalog rows used; `fixed` those written as is."""
    given = {**(inputs or {}), **(fixed or {})}
    doc: dict[str, Any] = {
        "llmcore_version": version(),
        "model": model,
        "units": dict(units or {}),
        "fixed_inputs": {k: _plain(v) for k, v in (fixed or {}).items()},
        "catalog": catalog_rows_used(given),
        "assumptions": {
            k: {"value": _plain(a.get("value")), "source": a.get("source")}
            for k, a in (assumptions or {}).items()
        },
    }
    doc.update({k: _plain(v) for k, v in extra.items()})
    return doc


def sidecar_path(out: str | Path) -> Path:
    """Where the context document of the CSV `out` goes: ``<name>.llmcore.json`` beside it."""
    out = Path(out)
    return out.with_name(f"{out.name}.llmcore.json")


def write_sidecar(out: str | Path, doc: Mapping[str, Any]) -> None:
    """The context document of the CSV `out`, written atomically beside it."""
    with atomic_path(sidecar_path(out)) as tmp:
        text = json.dumps({META_KEY: doc}, indent=1, ensure_ascii=False, default=str)
        tmp.write_text(text + "\n", encoding="utf-8")


def read_context(path: str | Path) -> dict[str, Any] | None:
    """The context document of a table file llmcore wrote (CSV or Parquet), or None."""
    p = Path(path)
    with open(p, "rb") as f:
        parquet = f.read(4) == b"PAR1"  # Parquet's magic number, whatever the suffix
    if parquet:
        import pyarrow.parquet as pq

        meta = pq.read_schema(p).metadata or {}
        raw = meta.get(META_KEY.encode())
        return json.loads(raw) if raw else None
    side = sidecar_path(p)
    if not side.exists():
        return None
    doc = json.loads(side.read_text(encoding="utf-8"))
    return doc.get(META_KEY) if isinstance(doc, dict) else None


def temp_beside(out: Path) -> Path:
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


@contextlib.contextmanager
def atomic_path(out: str | Path) -> Iterator[Path]:
    """A temporary path beside `out`, moved onto `out` when the block ends without error and
    removed otherwise."""
    out = Path(out)
    tmp = temp_beside(out)
    done = False
    try:
        yield tmp
        os.replace(tmp, out)
        done = True
    finally:
        if not done:
            tmp.unlink(missing_ok=True)


#: First characters that make a spreadsheet read a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@")


def csv_safe(frame: Any) -> Any:
    """`frame` with every cell of a text column that starts like a formula prefixed with a
    single quote (a spreadsheet then shows it as text). Number columns are left as they are:
    -1.5 stays a number."""
    import pandas as pd

    for c in frame.columns:
        col = frame[c]
        if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
            frame[c] = col.map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v
            )
    return frame


def fmt_of(out: str | Path, fmt: str | None = None) -> str:
    """The format of `out`: `fmt`, or its suffix; ValueError unless csv or parquet."""
    f = (fmt or Path(out).suffix.lstrip(".")).lower()
    if f not in FORMATS:
        raise ValueError(f"table output must be .parquet or .csv, not {Path(out).name!r}")
    return f


def arrow_schema_with(schema: Any, doc: Mapping[str, Any]) -> Any:
    """`schema` with the context document under the ``llmcore`` metadata key."""
    meta = dict(schema.metadata or {})
    meta[META_KEY.encode()] = json.dumps(doc, ensure_ascii=False, default=str).encode()
    return schema.with_metadata(meta)


def add_metadata_at_close(writer: Any, schema: Any, meta: Mapping[str, str]) -> None:
    """Give a ``ParquetWriter`` opened with ``store_schema=False`` its metadata just before
    it is closed, for files whose context is known only once every chunk is written: `meta`
    in the footer, and `schema` with `meta` added as the Arrow schema (``ARROW:schema``),
    exactly as ``pyarrow.parquet.write_table`` stores them."""
    full = schema.with_metadata(
        {**(schema.metadata or {}), **{k.encode(): v.encode() for k, v in meta.items()}}
    )
    b64 = base64.b64encode(full.serialize().to_pybytes()).decode()
    writer.add_key_value_metadata({"ARROW:schema": b64, **meta})


def write_table(
    frame: Any,
    out: str | Path,
    doc: Mapping[str, Any] | None = None,
    *,
    fmt: str | None = None,
    index: bool = False,
) -> Path:
    """Write a pandas DataFrame to `out` (CSV or Parquet, by suffix or `fmt`) with the
    context document `doc`, atomically. Returns the path."""
    f = fmt_of(out, fmt)
    out = Path(out)
    doc = dict(doc or context())
    with atomic_path(out) as tmp:
        if f == "csv":
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                csv_safe(frame.copy()).to_csv(fh, index=index)
            write_sidecar(out, doc)  # before the CSV moves into place: both or neither
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=index)
            pq.write_table(
                table.replace_schema_metadata(arrow_schema_with(table.schema, doc).metadata), tmp
            )
    return out
