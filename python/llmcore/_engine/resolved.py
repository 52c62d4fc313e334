# SPDX-License-Identifier: BSD-3-Clause
"""What the engine evaluates: one validated value (or absence) per model input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from llmcore._engine.arrays import DeviceArray
from llmcore._models import ModelInfo
from llmcore._models.outputs import available_outputs, present_inputs

__all__ = ["Resolved"]


@dataclass
class Resolved:
    model: ModelInfo
    # None = optional input absent; DeviceArray = CUDA memory, left where it is
    values: dict[str, float | np.ndarray | DeviceArray | None]
    shape: tuple[int, ...]
    ids: dict[str, Any]  # catalog keywords used, e.g. {"hardware": "a100-80gb"}
    # Inputs that may be absent per scenario: NaN entries there mean "this scenario's catalog
    # row lacks the field" (validation accepts them; outputs that need them come out NaN with
    # the status bit missing_input, not non_finite). Filled from catalog rows.
    absent_ok: frozenset[str] = frozenset()

    @property
    def present(self) -> set[str]:
        return present_inputs(self.values)

    def available_outputs(self) -> tuple[str, ...]:
        return available_outputs(self.model, self.present)

    def host_value(self, name: str) -> float | np.ndarray | None:
        """Input `name` of a batch that the host reads (device inputs were copied or are
        read by the CUDA path itself)."""
        v = self.values[name]
        if isinstance(v, DeviceArray):
            raise TypeError(f"input {name!r} is in device memory; the host cannot read it")
        return v

    @property
    def on_device(self) -> bool:
        """Whether any input is in CUDA device memory."""
        return any(isinstance(v, DeviceArray) for v in self.values.values())
