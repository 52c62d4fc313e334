// SPDX-License-Identifier: BSD-3-Clause
/// @file engine_host.hpp
/// @brief The engine's per-scenario functions (llmcore/engine), called one scenario at a
///        time on the host exactly as the CUDA kernels call them: a plain loop, no SIMD
///        driver. CI has no GPU; these let its tests check what the kernels run against the
///        CPU backend and the reference (tests/engine/test_engine_host.py).
#pragma once
#include <cstdint>
#include <vector>

#include "llmcore/engine/mc_layout.hpp"
#include "llmcore/engine/scenario.hpp"
#include "llmcore/status.hpp"

namespace llmcore {

/// Row-major x (n x n_inputs) -> y (n x n_outputs) and st (n): engine::eval_scenario, the
/// evaluate kernel's per-thread step. `absent`: inputs that may be NaN per scenario.
void engine_host_evaluate(int model_id, const double* x, std::int64_t n, engine::OutMask mask,
                          double* y, Status* st, engine::AbsentMask absent = 0);

/// Scenarios [start, start + count) of `stream`: engine::sample_scenario into x
/// (count x n_inputs), then engine::eval_scenario into y (count x n_outputs) and st: the
/// samples kernel's per-thread step (stream 1: the Sobol kernel's B matrix). Absent-able
/// inputs: `absent` and the spec's (McSpec::absent), as the kernels' DevSpec has them.
void engine_host_samples(int model_id, const McSpec& spec, std::uint32_t stream,
                         std::int64_t start, std::int64_t count, engine::OutMask mask, double* x,
                         double* y, Status* st, engine::AbsentMask absent = 0);

/// One exact-quantile pass as the refine kernel runs it (queries valid, see
/// engine::refine_query_valid): sub_counts += per-query sub-bin counts (queries' sub-bins
/// one after another), collected[q] = values of collecting queries in scenario order.
void engine_host_refine(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                        const RefineQuery* q, int n_q, std::int64_t* sub_counts,
                        std::vector<std::vector<double>>& collected);

}  // namespace llmcore
