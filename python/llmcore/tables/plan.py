# SPDX-License-Identifier: BSD-3-Clause
"""``plan``: every training layout of a cluster in one vectorised ``parallelism`` call, the
fastest that fit first (issue 16; design/parallelism.md)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._models import get_model
from llmcore._util.errors import InvalidInputError
from llmcore.estimate import estimators as est

__all__ = ["PlanTable", "plan"]

_GB = 1e9
_SHOWN = (
    "step_s",
    "tokens_per_s",
    "mfu",
    "bubble_fraction",
    "exposed_comm_s",
    "weight_mem_bytes",
    "grad_mem_bytes",
    "optimizer_mem_bytes",
    "activation_mem_bytes",
    "temp_mem_bytes",
    "memory_per_accel_bytes",
)
_RECOMPUTE = get_model("parallelism").input("recompute").choices


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


class PlanTable(list):
    """Layouts (dicts), fastest first; ``to_pandas()``, ``to_text()``. ``searched`` is how many
    layouts were evaluated, ``fitting`` how many were valid and fit."""

    searched: int = 0
    fitting: int = 0
    links: str = ""  # the interconnect row used, when plan chose it from the hardware

    def to_pandas(self) -> Any:
        import pandas as pd

        return pd.DataFrame(list(self))

    def to_text(self) -> str:
        head = (
            f"{'tp':>3} {'pp':>3} {'dp':>5} {'ep':>3} {'mb':>3} {'zero':>4} {'recompute':>9}  "
            f"{'step s':>8} {'tok/s':>10} {'MFU':>6} {'bubble':>7}  "
            f"{'weights':>8} {'grads':>7} {'optim':>7} {'activ':>7} {'temp':>6} {'total GB':>8}"
        )
        lines = [head]
        for r in self:
            lines.append(
                f"{r['tp']:>3} {r['pp']:>3} {r['dp']:>5} {r['ep']:>3} {r['micro_batch']:>3} "
                f"{r['zero_stage']:>4} {r['recompute']:>9}  {r['step_s']:>8.3f} "
                f"{r['tokens_per_s']:>10,.0f} {r['mfu']:>6.1%} {r['bubble_fraction']:>7.1%}  "
                f"{r['weight_gb']:>8.1f} {r['grad_gb']:>7.1f} {r['optimizer_gb']:>7.1f} "
                f"{r['activation_gb']:>7.1f} {r['temp_gb']:>6.1f} {r['memory_gb']:>8.1f}"
            )
        lines.append(
            f"{len(self)} fastest of {self.fitting} layouts that fit, of {self.searched} searched"
            + (f"; links: {self.links}" if self.links else "")
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def _as_int(name: str, v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer, float)) or v != int(v) or v < 1:
        raise InvalidInputError(f"plan: {name} = {v!r} must be a whole number >= 1", input=name)
    return int(v)


def _options(name: str, given: Iterable[Any] | Any, default: Sequence[Any]) -> list[Any]:
    if given is None:
        return list(default)
    if isinstance(given, (str, int, float, np.integer)):
        return [given]
    vals = list(given)
    if not vals:
        raise InvalidInputError(f"plan: {name} lists no option", input=name)
    return vals


_LINK_INPUTS = ("interconnect", "instance", "intra_bw_bytes_per_s", "inter_bw_bytes_per_s")


def _system_links(given: dict[str, Any]) -> str | None:
    """The interconnects catalog's system row of the given hardware (dgx-h100 for h100-sxm),
    when no link was given: its NVLink and network rather than the DGX A100 defaults."""
    hw = given.get("hardware")
    if not isinstance(hw, str) or any(k in given for k in _LINK_INPUTS):
        return None
    hw_id = catalog.resolve("hardware", hw)
    for rid in catalog.list("interconnects"):
        row = catalog.get("interconnects", rid)
        if row.get("kind") == "system" and row.get("hardware") == hw_id:
            return str(rid)
    return None


def plan(
    model: str | None = None,
    *,
    n_accel: int,
    top: int = 10,
    tp: Iterable[int] | int | None = None,
    pp: Iterable[int] | int | None = None,
    ep: Iterable[int] | int | None = None,
    micro_batch: Iterable[int] | int | None = None,
    zero_stage: Iterable[int] | int | None = None,
    recompute: Iterable[str] | str | None = None,
    backend: str = "auto",
    **inputs: Any,
) -> PlanTable:
    """The fastest training layouts of ``model`` on ``n_accel`` accelerators that fit.

    Every combination of tensor-parallel degree (divisors of ``n_accel`` up to one node and
    dividing the heads), pipeline stages (dividing the layers), expert-parallel degree
    (mixture-of-experts: dividing the data-parallel ranks and the experts), micro-batch
    (1, 2, 4, 8 dividing the batch), ZeRO stage 0-3 and recomputation none/selective/full is
    evaluated in one ``parallelism`` call; the valid layouts that fit are sorted by step
    time. Other keyword arguments are ``parallelism`` inputs or catalog keywords
    (``hardware=``, ``global_batch=``, ``seq_len=``, ``interconnect=``, bandwidths...); give
    any of the degrees to fix them (a number or a list). Without a link, the interconnects
    catalog's system row of the hardware (``dgx-h100`` for ``h100-sxm``) fills the
    bandwidths, and the table says so.
    """
    n = _as_int("n_accel", n_accel)
    top = _as_int("top", top)
    if "dp" in inputs or "n_accel" in inputs:
        raise InvalidInputError("plan: dp follows from n_accel / (tp x pp)", input="dp")
    base = dict(inputs)
    if model is not None:
        base["model"] = model
    links = _system_links(base)
    if links:
        base["interconnect"] = links
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        probe = est.parallelism(**base, backend="reference" if backend == "auto" else backend)
    if probe.status_counts["inconsistent_inputs"]:  # no layout can mend the counts
        u = probe.inputs
        counts = ", ".join(f"{k} = {u[k]:.4g}" for k in ("params", "active_params") if k in u)
        emb = float(u["vocab_size"]) * float(u["d_model"])
        raise InvalidInputError(
            f"plan: {counts or 'the parameter count'} contradict(s) the architecture "
            f"(parallelism needs {probe.model.consistency}; vocab_size × d_model = {emb:.4g})",
            input="active_params" if "active_params" in base else "params",
        )
    for w in said:  # the probe's other warnings are the caller's
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    used = probe.inputs
    heads, layers = int(used["n_heads"]), int(used["n_layers"])
    node = int(used["accel_per_node"])
    experts = int(used.get("n_experts") or 1)
    moe = experts > 1
    tps = [t for t in _options("tp", tp, _divisors(n)) if heads % int(t) == 0]
    if tp is None:
        tps = [t for t in tps if t <= node]
    combos = []
    mbs = _options("micro_batch", micro_batch, (1, 2, 4, 8))
    zeros = _options("zero_stage", zero_stage, (0, 1, 2, 3))
    recs = _options("recompute", recompute, _RECOMPUTE)
    for t in tps:
        t = _as_int("tp", t)
        for p in _options("pp", pp, [d for d in _divisors(n // t) if layers % d == 0]):
            p = _as_int("pp", p)
            if n % (t * p):
                continue
            d = n // (t * p)
            eps = _options("ep", ep, [e for e in _divisors(d) if moe and experts % e == 0])
            for e in eps or [1]:
                for mb in mbs:
                    for z in zeros:
                        for r in recs:
                            combos.append((t, p, d, int(e), int(mb), int(z), r))
    if not combos:
        raise InvalidInputError(
            f"plan: no layout of {n} accelerators divides {heads} heads and {layers} layers",
            input="n_accel",
        )
    cols = list(zip(*combos))
    rec = np.array(cols[6], dtype=object).astype(str)
    res = est.parallelism(
        **base,
        tp=np.array(cols[0], float),
        pp=np.array(cols[1], float),
        dp=np.array(cols[2], float),
        ep=np.array(cols[3], float),
        micro_batch=np.array(cols[4], float),
        zero_stage=np.array(cols[5], float),
        recompute=rec,
        backend=backend,
    )
    ok = np.asarray(res["layout_valid"]) == 1.0
    if "fits" in res:
        ok &= np.asarray(res["fits"]) == 1.0
    step = np.asarray(res["step_s"], float)
    order = [int(i) for i in np.argsort(step, kind="stable") if ok[i]]
    table = PlanTable()
    table.searched, table.fitting = len(combos), len(order)
    if links:
        table.links = f"interconnects row {links!r}, the node of hardware {base['hardware']!r}"
    for i in order[:top]:
        t, p, d, e, mb, z, r = combos[i]
        row: dict[str, Any] = {
            "tp": t,
            "pp": p,
            "dp": d,
            "ep": e,
            "micro_batch": mb,
            "zero_stage": z,
            "recompute": r,
        }
        for k in _SHOWN:
            row[k] = float(np.asarray(res[k])[i])
        for k in ("weight", "grad", "optimizer", "activation", "temp"):
            row[f"{k}_gb"] = row[f"{k}_mem_bytes"] / _GB
        row["memory_gb"] = row["memory_per_accel_bytes"] / _GB
        if "wall_days" in res:
            row["wall_days"] = float(np.asarray(res["wall_days"])[i])
        table.append(row)
    return table
