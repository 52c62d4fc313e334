# SPDX-License-Identifier: BSD-3-Clause
"""The oracle: every model transcribed literally from SPEC.md in numpy.

Never imports the compiled core (checked by tests/test_reference_only.py). Inputs are
numbers or numpy arrays that broadcast together; an absent optional input is NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from llmcore.reference import (
    allocation,
    architecture,
    data_constrained,
    deployment,
    embedding,
    finetune,
    inference,
    kaplan,
    lifecycle,
    parallelism,
    query,
    scaling,
    serving,
    training,
)

__all__ = ["FORMULAS", "evaluate"]

FORMULAS: dict[str, Callable[..., dict[str, Any]]] = {
    "training": training.evaluate,
    "inference": inference.evaluate,
    "query": query.evaluate,
    "architecture": architecture.evaluate,
    "serving": serving.evaluate,
    "scaling": scaling.evaluate,
    "deployment": deployment.evaluate,
    "lifecycle": lifecycle.evaluate,
    "parallelism": parallelism.evaluate,
    "kaplan": kaplan.evaluate,
    "allocation": allocation.evaluate,
    "data_constrained": data_constrained.evaluate,
    "embedding": embedding.evaluate,
    "finetune": finetune.evaluate,
}


def evaluate(model: str, inputs: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """All outputs of `model` for `inputs` (every input given; NaN for absent optional ones).

    Besides the outputs, the key "_status" holds each scenario's status bits (int64; the
    positions of llmcore._models.STATUS_BITS, without the non-finite bit).
    """
    args = {k: np.asarray(v, dtype=np.float64) for k, v in inputs.items()}
    with np.errstate(all="ignore"):
        outs = FORMULAS[model](**args)
    shape = np.broadcast_shapes(*(a.shape for a in args.values()))
    status = np.broadcast_to(np.asarray(outs.pop("_status", 0), dtype=np.int64), shape)
    res: dict[str, np.ndarray] = {
        k: np.broadcast_to(np.asarray(v, dtype=np.float64), shape) for k, v in outs.items()
    }
    res["_status"] = status
    return res
