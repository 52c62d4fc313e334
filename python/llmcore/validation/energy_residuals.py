# SPDX-License-Identifier: BSD-3-Clause
"""Measured inference energy (ML.ENERGY Leaderboard v3) against llmcore's ``serving``.

``residual_table()`` evaluates ``serving`` once, vectorised, for every measured configuration
in ``validation/data/mlenergy.csv`` and returns one dict per row: the measured GPU energy per
output token, llmcore's, their ratio, and the ratio split into its two factors,

    ratio = (llmcore J/token) / (measured J/token) = power_ratio · time_ratio
    power_ratio = modelled draw / measured draw (W per GPU)
    time_ratio  = measured tokens/s / llmcore tokens/s (GPU-seconds per token, est / meas)

so each row says whether the model is off in *time* (roofline too fast or too slow) or in
*power* (the GPUs drew less than their TDP). ``summary()`` gives the statistics of issue 15
(median |log ratio|, worst ratio, count within 1.3× and 2×); ``fit()`` the least-squares
values (on log ratios) of the memory-bandwidth and compute efficiencies and of the power
model that best reproduce the measurements.

Boundary: the measurements are NVML GPU energy only (no host, no idle capacity, no PUE), so
llmcore's figure is the busy accelerators' energy, ``accel_wh_per_query`` at
``boundary="accelerator"``.

Inputs per row: the model's dimensions (llmcore catalog), the measured average running batch
(``avg_batch``, Prometheus ``vllm:num_requests_running``; max_num_seqs where absent), the mean
output length, GPU count as the tensor-parallel group, 1 byte per weight for FP8 checkpoints
(with the FP8 tensor peak) and 2 otherwise, 16-bit KV cache (vLLM's default ``auto``). The
leaderboard does not publish the mean prompt length: ``ASSUMED_PROMPT_TOKENS`` (serving's
default) stands in, and the table says so. Mixture-of-experts rows read the dense weights and
the share one decode step reads under uniform routing (serving derives it from
``n_experts``/``experts_per_token``); ``moe_routing=False`` makes them read all their weights.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore.estimate import estimators as est

__all__ = [
    "ASSUMED_PROMPT_TOKENS",
    "ENERGY_OUTPUT",
    "MEASURED_GROUP",
    "OUTSIDE_2X",
    "as_cases",
    "estimate",
    "expert_read_fraction",
    "fit",
    "load_measurements",
    "load_reference",
    "residual_table",
    "summary",
    "to_frame",
]

ASSUMED_PROMPT_TOKENS = 500.0  # serving's default; ML.ENERGY v3 publishes no prompt length
# GPU-only boundary (NVML): the busy accelerators' energy at boundary="accelerator".
ENERGY_OUTPUT = "accel_wh_per_query"
MEASURED_GROUP = "ML.ENERGY Leaderboard v3 (measured GPU energy per output token)"
_LARGE_MOE = (
    "mixture-of-experts with {e} experts under expert parallelism: measured steps are {x} "
    "slower than a roofline of the weights a step reads, which points at all-to-all traffic "
    "and expert load imbalance that serving does not model (design/energy.md)"
)
# The configurations serving misses by more than 2x, and why. Fixed here, not derived from
# the result: if one comes within 2x, `llmcore reproduce` says so and this list must change.
OUTSIDE_2X = {
    "Qwen3-235B-A22B|B200x8|seqs4096": _LARGE_MOE.format(e=128, x="about 3.5x")
    + "; its KV cache would not fit at the assumed 500-token prompt, so real contexts "
    "were shorter",
    "Qwen3-235B-A22B-FP8|B200x2|seqs8": _LARGE_MOE.format(e=128, x="about 1.9x")
    + "; the GPUs drew 90 % of TDP against the modelled 60 %",
    "Qwen3-235B-A22B-FP8|H100x8|seqs8": _LARGE_MOE.format(e=128, x="about 2.2x"),
    "Qwen3-235B-A22B-FP8|H100x8|seqs512": _LARGE_MOE.format(e=128, x="about 2.4x"),
    "DeepSeek-V3.1|B200x8|seqs3072": _LARGE_MOE.format(e=256, x="about 6x"),
}

_NUMERIC = (
    "n_gpus",
    "tensor_parallel",
    "expert_parallel",
    "data_parallel",
    "bytes_per_param",
    "max_num_seqs",
    "avg_batch",
    "prompt_tokens",
    "output_tokens",
    "j_per_token",
    "j_per_request",
    "avg_power_w_all_gpus",
    "output_tokens_per_s",
    "median_itl_ms",
    "params",
    "active_params",
    "n_layers",
    "d_model",
    "kv_fraction",
    "n_experts",
    "experts_per_token",
)


def _read_csv(name: str) -> list[dict[str, str]]:
    data = resources.files("llmcore").joinpath("validation").joinpath("data")
    text = data.joinpath(name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def load_measurements(path: str | None = None) -> list[dict[str, Any]]:
    """The measured configurations: one dict per row, numbers as floats, empty cells None
    (absent, never 0). ``path``: another CSV of the same columns (default: the package's
    ``validation/data/mlenergy.csv``)."""
    if path is None:
        raw = _read_csv("mlenergy.csv")
    else:
        with open(path, encoding="utf-8", newline="") as f:
            raw = list(csv.DictReader(ln for ln in f if not ln.startswith("#")))
    rows = []
    for i, r in enumerate(raw):
        row: dict[str, Any] = dict(r)
        for k in _NUMERIC:
            v = (r.get(k) or "").strip()
            try:
                row[k] = float(v) if v else None
            except ValueError:
                msg = f"mlenergy row {i} ({r.get('id')}): {k}={v!r} is not a number"
                raise ValueError(msg) from None
        if not row.get("source"):
            raise ValueError(f"mlenergy row {i} ({r.get('id')}): no source")
        rows.append(row)
    return rows


def load_reference() -> list[dict[str, str]]:
    """The non-ML.ENERGY reference figures (Google 2025, Epoch AI 2025, EcoLogits' constants),
    ``validation/data/energy_reference.csv``, as strings (they are quoted, not recomputed)."""
    return _read_csv("energy_reference.csv")


def expert_read_fraction(
    params: np.ndarray,
    active_params: np.ndarray,
    n_experts: np.ndarray,
    experts_per_token: np.ndarray,
    batch: np.ndarray,
) -> np.ndarray:
    """Share of the weights one decode step of ``batch`` tokens reads, routing uniform.

    Routed-expert weights X = (params − active) / (1 − k/E) (active = dense + k/E·X); a step
    reads the dense part and the experts at least one token picks, 1 − (1 − k/E)^batch of
    them. 1 for dense models (n_experts absent or NaN).
    """
    p, a = np.asarray(params, float), np.asarray(active_params, float)
    e, k = np.asarray(n_experts, float), np.asarray(experts_per_token, float)
    b = np.asarray(batch, float)
    share = np.where(np.isfinite(e) & (e > 0), k / np.where(e > 0, e, 1.0), 1.0)
    moe = share < 1.0
    x = np.where(moe, (p - a) / np.where(moe, 1.0 - share, 1.0), 0.0)
    dense = a - share * x
    covered = 1.0 - (1.0 - share) ** b
    return np.where(moe, np.clip((dense + covered * x) / p, 0.0, 1.0), 1.0)


def _col(rows: Sequence[dict[str, Any]], key: str, fallback: str | None = None) -> np.ndarray:
    out = []
    for r in rows:
        v = r.get(key)
        if v is None and fallback is not None:
            v = r.get(fallback)
        out.append(math.nan if v is None else float(v))
    return np.array(out, float)


def _hardware(rows: Sequence[dict[str, Any]]) -> dict[str, np.ndarray]:
    peak, bw, mem, tdp = [], [], [], []
    for r in rows:
        hw = catalog.get("hardware", r["hardware"])
        fp8 = r.get("weight_precision") == "fp8" and "peak_flop_per_s_fp8" in hw
        peak.append(hw["peak_flop_per_s_fp8" if fp8 else "peak_flop_per_s"])
        bw.append(hw["mem_bw_bytes_per_s"])
        mem.append(hw["accel_memory_bytes"])
        tdp.append(hw["accel_power_w"])
    return {
        "peak_flop_per_s": np.array(peak, float),
        "mem_bw_bytes_per_s": np.array(bw, float),
        "accel_memory_bytes": np.array(mem, float),
        "tdp_w": np.array(tdp, float),
    }


def estimate(
    rows: Sequence[dict[str, Any]],
    *,
    prompt_tokens: float | None = None,
    mbu: float | np.ndarray | None = None,
    mfu: float | np.ndarray | None = None,
    power_fraction: float | np.ndarray | None = None,
    moe_routing: bool = True,
) -> dict[str, np.ndarray]:
    """llmcore's figures for ``rows`` (one vectorised ``serving`` call).

    ``prompt_tokens``: used where a row has none (default ``ASSUMED_PROMPT_TOKENS``);
    ``mbu``/``mfu``: serving's efficiencies (None = its defaults); ``power_fraction``: the
    busy draw per GPU as a share of TDP (None = serving's own: the TDP today). Returns arrays:
    ``j_per_token``, ``tokens_per_s``, ``step_s``, ``compute_share`` (roofline compute time
    of a decode step over its length, in [0, 1]), ``power_w`` (modelled draw per GPU),
    ``tdp_w``, ``expert_read_fraction``, ``fits``.
    """
    hw = _hardware(rows)
    n = _col(rows, "n_gpus")
    batch = _col(rows, "avg_batch", "max_num_seqs")
    out = _col(rows, "output_tokens")
    prompt = _col(rows, "prompt_tokens")
    prompt = np.where(
        np.isfinite(prompt),
        prompt,
        ASSUMED_PROMPT_TOKENS if prompt_tokens is None else prompt_tokens,
    )
    params, active = _col(rows, "params"), _col(rows, "active_params", "params")
    n_exp, per_tok = _col(rows, "n_experts"), _col(rows, "experts_per_token")
    n_exp = np.where(np.isfinite(n_exp), n_exp, 1.0)  # dense rows: one expert, all read
    per_tok = np.where(np.isfinite(per_tok), per_tok, 1.0)
    erf = (
        expert_read_fraction(params, active, n_exp, per_tok, batch)
        if moe_routing
        else np.ones_like(params)
    )
    kw: dict[str, Any] = {
        "params": params,
        "active_params": active,
        "n_layers": _col(rows, "n_layers"),
        "d_model": _col(rows, "d_model"),
        "kv_fraction": _col(rows, "kv_fraction"),
        "bytes_per_param": _col(rows, "bytes_per_param"),
        "kv_bytes_per_elem": 2.0,
        "n_accel": n,
        "batch": batch,
        "prompt_tokens": prompt,
        "output_tokens": out,
        "peak_flop_per_s": hw["peak_flop_per_s"],
        "mem_bw_bytes_per_s": hw["mem_bw_bytes_per_s"],
        "accel_memory_bytes": hw["accel_memory_bytes"],
        "pue": 1.0,
        "boundary": "accelerator",
    }
    if moe_routing:  # serving derives the read share from the routing itself
        kw["n_experts"], kw["experts_per_token"] = n_exp, per_tok
    else:
        kw["expert_read_fraction"] = erf
    if mbu is not None:
        kw["mbu"] = mbu
    if mfu is not None:
        kw["mfu"] = mfu
    if power_fraction is not None:
        kw["accel_power_w"] = hw["tdp_w"] * power_fraction
        kw["accel_load"] = 1.0  # draw = accel_power_w
    else:
        kw["accel_power_w"] = hw["tdp_w"]
    res = est.serving(**kw)
    tps = np.asarray(res["output_tokens_per_s"], float)
    step = np.asarray(res["step_s"], float)
    wh = np.asarray(res[ENERGY_OUTPUT], float)
    j_tok = wh * 3600.0 / out
    used_mfu = np.asarray(res.inputs["mfu"], float)
    eff = np.where(active < params, np.asarray(res.inputs["moe_efficiency"], float), 1.0)
    compute = batch * 2.0 * active / (n * hw["peak_flop_per_s"] * used_mfu * eff)
    latency = np.asarray(res["latency_s"], float)
    power = j_tok * tps / n  # W per GPU implied by the model (= accel_power_w today)
    return {
        "j_per_token": j_tok,
        "tokens_per_s": tps,
        "step_s": step,
        "latency_s": latency,
        "compute_share": np.clip(compute / step, 0.0, 1.0),
        "power_w": power,
        "tdp_w": hw["tdp_w"],
        "expert_read_fraction": erf,
        "fits": np.asarray(res["fits"], float),
    }


def as_cases(rows: Sequence[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The measurements as cases of ``llmcore reproduce`` (each carries its serving call, as
    the seed cases do): llmcore's J per output token at the accelerator boundary against the
    measured one, expected within 2x except the configurations of ``OUTSIDE_2X``."""
    rows = load_measurements() if rows is None else rows
    hw = _hardware(rows)
    cases = []
    for i, r in enumerate(rows):
        out = float(r["output_tokens"])
        batch = float(r["avg_batch"] or r["max_num_seqs"])
        inputs: dict[str, Any] = {
            "params": r["params"],
            "active_params": r["active_params"] or r["params"],
            "n_layers": r["n_layers"],
            "d_model": r["d_model"],
            "kv_fraction": r["kv_fraction"],
            "bytes_per_param": r["bytes_per_param"],
            "kv_bytes_per_elem": 2.0,
            "n_accel": r["n_gpus"],
            "batch": batch,
            "prompt_tokens": r["prompt_tokens"] or ASSUMED_PROMPT_TOKENS,
            "output_tokens": out,
            "peak_flop_per_s": float(hw["peak_flop_per_s"][i]),
            "mem_bw_bytes_per_s": float(hw["mem_bw_bytes_per_s"][i]),
            "accel_memory_bytes": float(hw["accel_memory_bytes"][i]),
            "accel_power_w": float(hw["tdp_w"][i]),
            "pue": 1.0,
            "boundary": "accelerator",
        }
        if r["n_experts"] and r["experts_per_token"]:
            inputs["n_experts"] = r["n_experts"]
            inputs["experts_per_token"] = r["experts_per_token"]
        outside = r["id"] in OUTSIDE_2X
        cases.append(
            {
                "id": f"MLE3-{r['id']}",
                "group": MEASURED_GROUP,
                "source": r["source"],
                "quantity": f"J per output token, {r['model_hf']} on {r['n_gpus']:g}x "
                f"{r['gpu']}, batch {batch:.0f}",
                "unit": "J/token",
                "published_value": r["j_per_token"],
                "estimator": "serving",
                "output": ENERGY_OUTPUT,
                "scale": 3600.0 / out,
                "inputs": inputs,
                "status": "outside-2x-documented" if outside else "predicts-within-2x",
                "notes": OUTSIDE_2X.get(r["id"], ""),
            }
        )
    return cases


def _regime(batch: float) -> str:
    if batch < 16:
        return "batch ~8"
    if batch < 128:
        return "batch 16-127"
    return "batch >= 128"


def _size(active: float) -> str:
    return "< 20B active" if active < 20e9 else ("20-100B active" if active < 100e9 else "> 100B")


def _note(r: dict[str, Any], e: dict[str, float], prompt_assumed: bool) -> str:
    parts = []
    t, pw = e["time_ratio"], e["power_ratio"]
    if abs(math.log(t)) > math.log(1.15):
        bound = "compute" if e["compute_share"] >= 0.999 else "memory"
        speed = "fast" if t < 1 else "slow"
        parts.append(f"roofline {1 / t if t < 1 else t:.2f}x too {speed} ({bound}-bound)")
    parts.append(f"GPUs drew {e['measured_power_fraction']:.0%} of TDP")
    if abs(math.log(pw)) <= math.log(1.15):
        parts[-1] += " (as modelled)"
    if (r.get("n_experts") or 0) > 1:
        moe = f"MoE {int(r['n_experts'])} experts top-{int(r['experts_per_token'] or 1)}"
        if e["expert_read_fraction"] < 0.999:
            moe += f", a step reads {e['expert_read_fraction']:.0%} of the weights"
        parts.append(moe)
    if (r.get("expert_parallel") or 1) > 1:
        parts.append(f"expert parallel over {int(r['expert_parallel'])} GPUs")
    if not e["fits"]:
        parts.append("KV cache at the assumed prompt would not fit: real contexts are shorter")
    attn = str(r.get("attention") or "")
    if "sliding" in attn or "chunked" in attn:
        parts.append("local attention: KV reads overstated")
    if attn == "mla":
        parts.append("latent attention (MLA)")
    if r.get("weight_precision") == "fp8":
        parts.append("FP8 weights")
    if prompt_assumed:
        parts.append("prompt length not published")
    return "; ".join(parts)


def residual_table(
    rows: Sequence[dict[str, Any]] | None = None,
    *,
    prompt_tokens: float | None = None,
    mbu: float | None = None,
    mfu: float | None = None,
    power_fraction: float | np.ndarray | None = None,
    moe_routing: bool = True,
) -> list[dict[str, Any]]:
    """One dict per measured configuration: inputs, measured and llmcore J per output token,
    ``ratio`` (llmcore / measured), its ``time_ratio`` and ``power_ratio`` factors, the
    ``regime`` (batch), ``gpu``, ``size`` (active parameters) and a ``note`` saying where
    and why llmcore is off. Keywords as in ``estimate()``."""
    rows = load_measurements() if rows is None else list(rows)
    e = estimate(
        rows,
        prompt_tokens=prompt_tokens,
        mbu=mbu,
        mfu=mfu,
        power_fraction=power_fraction,
        moe_routing=moe_routing,
    )
    table = []
    for i, r in enumerate(rows):
        n = r["n_gpus"]
        meas_power = r["avg_power_w_all_gpus"] / n if r.get("avg_power_w_all_gpus") else None
        meas_tps = r.get("output_tokens_per_s")
        ratio = float(e["j_per_token"][i] / r["j_per_token"])
        time_ratio = float(meas_tps / e["tokens_per_s"][i]) if meas_tps else math.nan
        power_ratio = float(e["power_w"][i] / meas_power) if meas_power else math.nan
        batch = r["avg_batch"] if r.get("avg_batch") is not None else r["max_num_seqs"]
        ei = {
            "time_ratio": time_ratio,
            "power_ratio": power_ratio,
            "compute_share": float(e["compute_share"][i]),
            "measured_power_fraction": (meas_power or math.nan) / float(e["tdp_w"][i]),
            "expert_read_fraction": float(e["expert_read_fraction"][i]),
            "fits": bool(e["fits"][i]),
        }
        prompt_assumed = r.get("prompt_tokens") is None
        table.append(
            {
                "id": r["id"],
                "model": r["model_hf"],
                "gpu": r["gpu"],
                "n_gpus": int(n),
                "batch": float(batch),
                "max_num_seqs": int(r["max_num_seqs"]),
                "prompt_tokens": float(
                    r["prompt_tokens"]
                    if not prompt_assumed
                    else (ASSUMED_PROMPT_TOKENS if prompt_tokens is None else prompt_tokens)
                ),
                "prompt_assumed": prompt_assumed,
                "output_tokens": float(r["output_tokens"]),
                "measured_j_per_token": float(r["j_per_token"]),
                "llmcore_j_per_token": float(e["j_per_token"][i]),
                "ratio": ratio,
                "time_ratio": time_ratio,
                "power_ratio": power_ratio,
                "measured_power_fraction": ei["measured_power_fraction"],
                "modelled_power_fraction": float(e["power_w"][i] / e["tdp_w"][i]),
                "compute_share": ei["compute_share"],
                "expert_read_fraction": ei["expert_read_fraction"],
                "regime": _regime(float(batch)),
                "size": _size(float(r["active_params"])),
                "note": _note(r, ei, prompt_assumed),
                "source": r["source"],
            }
        )
    return table


def summary(table: Iterable[dict[str, Any]], by: str | None = None) -> dict[str, Any]:
    """Statistics of a residual table: ``n``, ``median_abs_log_ratio`` (and as a factor),
    ``geo_mean_ratio``, ``worst_ratio`` (farthest from 1, either way) and its ``worst_id``,
    ``within_1_3`` / ``within_2`` (counts), and the goal flags of issue 15. ``by``: a column
    (``"regime"``, ``"gpu"``, ``"size"``) to give the same per group under ``"groups"``."""
    rows = list(table)
    if not rows:
        raise ValueError("summary: empty table")
    lr = np.log([r["ratio"] for r in rows])
    a = np.abs(lr)
    w = int(np.argmax(a))
    med = float(np.median(a))
    s: dict[str, Any] = {
        "n": len(rows),
        "median_abs_log_ratio": med,
        "median_factor": float(math.exp(med)),
        "geo_mean_ratio": float(math.exp(lr.mean())),
        "worst_ratio": float(rows[w]["ratio"]),
        "worst_id": rows[w]["id"],
        "within_1_3": int(np.sum(a <= math.log(1.3))),
        "within_2": int(np.sum(a <= math.log(2.0))),
        "goal_median": med <= math.log(1.3),
        "goal_worst": float(a.max()) <= math.log(2.0),
    }
    if by is not None:
        keys = sorted({str(r[by]) for r in rows})
        s["groups"] = {k: summary([r for r in rows if str(r[by]) == k]) for k in keys}
    return s


def _grid_best(loss: np.ndarray, *axes: np.ndarray) -> tuple[float, ...]:
    idx = np.unravel_index(int(np.nanargmin(loss)), loss.shape)
    return tuple(float(ax[i]) for ax, i in zip(axes, idx))


def fit(
    rows: Sequence[dict[str, Any]] | None = None,
    *,
    prompt_tokens: float | None = None,
    moe_routing: bool = True,
) -> dict[str, Any]:
    """Least-squares fit (on log ratios) of the parameters behind the residuals.

    1. Time: ``mbu`` and ``mfu`` (one value each for all rows) minimising
       Σ log²(llmcore tokens/s ÷ measured tokens/s), by grid search (0.05 … 1).
    2. Power, at those efficiencies: the busy draw per GPU as a share of TDP, measured per
       row; fitted (Σ log² of modelled ÷ measured draw) as (a) one constant fraction and
       (b) ``idle + (1 − idle) · compute_share`` (draw rises from ``idle`` × TDP on a purely
       memory-bound step to the TDP on a compute-bound one) and (c) ``a + b · compute_share``.
    3. The residual statistics of the energy with the fitted time and power (b).

    Spread: each row's own implied value (the ``mbu`` that makes its time right with ``mfu``
    fixed, among memory-bound rows; its measured power fraction) as median, interquartile
    range and min/max, overall and per GPU and GPU × dense/MoE (``by_group``).
    """
    rows = load_measurements() if rows is None else list(rows)
    meas_tps = _col(rows, "output_tokens_per_s")
    grid = np.round(np.arange(0.05, 1.0001, 0.025), 4)
    # 1. time
    loss = np.empty((grid.size, grid.size))
    for i, mb in enumerate(grid):
        for j, mf in enumerate(grid):
            e = estimate(rows, prompt_tokens=prompt_tokens, mbu=mb, mfu=mf, moe_routing=moe_routing)
            loss[i, j] = np.sum(np.log(e["tokens_per_s"] / meas_tps) ** 2)
    mbu, mfu = _grid_best(loss, grid, grid)
    e = estimate(rows, prompt_tokens=prompt_tokens, mbu=mbu, mfu=mfu, moe_routing=moe_routing)
    # per-row implied mbu (mfu fixed), memory-bound rows only
    fine = np.round(np.arange(0.05, 1.0001, 0.01), 4)
    per_row = np.stack(
        [
            estimate(rows, prompt_tokens=prompt_tokens, mbu=m, mfu=mfu, moe_routing=moe_routing)[
                "tokens_per_s"
            ]
            for m in fine
        ]
    )
    implied_mbu = fine[np.argmin(np.abs(np.log(per_row / meas_tps)), axis=0)]
    mem_bound = e["compute_share"] < 0.999
    # 2. power
    meas_frac = _col(rows, "avg_power_w_all_gpus") / _col(rows, "n_gpus") / e["tdp_w"]
    u = e["compute_share"]
    const = float(np.exp(np.mean(np.log(meas_frac))))
    idle_grid = np.round(np.arange(0.0, 1.0001, 0.01), 4)
    idle_loss = [np.sum(np.log((i0 + (1 - i0) * u) / meas_frac) ** 2) for i0 in idle_grid]
    idle = float(idle_grid[int(np.argmin(idle_loss))])
    ab = np.array(
        [
            [np.sum(np.log(np.maximum(a0 + b0 * u, 1e-6) / meas_frac) ** 2) for b0 in idle_grid]
            for a0 in idle_grid
        ]
    )
    a_fit, b_fit = _grid_best(ab, idle_grid, idle_grid)
    # 3. energy with the fitted model
    frac_b = idle + (1 - idle) * u
    fitted = residual_table(
        rows,
        prompt_tokens=prompt_tokens,
        mbu=mbu,
        mfu=mfu,
        power_fraction=frac_b,
        moe_routing=moe_routing,
    )

    def spread(x: np.ndarray) -> dict[str, float]:
        x = x[np.isfinite(x)]
        q = np.percentile(x, [0, 25, 50, 75, 100])
        return {
            "n": int(x.size),
            "min": float(q[0]),
            "q25": float(q[1]),
            "median": float(q[2]),
            "q75": float(q[3]),
            "max": float(q[4]),
        }

    gpus = np.array([r["gpu"] for r in rows])
    arch = np.array(["MoE" if (r.get("n_experts") or 0) > 1 else "dense" for r in rows])
    groups = {g: gpus == g for g in sorted(set(gpus.tolist()))}
    groups.update({f"{g} {a}": (gpus == g) & (arch == a) for g in set(gpus) for a in set(arch)})
    by_group = {
        g: {
            "implied_mbu": spread(implied_mbu[m & mem_bound]),
            "power_fraction": spread(meas_frac[m]),
        }
        for g, m in sorted(groups.items())
        if m.any()
    }
    time_res = np.log(e["tokens_per_s"] / meas_tps)
    return {
        "mbu": mbu,
        "mfu": mfu,
        "time_rms_log": float(np.sqrt(np.mean(time_res**2))),
        "implied_mbu": spread(implied_mbu[mem_bound]),
        "power_fraction_constant": const,
        "power_fraction": spread(meas_frac),
        "idle_fraction": idle,
        "idle_model_rms_log": float(np.sqrt(np.min(idle_loss) / len(rows))),
        "power_linear": {"a": a_fit, "b": b_fit, "rms_log": float(np.sqrt(ab.min() / len(rows)))},
        "by_group": by_group,
        "fitted_summary": summary(fitted),
        "prompt_tokens": ASSUMED_PROMPT_TOKENS if prompt_tokens is None else prompt_tokens,
        "moe_routing": moe_routing,
    }


def to_frame(table: Iterable[dict[str, Any]]) -> Any:
    """The table as a pandas DataFrame (needs pandas)."""
    import pandas as pd

    return pd.DataFrame(list(table))
