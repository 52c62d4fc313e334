# SPDX-License-Identifier: BSD-3-Clause
"""Composition: ``evaluate(["training", "lifecycle"], inputs)`` runs models in order, feeding
each output to the same-named input of every later model.

Where names differ on purpose (training's ``energy_kwh`` is lifecycle's ``train_energy_kwh``)
`RENAMES` maps them; it is the one place such links live. Precedence for a later model's
input: what the caller gave > an earlier model's output > a catalog row > the default.
Every given input must belong to some model of the chain (else UnknownNameError); catalog
keywords (hardware=, region=, model=) go to every model.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from llmcore import catalog
from llmcore._models import get_model
from llmcore._util.errors import InvalidInputError, unknown
from llmcore.estimate.currency import convert_money, fx
from llmcore.estimate.result import Result
from llmcore.estimate.single import evaluate_model

__all__ = ["RENAMES", "ChainResult", "evaluate_chain"]

# producing model -> {its output: the input name it fills in later models}
RENAMES: dict[str, dict[str, str]] = {
    "training": {
        "energy_kwh": "train_energy_kwh",  # facility energy incl. PUE
        "total_co2_kg": "train_co2_kg",  # operational + embodied
        "cloud_cost": "train_cost",
    },
}


class ChainResult(Mapping[str, Any]):
    """Outputs of a chain of models: name -> value, the last model producing a name wins;
    ``"model.output"`` reaches any model's output, ``results[model]`` its whole Result."""

    def __init__(self, results: dict[str, Result], keep: Sequence[str] | None):
        self.results = results
        merged: dict[str, Any] = {}
        for r in results.values():
            merged.update(r.to_dict())
        self._outputs = merged
        if keep is not None:
            self._outputs = {k: self._lookup(k) for k in keep}
        last = list(results.values())[-1]
        self.shape = np.broadcast_shapes(*(r.shape for r in results.values()))
        self.backend = last.backend
        self.status_counts = {
            k: sum(r.status_counts[k] for r in results.values()) for k in last.status_counts
        }

    @property
    def models(self) -> list[str]:
        return list(self.results)

    def _lookup(self, key: str) -> Any:
        if key in getattr(self, "_outputs", {}):
            return self._outputs[key]
        model, _, name = key.partition(".")
        if name and model in self.results:
            return self.results[model][name]
        for r in reversed(list(self.results.values())):
            if key in r:
                return r[key]
        names = [f"{m}.{k}" for m, r in self.results.items() for k in r]
        raise unknown("output of this chain", key, list(getattr(self, "_outputs", {})) + names)

    def __getitem__(self, key: str) -> Any:
        return self._lookup(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._outputs)

    def __len__(self) -> int:
        return len(self._outputs)

    @property
    def units(self) -> dict[str, str]:
        out = {}
        for k in self._outputs:
            model, _, name = k.rpartition(".")
            for m, r in reversed(list(self.results.items())):
                if (model or m) == m and (name or k) in r:
                    out[k] = r.model.output(name or k).unit
                    break
        return out

    def to_dict(self) -> dict[str, Any]:
        return dict(self._outputs)

    def to_pandas(self) -> Any:
        import pandas as pd

        n = int(np.prod(self.shape)) if self.shape else 1
        return pd.DataFrame(
            {
                k: np.broadcast_to(np.asarray(v, dtype=float), self.shape).reshape(n)
                for k, v in self._outputs.items()
            }
        )

    def __repr__(self) -> str:
        return (
            f"<ChainResult {' -> '.join(self.results)} shape={self.shape} "
            f"backend={self.backend}> outputs: {', '.join(self._outputs)}"
        )


def evaluate_chain(
    models: Sequence[str],
    inputs: Mapping[str, Any] | None = None,
    *,
    backend: str = "auto",
    outputs: Any = None,
    threads: int | None = None,
    currency: str | None = None,
    **kwargs: Any,
) -> ChainResult:
    """Evaluate `models` in order; see the module docstring for how values flow.

    Values flow between models in US dollars; `currency` converts the money outputs of
    every model at the end.
    """
    rate = fx(currency)
    infos = [get_model(m) for m in models]
    if not infos:
        raise ValueError("evaluate: the list of models is empty")
    names = [i.name for i in infos]
    if len(set(names)) != len(names):
        raise ValueError(f"evaluate: a model appears twice in the chain {names}")
    given = dict(inputs or {})
    given.update(kwargs)
    known = {n for i in infos for n in i.input_names}
    usable = [k for k in catalog.KEYWORDS if any(catalog.applies(k, i) for i in infos)]
    for key in given:
        if key not in known and key not in usable:
            raise unknown(f"input of {' -> '.join(names)}", key, sorted(known) + usable)
    produced: dict[str, Any] = {}
    origin: dict[str, str] = {}  # produced input -> the model whose output it is
    results: dict[str, Result] = {}
    for info in infos:
        own = set(info.input_names)
        args = {
            k: v
            for k, v in given.items()
            if k in own or (k in catalog.KEYWORDS and catalog.applies(k, info))
        }
        for k, v in produced.items():
            if k in own and k not in given:
                args[k] = v
        try:
            r = evaluate_model(info.name, args, backend=backend, threads=threads)
        except InvalidInputError as e:
            raise _from_upstream(e, origin, given, results) from None
        results[info.name] = r
        renames = RENAMES.get(info.name, {})
        for k, v in r.items():
            produced[renames.get(k, k)] = v
            origin[renames.get(k, k)] = info.name
    if rate[1] != 1.0:
        for r in results.values():
            convert_money(r.model, r._outputs, rate[1])
            r.currency, r.fx_rate, r.fx_date = rate
    keep = None
    if outputs is not None:
        keep = [outputs] if isinstance(outputs, str) else list(outputs)
    return ChainResult(results, keep)


def _from_upstream(
    e: InvalidInputError, origin: Mapping[str, str], given: Mapping[str, Any], results: Any
) -> InvalidInputError:
    """`e`, saying which model of the chain produced the bad input and what that model
    flagged (its NaN outputs are flagged answers: unreachable, missing, inconsistent)."""
    src = origin.get(e.input) if e.input not in given else None
    if src is None:
        return e
    flags = ", ".join(f"{k} {c}" for k, c in results[src].status_counts.items() if c)
    return InvalidInputError(
        f"{e}; {e.input!r} is the output of {src}"
        + (f", whose scenarios were flagged ({flags}): see its warning" if flags else ""),
        input=e.input,
        value=e.value,
        index=e.index,
    )
