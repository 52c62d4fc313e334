# SPDX-License-Identifier: BSD-3-Clause
"""One model over a batch of scenarios: inputs resolved, run on a backend, a Result."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from llmcore._engine.backends import threads_arg
from llmcore._engine.checks import check_out_keys
from llmcore._engine.constants import STATUS_BITS
from llmcore._engine.run import execute
from llmcore._models import ModelInfo, get_model
from llmcore._models.outputs import requested_outputs
from llmcore._util.errors import InvalidInputError, user_stacklevel
from llmcore.estimate.currency import convert_money, fx
from llmcore.estimate.inputs import Missing, missing_messages, resolve_with_missing
from llmcore.estimate.result import Result, assumed_inputs
from llmcore.estimate.scalar import try_scalar

__all__ = [
    "InconsistentInputsWarning",
    "MissingDataWarning",
    "evaluate_model",
    "warn_inconsistent",
    "warn_missing",
]


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
    **kwargs: Any,
) -> Result:
    """:func:`llmcore.evaluate` for one model (warnings point at the caller's line)."""
    given = dict(inputs or {})
    given.update(kwargs)
    if out is None and threads is None:
        fast = try_scalar(model, given, backend, outputs, currency)
        if fast is not None:
            return fast
    info = get_model(model)
    rate = fx(currency)
    threads = threads_arg(threads)
    res, missing = resolve_with_missing(info, given)
    try:
        names = requested_outputs(info, res.present, outputs)
    except InvalidInputError as exc:  # say which catalog row lacked it
        why = [m for m in missing if m.input == exc.input]
        if not why:
            raise
        m = why[0]
        raise InvalidInputError(
            f"{exc}: {m.kw} {', '.join(m.ids)} has no {m.input}", input=m.input
        ) from None
    check_out_keys(info, names, out)
    warned = warn_missing(info, missing, names, outputs is None)
    arrays, counts, res, which = execute(res, names, out, backend, threads or 0)
    status = {STATUS_BITS[b]: int(c) for b, c in enumerate(counts)}
    nan: list[str] = []
    quiet = True
    if status.get("missing_input") and not warned:
        nan = [k for k, v in arrays.items() if _has_nan(v)]
        if not res.shape and outputs is None:  # one scenario: not returned, as for absent data
            arrays = {k: v for k, v in arrays.items() if k not in nan}
        quiet = (
            outputs is None
            and bool(nan)
            and all(_only_supplementary(info, k, missing) for k in nan)
        )
    if not quiet:
        # a need the model decides per scenario (query: a cached price only with cache hits)
        lack: dict[str, list[str]] = {}
        for m in missing:
            lack.setdefault(f"{m.kw} {', '.join(m.ids)}", []).append(m.input)
        rows = "".join(f" ({k} has no {', '.join(v)})" for k, v in lack.items())
        warnings.warn(
            f"{info.name}: {status['missing_input']} scenario(s) lack an input that "
            f"{', '.join(nan) or 'an output'} need(s){rows}; "
            + ("they are left out" if not res.shape else "they are NaN (status missing_input)")
            + ", never 0",
            MissingDataWarning,
            stacklevel=user_stacklevel(),
        )
    if status["non_finite"]:
        warnings.warn(
            f"{info.name}: {status['non_finite']} scenario(s) gave non-finite outputs "
            "from valid inputs (overflow at extreme magnitudes?)",
            RuntimeWarning,
            stacklevel=user_stacklevel(),
        )
    if status.get("inconsistent_inputs"):
        warn_inconsistent(info.name, status["inconsistent_inputs"])
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
    assumed = assumed_inputs(info, res)
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
        assumptions=assumed,
    )


class MissingDataWarning(UserWarning):
    """A catalog row lacked a figure an output needs: that output is absent (or NaN, status
    missing_input, for the scenarios that use the row), never 0."""


class InconsistentInputsWarning(UserWarning):
    """Inputs each in their range contradict one another (parallelism: params below its
    embeddings): the outputs that need them are NaN, status inconsistent_inputs."""


def _only_supplementary(info: ModelInfo, output: str, missing: list[Missing]) -> bool:
    """Whether `output` is NaN only for lack of supplementary catalog fields (water, market,
    life-cycle factors): left out without a warning unless asked for (design/energy.md)."""
    needs = set(info.output(output).needs)
    lacking = [m.input for m in missing if m.input in needs]
    return bool(lacking) and all(info.input(n).supplementary for n in lacking)


def warn_missing(
    info: ModelInfo,
    missing: list[Missing],
    names: tuple[str, ...],
    all_outputs: bool,
) -> bool:
    """One warning per input no one gave and some catalog row lacked, when an output needs it
    (missing_messages): names the input, the ids that lack it and how many scenarios are
    affected. Returns whether it warned."""
    messages = missing_messages(info, missing, names, all_outputs)
    for text in messages:
        warnings.warn(text, MissingDataWarning, stacklevel=user_stacklevel())
    return bool(messages)


def _has_nan(v: Any) -> bool:
    """Whether an output holds NaN: a numpy array, or a device array (read through its own
    comparison, which stays on the device)."""
    if isinstance(v, np.ndarray):
        return bool(np.isnan(v).any())
    try:
        return bool((v != v).any())
    except (AttributeError, TypeError):  # an array type without elementwise comparison
        return False


def warn_inconsistent(model: str, count: int, of: str = "") -> None:
    """Say that `count` scenarios of `model` (a model or a chain, "a -> b") have inputs that
    contradict one another, and which outputs the model left NaN for it (status
    inconsistent_inputs)."""
    infos = [get_model(m) for m in model.split(" -> ")]
    info = next((m for m in infos if dict(m.flagged).get("inconsistent_inputs")), infos[0])
    nan = dict(info.flagged).get("inconsistent_inputs", ())
    some = ", ".join(nan[:4]) + (f" and {len(nan) - 4} more" if len(nan) > 4 else "")
    need = f" (it needs {info.consistency})" if info.consistency else ""
    warnings.warn(
        f"{info.name}: {count}{of} scenario(s) have inputs that contradict one another"
        f"{need}; the outputs that need them ({some}) are NaN there (status "
        "inconsistent_inputs)",
        InconsistentInputsWarning,
        stacklevel=user_stacklevel(),
    )
