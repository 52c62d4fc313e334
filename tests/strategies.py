# SPDX-License-Identifier: BSD-3-Clause
"""Hypothesis strategies derived from the metadata (ranges, typical spans, optionality)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import strategies as st

from llmcore._models import InputInfo, ModelInfo

# Lengths around chunk/thread/vector/block boundaries (block = 256 in the CPU driver).
LENGTHS = [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 64, 255, 256, 257, 600]


def _bounds(i: InputInfo) -> tuple[float, float]:
    lo, hi = float(i.typical[0]), float(i.typical[1])
    lo, hi = max(lo, i.lo), min(hi, i.hi)
    if i.lo_open and lo == i.lo:
        lo = i.lo + (abs(i.lo) * 1e-9 or 1e-9)
    if i.hi_open and hi == i.hi:
        hi = i.hi - (abs(i.hi) * 1e-9 or 1e-9)
    return lo, hi


def value(i: InputInfo) -> st.SearchStrategy[float]:
    """A valid value in the input's realistic span (log-uniform for counts); a choice's code."""
    if i.choices:
        return st.sampled_from([float(k) for k in range(len(i.choices))])
    lo, hi = _bounds(i)
    if i.log and lo > 0:
        return st.floats(math.log(lo), math.log(hi)).map(lambda x: min(max(math.exp(x), lo), hi))
    edges = [lo, hi] if (i.lo == lo and not i.lo_open) else [hi]
    return st.one_of(st.floats(lo, hi), st.sampled_from(edges))


@st.composite
def inputs(draw: Any, model: ModelInfo, n: int | None = None) -> dict[str, Any]:
    """Valid inputs for `model`: each a scalar or an array of length n, optional ones
    sometimes absent, always satisfying the model's require_any groups."""
    if n is None:
        n = draw(st.sampled_from(LENGTHS))
    must: set[str] = set()
    if model.require_any:
        must = set(draw(st.sampled_from(model.require_any)))
    out: dict[str, Any] = {}
    for i in model.inputs:
        if (i.optional and i.name not in must and draw(st.booleans())) or (
            i.default is not None and draw(st.integers(0, 3)) == 0
        ):
            continue  # absent optional input, or left at its default
        if draw(st.booleans()):
            out[i.name] = draw(value(i))
        else:
            out[i.name] = np.array(draw(st.lists(value(i), min_size=n, max_size=n)), dtype=float)
    for a, b in getattr(model, "implies", ()):  # giving a requires b (ModelInfo.implies)
        if a in out and b not in out:
            del out[a]
    if model.name == "parallelism" and draw(st.integers(0, 3)):
        out.update(_consistent_counts(model, out))  # else often flagged inconsistent_inputs
    if model.name == "serving" and "active_params" in out and draw(st.integers(0, 3)):
        out["active_params"] = np.minimum(out["active_params"], out["params"])  # likewise
    if "target_loss" in out and "E" in model.input_names and draw(st.integers(0, 2)) == 0:
        out["target_loss"] = draw(
            _unreachable(out["target_loss"], out.get("E", model.input("E").default))
        )
    return out


def _consistent_counts(model: ModelInfo, case: dict[str, Any]) -> dict[str, Any]:
    """parallelism's params raised to at least its embeddings (vocab_size x d_model) and
    active_params clipped into [embeddings, params], where given."""
    vocab = case.get("vocab_size", model.input("vocab_size").default)
    emb = np.asarray(vocab, float) * np.asarray(case["d_model"], float)
    fixed: dict[str, Any] = {}
    top = emb * 1.5
    if "params" in case:
        fixed["params"] = top = np.maximum(case["params"], top)
    if "active_params" in case:
        fixed["active_params"] = np.clip(case["active_params"], emb, top)
    return fixed


@st.composite
def _unreachable(draw: Any, target: Any, e: Any) -> Any:
    """Targets at or below the fit's irreducible loss E (some elements of an array): the
    scenario is flagged unreachable, its outputs are NaN, and no backend may count those
    NaNs as a numerical failure."""
    below = np.asarray(e, dtype=float) * draw(st.sampled_from([0.5, 0.9, 1.0]))
    if isinstance(target, np.ndarray) and target.size:
        mask = np.array(draw(st.lists(st.booleans(), min_size=target.size, max_size=target.size)))
        return np.where(mask, below, target)
    return below if below.ndim else float(below)


@st.composite
def bad_inputs(draw: Any, model: ModelInfo) -> tuple[dict[str, Any], str]:
    """Valid inputs with one input made invalid (NaN, inf or out of range) somewhere."""
    good = draw(inputs(model, n=draw(st.sampled_from([1, 5, 40]))))
    name = draw(st.sampled_from(sorted(good) or list(model.input_names)))
    i = model.input(name)
    bad = [math.nan, math.inf, -math.inf]
    if i.lo > -math.inf:
        bad.append(i.lo if i.lo_open else i.lo - max(1.0, abs(i.lo)))
    if i.hi < math.inf:
        bad.append(i.hi if i.hi_open else i.hi + max(1.0, abs(i.hi)))
    b = draw(st.sampled_from(bad))
    v = good.get(name)
    if isinstance(v, np.ndarray) and v.size:
        v = v.copy()
        v[draw(st.integers(0, v.size - 1))] = b
    else:
        v = b
    good[name] = v
    return good, name
