// SPDX-License-Identifier: BSD-3-Clause
/// @file model_list.hpp
/// @brief The one list of models. Drivers instantiate themselves over it, so adding a model
///        is a header plus one line here: no binding or driver code changes.
#pragma once
#include "llmcore/models/allocation.hpp"
#include "llmcore/models/architecture.hpp"
#include "llmcore/models/data_constrained.hpp"
#include "llmcore/models/deployment.hpp"
#include "llmcore/models/embedding.hpp"
#include "llmcore/models/finetune.hpp"
#include "llmcore/models/inference.hpp"
#include "llmcore/models/kaplan.hpp"
#include "llmcore/models/lifecycle.hpp"
#include "llmcore/models/parallelism.hpp"
#include "llmcore/models/query.hpp"
#include "llmcore/models/scaling.hpp"
#include "llmcore/models/serving.hpp"
#include "llmcore/models/training.hpp"

// X(model_struct). The position in this list is the model id used across the binding.
#define LLMCORE_FOR_EACH_MODEL(X)                                                      \
    X(training) X(inference) X(query) X(architecture) X(serving) X(scaling)            \
    X(deployment) X(lifecycle) X(parallelism) X(kaplan) X(allocation)                 \
    X(data_constrained) X(embedding) X(finetune)
