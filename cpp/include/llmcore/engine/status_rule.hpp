// SPDX-License-Identifier: BSD-3-Clause
/// @file status_rule.hpp
/// @brief The one rule that turns a model's own status bits into a scenario's status.
#pragma once
#include "llmcore/config.hpp"
#include "llmcore/status.hpp"

namespace llmcore::engine {

/// kNonFinite marks a numerical failure: a requested output that is NaN/inf although the
/// inputs were valid. An unreachable target's NaN outputs are the model's answer, already
/// flagged, so they do not count as a failure. Every driver (CPU, CUDA, evaluate, Monte
/// Carlo, the Python reference) must agree on this, hence one definition.
LLMCORE_HD LLMCORE_INLINE Status finish_status(Status model, bool nonfinite_requested) {
    const bool flagged = (model & kUnreachableTarget) != 0;
    return model | (nonfinite_requested && !flagged ? kNonFinite : kOk);
}

}  // namespace llmcore::engine
