# SPDX-License-Identifier: BSD-3-Clause
"""The scalar fast path (issue 18): a call whose inputs are all plain numbers and catalog ids
reuses a plan of what the full path resolved for the same names and ids (catalog rows,
defaults, requested outputs, range table) and runs one scenario on the calling thread.

Same numbers, same Result, same errors: the plan is made by the full path's own resolution,
and anything the plan does not cover (a value out of range, a scenario that needs a warning,
arrays, ``out=``, ``threads=``, a backend other than the CPU) goes back to the full path,
which raises or warns exactly as it always does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from llmcore import catalog
from llmcore._engine import backends as _backends
from llmcore._engine.constants import STATUS_BITS
from llmcore._engine.scalar import OneRun, one_scenario
from llmcore._models import ModelInfo, get_model
from llmcore._models.outputs import requested_outputs
from llmcore.estimate.currency import fx
from llmcore.estimate.inputs import missing_messages, resolve_with_missing
from llmcore.estimate.result import Result, assumed_inputs

__all__ = ["clear_plans", "try_scalar"]

_BITS = tuple(STATUS_BITS.items())
_WARN = sum(
    1 << b for b, name in _BITS if name in ("missing_input", "non_finite", "inconsistent_inputs")
)
_MAX_PLANS = 4096  # distinct (model, names, ids) combinations kept; a loop needs one
_NO_PLAN = None


@dataclass(frozen=True)
class _Plan:
    info: ModelInfo
    run: OneRun
    x: tuple[float, ...]  # every input's value, the given numbers' slots to be overwritten
    slots: tuple[tuple[str, int], ...]  # given number -> its input position
    names: tuple[str, ...]
    index: tuple[int, ...]  # position of each requested output in the model's outputs
    used: dict[str, Any]  # Result.inputs, given numbers to be overwritten
    assumed: dict[str, dict[str, Any]]
    currency: tuple[str, float, str | None]
    money: tuple[str, ...]  # requested outputs in USD (converted when a currency is asked)


_plans: dict[tuple[Any, ...], _Plan | None] = {}


class _Assumed(dict[str, Any]):
    """One assumption ({"value": ..., "source": ...}), shared by every Result of a plan, so
    it refuses changes (a plain dict to json, ==, and readers)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("Result.assumptions entries are read-only")

    __setitem__ = __delitem__ = _refuse
    update = pop = popitem = clear = setdefault = _refuse  # type: ignore[assignment]


def clear_plans() -> None:
    """Forget every plan (tests; plans also lapse when catalog rows change)."""
    _plans.clear()


def try_scalar(
    model: Any, given: dict[str, Any], backend: str, outputs: Any, currency: Any
) -> Result | None:
    """The Result of the fast path, or None where the full path must run."""
    key: list[Any] = [model, backend, currency, catalog.generation()]
    if outputs is not None:
        if isinstance(outputs, str):
            key.append(outputs)
        elif isinstance(outputs, (list, tuple)) and all(type(o) is str for o in outputs):
            key.append(tuple(outputs))
        else:
            return None
    key.append(outputs is None)
    for k, v in given.items():
        t = type(v)
        if t is float or t is int:
            key.append(k)
        elif t is str:
            key.append((k, v))
        else:
            return None
    try:
        if _backends.resolve(backend, n=1) != "cpu":
            return None
    except Exception:  # a bad backend: the full path raises it, after the checks before it
        return None
    try:
        plan = _plans[tuple(key)]
    except KeyError:
        plan = _plans[tuple(key)] = _make_plan(model, given, backend, outputs, currency)
        if len(_plans) > _MAX_PLANS:
            _plans.pop(next(iter(_plans)))
    except TypeError:  # an unhashable model name: the full path says what is wrong
        return None
    if plan is None:
        return None
    x = list(plan.x)
    used = plan.used.copy()
    try:
        for k, p in plan.slots:
            x[p] = used[k] = float(given[k])
    except OverflowError:  # an int beyond a double: the full path words it
        return None
    bad, st, ys = plan.run(x)
    if bad >= 0 or st & _WARN or ys is None:
        return None
    outs = {n: ys[i] for n, i in zip(plan.names, plan.index)}
    code, rate, date = plan.currency
    if rate != 1.0:
        for n in plan.money:
            outs[n] *= rate
    return Result(
        plan.info,
        outs,
        inputs=used,
        shape=(),
        backend="cpu",
        status_counts={name: (st >> b) & 1 for b, name in _BITS},
        currency=code,
        fx_rate=rate,
        fx_date=date,
        assumptions=dict(plan.assumed),
    )


def _make_plan(
    model: Any, given: dict[str, Any], backend: str, outputs: Any, currency: Any
) -> _Plan | None:
    """The full path's resolution of `given` as a plan, or None where the fast path cannot
    stand in for it (catalog rows lacking a field an output needs: the full path warns;
    numbers given for named choices: the full path checks they are codes). Errors are left
    to the full path."""
    try:
        info = get_model(model)
        rate = fx(currency)
        res, missing = resolve_with_missing(info, given)
        names = requested_outputs(info, res.present, outputs)
    except Exception:  # the full path raises it again, worded for the caller
        return _NO_PLAN
    numbers = [k for k, v in given.items() if type(v) in (float, int)]
    warns = missing_messages(info, missing, names, outputs is None)
    if warns or res.shape or any(info.input(k).choices for k in numbers):
        return _NO_PLAN
    values = res.values
    position = {i.name: k for k, i in enumerate(info.inputs)}
    out_pos = {o.name: k for k, o in enumerate(info.outputs)}
    x = tuple(math.nan if values[i.name] is None else float(values[i.name]) for i in info.inputs)  # type: ignore[arg-type]
    return _Plan(
        info=info,
        run=one_scenario(res, names),
        x=x,
        slots=tuple((k, position[k]) for k in numbers),
        names=names,
        index=tuple(out_pos[n] for n in names),
        used={k: v for k, v in values.items() if v is not None},
        assumed={k: _Assumed(v) for k, v in assumed_inputs(info, res).items()},
        currency=rate,
        money=tuple(n for n in names if info.output(n).unit == "USD"),
    )
