# SPDX-License-Identifier: BSD-3-Clause
"""Monte Carlo over uncertain inputs (SPEC.md §9): streamed summaries, never the samples.

Scenario i draws input k from Philox4x32-10 with key = f(seed) and counter = (i, slot of k,
stream 0), so it is the same whatever the chunking, thread count or machine. Python cuts
[0, n) into block-aligned chunks (progress bar, Ctrl-C between chunks); each chunk is one
GIL-free call into the compiled core that folds its scenarios into the running summary in
global block order within fixed segments of 2^22 scenarios, and segments are folded in
order (_engine/mc_exec.py), so the summary bits do not depend on the chunk size, thread count, or
whether the run was local or on a Dask cluster (``client=``). A list of models is a chain
(mc/chain.py). Memory is flat in n: a few hundred KiB per requested output.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from llmcore._engine import backends as _backends
from llmcore._engine import cuda_mc as _cuda_mc
from llmcore._engine import histogram, mc_exec
from llmcore._engine.constants import STATUS_BITS, summary_record_len
from llmcore._engine.mc_exec import new_state
from llmcore._engine.run import reference_status_counts
from llmcore._models import get_model
from llmcore._util.errors import InvalidInputError
from llmcore._util.progress import Progress
from llmcore.estimate.inputs import check_input_keys
from llmcore.estimate.single import warn_inconsistent
from llmcore.mc import qmc
from llmcore.mc.chain import chain_subject
from llmcore.mc.distributed import DaskRunner
from llmcore.mc.result import OutputSummary, SimulationResult
from llmcore.mc.subject import (
    Subject,
    count,
    lacking,
    single_subject,
)
from llmcore.reference import stats as ref_stats

__all__ = ["simulate"]

MAX_SAMPLES = 10_000_000


def _levels(quantiles: Any) -> tuple[float, ...]:
    qs = tuple(float(q) for q in np.atleast_1d(np.asarray(quantiles or (), dtype=np.float64)))
    for q in qs:
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"quantiles must be in [0, 1], got {q!r}")
    return qs


def _thresholds(thresholds: Any, names: tuple[str, ...]) -> np.ndarray:
    thr = dict(thresholds or {})
    for k in thr:
        if k not in names:
            raise InvalidInputError(
                f"thresholds: {k!r} is not a requested output ({names})", input=k
            )
    lists = {k: [float(x) for x in np.atleast_1d(v)] for k, v in thr.items()}
    for k, vals in lists.items():
        for j, x in enumerate(vals):
            if x != x:  # NaN pads the table: a NaN threshold would be silently dropped
                raise InvalidInputError(
                    f"thresholds: {k!r} threshold {j} is NaN; thresholds must be numbers",
                    input=k,
                    value=x,
                    index=(j,),
                )
    width = max((len(v) for v in lists.values()), default=0)
    out = np.full((len(names), width), np.nan)
    for r, name in enumerate(names):
        vals = lists.get(name, [])
        out[r, : len(vals)] = vals
    return out


def _np_lerp(a: float, b: float, t: float) -> float:
    d = b - a  # numpy's _lerp: symmetric form, exact at t = 0 and t = 1
    return b - d * (1 - t) if t >= 0.5 else a + d * t


def exact_quantiles(
    state: dict[str, np.ndarray], qs: tuple[float, ...], run_pass: histogram.Pass
) -> list[dict[float, float]]:
    targets: list[tuple[int, int]] = []
    plan: list[tuple[int, float, tuple[int, int, float] | None]] = []
    for r in range(state["moments"].shape[0]):
        cnt = int(state["moments"][r, 0])
        for q in qs:
            if cnt == 0:
                plan.append((r, q, None))
                continue
            h = (cnt - 1) * q
            k = math.floor(h)
            k1 = min(k + 1, cnt - 1)
            targets += [(r, k), (r, k1)]
            plan.append((r, q, (k, k1, h - k)))
    hists = {r: state["hist"][r] for r in range(state["hist"].shape[0])}
    got = histogram.refine_ranks(hists, sorted(set(targets)), run_pass) if targets else {}
    out: list[dict[float, float]] = [{} for _ in range(state["moments"].shape[0])]
    for r, q, ks in plan:
        out[r][q] = math.nan if ks is None else _np_lerp(got[(r, ks[0])], got[(r, ks[1])], ks[2])
    return out


def _run_core(
    sub: Subject,
    thr: np.ndarray,
    qs: tuple[float, ...],
    n: int,
    exact: bool,
    threads: int,
    chunk: int | None,
    progress: Progress,
    runner: Any = None,
    device: int = -1,
) -> tuple[dict[str, np.ndarray], list[dict[float, float]]]:
    """The compiled drivers: CPU (device -1) or CUDA (device >= 0), same loop."""
    plan = mc_exec.Plan(sub.target, sub.spec, sub.req, thr, threads, chunk, device=device)
    run = runner or mc_exec.LOCAL
    state = run.summary(plan, n, lambda done: progress.set(done, "simulate"))
    if not (exact and qs):
        return state, [{} for _ in sub.req]

    def run_pass(qlist: list[tuple[int, int, int, int, int, bool]]) -> tuple[np.ndarray, list]:
        return run.refine(plan, n, qlist, lambda done: progress.set(done, "quantiles"))

    return state, exact_quantiles(state, qs, run_pass)


def _run_reference(
    sub: Subject, thr: np.ndarray, qs: tuple[float, ...], n: int
) -> tuple[dict[str, np.ndarray], list[dict[float, float]], Any]:
    x, outs = sub.ref_outputs(0, n, 0)
    names = sub.names
    state = new_state(len(names), thr.shape[1])
    quants = []
    for r, name in enumerate(names):
        v = outs[name]
        s = ref_stats.summary(v, thr[r][~np.isnan(thr[r])], qs)
        state["moments"][r] = (s["count"], s["mean"] if s["count"] else 0.0, s["m2"])
        state["minmax"][r] = (s["min"], s["max"])
        state["hist"][r] = s["hist"]
        k = len(s["exceed"])
        state["exceed"][r, :k], state["cond_sum"][r, :k] = s["exceed"], s["cond_sum"]
        state["nonfinite"][r] = s["nonfinite"]
        quants.append(s["quantiles"])
    status = reference_status_counts(outs["_status"], outs["_nonfinite"], lacking(sub.spec, x))
    state["status"][:] = status
    return state, quants, (x, {k: v for k, v in outs.items() if not k.startswith("_")})


def _samples_core(
    sub: Subject, n: int, threads: int, device: int = -1
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    core = _backends.core()
    outs = [None] * sub.n_out
    for k in sub.req:
        outs[k] = np.empty(n)
    ins = np.empty((len(sub.spec[0]), n))
    core.simulate_samples(sub.target, sub.spec, 0, n, outs, list(ins), None, threads, device)
    return ins, {name: outs[k] for name, k in zip(sub.names, sub.req)}


# scenarios per compiled call when samples stream to a file (16 MiB per column; a
# multiple of 256, as the core requires of a range start)
_SAMPLE_FILE_CHUNK = 1 << 21


def _samples_to_parquet(
    sub: Subject, n: int, threads: int, device: int, path: str, meta: dict[str, Any]
) -> None:
    """Every scenario's sampled inputs and outputs, streamed to a Parquet file chunk by
    chunk (memory flat in n); written to a temporary file renamed into place at the end,
    so a failed run leaves no half-written file."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - optional dependency
        raise ImportError("samples=<path> writes Parquet: pip install pyarrow") from exc
    core = _backends.core()
    cols = ["scenario", *(k for k, _ in sub.sampled), *sub.names]
    schema = pa.schema([(c, pa.int64() if c == "scenario" else pa.float64()) for c in cols])
    schema = schema.with_metadata({"llmcore": json.dumps(meta, default=repr)})
    tmp = f"{path}.part-{os.getpid()}"
    try:
        with pq.ParquetWriter(tmp, schema) as w:
            for start in range(0, n, _SAMPLE_FILE_CHUNK):
                m = min(_SAMPLE_FILE_CHUNK, n - start)
                outs: list[np.ndarray | None] = [None] * sub.n_out
                for k in sub.req:
                    outs[k] = np.empty(m)
                ins = np.empty((len(sub.spec[0]), m))
                core.simulate_samples(
                    sub.target, sub.spec, start, m, outs, list(ins), None, threads, device
                )
                data = [np.arange(start, start + m, dtype=np.int64)]
                data += [ins[i] for _, i in sub.sampled]
                data += [outs[k] for k in sub.req]
                w.write_table(pa.Table.from_arrays(data, schema=schema))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def simulate(
    model: str | list[str],
    inputs: Mapping[str, Any] | None = None,
    *,
    n: int | float = 100_000,
    seed: int | None = None,
    outputs: Any = None,
    quantiles: Any = (0.05, 0.5, 0.95),
    correlation: Mapping[Any, float] | None = None,
    backend: str = "auto",
    progress: bool | Callable[..., Any] | None = None,
    thresholds: Mapping[str, Any] | None = None,
    exact_quantiles: bool = True,
    samples: bool | str | Any = False,
    threads: int | None = None,
    chunk: int | None = None,
    client: Any = None,
    task_size: int | None = None,
    rel_error: float | None = None,
    sampler: str = "random",
    replicates: int = 1,
    _replicate: int = 0,
    **kwargs: Any,
) -> SimulationResult:
    """Monte Carlo: `n` scenarios of `model` with inputs drawn from their distributions.

    Parameters
    ----------
    model : str or list of str
        A model name, or a chain such as ``["training", "lifecycle"]``: models run in order
        per scenario, each output feeding later models' same-named inputs (the links of
        ``llmcore.estimate.chain.RENAMES`` too); an input shared by two models is drawn once per
        scenario. Outputs of every model are summarised; a name two models produce is the
        last model's, the earlier one's is ``"model.output"`` (as ``evaluate``).
    inputs : mapping
        Input name -> number or :mod:`llmcore.dist` distribution; catalog keywords
        (``hardware``, ``region``) take an id or ``dist.rows(...)``. Keywords merge in.
    n : int
        Scenarios (``1e8`` is accepted), at most 2**62 (``mc.subject.MAX_SCENARIOS``:
        scenario indices are int64). Memory does not grow with n.
    seed : int, optional
        Same seed, same scenarios, on any machine and thread count. None: fresh entropy
        (recorded in ``result.seed``).
    outputs : str or list of str, optional
        Outputs to summarise (default: every output the inputs allow).
    quantiles : sequence of float
        Levels computed exactly (numpy's linear method on the same samples, by extra
        regeneration passes; ``exact_quantiles=False`` keeps the histogram estimate).
    correlation : mapping {(input_a, input_b): rho}, optional
        Spearman rank correlations, imposed with a Gaussian copula.
    backend : {"auto", "cpu", "cuda", "reference"}
        "auto": the GPU from ``_cuda_mc.MC_AUTO_MIN_SCENARIOS`` scenarios when one is
        usable, else the CPU. "reference" is the slow numpy oracle (all samples in memory:
        small n only).
    progress : bool or callable(done, total, label), optional
        A bar with rate and ETA on stderr (True), nothing (False), or calls to the
        callable. Default: the bar in interactive use (a terminal or the Python prompt)
        once the run has taken a second.
    thresholds : mapping output -> list of float, optional
        Exact P(output > x) and E[output | output > x] for these x.
    samples : bool or path
        A path (str or os.PathLike ending in ``.parquet``): every scenario's sampled inputs
        and outputs streamed to that Parquet file, any n, memory flat (column ``scenario``
        is the index; the schema's ``llmcore`` metadata holds model, seed, n and the
        inputs); ``result.samples_path`` names it. True: also return the samples
        (``result[name].samples``, ``result.input_samples``);
        n <= 1e7 only.
    threads, chunk : int, optional
        CPU threads; scenarios per compiled call (a multiple of 256, at most 2^22). Neither
        changes the result.
    client : dask.distributed.Client, optional
        Run the scenarios as Dask tasks on its cluster (design/dask.md); the result is
        the local run's, bit for bit. ``task_size``: scenarios per task (default: n split
        into about 4 tasks per worker, in whole multiples of 2^22).
    rel_error : float, optional
        Stop early: run 2^14 scenarios, then twice as many, ... (at most `n`) until every
        summarised output's mean has a standard error of at most this fraction of it. The
        result is exactly ``simulate(..., n=m, seed=seed)`` for the `m` it stopped at (each
        round starts over, so the cost is at most twice the final run's);
        ``result.rel_error_reached`` says whether the target was met within `n` (a
        RuntimeWarning too when it was not).
    sampler : {"random", "sobol"}
        "random": Philox draws. "sobol": scrambled Sobol' points (Joe-Kuo directions,
        Owen scrambling by Burley's hash), which converge much faster for smooth models;
        scenario i is still a function of (seed, i, input) only, so chunks, threads, Dask
        and CUDA give the same bits. Use a power of 2 for n (a UserWarning says so).
    replicates : int
        With "sobol": R independently scrambled runs of n scenarios each, merged;
        ``mean_se``, ``mean_ci`` and ``quantile_ci`` then come from the spread of the R
        estimates (design/monte_carlo.md "Quasi-random sampling"). R = 1 (default): the
        iid formulas, which overstate a Sobol' run's error.

    Returns
    -------
    SimulationResult
    """
    if replicates != 1:
        qmc.check_options(sampler, replicates, count(n))
        if samples is not False or rel_error is not None:
            raise ValueError("replicates > 1 merges whole runs: not with samples= or rel_error=")
        kw = dict(n=n, seed=seed, outputs=outputs, quantiles=quantiles)
        kw.update(correlation=correlation, backend=backend, progress=progress)
        kw.update(thresholds=thresholds, exact_quantiles=exact_quantiles, threads=threads)
        kw.update(chunk=chunk, client=client, task_size=task_size)
        with warnings.catch_warnings():  # the power-of-2 advice once, not per replicate
            warnings.simplefilter("ignore", UserWarning)
            first = simulate(model, inputs, sampler=sampler, **kw, **kwargs)
            kw["seed"] = first.seed  # the replicates' keys derive from the one seed
            runs = [first] + [
                simulate(model, inputs, sampler=sampler, _replicate=r, **kw, **kwargs)
                for r in range(1, replicates)
            ]
        return qmc.combine(runs)
    if rel_error is not None:
        return _until_rel_error(
            float(rel_error),
            model,
            inputs,
            dict(
                n=n,
                seed=seed,
                outputs=outputs,
                quantiles=quantiles,
                correlation=correlation,
                backend=backend,
                progress=progress,
                thresholds=thresholds,
                exact_quantiles=exact_quantiles,
                samples=samples,
                threads=threads,
                chunk=chunk,
                client=client,
                task_size=task_size,
                sampler=sampler,
                _replicate=_replicate,
                **kwargs,
            ),
        )
    given = dict(inputs or {})
    check_input_keys(given)
    given.update(kwargs)
    n = count(n)
    if chunk is not None:
        chunk = count(chunk, "chunk")
    threads = _backends.threads_arg(threads)
    if isinstance(model, str):
        sub = single_subject(get_model(model), given, seed, correlation, outputs)
    else:
        sub = chain_subject(model, given, seed, correlation, outputs)
    sub = qmc.prepare(sub, qmc.check_options(sampler, 1, n), _replicate)
    names = sub.names
    qs = _levels(quantiles)
    thr = _thresholds(thresholds, names)
    which = _cuda_mc.resolve(backend, n)
    sample_file = None
    if samples is not None and not isinstance(samples, bool):
        sample_file, samples = os.fspath(samples), False
        if not str(sample_file).endswith(".parquet"):
            raise ValueError(f"samples={sample_file!r}: a path must end in .parquet")
        if which == "reference" or client is not None:
            raise ValueError("samples=<path> streams from the compiled core (no client=)")
    if samples and n > MAX_SAMPLES:
        raise ValueError(f"samples=True keeps every sample: n must be <= {MAX_SAMPLES:,}")
    prog = Progress.option(progress, n)
    runner = None
    if client is not None:
        if which != "cpu":
            raise ValueError(f"client=: distributed runs use the compiled CPU core, not {which!r}")
        runner = DaskRunner(client, task_size)
    sample_data = None
    if which == "reference":
        state, quants, sample_data = _run_reference(sub, thr, qs, n)
        prog.set(n, "reference")
    else:  # "cpu" or "cuda": the same driver loop, device -1 or a device ordinal
        dev = _cuda_mc.device(which)
        size = _cuda_mc.chunk_size(which, chunk, len(names) * summary_record_len(thr.shape[1]))
        state, quants = _run_core(
            sub, thr, qs, n, exact_quantiles, threads or 0, size, prog, runner, dev
        )
        if samples:
            sample_data = _samples_core(sub, n, threads or 0, dev)
    summaries = {}
    for r, name in enumerate(names):
        cnt, mean, m2 = state["moments"][r]
        thr_r = [t for t in thr[r] if not math.isnan(t)]
        summaries[name] = OutputSummary(
            name,
            sub.units[r],
            int(cnt),
            int(state["nonfinite"][r]),
            float(mean) if cnt else math.nan,
            math.sqrt(m2 / cnt) if cnt else math.nan,
            float(state["minmax"][r, 0]),
            float(state["minmax"][r, 1]),
            state["hist"][r],
            exact_quantiles=quants[r],
            exceed={
                t: (int(state["exceed"][r, k]), float(state["cond_sum"][r, k]))
                for k, t in enumerate(thr_r)
            },
            samples=None
            if not samples or sample_data is None
            else np.array(sample_data[1][name], dtype=np.float64),
        )
    status = {STATUS_BITS[b]: int(c) for b, c in enumerate(state["status"])}
    if status["non_finite"]:
        warnings.warn(
            f"{sub.name}: {status['non_finite']} of {n} scenario(s) gave non-finite "
            "outputs; they are left out of the summaries (count: .nonfinite)",
            RuntimeWarning,
            stacklevel=2,
        )
    if status.get("inconsistent_inputs"):  # left out of the summaries, as NaN is
        warn_inconsistent(sub.name, status["inconsistent_inputs"], f" of {n}")
    in_samples = None
    if samples and sample_data is not None:
        in_samples = {k: np.array(sample_data[0][i]) for k, i in sub.sampled}
    if sample_file is not None:
        meta = {"model": sub.name, "seed": sub.seed, "n": n, "inputs": sub.described}
        _samples_to_parquet(sub, n, threads or 0, _cuda_mc.device(which), str(sample_file), meta)
    res = SimulationResult(
        sub.name,
        n,
        sub.seed,
        which,
        sub.described,
        summaries,
        status,
        qs,
        in_samples,
        assumptions=sub.assumptions,
        samples_path=sample_file,
    )
    res.sampler = sampler
    return res


_FIRST_ROUND = 1 << 14


def _worst_rel_se(res: SimulationResult) -> tuple[str, float]:
    """The output whose mean is least certain, and its standard error / |mean|."""
    worst = ("", 0.0)
    for name, s in res.items():
        r = s.mean_se / abs(s.mean) if s.mean else (0.0 if s.mean_se == 0 else math.inf)
        if not r <= worst[1]:  # NaN (too few values) counts as not reached
            worst = (name, r if r == r else math.inf)
    return worst


def _until_rel_error(
    target: float, model: Any, inputs: Any, kw: dict[str, Any]
) -> SimulationResult:
    if not (target > 0 and math.isfinite(target)):
        raise ValueError(f"rel_error must be a positive fraction, got {target!r}")
    n_max = count(kw.pop("n"))
    m = min(n_max, _FIRST_ROUND)
    while True:
        res = simulate(model, inputs, n=m, **kw)
        kw["seed"] = res.seed  # every round draws the same scenarios as the first
        name, worst = _worst_rel_se(res)
        if worst <= target or m >= n_max:
            break
        m = min(2 * m, n_max)
    res.rel_error_reached = worst <= target
    if not res.rel_error_reached:
        warnings.warn(
            f"{res.model}: rel_error={target:g} not reached with n={m:,} scenarios "
            f"({name}: standard error {worst:.3g} of its mean); raise n",
            RuntimeWarning,
            stacklevel=3,
        )
    return res
