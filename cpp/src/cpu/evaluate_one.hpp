// SPDX-License-Identifier: BSD-3-Clause
/// @file evaluate_one.hpp
/// @brief One scenario of one model on the calling thread: the scalar fast path (issue 18).
///        No thread pool, no columns, no allocation: what a user's loop of scalar calls needs.
#pragma once
#include <cstdint>

#include "llmcore/engine/scenario.hpp"
#include "llmcore/range.hpp"
#include "llmcore/status.hpp"

namespace llmcore {

/// x: the model's n_inputs values (NaN = absent); ranges: one per input (kSkip: unchecked).
/// Returns the position of the first input out of its range (nothing computed), or -1 with
/// y (n_outputs values) and *status set by the same engine::eval_scenario the kernels run.
/// Inputs whose range has kAbsentOk are added to `absent`, as evaluate_cpu does.
int evaluate_one(int model_id, const double* x, const Range* ranges, engine::OutMask mask,
                 engine::AbsentMask absent, double* y, Status* status);

}  // namespace llmcore
