# SPDX-License-Identifier: BSD-3-Clause
"""THE metadata source: every model's inputs and outputs with units, defaults and ranges.

Order of MODELS is the compiled core's model id order (cpp/.../models/model_list.hpp).
"""

from __future__ import annotations

from llmcore._models._info import InputInfo, ModelInfo, OutputInfo
from llmcore._models.allocation import ALLOCATION
from llmcore._models.architecture import ARCHITECTURE
from llmcore._models.data_constrained import DATA_CONSTRAINED
from llmcore._models.deployment import DEPLOYMENT
from llmcore._models.embedding import EMBEDDING
from llmcore._models.finetune import FINETUNE
from llmcore._models.inference import INFERENCE
from llmcore._models.kaplan import KAPLAN
from llmcore._models.lifecycle import LIFECYCLE
from llmcore._models.parallelism import PARALLELISM
from llmcore._models.query import QUERY
from llmcore._models.scaling import SCALING
from llmcore._models.serving import SERVING
from llmcore._models.training import TRAINING
from llmcore._util.errors import unknown

__all__ = ["MODELS", "InputInfo", "ModelInfo", "OutputInfo", "get_model"]

MODELS: dict[str, ModelInfo] = {
    m.name: m
    for m in (
        TRAINING,
        INFERENCE,
        QUERY,
        ARCHITECTURE,
        SERVING,
        SCALING,
        DEPLOYMENT,
        LIFECYCLE,
        PARALLELISM,
        KAPLAN,
        ALLOCATION,
        DATA_CONSTRAINED,
        EMBEDDING,
        FINETUNE,
    )
}

# Bit -> name; mirrors cpp/include/llmcore/status.hpp.


def get_model(name: str) -> ModelInfo:
    if isinstance(name, ModelInfo):
        return name
    if not isinstance(name, str):
        raise TypeError(f"model must be a model name (str), not {type(name).__name__}")
    try:
        return MODELS[name]
    except KeyError:
        raise unknown("model", name, MODELS) from None
