# SPDX-License-Identifier: BSD-3-Clause
"""Variance-based sensitivity (SPEC.md §9): first-order, total and second-order Sobol
indices of inputs or groups of inputs.

Design: Saltelli (2002, 2010) with Jansen's (1999) estimators (the math: ``sobol_math``).
Per base scenario i, A_i is simulate's scenario i (stream 0) and B_i an independent one
(stream 1); for each factor j (an input with a distribution, a catalog keyword drawn with
dist.rows, or a group of them: ``factor_groups``), AB_i^j is A_i with factor j's inputs
taken from B_i, and for second-order indices BA_i^j is B_i with factor j's from A_i. Cost:
n·(d+2) model evaluations (n·(2d+1) with second order), none stored: only sums, in G groups
of scenario blocks for batch-means confidence intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from llmcore._engine import backends as _backends
from llmcore._engine import cuda_mc as _cuda_mc
from llmcore._engine import mc_exec
from llmcore._engine.constants import MC_BLOCK, STATUS_BITS, sobol_record_len
from llmcore._engine.run import reference_status_counts
from llmcore._models import get_model
from llmcore._util.progress import Progress
from llmcore.estimate.inputs import check_input_keys
from llmcore.estimate.single import warn_inconsistent
from llmcore.mc import qmc
from llmcore.mc.chain import chain_subject
from llmcore.mc.distributed import DaskRunner
from llmcore.mc.factor_groups import group_factors
from llmcore.mc.point_eval import outputs_at
from llmcore.mc.sensitivity_result import SensitivityResult
from llmcore.mc.sobol_correlated import correlated_indices
from llmcore.mc.sobol_math import indices, jansen, reference_sums
from llmcore.mc.subject import count, lacking, single_subject

__all__ = [
    "MAX_GROUPS",
    "MIN_BASE",
    "SensitivityResult",
    "indices",
    "jansen",
    "reference_sums",
    "sensitivity",
]

MAX_GROUPS = 1 << 16  # batch-means groups; their sums are held in memory

#: The fewest base scenarios: group g holds blocks g, g + groups, ... of MC_BLOCK scenarios,
#: and a confidence half-width needs two groups with two scenarios each (fewer: NaN).
MIN_BASE = MC_BLOCK + 2


def sensitivity(
    model: str | list[str],
    inputs: Mapping[str, Any] | None = None,
    *,
    n: int | float = 1 << 14,
    seed: int | None = None,
    outputs: Any = None,
    backend: str = "auto",
    groups: int = 32,
    threads: int | None = None,
    chunk: int | None = None,
    progress: bool | Callable[..., Any] | None = None,
    client: Any = None,
    task_size: int | None = None,
    second_order: bool = False,
    input_groups: Mapping[str, Any] | None = None,
    correlation: Any = None,
    sampler: str = "random",
    **kwargs: Any,
) -> SensitivityResult:
    """First-order and total (and second-order) Sobol indices of each uncertain input or
    group of inputs (factor).

    Parameters are those of :func:`llmcore.simulate` (a chain of models too, and
    ``client=`` for Dask; correlated inputs: ``correlation=`` below). n base scenarios
    cost n·(d+2) model evaluations for d factors; backend "cuda" (or "auto" for large n
    with a GPU) runs them on the device. `groups` sets the batch-means groups for the 95%
    confidence half-widths (S1_conf, ST_conf). n must be at least ``MIN_BASE`` (258: two
    groups of blocks of 256 scenarios, two scenarios in the second) and at most
    ``MAX_SCENARIOS`` (2**62). ``sampler="sobol"``: A and B are the two halves of one
    scrambled Sobol' point (simulate's `sampler`); the batch-means intervals then tend to
    be wider than the error (groups of one low-discrepancy sequence are not independent).

    ``second_order=True`` adds S2 (and S2_conf) for every pair of factors: n·(2d+1)
    evaluations. ``input_groups={"hardware": ["peak_flop_per_s", "gpu_power_w"], ...}``
    makes each group one factor (its S1 is the group's closed index, ST its total index);
    factors in no group stay their own; an input set by a catalog-row draw brings the whole
    draw (its keyword) into the group.

    ``correlation={(input_a, input_b): spearman_rho, ...}`` (as in simulate): the inputs are
    drawn through the Gaussian copula and S1/ST are the *full* indices, S1_ind/ST_ind the
    *independent* ones, of Mara et al. (2015) (``sobol_correlated``): m·n·(d+2) evaluations
    for m correlated inputs, run in this process (no client=, groups or second order; a
    chain of models on backend="reference" only).
    """
    given = dict(inputs or {})
    check_input_keys(given)
    given.update(kwargs)
    threads = _backends.threads_arg(threads)
    n = count(n)
    if chunk is not None:
        chunk = count(chunk, "chunk")
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 2:
        raise ValueError(f"groups must be an int >= 2, got {groups!r}")
    if groups > MAX_GROUPS:  # the per-group sums are held in memory: say so before allocating
        raise ValueError(f"groups must be at most {MAX_GROUPS:,} (batch means), got {groups:,}")
    if isinstance(model, str):
        sub = single_subject(get_model(model), given, seed, correlation, outputs)
    else:
        sub = chain_subject(model, given, seed, correlation, outputs)
    sub = qmc.prepare(sub, qmc.check_options(sampler, 1, n))
    if not sub.factors:
        raise ValueError(
            f"{sub.name}: no input is a distribution; sensitivity needs at least "
            "one uncertain input (llmcore.dist)"
        )
    if not isinstance(second_order, (bool, np.bool_)):
        raise TypeError(f"second_order must be True or False, got {second_order!r}")
    members: dict[str, list[str]] = {}
    factors, fac = list(sub.factors), sub.fac
    if input_groups is not None:
        factors, fac, members = group_factors(factors, fac, sub.sampled, input_groups)
    d = len(factors)
    second = bool(second_order)
    if len(sub.spec[6]):
        if sampler != "random":
            raise ValueError(
                f"correlation: the full/independent indices draw their points with the "
                f"random sampler; sampler={sampler!r} is not offered with correlation="
            )
        if second or input_groups is not None or client is not None:
            raise ValueError(
                "correlation: the full/independent indices of correlated inputs are "
                "first-order and total, of single inputs, in this process: drop "
                "second_order, input_groups or client="
            )
        return _flags_said(_correlated(sub, n, seed, backend, groups, threads, progress))
    if second and d < 2:
        raise ValueError(f"second_order=True needs at least 2 factors, got {d} ({factors[0]})")
    names = sub.names
    which = _cuda_mc.resolve(backend, n)
    if n < MIN_BASE:
        raise ValueError(
            f"sensitivity needs n >= {MIN_BASE} base scenarios, got {n}: Jansen's estimators "
            f"need 2 scenarios and the batch-means confidence intervals 2 groups of at least 2 "
            f"(scenarios are grouped in blocks of {MC_BLOCK})"
        )
    if client is not None and which != "cpu":
        raise ValueError(f"client=: distributed runs use the compiled CPU core, not {which!r}")
    if which == "cuda" and not isinstance(model, str):
        raise ValueError("chains of models run on the CPU backend; use backend='cpu'")
    status = np.zeros(len(STATUS_BITS), np.int64)
    if which == "reference":
        _, f0 = sub.ref_outputs(0, 1, 0)
        shift = np.array([float(f0[o][0]) for o in names])
        shift[~np.isfinite(shift)] = 0.0
        ref = sub if fac is sub.fac else _Regrouped(sub, factors, fac)
        acc = reference_sums(ref, names, n, groups, shift, second=second)
        xa, fa = sub.ref_outputs(0, n, 0)  # status counts are f(A)'s, as in the core
        status = reference_status_counts(fa["_status"], fa["_nonfinite"], lacking(sub.spec, xa))
    else:
        core = _backends.core()
        first = [None] * sub.n_out
        for k in sub.req:
            first[k] = np.empty(1)
        core.simulate_samples(
            sub.target, sub.spec, 0, 1, first, [None] * len(sub.spec[0]), None, threads or 0
        )
        shift = np.array([float(first[k][0]) for k in sub.req])
        shift[~np.isfinite(shift)] = 0.0
        dev = _cuda_mc.device(which)  # -1: CPU driver; else the CUDA driver on that device
        size = _cuda_mc.chunk_size(which, chunk, len(names) * sobol_record_len(d, second))
        plan = mc_exec.SobolPlan(
            sub.target,
            sub.spec,
            sub.req,
            shift,
            np.ascontiguousarray(fac, np.int32),
            d,
            groups,
            threads or 0,
            size,
            device=dev,
            second=second,
        )
        prog = Progress.option(progress, n)
        if client is not None:
            runner: Any = DaskRunner(client, task_size)
        else:
            runner = mc_exec.LOCAL
        acc, status = runner.sobol(plan, n, lambda done: prog.set(done, "sobol"))
    tables, variances = indices(acc, d)
    res = SensitivityResult(
        sub.name,
        n,
        sub.seed,
        which,
        factors,
        dict(zip(names, tables)),
        dict(zip(names, variances)),
        {STATUS_BITS[b]: int(c) for b, c in enumerate(status)},
        evaluations=n * (2 * d + 1 if second else d + 2),
        groups=members,
    )
    return _flags_said(res)


def _flags_said(res: SensitivityResult) -> SensitivityResult:
    """Warn of base scenarios whose inputs contradict one another: the indices are over the
    others (their NaN outputs are left out, as every non-finite one is)."""
    if res.status_counts.get("inconsistent_inputs"):
        warn_inconsistent(res.model, res.status_counts["inconsistent_inputs"], f" of {res.n}")
    return res


def _correlated(
    sub: Any, n: int, seed: Any, backend: str, groups: int, threads: Any, progress: Any
) -> SensitivityResult:
    if n < MIN_BASE:
        raise ValueError(f"sensitivity needs n >= {MIN_BASE} base scenarios, got {n}")
    which = _cuda_mc.resolve(backend, n)
    if which == "cuda" and " -> " in sub.name:
        raise ValueError("chains of models run on the CPU backend; use backend='cpu'")
    _, f0 = sub.ref_outputs(0, 1, 0)
    shift = np.array([float(f0[o][0]) for o in sub.names])
    shift[~np.isfinite(shift)] = 0.0
    m = len(sub.spec[6])
    prog = Progress.option(progress, m * n)
    tables, variances = correlated_indices(
        sub,
        sub.names,
        n,
        groups,
        shift,
        lambda x: outputs_at(sub, which, x, threads),
        lambda done: prog.set(done, "sobol"),
    )
    label = {r: k for k, r in sub.sampled}
    corr = [label[int(r)] for r in sub.spec[6]]
    note = (
        f"correlated inputs ({', '.join(corr)}; Gaussian copula): S1/ST are the full "
        "indices (an input's effect with what it drives in the inputs correlated with it) "
        "and S1_ind/ST_ind the independent ones (its effect beyond them), Mara et al. "
        f"(2015); {m} orderings, {m * n * (len(sub.factors) + 2):,} evaluations; status "
        "counts are not collected on this path"
    )
    return SensitivityResult(
        sub.name,
        n,
        sub.seed,
        which,
        list(sub.factors),
        dict(zip(sub.names, tables)),
        dict(zip(sub.names, variances)),
        {},
        evaluations=m * n * (len(sub.factors) + 2),
        notes=[note],
    )


class _Regrouped:
    """A subject whose factors are groups: what ``reference_sums`` reads of it."""

    def __init__(self, sub: Any, factors: list[str], fac: np.ndarray):
        self.spec, self.ref_eval, self.factors, self.fac = sub.spec, sub.ref_eval, factors, fac
