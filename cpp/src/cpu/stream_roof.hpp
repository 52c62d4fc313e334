// SPDX-License-Identifier: BSD-3-Clause
/// @file stream_roof.hpp
/// @brief The memory roof of a batch evaluation, for bench/ only: one fused pass that reads
///        the same input columns and writes the same output columns as `evaluate`, with a
///        trivial body, on the same threads and stores. What `evaluate` reaches is reported as
///        a fraction of what this reaches in the same process and run (issue 18).
#pragma once
#include <cstdint>

#include "llmcore/column.hpp"

namespace llmcore {

/// out_j[i] = sum_k in_k[i] * (j + 1) over n scenarios; `threads` as evaluate's.
void stream_roof(const Column* in, int n_in, double* const* outs, int n_out, std::int64_t n,
                 int threads, std::int64_t grain);

}  // namespace llmcore
