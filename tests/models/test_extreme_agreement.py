"""Every compiled backend and the reference agree on which outputs overflow, underflow to
NaN or stay finite, even with every input anywhere in its valid range down to 1e-300 and up
to 1e300, and agree on the finite values within the documented tolerance (issue 13 item 12,
design/numerics.md)."""

from __future__ import annotations

import warnings
import zlib

import numpy as np
import pytest

import llmcore as lc
from llmcore._models import MODELS, InputInfo

from ..harness import all_backends, assert_same_outcome, run_all_backends

N = 4000


def _draw(i: InputInfo, rng: np.random.Generator, decades: float) -> np.ndarray:
    if i.choices:  # a named choice takes its codes only
        return rng.integers(0, len(i.choices), N).astype(float)
    lo = np.nextafter(i.lo, np.inf) if i.lo_open else i.lo
    hi = np.nextafter(i.hi, -np.inf) if i.hi_open else i.hi
    if hi <= 1.0 and lo >= 0.0:  # a fraction: anywhere in it, with tiny values too
        v = np.where(rng.random(N) < 0.3, 10 ** rng.uniform(-decades, 0, N), rng.uniform(lo, hi, N))
    else:
        a = np.log10(max(lo, 10.0**-decades)) if lo > 0 else -decades
        b = np.log10(hi) if np.isfinite(hi) else decades
        v = 10 ** rng.uniform(a, min(b, decades), N)
        if lo < 0:
            v = v * rng.choice([-1.0, 1.0], N)
    return np.clip(v, lo, hi)


@pytest.mark.parametrize("decades", [30, 300])
@pytest.mark.parametrize("model", list(MODELS))
def test_backends_agree_at_extreme_magnitudes(model: str, decades: int) -> None:
    # a seed that is the same in every process (hash() of a str changes with PYTHONHASHSEED,
    # which made the drawn case, and so the outcome, differ from run to run)
    rng = np.random.default_rng(zlib.crc32(f"{model}/{decades}".encode()))
    info = MODELS[model]
    case = {i.name: _draw(i, rng, decades) for i in info.inputs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # non-finite outputs are expected
        warnings.simplefilter("ignore", lc.MissingDataWarning)
        warnings.simplefilter("ignore", lc.InconsistentInputsWarning)
        results = run_all_backends(model, case, all_backends())
    for name, r in results.items():
        assert not isinstance(r, Exception), f"{name}: {r!r}"
    assert_same_outcome(results, model, case)


@pytest.mark.parametrize("backend", all_backends())
def test_spec_order_decides_where_training_overflows(backend: str) -> None:
    # x * hours / (years * 8760) overflows here where x * (hours / (years * 8760)) does not:
    # every backend follows SPEC's order.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        r = lc.training(
            accel_hours=1e300,
            accel_lifetime_years=1e10,
            accel_purchase_price=1e10,
            embodied_kgco2_per_accel=1e10,
            peak_flop_per_s=1e15,
            outputs=["hardware_cost", "embodied_co2_kg"],
            backend=backend,
        )
    assert np.isinf(r["hardware_cost"]) and np.isinf(r["embodied_co2_kg"])
    assert r.status_counts["non_finite"] == 1


@pytest.mark.parametrize("backend", all_backends())
def test_a_nan_term_of_a_max_is_not_dropped(backend: str) -> None:
    # serving's prefill time is max(compute term, memory term); inf/inf in the memory term
    # is NaN, and a max that dropped it would report the compute term as the answer.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        r = lc.serving(
            params=1e300,
            bytes_per_param=1e10,
            n_layers=32,
            d_model=4096,
            mem_bw_bytes_per_s=1e300,
            n_accel=1e10,
            peak_flop_per_s=1e15,
            outputs=["prefill_s"],
            backend=backend,
        )
    assert np.isnan(r["prefill_s"]) and r.status_counts["non_finite"] == 1


@pytest.mark.parametrize("backend", all_backends())
def test_loss_exponents_are_bounded(backend: str) -> None:
    with pytest.raises(lc.InvalidInputError, match=r"beta.*\[0\.01, 5\]"):
        lc.scaling(params=1e9, tokens=1e11, beta=1.07e-6, backend=backend)


@pytest.mark.parametrize("backend", all_backends())
def test_parallelism_utilisation_divides_by_the_layout_peak(backend: str) -> None:
    # step_s x n_accel overflows here (2e117 x 1e200) where n_accel x peak (1e-100) does not;
    # compute_s uses the layout's peak, so mfu is its efficiency whatever the magnitudes (the
    # reference once gave 0 where the compiled core gave 0.5).
    r = lc.parallelism(
        params=7e9,
        n_layers=32,
        d_model=4096,
        n_heads=32,
        dp=1e200,
        peak_flop_per_s=1e-300,
        overlap=1.0,
        kernel_efficiency=0.5,
        tokens=1e12,
        outputs=["step_s", "model_flop_per_step", "hw_flop_per_step", "mfu", "hfu"],
        backend=backend,
    )
    assert r["step_s"] > 1e117
    assert r["hfu"] == pytest.approx(0.5, rel=1e-15)
    want = 0.5 * r["model_flop_per_step"] / r["hw_flop_per_step"]
    assert r["mfu"] == pytest.approx(want, rel=1e-15)
    assert r.status_counts["non_finite"] == 0
