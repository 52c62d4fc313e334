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
from .estimators import (
    architecture,
    deployment,
    equivalents,
    inference,
    lifecycle,
    models,
    query,
    scaling,
    serving,
    training,
)
from .evaluate import evaluate
from .reproduce import reproduce
from .result import Result
from ._mc_result import SimulationResult
from .sensitivity import SensitivityResult, sensitivity
from .simulate import simulate
from .sweep import sweep
from .table import evaluate_table

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - source tree without a build
    __version__ = "0.0.0+unknown"

__all__ = [
    "BackendInfo", "BackendUnavailable", "InputInfo", "InvalidInputError", "ModelInfo",
    "OutputInfo", "Result", "SensitivityResult", "SimulationResult", "UnknownNameError",
    "__version__", "architecture", "backends", "catalog", "deployment", "dist", "equivalents",
    "evaluate", "evaluate_table", "inference", "lifecycle", "models", "query", "reproduce",
    "scaling", "sensitivity", "serving", "simulate", "sweep", "training",
]


def __dir__() -> list[str]:
    return __all__
