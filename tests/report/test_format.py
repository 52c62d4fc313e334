# SPDX-License-Identifier: BSD-3-Clause
"""The report's one number format: significant figures, SI prefixes, no "-0"."""

from __future__ import annotations

import math

import pytest

from llmcore.report.format import num, pct, with_unit


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1291.16, "1,291"),
        (92_400.0, "92,400"),
        (4.29e9, "4.29 G"),
        (71.2077, "71.21"),
        (1_398_072, "1.398 M"),
        (887_156.8, "887,200"),
        (999_999.9, "1 M"),
        (999.96, "1,000"),
        (0.00351475, "0.003515"),
        (0.0006559, "0.0006559"),
        (5.6e-6, "5.6e-6"),
        (2.881e10, "28.81 G"),
        (5e15, "5 P"),
        (999.96e15, "1e18"),  # past the largest prefix: a power of ten, not "1,000 P"
        (1.56e23, "1.56e23"),
        (-3e20, "-3e20"),
        (60, "60"),
        (0.0, "0"),
        (-0.0, "0"),
        (-3.2, "-3.2"),
        (None, ""),
        (math.nan, "n/a"),
    ],
)
def test_num(value, text) -> None:
    assert num(value) == text


def test_num_never_shows_minus_zero() -> None:
    for v in (-1e-12, -4e-5, -0.00004):
        assert not num(v).startswith("-0") or num(v) == "-4e-5"
    assert pct(-1e-9) == "0 %"
    assert "-0" not in pct(-1e-7)


def test_pct_and_unit() -> None:
    assert pct(0.0042) == "+0.42 %"
    assert pct(-0.4571) == "-45.7 %"
    assert with_unit(71.2077, "days") == "71.21 days"
    assert with_unit(1_398_072, "USD") == "1.398 M USD"
    assert with_unit(None, "USD") == ""
