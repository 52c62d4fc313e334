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

/// A chain of models (at most kMaxChain): stage s evaluates model[s]; its model input k
/// comes from sampled input src[s][k] (>= 0) or from flat output -1 - src[s][k] of an
/// earlier stage (stages' outputs are numbered one after another).
constexpr int kMaxChain = 8;
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

struct SummaryConfig {
    int n_req;         // requested outputs
    const int* req;    // their positions in the model's output list
    int n_thr;         // thresholds per requested output (NaN = unused)
    const double* thr;  // n_req x n_thr
    bool hist;
};

/// Running state; every array is owned by the caller and updated in place.
struct SummaryState {
    double* moments;          // n_req x 3: count, mean, M2 (finite values)
    double* minmax;           // n_req x 2
    std::int64_t* hist;       // n_req x stats::kNumBins, or null
    std::int64_t* exceed;     // n_req x n_thr: count of x > t
    double* cond_sum;         // n_req x n_thr: sum of x over x > t
    std::int64_t* nonfinite;  // n_req
    std::int64_t* status;     // kNumStatusBits: scenarios with each bit set
};

void simulate_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
                  const SummaryConfig& cfg, SummaryState& state, int threads);

/// outs[k] / ins[k]: arrays of length count or null; status may be null.
void samples_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
                 double* const* outs, double* const* ins, Status* status, int threads);

/// One pass of the exact-quantile refinement: for each query, values of output `out` whose
/// key lies in [klo, khi) are counted into nsub sub-bins of `width` keys, and collected
/// when `collect` is set.
struct RefineQuery {
    int out;
    std::uint64_t klo, khi, width;
    int nsub;
    bool collect;
};

void refine_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
                const RefineQuery* q, int n_q, std::int64_t* sub_counts,
                std::vector<std::vector<double>>& collected, int threads);

/// Sobol (Saltelli design, Jansen estimators) sums. fac[k] = factor of model input k
/// (-1 = not sampled). acc: groups x n_req x (5 + 2 n_fac) doubles, per group:
/// [n, Σa, Σa², Σb, Σb², Σ(b-ab_j)² (j < n_fac), Σ(a-ab_j)² (j < n_fac)] with a = f(A)-shift,
/// b = f(B)-shift. Group of scenario i = (i / kMcBlock) % groups (batch means for CIs).
struct SobolConfig {
    int n_req;
    const int* req;
    const double* shift;  // n_req
    int n_fac;
    const int* fac;  // n_in
    int groups;
};

void sobol_cpu(const Target& target, const McSpec& spec, std::int64_t start, std::int64_t count,
               const SobolConfig& cfg, double* acc, std::int64_t* status, int threads);

}  // namespace llmcore
