# SPDX-License-Identifier: BSD-3-Clause
"""Run one case on every backend and compare outcomes: values, NaN positions, exception types.

Tolerance policy (design/numerics.md): status counts exact; NaN and non-finite positions
exact; float64 outputs of a compiled CPU backend vs the reference within rtol 1e-12 (the same
IEEE operations, in the order SPEC writes them; -ffp-contract=off forbids FMA contraction on
the C++ side; pow/exp/log may differ by an ulp between libms). `scaling` raises to 1/alpha
and 1/beta (and its lifetime optimum comes from a different root finder in each), which
multiplies an ulp by up to 1/min(alpha, beta): its rtol is 1e-12 * (1 + 1/min(alpha, beta)).
The lifetime optimum is exp(v) raised to 1/beta, v = log(1 - t) a root each backend finds to
its last ulp, so those outputs agree to |v| ulps more: 100x that (|v| up to ~450).
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

import llmcore as lc
from llmcore._models import get_model
from llmcore.mc import dist

RTOL = {"cpu": 1e-12, "cuda": 1e-12, "reference": 0.0}
# Outputs of the form 1 - x/y with x ~ y: relative error is meaningless near 0, the
# absolute error is a few ulps of 1 (scaling: lifetime vs compute-optimal FLOP).
ATOL = {"lifetime_saving": 1e-13}
# Outputs that go through the lifetime root v (see the module docstring).
RTOL_FACTOR = {"lifetime_params": 100.0, "lifetime_tokens": 100.0, "lifetime_flop": 100.0}


def call_or_exception(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        return exc


def run_all_backends(model: str, case: dict[str, Any], backends: list[str]) -> dict[str, Any]:
    return {b: call_or_exception(lc.evaluate, model, case, backend=b) for b in backends}


def rtol_scale(model: str, case: dict[str, Any] | None) -> Any:
    """The factor on RTOL for `model` at `case` (see the module docstring)."""
    if model == "kaplan" and case is not None:
        # results raised to 1/alpha (or alpha_n/alpha_d): an ulp of the base times that
        info = get_model("kaplan")
        ex = [
            np.asarray(case.get(i.name, i.default), float)
            for i in info.inputs
            if i.unit == "exponent"
        ]
        ratio = np.asarray(case.get("alpha_n_nd", 0.076), float) / np.asarray(
            case.get("alpha_d_nd", 0.103), float
        )
        return 1.0 + 1.0 / functools.reduce(np.minimum, ex) + ratio
    if model == "data_constrained" and case is not None:
        # D_to_N raises to beta/alpha and 1/(alpha+beta)
        a = np.asarray(case.get("alpha", 0.3526596), dtype=float)
        b = np.asarray(case.get("beta", 0.3526596), dtype=float)
        return 1.0 + 1.0 / np.minimum(a, b) + b / a
    if model != "scaling" or case is None:
        return 1.0
    a = np.asarray(case.get("alpha", 0.34), dtype=float)
    b = np.asarray(case.get("beta", 0.28), dtype=float)
    return 1.0 + 1.0 / np.minimum(a, b)


def assert_same_outcome(
    results: dict[str, Any], model: str | None = None, case: dict[str, Any] | None = None
) -> None:
    ref = results["reference"]
    scale = rtol_scale(model or "", case)
    for name, got in results.items():
        if isinstance(ref, Exception) or isinstance(got, Exception):
            assert type(got) is type(ref), f"{name}: {got!r} vs reference {ref!r}"
            assert str(got) == str(ref), f"{name}: message {got} vs reference {ref}"
            continue
        assert list(got) == list(ref), f"{name}: outputs differ"
        assert got.status_counts == ref.status_counts, name
        for key in ref:
            a, b = np.asarray(got[key]), np.asarray(ref[key])
            assert a.shape == b.shape, (name, key)
            np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=f"{name}:{key}")
            np.testing.assert_array_equal(
                np.isfinite(a), np.isfinite(b), err_msg=f"{name}:{key} overflows differently"
            )
            tol = (
                RTOL[name]
                * RTOL_FACTOR.get(key, 1.0)
                * np.broadcast_to(scale, np.broadcast_shapes(np.shape(scale), a.shape))
            )
            with np.errstate(invalid="ignore"):
                bad = np.abs(a - b) > tol * np.abs(b) + ATOL.get(key, 0.0) * scale
            bad &= np.isfinite(a) & np.isfinite(b)
            assert not bad.any(), (
                f"{name}:{key}: {int(bad.sum())} values beyond rtol {RTOL[name]:g} x "
                f"{np.max(scale):.3g}: got {a[bad][:3]}, reference {b[bad][:3]}"
            )


def compiled_backends() -> list[str]:
    return list(lc.backends())


def all_backends() -> list[str]:
    return ["reference", *compiled_backends()]


# The Monte Carlo study most tests share: every distribution kind, catalog rows drawn jointly.
MC_TRAINING = {
    "params": dist.loguniform(1e9, 1e11),
    "tokens": dist.lognormal(np.log(3e11), 0.3),
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.4, 0.6]),
    "mfu": dist.uniform(0.3, 0.55),
    "pue": dist.triangular(1.05, 1.1, 1.4),
    "grid_gco2_per_kwh": dist.ci(50, 600),
    "n_accel": dist.choice([256, 512, 1024]),
    "electricity_price_per_kwh": dist.normal(0.1, 0.02, lo=0.01),
    "embodied_kgco2_per_accel": dist.pert(100, 150, 400),
}
MC_TRAINING_OUTPUTS = ["cloud_cost", "co2_kg", "wall_days", "total_co2_kg"]
MC_QUANTILES = (0.0, 0.05, 0.5, 0.95, 1.0)


def mc_state(res: Any) -> dict[str, tuple[Any, ...]]:
    """Every number of a SimulationResult's summaries, exactly: equal states are bit-identical
    runs."""
    return {
        k: (
            v.count,
            v.nonfinite,
            v.mean,
            v.std,
            v.min,
            v.max,
            v.hist.tobytes(),
            tuple(sorted(v.exact_quantiles.items())),
            tuple(sorted(v.exceed.items())),
        )
        for k, v in res.items()
    }


class HostMemoryAsDevice:
    """Host memory behind a ``__cuda_array_interface__``: what the CUDA path must refuse."""

    def __init__(self, a: np.ndarray) -> None:
        self._a = a
        self.__cuda_array_interface__ = {
            "shape": a.shape,
            "typestr": "<f8",
            "version": 3,
            "data": (a.ctypes.data, False),
            "strides": None,
        }


def typical_values(i: Any, rng: np.random.Generator, n: int) -> np.ndarray:
    """n valid values of input `i` over its typical span (log-uniform for log inputs); a
    choice's codes."""
    if getattr(i, "choices", ()):
        return rng.integers(0, len(i.choices), n).astype(float)
    lo, hi = max(float(i.typical[0]), i.lo), min(float(i.typical[1]), i.hi)
    if i.lo_open and lo == i.lo:
        lo += abs(lo) * 1e-9 or 1e-9
    if i.hi_open and hi == i.hi:
        hi -= abs(hi) * 1e-9 or 1e-9
    if i.log and lo > 0:
        return np.exp(rng.uniform(math.log(lo), math.log(hi), n))
    return rng.uniform(lo, hi, n)
