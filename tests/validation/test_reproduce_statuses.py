# SPDX-License-Identifier: BSD-3-Clause
"""The bound and power-of-ten statuses of lc.reproduce() say "off" when a value misses."""

from __future__ import annotations

from llmcore.validation.reproduce import TOLERANCE, _check


def _case(status: str, pub: float) -> dict:
    return {"status": status, "published_value": pub, "recomputed_value": None}


def test_bound_is_strict_and_one_sided():
    assert TOLERANCE["holds-upper-bound"][0] == "below"
    c = _case("holds-upper-bound", 0.001)
    assert _check(c, 9.5e-7) == "ok"
    assert _check(c, 0.001) == "off"  # "< 0.001": equal is not below
    assert _check(c, 0.002) == "off"


def test_nearest_power_of_ten():
    c = _case("reproduces-to-nearest-power-of-ten", 1.0)
    assert _check(c, 0.44) == "ok" and _check(c, 3.0) == "ok"
    assert _check(c, 0.3) == "off" and _check(c, 4.0) == "off"  # 10^-0.52, 10^0.6
