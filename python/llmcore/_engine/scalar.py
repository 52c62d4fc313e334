# SPDX-License-Identifier: BSD-3-Clause
"""One scenario on the calling thread: the compiled call behind the scalar fast path
(issue 18). No thread pool, no arrays: a list of floats in, a tuple of floats out."""

from __future__ import annotations

from collections.abc import Callable

from llmcore._engine import backends as _backends
from llmcore._engine.checks import absent_mask, range_table
from llmcore._engine.resolved import Resolved

__all__ = ["OneRun", "one_scenario"]

# x (one float per model input, NaN = absent) -> (first bad input position or -1, status
# bits, every output in model order or None)
OneRun = Callable[[list[float]], tuple[int, int, "tuple[float, ...] | None"]]


def one_scenario(res: Resolved, names: tuple[str, ...]) -> OneRun:
    """The call evaluating `res`'s model on one scenario with the same range table, absent
    mask and requested outputs (`names`) as the batch path would use for `res`."""
    evaluate_one = _backends.core().evaluate_one
    mid = _backends.model_id(res.model.name)
    ranges = range_table(res)
    wanted = set(names)
    mask = sum(1 << k for k, o in enumerate(res.model.outputs) if o.name in wanted)
    absent = absent_mask(res)

    def run(x: list[float]) -> tuple[int, int, tuple[float, ...] | None]:
        return evaluate_one(mid, x, ranges, mask, absent)

    return run
