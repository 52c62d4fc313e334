# SPDX-License-Identifier: BSD-3-Clause
"""The layouts and limits the compiled core defines once (cpp/include/llmcore/status.hpp,
range.hpp, engine/mc_layout.hpp, dist/transform.hpp), as ``_core.constants()`` exports them.

Python reads them here and nowhere restates them. Without a compiled core (a broken install
running ``backend="reference"``) the values that path needs, the status-bit names, the
distribution kind codes, the Philox slot base of catalog-row draws and the Monte Carlo block
(the reference's Sobol groups), come from
``_WITHOUT_CORE``; tests/engine/test_constants.py checks that it equals the core's export.
"""

from __future__ import annotations

from typing import Any

from llmcore._engine import backends

__all__ = [
    "DIST_KINDS",
    "MAX_CHAIN",
    "MAX_CORR",
    "MC_BLOCK",
    "RANGE_FLAGS",
    "ROWS_SLOT_BASE",
    "SOBOL_RECORD",
    "STATUS_BITS",
    "SUMMARY_RECORD",
    "core_constants",
    "sobol_pair",
    "sobol_record_len",
    "summary_record_len",
]

_WITHOUT_CORE: dict[str, Any] = {
    "status_bits": {
        "non_finite": 0,
        "unreachable_target": 1,
        "does_not_fit": 2,
        "missing_input": 3,
        "inconsistent_inputs": 4,
    },
    "dist_kinds": {
        "const": 0,
        "uniform": 1,
        "loguniform": 2,
        "normal": 3,
        "lognormal": 4,
        "triangular": 5,
        "table": 6,
        "discrete": 7,
        "piecewise": 8,
    },
    "rows_slot_base": 1024,
    "mc_block": 256,
}


def core_constants() -> dict[str, Any]:
    """Every constant the core exports (BackendUnavailable without a compiled core)."""
    return dict(backends.core().constants())


def _bit(item: tuple[str, int]) -> int:
    return item[1]


_C: dict[str, Any] = core_constants() if backends.core_available() else _WITHOUT_CORE

# bit position -> name, in bit order (Result.status_counts keys)
STATUS_BITS: dict[int, str] = {
    b: n for n, b in sorted(_C["status_bits"].items(), key=lambda x: x[1])
}
DIST_KINDS: dict[str, int] = dict(_C["dist_kinds"])
ROWS_SLOT_BASE: int = int(_C["rows_slot_base"])
MC_BLOCK: int = int(_C["mc_block"])

# Used only with the compiled core: empty (0) without it.
RANGE_FLAGS: dict[str, int] = dict(_C.get("range_flags", {}))
MAX_CHAIN: int = int(_C.get("max_chain", 0))
MAX_CORR: int = int(_C.get("max_corr", 0))
SUMMARY_RECORD: dict[str, int] = dict(_C.get("summary_record", {}))
SOBOL_RECORD: dict[str, int] = dict(_C.get("sobol_record", {}))


def summary_record_len(n_thr: int) -> int:
    """Doubles per requested output in a Monte Carlo block record."""
    return SUMMARY_RECORD["fixed"] + n_thr


def sobol_record_len(n_fac: int, second: bool = False) -> int:
    """Doubles per requested output in a Sobol block record (with the pair sums of
    second-order indices when `second`)."""
    return SOBOL_RECORD["fixed"] + 2 * n_fac + (n_fac * (n_fac - 1) // 2 if second else 0)


def sobol_pair(n_fac: int, j: int, k: int) -> int:
    """Position of Σ(ba_j - ab_k)², j < k, in a second-order Sobol record (C++
    SobolRecord::pair: pairs in row order after the totals)."""
    return SOBOL_RECORD["fixed"] + 2 * n_fac + j * (2 * n_fac - j - 1) // 2 + (k - j - 1)
