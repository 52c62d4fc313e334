// SPDX-License-Identifier: BSD-3-Clause
/// @file validate.hpp
/// @brief Range pre-pass: finds where the first invalid input is, before any compute.
///        Structured result only; Python words the message (it knows names and units).
#pragma once
#include <cstdint>

#include "llmcore/column.hpp"
#include "llmcore/range.hpp"

namespace llmcore {

struct ValidationResult {
    bool ok = true;
    int input = -1;           // position in the model's input list
    std::int64_t index = -1;  // first bad scenario index for that input
    double value = 0.0;
};

/// Valid means finite and inside [lo, hi] with the open ends the flags give. Reports the
/// first input (in model order) with any bad value, and that input's first bad index.
ValidationResult validate(const Column* cols, const Range* ranges, int n_cols, std::int64_t n,
                          int threads);

}  // namespace llmcore
