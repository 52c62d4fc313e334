# SPDX-License-Identifier: BSD-3-Clause
"""Monte Carlo and Sobol on a CUDA device against the CPU backend, same seed. Every test is
marked `cuda` (skipped without a device; a failure under LLMCORE_REQUIRE_CUDA=1).

Stated tolerances (design/cuda.md, "Monte Carlo"):
  * raw Philox words: bit-identical, for any (key, scenario index, slot, stream);
  * sampled inputs: bit-identical without a copula (Philox, u01, xmath log/exp, IEEE
    sqrt and division, --fmad=false); with a Gaussian copula rtol 1e-9, because Φ uses
    the platform's erfc (CUDA's is within 4 ulp), and near u = 1 a few ulp of Φ are a
    relative error of ~1e-16/(1-u) in the upper tail that ninv then amplifies;
  * outputs (samples): rtol 1e-12 (CUDA's pow/exp/log are within 2 ulp of glibc's), 1e-9
    with a copula; atol for the outputs of tests/harness.py's ATOL (1 - x/y forms);
  * summaries: count, nonfinite, status counts, exceedance counts and histogram counts
    exactly; min/max exactly equal to the extremes of the device's own samples and within
    the output tolerance of the CPU's; mean, std, conditional sums rtol 1e-12; exact
    quantiles within the output tolerance (they are samples);
  * Sobol S1/ST: within 1e-9 absolute of the CPU's (same sums, another summation order);
  * everything bit-identical for any grid size and any chunking.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import llmcore as lc
from llmcore._engine import backends as _backends
from llmcore._models import MODELS
from llmcore.mc import dist
from llmcore.mc import study as _study
from llmcore.reference import philox as ref_philox

from ..harness import ATOL, MC_TRAINING, MC_TRAINING_OUTPUTS, mc_state

pytestmark = pytest.mark.cuda
RTOL = 1e-12
RTOL_COPULA = 1e-9

TRAIN = MC_TRAINING
TRAIN_OUT = MC_TRAINING_OUTPUTS


def _studies() -> list[tuple[str, dict, list[str] | None, dict | None]]:
    """(model, inputs, outputs, correlation): several models; one with a copula. Every
    model with all-uniform inputs over its typical ranges is added generically."""
    cases = [
        ("training", TRAIN, TRAIN_OUT, None),
        ("training", TRAIN, TRAIN_OUT, {("params", "tokens"): 0.6, ("mfu", "pue"): -0.3}),
    ]
    for name, info in MODELS.items():
        if name == "training":
            continue
        ins = {}
        for i in info.inputs:
            lo, hi = max(i.typical[0], i.lo), min(i.typical[1], i.hi)
            if lo < hi:
                ins[i.name] = dist.loguniform(lo, hi) if i.log and lo > 0 else dist.uniform(lo, hi)
        cases.append((name, ins, None, None))
    return cases


STUDIES = _studies()
IDS = [f"{m}{'-copula' if c else ''}" for m, _, _, c in STUDIES]


def _sim(study, backend: str, **kw):
    model, ins, outs, corr = study
    args = dict(
        n=20_000,
        seed=3,
        outputs=outs,
        correlation=corr,
        backend=backend,
        quantiles=(0.0, 0.01, 0.5, 0.99, 1.0),
    )
    args.update(kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # non-finite outputs: counted
        return lc.simulate(model, ins, **args)


def _tol(study, output: str) -> dict:
    """assert_allclose tolerances for one output's values (samples, min/max, quantiles)."""
    return {"rtol": RTOL_COPULA if study[3] else RTOL, "atol": ATOL.get(output, 0.0)}


_bits = mc_state


def test_build_reports_mc_kernels() -> None:
    assert _backends.core().build_info()["cuda_mc"] is True


def test_raw_philox_words_bit_identical() -> None:
    core = _backends.core()
    rng = np.random.default_rng(0)
    n = 200_000
    idx = rng.integers(0, 2**63, n, dtype=np.uint64)
    idx[:1000] = np.arange(1000)  # small indices, as most runs use
    ctr = np.stack(
        [
            (idx & 0xFFFFFFFF).astype(np.uint32),
            (idx >> 32).astype(np.uint32),
            rng.integers(0, 64, n).astype(np.uint32),
            rng.integers(0, 2, n).astype(np.uint32),
        ],
        axis=1,
    )
    for seed in (0, 1, 12345, 2**31 - 1):
        key = _study.philox_key(seed)
        gpu = core.philox4x32_10(ctr, key, device=0)
        np.testing.assert_array_equal(gpu, core.philox4x32_10(ctr, key))
        ref = ref_philox.philox4x32_10_np(
            *[ctr[:2000, k].astype(np.uint64) for k in range(4)], int(key[0]), int(key[1])
        )
        np.testing.assert_array_equal(gpu[:2000], np.stack(ref, axis=1).astype(np.uint32))


@pytest.mark.parametrize("study", STUDIES, ids=IDS)
def test_samples_match_cpu(study) -> None:
    c = _sim(study, "cpu", n=3000, samples=True, quantiles=())
    g = _sim(study, "cuda", n=3000, samples=True, quantiles=())
    for k in c.input_samples:
        if study[3] is None:  # no copula: the transforms are bit-identical
            np.testing.assert_array_equal(g.input_samples[k], c.input_samples[k], err_msg=k)
        else:
            np.testing.assert_allclose(
                g.input_samples[k], c.input_samples[k], rtol=RTOL_COPULA, atol=0, err_msg=k
            )
    for k in c:
        np.testing.assert_allclose(
            g[k].samples, c[k].samples, equal_nan=True, err_msg=k, **_tol(study, k)
        )


@pytest.mark.parametrize("study", STUDIES, ids=IDS)
def test_summaries_match_cpu(study) -> None:
    c = _sim(study, "cpu")
    g = _sim(study, "cuda")
    gs = _sim(study, "cuda", samples=True, quantiles=())
    assert g.status_counts == c.status_counts
    for k in c:
        a, b = c[k], g[k]
        assert (b.count, b.nonfinite) == (a.count, a.nonfinite), k
        np.testing.assert_array_equal(b.hist, a.hist, err_msg=k)
        fin = gs[k].samples[np.isfinite(gs[k].samples)]
        if fin.size:
            assert (b.min, b.max) == (fin.min(), fin.max()), k  # exact, from the keys
            np.testing.assert_allclose([b.min, b.max], [a.min, a.max], err_msg=k, **_tol(study, k))
            np.testing.assert_allclose(
                [b.mean, b.std], [a.mean, a.std], rtol=RTOL, atol=ATOL.get(k, 0.0), err_msg=k
            )
            qa, qb = a.exact_quantiles, b.exact_quantiles
            assert qa.keys() == qb.keys()
            np.testing.assert_allclose(
                [qb[q] for q in qa], [qa[q] for q in qa], err_msg=k, **_tol(study, k)
            )


def test_thresholds_match_cpu() -> None:
    thr = {"co2_kg": [3e4, 1e5, 1e9], "cloud_cost": [1e6]}
    c = _sim(STUDIES[0], "cpu", thresholds=thr)
    g = _sim(STUDIES[0], "cuda", thresholds=thr)
    for k in thr:
        for t, (cnt, s) in c[k].exceed.items():
            gc, gsum = g[k].exceed[t]
            assert gc == cnt
            np.testing.assert_allclose(gsum, s, rtol=RTOL)


@pytest.mark.parametrize("study", STUDIES[:2], ids=IDS[:2])
def test_invariant_to_grid_and_chunk(study) -> None:
    core = _backends.core()
    thr = {"co2_kg": [3e4]}
    base = _bits(_sim(study, "cuda", thresholds=thr))
    try:
        for blocks in (1, 3, 17):
            core.cuda_mc_grid(blocks)
            assert _bits(_sim(study, "cuda", thresholds=thr)) == base, blocks
    finally:
        core.cuda_mc_grid(0)
    for chunk in (256, 1280, 7 * 256):
        assert _bits(_sim(study, "cuda", thresholds=thr, chunk=chunk)) == base, chunk


def test_sobol_matches_cpu_and_is_grid_invariant() -> None:
    core = _backends.core()
    kw = dict(n=1 << 14, seed=5, outputs=["co2_kg", "cloud_cost"])
    c = lc.sensitivity("training", TRAIN, backend="cpu", **kw)
    g = lc.sensitivity("training", TRAIN, backend="cuda", **kw)
    assert g.backend == "cuda" and g.status_counts == c.status_counts
    for o in c:
        for col in ("S1", "ST", "S1_conf", "ST_conf"):
            np.testing.assert_allclose(g[o][col], c[o][col], rtol=0, atol=1e-9, err_msg=(o, col))
    try:
        core.cuda_mc_grid(2)
        g2 = lc.sensitivity("training", TRAIN, backend="cuda", **kw)
    finally:
        core.cuda_mc_grid(0)
    for o in g:
        for col in ("S1", "ST"):
            np.testing.assert_array_equal(g2[o][col], g[o][col])


def test_second_order_sobol_matches_cpu() -> None:
    kw = dict(n=1 << 13, seed=6, outputs=["co2_kg"], second_order=True)
    c = lc.sensitivity("training", TRAIN, backend="cpu", **kw)
    g = lc.sensitivity("training", TRAIN, backend="cuda", **kw)
    for col in ("S1", "ST", "S2", "S2_conf"):
        np.testing.assert_allclose(g["co2_kg"][col], c["co2_kg"][col], rtol=0, atol=1e-9)


def test_auto_picks_cuda_for_large_n() -> None:
    from llmcore._engine import cuda_mc as _cuda_mc

    assert _cuda_mc.resolve("auto", _cuda_mc.MC_AUTO_MIN_SCENARIOS) == "cuda"
    assert _cuda_mc.resolve("auto", 1000) == "cpu"
    r = lc.simulate(
        "training",
        TRAIN,
        n=_cuda_mc.MC_AUTO_MIN_SCENARIOS,
        seed=1,
        outputs=["co2_kg"],
        quantiles=(),
    )
    assert r.backend == "cuda"
