# SPDX-License-Identifier: BSD-3-Clause
"""Checks on catalog rows: types, required provenance, and plausible ranges per field.

A row is data only (numbers and strings; ``aliases`` is a list of strings). Ranges catch
unit slips (312 for 312e12 FLOP/s, 0.4 kgCO2/kWh given as gCO2/kWh) in user files before
any estimate uses them.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from llmcore._models import MODELS
from llmcore._models.ranges import range_text
from llmcore._util.data_files import as_float
from llmcore._util.errors import InvalidInputError
from llmcore.catalog._names import check_aliases

__all__ = ["PLAUSIBLE", "POSITIONS", "REQUIRED", "check_row", "normalize_row"]

REQUIRED = ("source", "date")

# A models row's position encoding (text) -> architecture's learned_positions flag: only a
# learned table (GPT-2/3) adds seq_len x d_model parameters.
POSITIONS = {"learned": 1.0, "rotary": 0.0, "relative": 0.0, "alibi": 0.0, "none": 0.0}

# field -> (lo, hi, unit): inclusive plausible range. Wider than any real device or grid, so
# only wrong units fail. Fields named like estimator inputs are also checked against the
# input's own valid range (see check_row).
PLAUSIBLE: dict[str, tuple[float, float, str]] = {
    "peak_flop_per_s": (1e9, 1e18, "FLOP/s"),
    "peak_flop_per_s_fp32": (1e9, 1e18, "FLOP/s"),
    "peak_flop_per_s_fp8": (1e9, 1e18, "FLOP/s"),
    "peak_flop_per_s_fp4": (1e9, 1e18, "FLOP/s"),
    "accel_memory_bytes": (1e8, 1e13, "bytes"),
    "mem_bw_bytes_per_s": (1e9, 1e15, "bytes/s"),
    "accel_power_w": (1, 1e5, "W"),
    "price_per_accel_hour": (0, 1e3, "USD/h"),
    "price_per_hour": (0, 1e4, "USD/h"),
    "accel_purchase_price": (0, 1e7, "USD"),
    "system_purchase_price": (0, 1e8, "USD"),
    "system_power_w": (10, 1e6, "W"),
    "embodied_kgco2_per_accel": (0, 1e5, "kgCO2"),
    "launch_year": (1990, 2100, "year"),
    "n_accel": (1, 1e6, "count"),
    "grid_gco2_per_kwh": (0, 2000, "gCO2/kWh"),
    "electricity_price_per_kwh": (0, 5, "USD/kWh"),
    "household_kwh_per_day": (0.1, 200, "kWh/d"),
    "household_kwh_per_year": (30, 75000, "kWh/yr"),
    "car_gco2_per_km": (0, 1000, "gCO2/km"),
    "pue": (1, 3, "ratio"),
    "wue_l_per_kwh": (0, 20, "L/kWh"),
    "cfe_fraction": (0, 1, "fraction"),
    "grid_water_l_per_kwh": (0, 100, "L/kWh"),
    "market_gco2_per_kwh": (0, 2000, "gCO2/kWh"),
    "primary_energy_mj_per_kwh": (0, 50, "MJ/kWh"),
    "adpe_kgsbeq_per_kwh": (0, 1e-4, "kg Sb eq/kWh"),
    "accel_idle_fraction": (0, 1, "fraction of TDP"),
    "host_power_w": (0, 1e4, "W per accelerator"),
    "price_per_1k_input_tokens": (0, 10, "USD"),
    "price_per_1k_output_tokens": (0, 10, "USD"),
    "price_per_1k_cached_input_tokens": (0, 10, "USD"),
    "price_per_1k_cache_write_tokens": (0, 10, "USD"),
    "price_per_1k_input_tokens_long": (0, 10, "USD"),
    "price_per_1k_output_tokens_long": (0, 10, "USD"),
    "price_per_1k_cached_input_tokens_long": (0, 10, "USD"),
    "price_per_1k_cache_write_tokens_long": (0, 10, "USD"),
    "long_context_threshold_tokens": (1e3, 1e8, "tokens"),
    "tokens_per_word": (0.5, 30, "tokens/word"),
    "tokens_per_char": (0.05, 5, "tokens/character"),
    "token_premium": (0.5, 20, "-"),
    "batch_discount": (0, 0.95, "fraction"),
    "list_price_per_1k_tokens": (0, 10, "USD"),
    "units_per_usd": (1e-4, 1e6, "currency units per USD"),
    "rel_accuracy": (0, 1.5, "ratio"),
    "rel_emission": (0, 10, "ratio"),
    "rel_size": (0, 10, "ratio"),
    "params": (1e3, 1e15, "count"),
    "intra_bw_bytes_per_s": (1e8, 1e14, "bytes/s per accelerator per direction"),
    "inter_bw_bytes_per_s": (1e7, 1e13, "bytes/s per accelerator per direction"),
    "intra_latency_s": (1e-9, 1e-2, "s"),
    "inter_latency_s": (1e-9, 1e-1, "s"),
    "port_bw_bits_per_s": (1e9, 1e13, "bits/s per port per direction"),
    "accel_per_node": (1, 1024, "count"),
    "inter_ports_per_node": (1, 1024, "count"),
    "E": (0, 20, "nats/token"),
    "alpha": (0.01, 5, "exponent"),
    "beta": (0.01, 5, "exponent"),
}


def _input_ranges() -> dict[str, Any]:
    ranges: dict[str, Any] = {}
    for m in MODELS.values():
        for i in m.inputs:
            ranges.setdefault(i.name, i)
    return ranges


def normalize_row(row: Any) -> Any:
    """A copy of `row` with a ``date`` given as a date or datetime (a native TOML date) as
    its ISO string; anything that is not a dict is returned as it is, for check_row."""
    if not isinstance(row, dict):
        return row
    row = dict(row)
    if isinstance(row.get("date"), _dt.date):  # datetime.datetime is a date too
        row["date"] = row["date"].isoformat()
    if isinstance(row.get("aliases"), str):  # a CSV cell: "h100 sxm5; h100-sxm5-80gb"
        row["aliases"] = [a.strip() for a in row["aliases"].split(";")]
    return row


def check_row(kind: str, rid: str, row: dict[str, Any], origin: str) -> None:
    """Raise InvalidInputError (or TypeError) naming kind, id, origin and field.

    ``source`` and ``date`` must be non-empty strings (see normalize_row for dates)."""
    where = f"catalog {kind}/{rid} in {origin}"
    if not isinstance(rid, str) or not rid:
        raise TypeError(f"{where}: ids must be non-empty strings")
    if not isinstance(row, dict):
        raise TypeError(f"{where}: a row must be a table of fields, not {type(row).__name__}")
    for f in REQUIRED:
        v = row.get(f)
        if v is None or (isinstance(v, str) and not v.strip()):
            raise InvalidInputError(
                f"{where}: missing {f!r} (every row needs its source and the date of its figures)",
                input=f,
            )
        if not isinstance(v, str):
            kinds = "a string" if f == "source" else "a string or a date (2024-05-01)"
            raise TypeError(f"{where}: {f!r} must be {kinds}, got {type(v).__name__} {v!r}")
    inputs = _input_ranges()
    for k, v in row.items():
        if not isinstance(k, str) or not k:
            raise TypeError(f"{where}: field names must be non-empty strings")
        if k == "aliases":  # other names of the row (catalog/_names.py)
            check_aliases(v, where)
            continue
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            raise TypeError(
                f"{where}: field {k!r} must be a number or a string, got {type(v).__name__} {v!r}"
            )
        if isinstance(v, str):
            if k in PLAUSIBLE or k in inputs:
                raise TypeError(f"{where}: field {k!r} must be a number, got the text {v[:40]!r}")
            if kind == "models" and k == "position" and v not in POSITIONS:
                raise InvalidInputError(
                    f"{where}: field 'position'={v[:40]!r} is not one of {', '.join(POSITIONS)}",
                    input=k,
                )
            continue
        try:
            v = as_float(v, f"{where}: field {k!r}")
        except ValueError as exc:
            raise InvalidInputError(str(exc), input=k) from None
        if k in PLAUSIBLE:
            lo, hi, unit = PLAUSIBLE[k]
            if not lo <= v <= hi:
                raise InvalidInputError(
                    f"{where}: field {k!r}={v!r} is outside the plausible range [{lo:g}, "
                    f"{hi:g}] {unit}; check the unit",
                    input=k,
                    value=v,
                )
        i = inputs.get(k)
        if i is not None:
            ok = (v > i.lo if i.lo_open else v >= i.lo) and (v < i.hi if i.hi_open else v <= i.hi)
            if not ok:
                raise InvalidInputError(
                    f"{where}: field {k!r}={v!r} is outside the valid "
                    f"range {range_text(i)} ({i.unit})",
                    input=k,
                    value=v,
                )
        elif k not in PLAUSIBLE and v < 0:
            raise InvalidInputError(f"{where}: field {k!r}={v!r} must be >= 0", input=k, value=v)
