// SPDX-License-Identifier: BSD-3-Clause
/// @file evaluate_cpu.hpp
/// @brief Batch evaluation of any model on the CPU, multithreaded.
#pragma once
#include <cstdint>

#include "llmcore/column.hpp"
#include "llmcore/status.hpp"

namespace llmcore {

/// Evaluates model `model_id` for scenarios [0, n). outs[k] may be null (output not
/// requested); status may be null. counts[b] receives how many scenarios set status bit b.
/// Inputs must already be validated: nothing here throws on values.
void evaluate_cpu(int model_id, const Column* in, double* const* outs, Status* status,
                  std::int64_t n, int threads, std::int64_t grain,
                  std::int64_t counts[kNumStatusBits]);

}  // namespace llmcore
