# SPDX-License-Identifier: BSD-3-Clause
"""One model over a batch of scenarios: inputs resolved, run on a backend, a Result."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from llmcore._engine.constants import STATUS_BITS
from llmcore._engine.run import execute
from llmcore._models import get_model
from llmcore._models.outputs import requested_outputs
from llmcore.estimate.currency import convert_money, fx
from llmcore.estimate.inputs import resolve_inputs
from llmcore.estimate.result import Result

__all__ = ["evaluate_model"]


def evaluate_model(
    model: str,
    inputs: Mapping[str, Any] | None,
    /,
    *,
    backend: str = "auto",
    out: Mapping[str, Any] | None = None,
    outputs: Any = None,
    threads: int | None = None,
    currency: str | None = None,
    stacklevel: int = 2,
    **kwargs: Any,
) -> Result:
    """:func:`llmcore.evaluate` for one model; `stacklevel` places the non-finite warning
    at the caller's line."""
    info = get_model(model)
    rate = fx(currency)
    given = dict(inputs or {})
    given.update(kwargs)
    if threads is not None and (not isinstance(threads, int) or threads < 0):
        raise TypeError(f"threads must be a non-negative int, not {threads!r}")
    res = resolve_inputs(info, given)
    names = requested_outputs(info, res.present, outputs)
    arrays, counts, res, which = execute(res, names, out, backend, threads or 0)
    status = {STATUS_BITS[b]: int(c) for b, c in enumerate(counts)}
    if status["non_finite"]:
        warnings.warn(
            f"{info.name}: {status['non_finite']} scenario(s) gave non-finite outputs "
            "from valid inputs (overflow at extreme magnitudes?)",
            RuntimeWarning,
            stacklevel=stacklevel,
        )
    if res.shape:
        outs: dict[str, Any] = {
            k: (out[k] if out is not None and k in out else v.reshape(res.shape))
            for k, v in arrays.items()
        }
    else:
        outs = {k: float(v[0]) for k, v in arrays.items()}
    if rate[1] != 1.0:
        convert_money(info, outs, rate[1])
    used = {k: v for k, v in res.values.items() if v is not None}
    return Result(
        info,
        outs,
        inputs=used,
        shape=res.shape,
        backend=which,
        status_counts=status,
        currency=rate[0],
        fx_rate=rate[1],
        fx_date=rate[2],
    )
