# SPDX-License-Identifier: BSD-3-Clause
"""_core.constants(): the layouts and limits defined once in C++ agree with what the Python
layer uses today. Where Python keeps each value is listed in PYTHON_SIDE, one entry per
value, so the test follows the package when those modules move (retarget the entries)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from llmcore import _backends

# constant -> (module, attribute) where Python holds it today.
PYTHON_SIDE = {
    "status_bits": ("llmcore._models", "STATUS_BITS"),
    "mc_block": ("llmcore._mc_exec", "BLOCK"),
    "max_chain": ("llmcore._mc_chain", "MAX_CHAIN"),
    "rows_slot_base": ("llmcore._study", "ROWS_SLOT_BASE"),
    "dist_kinds": ("llmcore.dist", "KIND_CODES"),
    "num_bins": ("llmcore._mc_stats", "NBINS"),
    "sub_bits": ("llmcore.reference.stats", "SUB_BITS"),
    "emin": ("llmcore.reference.stats", "EMIN"),
    "emax": ("llmcore.reference.stats", "EMAX"),
}


def python_value(name: str) -> Any:
    module, attr = PYTHON_SIDE[name]
    return getattr(importlib.import_module(module), attr)


@pytest.fixture(scope="module")
def constants() -> dict[str, Any]:
    return _backends.core().constants()


def test_keys(constants: dict[str, Any]) -> None:
    assert {"status_bits", "range_flags", "mc_block", "max_chain", "max_corr", "rows_slot_base",
            "summary_record", "sobol_record", "num_bins", "histogram", "dist_kinds",
            "cuda"} <= set(constants)


def test_status_bits(constants: dict[str, Any]) -> None:
    # Python maps bit -> name; the core exports name -> bit.
    assert constants["status_bits"] == {"non_finite": 0, "unreachable_target": 1,
                                        "does_not_fit": 2}
    assert {b: n for n, b in constants["status_bits"].items()} == python_value("status_bits")


def test_range_flags(constants: dict[str, Any]) -> None:
    assert constants["range_flags"] == {"lo_open": 1, "hi_open": 2, "skip": 4}


@pytest.mark.parametrize("name", ["mc_block", "max_chain", "rows_slot_base", "dist_kinds",
                                  "num_bins"])
def test_same_as_python(constants: dict[str, Any], name: str) -> None:
    assert constants[name] == python_value(name)


def test_limits(constants: dict[str, Any]) -> None:
    assert constants["mc_block"] == 256 and constants["max_chain"] == 8
    assert constants["max_corr"] == 64 and constants["rows_slot_base"] == 1024
    assert constants["cuda"] == {"staging_bytes": 64 << 20, "samples_chunk": 1 << 22}


def test_record_layouts(constants: dict[str, Any]) -> None:
    # What _mc_exec/simulate (3 + n_thr) and sensitivity (5 + 2 n_fac) index today.
    assert constants["summary_record"] == {"count": 0, "mean": 1, "m2": 2, "cond_sum": 3,
                                           "fixed": 3}
    assert constants["sobol_record"] == {"n": 0, "sum_a": 1, "sum_a2": 2, "sum_b": 3,
                                         "sum_b2": 4, "first": 5, "fixed": 5}


def test_histogram(constants: dict[str, Any]) -> None:
    h = constants["histogram"]
    assert h == {k: python_value(k) for k in ("sub_bits", "emin", "emax")}
    assert constants["num_bins"] == 2 * ((h["emax"] - h["emin"]) << h["sub_bits"]) + 3
