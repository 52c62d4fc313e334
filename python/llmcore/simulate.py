# SPDX-License-Identifier: BSD-3-Clause
"""Monte Carlo over uncertain inputs (SPEC.md §9): streamed summaries, never the samples.

Scenario i draws input k from Philox4x32-10 with key = f(seed) and counter = (i, slot of k,
stream 0), so it is the same whatever the chunking, thread count or machine. Python cuts
[0, n) into block-aligned chunks (progress bar, Ctrl-C between chunks); each chunk is one
GIL-free call into the compiled core that folds its scenarios into the running summary in
global block order, so the summary bits do not depend on the chunk size or thread count.
Memory is flat in n: a few hundred KiB per requested output.
"""

from __future__ import annotations

import math
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from . import _backends, _cuda_mc, _mc_stats, reference
from ._errors import InvalidInputError
from ._mc_result import OutputSummary, SimulationResult
from ._models import STATUS_BITS, get_model
from ._study import Study, build_study
from .reference import dist as ref_dist
from .reference import stats as ref_stats

__all__ = ["simulate"]

BLOCK = 256  # cpp/src/cpu/mc_block.hpp kMcBlock: chunks start on block boundaries
CHUNK = 1 << 20  # scenarios per compiled call: well under a second, so Ctrl-C is prompt
MAX_SAMPLES = 10_000_000


def _count(n: Any, what: str = "n") -> int:
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} must be a number of scenarios, not {n!r}")
    if not (math.isfinite(float(n)) and float(n) == int(n) and int(n) >= 1):
        raise ValueError(f"{what} must be a whole number >= 1, got {n!r}")
    return int(n)


def chunks(n: int, chunk: int | None) -> Iterator[tuple[int, int]]:
    size = CHUNK if chunk is None else _count(chunk, "chunk")
    size = -(-size // BLOCK) * BLOCK
    for start in range(0, n, size):
        yield start, min(size, n - start)


class Progress:
    """A one-line progress bar on stderr (or a callable(done, total, label))."""

    def __init__(self, enabled: Any, total: int):
        self.cb = enabled if callable(enabled) else None
        self.on = bool(enabled) and self.cb is None
        self.total = total

    def __call__(self, done: int, label: str = "") -> None:
        if self.cb is not None:
            self.cb(done, self.total, label)
        elif self.on:
            frac = done / self.total if self.total else 1.0
            bar = "#" * int(30 * frac)
            sys.stderr.write(f"\r{label:<10} [{bar:<30}] {100 * frac:5.1f}% ")
            if done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def requested(study: Study, outputs: Any) -> tuple[str, ...]:
    avail = study.available_outputs()
    if outputs is None:
        return avail
    names = (outputs,) if isinstance(outputs, str) else tuple(outputs)
    for name in names:
        info = study.model.output(name)  # UnknownNameError with suggestions
        if name not in avail:
            missing = [k for k in info.needs if k not in study.present]
            raise InvalidInputError(f"{study.model.name}: output {name!r} needs input(s) "
                                    f"{', '.join(missing)}, which were not given", input=missing[0])
    if not names:
        raise ValueError("outputs: ask for at least one output")
    return names


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
            raise InvalidInputError(f"thresholds: {k!r} is not a requested output ({names})",
                                    input=k)
    lists = {k: [float(x) for x in np.atleast_1d(v)] for k, v in thr.items()}
    width = max((len(v) for v in lists.values()), default=0)
    out = np.full((len(names), width), np.nan)
    for r, name in enumerate(names):
        vals = lists.get(name, [])
        out[r, :len(vals)] = vals
    return out


def new_state(n_req: int, n_thr: int) -> dict[str, np.ndarray]:
    mm = np.empty((n_req, 2))
    mm[:, 0], mm[:, 1] = np.inf, -np.inf
    return {"moments": np.zeros((n_req, 3)), "minmax": mm,
            "hist": np.zeros((n_req, _mc_stats.NBINS), np.int64),
            "exceed": np.zeros((n_req, n_thr), np.int64), "cond_sum": np.zeros((n_req, n_thr)),
            "nonfinite": np.zeros(n_req, np.int64), "status": np.zeros(len(STATUS_BITS), np.int64)}


def _np_lerp(a: float, b: float, t: float) -> float:
    d = b - a  # numpy's _lerp: symmetric form, exact at t = 0 and t = 1
    return b - d * (1 - t) if t >= 0.5 else a + d * t


def exact_quantiles(state: dict[str, np.ndarray], qs: tuple[float, ...],
                    run_pass: _mc_stats.Pass) -> list[dict[float, float]]:
    targets, plan = [], []
    for r in range(state["moments"].shape[0]):
        cnt = int(state["moments"][r, 0])
        for q in qs:
            if cnt == 0:
                plan.append((r, q, None))
                continue
            h = (cnt - 1) * q
            k = int(math.floor(h))
            k1 = min(k + 1, cnt - 1)
            targets += [(r, k), (r, k1)]
            plan.append((r, q, (k, k1, h - k)))
    hists = {r: state["hist"][r] for r in range(state["hist"].shape[0])}
    got = _mc_stats.refine_ranks(hists, sorted(set(targets)), run_pass) if targets else {}
    out: list[dict[float, float]] = [{} for _ in range(state["moments"].shape[0])]
    for r, q, ks in plan:
        out[r][q] = math.nan if ks is None else _np_lerp(got[(r, ks[0])], got[(r, ks[1])], ks[2])
    return out


def _run_core(study: Study, req: np.ndarray, thr: np.ndarray, qs: tuple[float, ...], n: int,
              exact: bool, threads: int, chunk: int | None, progress: Progress, device: int = -1
              ) -> tuple[dict[str, np.ndarray], list[dict[float, float]]]:
    """The compiled drivers: CPU (device -1) or CUDA (device >= 0), same loop."""
    core = _backends.core()
    mid = _backends.model_id(study.model.name)
    state = new_state(len(req), thr.shape[1])
    for start, cnt in chunks(n, chunk):
        core.simulate_chunk(mid, study.spec, start, cnt, req, thr, state, threads, device)
        progress(start + cnt, "simulate")
    if not (exact and qs):
        return state, [{} for _ in req]

    def run_pass(qlist: list[tuple[int, int, int, int, int, bool]]) -> tuple[np.ndarray, list]:
        ql = [(int(req[o]), klo, khi, w, ns, c) for (o, klo, khi, w, ns, c) in qlist]
        sub = np.zeros(sum(q[4] for q in ql), np.int64)
        vals: list[list[np.ndarray]] = [[] for _ in ql]
        for start, cnt in chunks(n, chunk):
            s, got = core.simulate_refine(mid, study.spec, start, cnt, ql, threads, device,
                                          _mc_stats.COLLECT_CAP)
            sub += s
            for a, v in enumerate(got):
                vals[a].append(v)
            progress(start + cnt, "quantiles")
        return sub, [np.concatenate(v) if v else np.zeros(0) for v in vals]

    return state, exact_quantiles(state, qs, run_pass)


def reference_outputs(study: Study, start: int, count: int, stream: int = 0
                      ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    x = ref_dist.sample(study.spec, start, count, stream)
    outs = reference.evaluate(study.model.name, dict(zip(study.model.input_names, x)))
    return x, {k: np.broadcast_to(v, (count,)) for k, v in outs.items()}


def _run_reference(study: Study, names: tuple[str, ...], thr: np.ndarray,
                   qs: tuple[float, ...], n: int
                   ) -> tuple[dict[str, np.ndarray], list[dict[float, float]], Any]:
    x, outs = reference_outputs(study, 0, n)
    state = new_state(len(names), thr.shape[1])
    quants = []
    bad = np.zeros(n, bool)
    for r, name in enumerate(names):
        v = outs[name]
        bad |= ~np.isfinite(v)
        s = ref_stats.summary(v, thr[r][~np.isnan(thr[r])], qs)
        state["moments"][r] = (s["count"], s["mean"] if s["count"] else 0.0, s["m2"])
        state["minmax"][r] = (s["min"], s["max"])
        state["hist"][r] = s["hist"]
        k = len(s["exceed"])
        state["exceed"][r, :k], state["cond_sum"][r, :k] = s["exceed"], s["cond_sum"]
        state["nonfinite"][r] = s["nonfinite"]
        quants.append(s["quantiles"])
    state["status"][0] = int(bad.sum())
    return state, quants, (x, outs)


def _samples_core(study: Study, names: tuple[str, ...], n: int, threads: int, device: int = -1
                  ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    core = _backends.core()
    m = study.model
    outs = {k: np.empty(n) for k in names}
    ins = np.empty((len(m.inputs), n))
    core.simulate_samples(_backends.model_id(m.name), study.spec, 0, n,
                          [outs.get(o) for o in m.output_names], list(ins), None, threads, device)
    return ins, outs


def simulate(model: str | list[str], inputs: Mapping[str, Any] | None = None, *,
             n: int | float = 100_000, seed: int | None = None, outputs: Any = None,
             quantiles: Any = (0.05, 0.5, 0.95), correlation: Mapping[Any, float] | None = None,
             backend: str = "auto", progress: bool | Callable[..., Any] = False,
             thresholds: Mapping[str, Any] | None = None, exact_quantiles: bool = True,
             samples: bool = False, threads: int | None = None, chunk: int | None = None,
             **kwargs: Any) -> SimulationResult:
    """Monte Carlo: `n` scenarios of `model` with inputs drawn from their distributions.

    Parameters
    ----------
    model : str
        A model name (composition of several models: not yet, see TODO below).
    inputs : mapping
        Input name -> number or :mod:`llmcore.dist` distribution; catalog keywords
        (``hardware``, ``region``) take an id or ``dist.rows(...)``. Keywords merge in.
    n : int
        Scenarios (``1e8`` is accepted). Memory does not grow with n.
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
    progress : bool or callable(done, total, label)
    thresholds : mapping output -> list of float, optional
        Exact P(output > x) and E[output | output > x] for these x.
    samples : bool
        Also return the samples (``result[name].samples``, ``result.input_samples``);
        n <= 1e7 only.
    threads, chunk : int, optional
        CPU threads; scenarios per compiled call (a multiple of 256). Neither changes
        the result.

    Returns
    -------
    SimulationResult
    """
    if not isinstance(model, str):
        # TODO(composition): a list of models chains outputs into same-named inputs; the
        # engine is generic over model ids, so this needs only a composed model id.
        raise NotImplementedError("simulate of a list of models is not available yet; "
                                  "simulate one model at a time")
    info = get_model(model)
    given = dict(inputs or {})
    given.update(kwargs)
    n = _count(n)
    if threads is not None and (not isinstance(threads, int) or threads < 0):
        raise TypeError(f"threads must be a non-negative int, not {threads!r}")
    study = build_study(info, given, seed, correlation)
    names = requested(study, outputs)
    qs = _levels(quantiles)
    thr = _thresholds(thresholds, names)
    which = _cuda_mc.resolve(backend, n)
    if samples and n > MAX_SAMPLES:
        raise ValueError(f"samples=True keeps every sample: n must be <= {MAX_SAMPLES:,}")
    prog = Progress(progress, n)
    req = np.array([info.output_names.index(o) for o in names], np.int32)
    sample_data = None
    if which == "reference":
        state, quants, sample_data = _run_reference(study, names, thr, qs, n)
        prog(n, "reference")
    else:  # "cpu" or "cuda": the same driver loop, device -1 or a device ordinal
        dev = _cuda_mc.device(which)
        size = _cuda_mc.chunk_size(which, chunk, len(names) * (3 + thr.shape[1]))
        state, quants = _run_core(study, req, thr, qs, n, exact_quantiles, threads or 0, size,
                                  prog, dev)
        if samples:
            sample_data = _samples_core(study, names, n, threads or 0, dev)
    summaries = {}
    for r, name in enumerate(names):
        cnt, mean, m2 = state["moments"][r]
        thr_r = [t for t in thr[r] if not math.isnan(t)]
        summaries[name] = OutputSummary(
            name, info.output(name).unit, int(cnt), int(state["nonfinite"][r]),
            float(mean) if cnt else math.nan, math.sqrt(m2 / cnt) if cnt else math.nan,
            float(state["minmax"][r, 0]), float(state["minmax"][r, 1]), state["hist"][r],
            exact_quantiles=quants[r],
            exceed={t: (int(state["exceed"][r, k]), float(state["cond_sum"][r, k]))
                    for k, t in enumerate(thr_r)},
            samples=None if not samples or sample_data is None else
            np.array(sample_data[1][name], dtype=np.float64))
    status = {STATUS_BITS[b]: int(c) for b, c in enumerate(state["status"])}
    if status["non_finite"]:
        warnings.warn(f"{info.name}: {status['non_finite']} of {n} scenario(s) gave non-finite "
                      "outputs; they are left out of the summaries (count: .nonfinite)",
                      RuntimeWarning, stacklevel=2)
    in_samples = None
    if samples and sample_data is not None:
        in_samples = {k: np.array(sample_data[0][i]) for i, k in enumerate(info.input_names)
                      if study.fac[i] >= 0}
    described = {k: v for k, v in study.values.items() if v is not None}
    described.update({k: v for k, v in study.rows.items()})
    return SimulationResult(info.name, n, study.seed, which, described, summaries, status, qs,
                            in_samples)
