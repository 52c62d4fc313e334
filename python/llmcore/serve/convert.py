# SPDX-License-Identifier: BSD-3-Clause
"""Requests into the Python API's arguments, its results into JSON: numbers as they are
(NaN, which JSON cannot carry, as null), each beside its text in the report's format
(``report.format``), every assumption with its source."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import BaseModel

from llmcore.estimate.chain import ChainResult
from llmcore.estimate.result import Result
from llmcore.mc import dist
from llmcore.mc.result import OutputSummary, SimulationResult
from llmcore.mc.sensitivity import SensitivityResult
from llmcore.report.format import with_unit

__all__ = ["answer", "mc_inputs", "plain", "sensitivity_json", "simulation_json"]

INTERVAL = (0.05, 0.95)  # the interval the page shows, as the report's tables do


def plain(v: Any) -> Any:
    """A JSON value: arrays as lists, NaN and infinities as null, numpy scalars as Python's."""
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()] if v.ndim else plain(v.item())
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _text(v: Any, unit: str) -> Any:
    if isinstance(v, np.ndarray) and v.ndim:
        return [_text(x, unit) for x in v.reshape(-1)]
    return with_unit(float(v), unit)


def _assumptions(assumed: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for k, a in assumed.items():
        v = a["value"]
        if isinstance(v, np.ndarray) and v.ndim and v.size > 1 and np.all(v == v.flat[0]):
            v = v.flat[0]  # one value broadcast over every scenario
        v = plain(v)
        if not isinstance(v, (int, float, str, list, type(None))):
            v = repr(v)  # a distribution: as llmcore.dist writes it
        out[k] = {"value": v, "source": str(a["source"])}
    return out


def answer(r: Result | ChainResult, warnings: list[str], reproduce: dict[str, Any]) -> dict:
    """An estimator's or evaluate's result as the response schemas describe it."""
    parts = list(r.results.values()) if isinstance(r, ChainResult) else [r]
    units: dict[str, str] = {}
    assumed: dict[str, dict[str, Any]] = {}
    for p in parts:
        for k, u in p.units.items():
            units[k] = units[f"{p.model.name}.{k}"] = u
        prefix = f"{p.model.name}." if len(parts) > 1 else ""
        assumed.update({prefix + k: a for k, a in p.assumptions.items()})
    last = parts[-1]
    outputs = {
        k: {"value": plain(v), "unit": units[k], "text": _text(np.asarray(v), units[k])}
        for k, v in r.items()
    }
    return {
        "model": "+".join(p.model.name for p in parts),
        "backend": r.backend,
        "shape": list(r.shape),
        "currency": last.currency,
        "fx_date": last.fx_date,
        "assumptions": _assumptions(assumed),
        "status_counts": {k: int(v) for k, v in r.status_counts.items()},
        "warnings": warnings,
        "outputs": outputs,
        "reproduce": reproduce,
    }


def mc_inputs(inputs: dict[str, Any]) -> dict[str, Any]:
    """Request inputs for simulate/sensitivity: distributions made by llmcore.dist."""
    out: dict[str, Any] = {}
    for key, v in inputs.items():
        if isinstance(v, BaseModel):
            spec = v.model_dump(exclude_none=True)
            name = spec.pop("dist")
            if name == "rows":
                spec.setdefault("kind", key)
            out[key] = getattr(dist, name)(**spec)
        else:
            out[key] = v
    return out


def _summary(s: OutputSummary, quantiles: tuple[float, ...]) -> dict[str, Any]:
    counts, edges = s.histogram
    with np.errstate(divide="ignore", invalid="ignore"):
        width = np.log10(edges[1:] / edges[:-1]) if edges.size > 1 and edges[0] > 0 else None
        frac = counts / max(s.count, 1)
        # bins differ in relative width: density per decade keeps the shape honest (as
        # SimulationResult.plot draws it); linear bins (values <= 0) plot the fraction
        dens = np.where(width > 0, frac / width, 0.0) if width is not None else frac
    qs = [
        {"q": q, "value": plain(s.quantile(q)), "ci95": plain(list(s.quantile_ci(q)))}
        for q in sorted(set(quantiles) | set(INTERVAL))
    ]
    lo, hi = (s.quantile(q) for q in INTERVAL)
    text = {
        "mean": with_unit(s.mean, s.unit),
        "interval": f"{with_unit(lo, s.unit)} – {with_unit(hi, s.unit)}",
    }
    return {
        "unit": s.unit,
        "count": s.count,
        "nonfinite": s.nonfinite,
        "mean": plain(s.mean),
        "std": plain(s.std),
        "min": plain(s.min),
        "max": plain(s.max),
        "mean_se": plain(s.mean_se),
        "quantiles": qs,
        "exceed": [
            {"x": x, "p": plain(k / s.count if s.count else math.nan), "mean_above": plain(m)}
            for x, (k, sm) in s.exceed.items()
            for m in [sm / k if k else math.nan]
        ],
        "histogram": {
            "edges": plain(edges),
            "counts": [int(c) for c in counts],
            "density": plain(np.nan_to_num(dens)),
        },
        "text": text,
    }


def simulation_json(res: SimulationResult, warnings: list[str], reproduce: dict) -> dict:
    d = res.to_dict()
    return {
        "model": res.model,
        "n": res.n,
        "seed": res.seed,
        "backend": res.backend,
        "inputs": {k: str(v) for k, v in d["inputs"].items()},
        "assumptions": _assumptions(res.assumptions),
        "status_counts": {k: int(v) for k, v in res.status_counts.items()},
        "outputs": {k: _summary(s, res.quantiles) for k, s in res.items()},
        "warnings": warnings,
        "reproduce": reproduce,
    }


def sensitivity_json(res: SensitivityResult, warnings: list[str], reproduce: dict) -> dict:
    d = res.to_dict()
    return {
        "model": res.model,
        "n": res.n,
        "seed": res.seed,
        "backend": res.backend,
        "evaluations": d["evaluations"],
        "factors": list(res.factors),
        "indices": {
            o: [{"factor": f, **{c: plain(v) for c, v in t.items()}} for f, t in rows.items()]
            for o, rows in d["indices"].items()
        },
        "status_counts": {k: int(v) for k, v in res.status_counts.items()},
        "warnings": warnings,
        "reproduce": reproduce,
    }
