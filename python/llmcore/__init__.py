# SPDX-License-Identifier: BSD-3-Clause
"""llmcore: what will this LLM cost? Money, time, energy, carbon, memory and loss.

>>> import llmcore as lc
>>> r = lc.training(params=175e9, tokens=300e9, hardware="tpu-v4", mfu=0.462)
>>> round(r["cloud_cost"] / 1e6, 3)
1.398
"""

from __future__ import annotations

from llmcore import catalog
from llmcore._engine.backends import BackendInfo, backends
from llmcore._models import InputInfo, ModelInfo, OutputInfo
from llmcore._util import version as _util_version
from llmcore._util.errors import BackendUnavailable, InvalidInputError, UnknownNameError
from llmcore.estimate.estimators import (
    allocation,
    architecture,
    data_constrained,
    deployment,
    embedding,
    equivalents,
    finetune,
    inference,
    kaplan,
    lifecycle,
    models,
    parallelism,
    query,
    scaling,
    serving,
    training,
)
from llmcore.estimate.evaluate import evaluate
from llmcore.estimate.result import Result
from llmcore.estimate.single import InconsistentInputsWarning, MissingDataWarning
from llmcore.mc import dist
from llmcore.mc.morris import MorrisResult, morris
from llmcore.mc.result import SimulationResult
from llmcore.mc.sensitivity import SensitivityResult, sensitivity
from llmcore.mc.simulate import simulate
from llmcore.tables.plan import PlanTable, plan
from llmcore.tables.sweep import sweep
from llmcore.tables.table import evaluate_table
from llmcore.validation.reproduce import reproduce

__version__ = _util_version.version()

__all__ = [
    "BackendInfo",
    "BackendUnavailable",
    "InconsistentInputsWarning",
    "InputInfo",
    "InvalidInputError",
    "MissingDataWarning",
    "ModelInfo",
    "MorrisResult",
    "OutputInfo",
    "PlanTable",
    "Result",
    "SensitivityResult",
    "SimulationResult",
    "UnknownNameError",
    "__version__",
    "allocation",
    "architecture",
    "backends",
    "catalog",
    "data_constrained",
    "deployment",
    "dist",
    "embedding",
    "equivalents",
    "evaluate",
    "evaluate_table",
    "finetune",
    "inference",
    "kaplan",
    "lifecycle",
    "models",
    "morris",
    "parallelism",
    "plan",
    "query",
    "reproduce",
    "scaling",
    "sensitivity",
    "serving",
    "simulate",
    "sweep",
    "training",
]


def __dir__() -> list[str]:
    return __all__
