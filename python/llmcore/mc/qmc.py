# SPDX-License-Identifier: BSD-3-Clause
"""Quasi-random sampling (``sampler="sobol"``) and randomised QMC replicates.

The core draws coordinate (slot, stream) of scrambled Sobol' point i where the Philox path
draws its uniform (cpp/include/llmcore/rng/sobol.hpp; reference/sobol.py); this module turns
the option into the spec's 10th element and, for ``replicates=R``, runs R independently
scrambled copies (replicate r's key: r = 0 the seed's own, so R = 1 is the plain run;
r >= 1 ``SeedSequence(seed, spawn_key=(r,))``) and merges them: pooled moments, summed
histograms and counts, each exact quantile the mean of the replicates' ones, and the
standard errors from the spread of the R estimates (Owen's randomised QMC), which is honest
where the iid formula is not (a Sobol' mean is usually far better than it says).
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Any

import numpy as np

from llmcore._engine.constants import ROWS_SLOT_BASE
from llmcore._util.errors import InvalidInputError
from llmcore.mc.result import OutputSummary, SimulationResult
from llmcore.mc.study import philox_key
from llmcore.mc.subject import Subject

__all__ = ["SAMPLERS", "check_options", "combine", "prepare"]

SAMPLERS = ("random", "sobol")
SOBOL_SLOTS = 256  # rng/sobol.hpp kSobolSlots: input slots with a Sobol' dimension
SOBOL_ROW_SLOTS = 16  # rng/sobol.hpp kSobolRowSlots


def check_options(sampler: Any, replicates: Any, n: int) -> int:
    """The sampler's spec code; checks `replicates` and advises a power-of-2 n for Sobol'."""
    if sampler not in SAMPLERS:
        raise ValueError(f"sampler must be one of {SAMPLERS}, got {sampler!r}")
    if isinstance(replicates, bool) or not isinstance(replicates, (int, np.integer)):
        raise TypeError(f"replicates must be an int >= 1, not {replicates!r}")
    if replicates < 1:
        raise ValueError(f"replicates must be >= 1, got {replicates!r}")
    if replicates > 1 and sampler != "sobol":
        raise ValueError(
            "replicates= randomises a quasi-random sequence: use it with sampler='sobol' "
            "(a random sample's standard errors are already honest)"
        )
    if sampler == "sobol" and n & (n - 1):
        warnings.warn(
            f"sampler='sobol' with n={n:,}: Sobol' points are balanced in runs of a power "
            f"of 2; n={1 << (n.bit_length() - 1):,} or {1 << n.bit_length():,} converge "
            "faster and more smoothly",
            UserWarning,
            stacklevel=3,
        )
    return SAMPLERS.index(sampler)


def replicate_key(seed: int, r: int) -> np.ndarray:
    """Replicate r's Philox key: the seed's own for r = 0, a spawned sequence's after."""
    if r == 0:
        return philox_key(seed)
    return np.random.SeedSequence(seed, spawn_key=(r,)).generate_state(2, dtype=np.uint32)


def prepare(sub: Subject, code: int, replicate: int = 0) -> Subject:
    """The subject with the sampler in its spec (and replicate r's key)."""
    spec = sub.spec
    if code == 1:
        for k, kind in enumerate(spec[0]):
            slot = int(spec[1][k])
            ok = slot < SOBOL_SLOTS or 0 <= slot - ROWS_SLOT_BASE < SOBOL_ROW_SLOTS
            if kind != 0 and not ok:
                raise InvalidInputError(
                    f"{sub.name}: sampler='sobol' covers {SOBOL_SLOTS} sampled inputs; input "
                    f"row {k} (slot {slot}) has no Sobol' dimension; use sampler='random'",
                    input=next((nm for nm, row in sub.sampled if row == k), f"row {k}"),
                    index=(k,),
                )
    key = spec[5] if replicate == 0 else replicate_key(sub.seed, replicate)
    absent = int(spec[8]) if len(spec) > 8 else 0
    return dataclasses.replace(sub, spec=(*spec[:5], key, *spec[6:8], absent, code))


def _merge(ss: list[OutputSummary]) -> OutputSummary:
    cnt = sum(s.count for s in ss)
    live = [s for s in ss if s.count]
    mean = sum(s.count * s.mean for s in live) / cnt if cnt else math.nan
    m2 = sum(s.count * (s.std**2 + (s.mean - mean) ** 2) for s in live)
    exact = {q: float(np.mean([s.exact_quantiles[q] for s in ss])) for q in ss[0].exact_quantiles}
    reps: dict[Any, np.ndarray] = {"mean": np.array([s.mean for s in ss])}
    reps.update({q: np.array([s.exact_quantiles[q] for s in ss]) for q in exact})
    exceed = {
        t: (sum(s.exceed[t][0] for s in ss), sum(s.exceed[t][1] for s in ss)) for t in ss[0].exceed
    }
    return OutputSummary(
        ss[0].name,
        ss[0].unit,
        cnt,
        sum(s.nonfinite for s in ss),
        mean,
        math.sqrt(m2 / cnt) if cnt else math.nan,
        min(s.min for s in ss),
        max(s.max for s in ss),
        np.sum([s.hist for s in ss], axis=0),
        exact_quantiles=exact,
        exceed=exceed,
        replicates=reps,
    )


def combine(runs: list[SimulationResult]) -> SimulationResult:
    """One result from R replicate runs of the same study (see the module docstring)."""
    first = runs[0]
    out = {name: _merge([r[name] for r in runs]) for name in first}
    status = {k: sum(r.status_counts[k] for r in runs) for k in first.status_counts}
    res = SimulationResult(
        first.model,
        sum(r.n for r in runs),
        first.seed,
        first.backend,
        first.inputs,
        out,
        status,
        first.quantiles,
        None,
        assumptions=first.assumptions,
    )
    res.sampler, res.replicates = "sobol", len(runs)
    return res
