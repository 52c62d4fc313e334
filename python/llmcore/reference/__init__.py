# SPDX-License-Identifier: BSD-3-Clause
"""The oracle: every model transcribed literally from SPEC.md in numpy.

Never imports the compiled core (checked by tests/test_reference_only.py). Inputs are
numbers or numpy arrays that broadcast together; an absent optional input is NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from . import inference, query, training

__all__ = ["evaluate", "FORMULAS"]

FORMULAS: dict[str, Callable[..., dict[str, Any]]] = {
    "training": training.evaluate,
    "inference": inference.evaluate,
    "query": query.evaluate,
}


def evaluate(model: str, inputs: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """All outputs of `model` for `inputs` (every input given; NaN for absent optional ones)."""
    args = {k: np.asarray(v, dtype=np.float64) for k, v in inputs.items()}
    with np.errstate(all="ignore"):
        outs = FORMULAS[model](**args)
    shape = np.broadcast_shapes(*(a.shape for a in args.values()))
    return {k: np.broadcast_to(np.asarray(v, dtype=np.float64), shape) for k, v in outs.items()}
