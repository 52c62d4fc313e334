// SPDX-License-Identifier: BSD-3-Clause
/// @file simulate_cpu.hpp
/// @brief Monte Carlo drivers on the CPU: streaming summaries, samples, exact-quantile
///        refinement passes and Sobol accumulators, for any model of the model list.
///
/// Determinism: scenario i's inputs depend only on (key, i, slot, stream). Float summaries
/// are computed per block of kMcBlock scenario indices and folded into the running state
/// in global block order, so for block-aligned `start` the result is bit-identical for any
/// thread count and any chunking of [0, n) into calls.
#pragma once
#include <cstdint>
#include <vector>

#include "cpu/mc_block.hpp"
#include "llmcore/status.hpp"

namespace llmcore {

/// SIMD level of the Monte Carlo hot loops (cpu/isa_dispatch.hpp): the best this CPU has
/// unless forced lower. A test knob: every level must give the same bits.
int simd_level();
void force_simd_level(int level);  // -1: automatic

void simulate_cpu(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                  const SummaryConfig& cfg, SummaryState& state, int threads);

/// outs[k] / ins[k]: arrays of length count or null; status may be null.
void samples_cpu(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                 double* const* outs, double* const* ins, Status* status, int threads);

/// One exact-quantile pass (RefineQuery in mc_types.hpp).
void refine_cpu(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
                const RefineQuery* q, int n_q, std::int64_t* sub_counts,
                std::vector<std::vector<double>>& collected, int threads);

/// Sobol sums (SobolConfig in mc_types.hpp).
void sobol_cpu(int model_id, const McSpec& spec, std::int64_t start, std::int64_t count,
               const SobolConfig& cfg, double* acc, std::int64_t* status, int threads);

}  // namespace llmcore
