# SPDX-License-Identifier: BSD-3-Clause
"""A subject's outputs at given points: inputs as each input's inverse CDF at given
uniforms, evaluated on a backend. For the designs that are not the core's streamed Saltelli
sums (Morris trajectories, the copula-ordered Sobol design of correlated inputs): their
points are few, or made in chunks, and the model runs through the batch ``evaluate``."""

from __future__ import annotations

from typing import Any

import numpy as np

from llmcore._models import get_model
from llmcore.estimate.evaluate import evaluate
from llmcore.reference import dist as ref_dist

__all__ = ["inputs_at", "outputs_at"]


def inputs_at(spec: tuple[Any, ...], u: np.ndarray) -> np.ndarray:
    """Inputs (spec rows x n) at uniforms u (spec rows x n); a fixed input's row is ignored."""
    kinds, _slots, params, tables, cdfs = spec[:5]
    return np.stack(
        [ref_dist.transform(int(kinds[k]), params[k], tables[k], cdfs[k], u[k])
         for k in range(len(kinds))]
    )  # fmt: skip


def outputs_at(sub: Any, which: str, x: np.ndarray, threads: int | None) -> dict[str, Any]:
    """The subject's requested outputs at inputs x: the reference evaluation, or (one model)
    the compiled batch evaluate on `which` ("cpu" or "cuda"). Chains: reference only."""
    if which == "reference":
        return dict(sub.ref_eval(x))
    if " -> " in sub.name:
        raise ValueError(f"{sub.name}: a chain of models runs this method on backend='reference'")
    info = get_model(sub.name)
    # An input absent from the study (no value, no default) is NaN in every scenario: left
    # out, as the study left it; the model sees it absent either way.
    args = {n: x[k] for k, n in enumerate(info.input_names) if not np.isnan(x[k]).all()}
    res = evaluate(info.name, args, backend=which, outputs=list(sub.names), threads=threads)
    return {o: np.asarray(res[o], np.float64) for o in sub.names}
