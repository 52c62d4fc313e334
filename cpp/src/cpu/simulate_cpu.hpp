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

/// A chain of models (at most kMaxChain, engine/mc_layout.hpp): stage s evaluates model[s];
/// its model input k comes from sampled input src[s][k] (>= 0) or from flat output
/// -1 - src[s][k] of an earlier stage (stages' outputs are numbered one after another).
struct Chain {
    int n_stages;
    int model[kMaxChain];
    const int* src[kMaxChain];
};

/// What the drivers evaluate: one model (chain == nullptr) or a chain. With a chain the
/// spec's inputs are the chain's sampled inputs, and output indices are flat.
struct Target {
    int model_id;
    const Chain* chain;
};

/// SummaryConfig: engine/mc_layout.hpp, SummaryState: engine/mc_fold.hpp (shared with the
/// CUDA driver).
void simulate_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
                  const SummaryConfig& cfg, SummaryState& state, int threads);

/// outs[k] / ins[k]: arrays of length count or null; status may be null.
void samples_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
                 double* const* outs, double* const* ins, Status* status, int threads);

/// One exact-quantile pass (RefineQuery in engine/mc_layout.hpp); every query must pass
/// engine::refine_query_valid (the binding checks).
void refine_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
                const RefineQuery* q, int n_q, std::int64_t* sub_counts,
                std::vector<std::vector<double>>& collected, int threads);

/// Sobol sums (SobolConfig in engine/mc_layout.hpp).
void sobol_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
               const SobolConfig& cfg, double* acc, std::int64_t* status, int threads);

}  // namespace llmcore
