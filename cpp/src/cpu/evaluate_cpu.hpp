// SPDX-License-Identifier: BSD-3-Clause
/// @file evaluate_cpu.hpp
/// @brief Batch evaluation of any model on the CPU, multithreaded.
#pragma once
#include <cstdint>

#include "llmcore/column.hpp"
#include "llmcore/engine/status_rule.hpp"
#include "llmcore/status.hpp"
#include "validate.hpp"

namespace llmcore {

/// Evaluates model `model_id` for scenarios [0, n). outs[k] may be null (output not
/// requested); status may be null. counts[b] receives how many scenarios set status bit b.
/// With `ranges`, each block's inputs are range-checked while they are in cache (saving
/// validate()'s separate pass over memory) and the return value is false if any value is
/// invalid: the outputs are then unusable and the caller runs validate() for the message.
/// Without `ranges`, inputs must already be validated. Nothing here throws on values.
/// `absent` (bit k = input k) names the inputs that may be NaN per scenario: there a
/// non-finite requested output sets kMissingInput, not kNonFinite (engine/status_rule.hpp).
/// Inputs whose range has kAbsentOk (and not kSkip) are added to it.
bool evaluate_cpu(int model_id, const Column* in, const Range* ranges, double* const* outs,
                  Status* status, std::int64_t n, int threads, std::int64_t grain,
                  std::int64_t counts[kNumStatusBits], engine::AbsentMask absent = 0);

}  // namespace llmcore
