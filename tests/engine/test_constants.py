# SPDX-License-Identifier: BSD-3-Clause
"""_core.constants(): the layouts and limits defined once in C++, pinned here, are what the
Python layer uses (llmcore._engine.constants reads them), and the few values a run without a
compiled core needs (its fallback) and the reference's own transcriptions agree with them.
PYTHON_SIDE lists where Python exposes each value."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from llmcore._engine import backends as _backends
from llmcore._engine.constants import sobol_pair, sobol_record_len

# constant -> (module, attribute) where Python exposes it.
PYTHON_SIDE = {
    "status_bits": ("llmcore._engine.constants", "STATUS_BITS"),
    "mc_block": ("llmcore._engine.constants", "MC_BLOCK"),
    "max_chain": ("llmcore._engine.constants", "MAX_CHAIN"),
    "rows_slot_base": ("llmcore._engine.constants", "ROWS_SLOT_BASE"),
    "dist_kinds": ("llmcore.mc.dist", "KIND_CODES"),
    # the reference's own transcription of the histogram layout, which the engine shares
    "num_bins": ("llmcore._engine.histogram", "NBINS"),
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
    assert {
        "status_bits",
        "range_flags",
        "mc_block",
        "max_chain",
        "max_corr",
        "rows_slot_base",
        "summary_record",
        "sobol_record",
        "num_bins",
        "histogram",
        "dist_kinds",
        "cuda",
    } <= set(constants)


def test_status_bits(constants: dict[str, Any]) -> None:
    # Python maps bit -> name; the core exports name -> bit.
    assert constants["status_bits"] == {
        "non_finite": 0,
        "unreachable_target": 1,
        "does_not_fit": 2,
        "missing_input": 3,
        "inconsistent_inputs": 4,
    }
    assert {b: n for n, b in constants["status_bits"].items()} == python_value("status_bits")


def test_range_flags(constants: dict[str, Any]) -> None:
    assert constants["range_flags"] == {"lo_open": 1, "hi_open": 2, "skip": 4, "absent_ok": 8}


@pytest.mark.parametrize(
    "name", ["mc_block", "max_chain", "rows_slot_base", "dist_kinds", "num_bins"]
)
def test_same_as_python(constants: dict[str, Any], name: str) -> None:
    assert constants[name] == python_value(name)


def test_limits(constants: dict[str, Any]) -> None:
    assert constants["mc_block"] == 256 and constants["max_chain"] == 8
    assert constants["max_corr"] == 64 and constants["rows_slot_base"] == 1024
    assert constants["cuda"] == {"staging_bytes": 64 << 20, "samples_chunk": 1 << 22}


def test_record_layouts(constants: dict[str, Any]) -> None:
    assert constants["summary_record"] == {
        "count": 0,
        "mean": 1,
        "m2": 2,
        "cond_sum": 3,
        "fixed": 3,
    }
    assert constants["sobol_record"] == {
        "n": 0,
        "sum_a": 1,
        "sum_a2": 2,
        "sum_b": 3,
        "sum_b2": 4,
        "first": 5,
        "fixed": 5,
        "pair_1_2_of_3": 5 + 2 * 3 + 2,  # pairs (0,1), (0,2), (1,2) after the totals
    }
    assert sobol_pair(3, 1, 2) == constants["sobol_record"]["pair_1_2_of_3"]
    assert sobol_record_len(3, True) == sobol_pair(3, 1, 2) + 1


def test_histogram(constants: dict[str, Any]) -> None:
    h = constants["histogram"]
    assert h == {k: python_value(k) for k in ("sub_bits", "emin", "emax")}
    assert constants["num_bins"] == 2 * ((h["emax"] - h["emin"]) << h["sub_bits"]) + 3


def test_fallback_without_a_core_agrees(constants: dict[str, Any]) -> None:
    from llmcore._engine.constants import _WITHOUT_CORE

    assert {k: constants[k] for k in _WITHOUT_CORE} == _WITHOUT_CORE


def test_reference_status_bits_agree(constants: dict[str, Any]) -> None:
    from llmcore.reference import _status

    bits = constants["status_bits"]
    assert 1 << bits["non_finite"] == _status.NON_FINITE
    assert 1 << bits["unreachable_target"] == _status.UNREACHABLE_TARGET
    assert 1 << bits["does_not_fit"] == _status.DOES_NOT_FIT
    assert 1 << bits["missing_input"] == _status.MISSING_INPUT
    assert 1 << bits["inconsistent_inputs"] == _status.INCONSISTENT_INPUTS


def test_range_table_uses_the_core_flags(constants: dict[str, Any]) -> None:
    import numpy as np

    from llmcore._engine.checks import range_table
    from llmcore._engine.resolved import Resolved
    from llmcore._models import get_model

    info = get_model("scaling")
    values = {i.name: (None if i.optional else 1.0) for i in info.inputs}
    flags = range_table(Resolved(info, values, (), {}))[:, 2].astype(int)
    skip = constants["range_flags"]["skip"]
    assert all(
        (f & skip) == (skip if values[i.name] is None else 0) for f, i in zip(flags, info.inputs)
    )
    assert np.all(flags < 8)
