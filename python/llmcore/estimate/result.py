# SPDX-License-Identifier: BSD-3-Clause
"""Result of an evaluation: a read-only mapping of output name -> float or array."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from llmcore._engine.resolved import Resolved
from llmcore._models import ModelInfo
from llmcore._util.errors import unknown

__all__ = ["Result", "assumed_inputs", "shown_value"]


class Result(Mapping[str, Any]):
    """Outputs of one evaluation.

    Scalar inputs give floats, array inputs numpy arrays of the broadcast shape. Besides
    the mapping interface: ``model``, ``backend``, ``shape``, ``inputs`` (the resolved
    inputs, absent optional ones left out), ``units`` and ``status_counts``; ``currency``
    (money outputs' currency, "USD" unless ``currency=`` was given), ``fx_rate`` (its units
    per USD) and ``fx_date`` (the date of that rate in the fx catalog; None for USD).
    ``assumptions``: every input the caller did not give, with the value used and where it
    came from (``{"pue": {"value": 1.1, "source": "default"}, "peak_flop_per_s": {"value":
    3.12e14, "source": "hardware a100-80gb"}}``).
    """

    def __init__(
        self,
        model: ModelInfo,
        outputs: dict[str, Any],
        *,
        inputs: dict[str, Any],
        shape: tuple[int, ...],
        backend: str,
        status_counts: dict[str, int],
        currency: str = "USD",
        fx_rate: float = 1.0,
        fx_date: str | None = None,
        assumptions: dict[str, dict[str, Any]] | None = None,
    ):
        self.model = model
        self._outputs = outputs
        self.inputs = inputs
        self.shape = shape
        self.backend = backend
        self.status_counts = status_counts
        self.currency = currency
        self.fx_rate = fx_rate
        self.fx_date = fx_date
        self.assumptions = assumptions or {}

    def __getitem__(self, key: str) -> Any:
        try:
            return self._outputs[key]
        except KeyError:
            raise unknown(f"output of this {self.model.name} result", key, self._outputs) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._outputs)

    def __len__(self) -> int:
        return len(self._outputs)

    @property
    def units(self) -> dict[str, str]:
        return {k: self._unit(k) for k in self._outputs}

    def _unit(self, name: str) -> str:
        unit = self.model.output(name).unit
        return self.currency if unit == "USD" else unit

    def to_dict(self) -> dict[str, Any]:
        """Output name -> float or numpy array (a plain dict)."""
        return dict(self._outputs)

    def to_pandas(self, inputs: bool = False) -> Any:
        """A DataFrame, one row per scenario (flattened), one column per output.

        With ``inputs=True`` the resolved inputs come first. Needs pandas.
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - optional dependency
            raise ImportError("to_pandas() needs pandas: pip install pandas") from exc
        n = int(np.prod(self.shape)) if self.shape else 1
        cols: dict[str, Any] = {}
        if inputs:
            for k, v in self.inputs.items():
                cols[k] = np.broadcast_to(np.asarray(v, dtype=float), self.shape).reshape(n)
        for k, v in self._outputs.items():
            cols[k] = np.asarray(v, dtype=float).reshape(n)
        return pd.DataFrame(cols)

    def __repr__(self) -> str:
        head = f"<Result {self.model.name} shape={self.shape} backend={self.backend}>"
        if self.shape:
            return head + " outputs: " + ", ".join(self._outputs)
        w = max((len(k) for k in self._outputs), default=0)
        rows = [f"  {k:<{w}}  {v:>14.6g}  {self._unit(k)}" for k, v in self._outputs.items()]
        return "\n".join([head, *rows])


def shown_value(info: ModelInfo, name: str, value: Any) -> Any:
    """An assumed value as a reader knows it: a choice's name (boundary "facility"), not its
    code."""
    i = info.input(name)
    if i.choices and isinstance(value, float) and float(value).is_integer():
        return i.choice_name(value)
    return value


def assumed_inputs(info: ModelInfo, res: Resolved) -> dict[str, dict[str, Any]]:
    """Result.assumptions: every input the caller did not give, its value and source."""
    return {
        k: {"value": shown_value(info, k, res.values[k]), "source": src}
        for k, src in res.sources.items()
        if src != "given" and res.values.get(k) is not None
    }
