# SPDX-License-Identifier: BSD-3-Clause
"""llmcore: what will this LLM cost? Money, time, energy, carbon, memory and loss.

>>> import llmcore as lc
>>> r = lc.training(params=175e9, tokens=300e9, hardware="tpu-v4", mfu=0.462)
>>> round(r["cloud_cost"] / 1e6, 3)
1.398
"""

from __future__ import annotations

from . import catalog, dist
from ._backends import BackendInfo, backends
from ._errors import BackendUnavailable, InvalidInputError, UnknownNameError
from ._models import InputInfo, ModelInfo, OutputInfo
from .estimators import inference, models, query, training
from .evaluate import evaluate
from .result import Result
from .sensitivity import SensitivityResult, sensitivity
from .simulate import simulate
from ._mc_result import SimulationResult

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - source tree without a build
    __version__ = "0.0.0+unknown"

__all__ = [
    "BackendInfo", "BackendUnavailable", "InputInfo", "InvalidInputError", "ModelInfo",
    "OutputInfo", "Result", "UnknownNameError", "__version__", "backends", "catalog",
    "evaluate", "inference", "models", "query", "training",
    "dist", "simulate", "sensitivity", "SimulationResult", "SensitivityResult",
]


def __dir__() -> list[str]:
    return __all__
