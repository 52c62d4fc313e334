// SPDX-License-Identifier: BSD-3-Clause
/// @file mc_types.hpp
/// @brief (private) What a Monte Carlo/Sobol driver takes and updates, shared by the CPU
///        (cpu/simulate_cpu.cpp, cpu/sobol_cpu.cpp) and CUDA (cuda/simulate_cuda.cu)
///        drivers, with the one host-side fold of per-block records into the running state.
///
/// Plain structs and host code only: no pybind11, no CUDA headers, no compiler pragmas, so
/// .cu files include it as they include cuda_backend.hpp.
#pragma once
#include <cstdint>

#include "llmcore/dist/transform.hpp"
#include "llmcore/stats/moments.hpp"

namespace llmcore {

/// Scenarios per block: the unit of the fixed reduction tree (float summaries are made per
/// block and folded in global block order) and of the Sobol batch-means groups.
constexpr int kMcBlock = 256;

/// Everything that defines the sampled inputs of one study.
struct McSpec {
    const dist::DistSpec* d;  // one per model input, model order
    int n_in;
    std::uint32_t k0, k1;  // Philox key (from the seed)
    int n_corr;            // Gaussian copula over inputs corr[0..n_corr)
    const int* corr;
    const double* chol;  // n_corr x n_corr lower Cholesky factor of the normal correlation
};

struct SummaryConfig {
    int n_req;          // requested outputs
    const int* req;     // their positions in the model's output list
    int n_thr;          // thresholds per requested output (NaN = unused)
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

/// One pass of the exact-quantile refinement: for each query, values of output `out` whose
/// key lies in [klo, khi) are counted into nsub sub-bins of `width` keys, and collected
/// when `collect` is set.
struct RefineQuery {
    int out;
    std::uint64_t klo, khi, width;
    int nsub;
    bool collect;
};

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

/// Folds per-block summary records (n_blocks x n_req x (3 + n_thr): count, mean, M2,
/// cond_sum(t)...) into the running moments and conditional sums, in global block order:
/// the fixed reduction tree that makes the bits independent of threads, chunks and grids.
inline void fold_summary_records(const double* recs, std::int64_t n_blocks,
                                 const SummaryConfig& cfg, SummaryState& state) {
    const int rec_len = 3 + cfg.n_thr;
    for (std::int64_t g = 0; g < n_blocks; ++g)
        for (int r = 0; r < cfg.n_req; ++r) {
            const double* rec = recs + (g * cfg.n_req + r) * rec_len;
            double* m = state.moments + 3 * r;
            const stats::Moments mm =
                stats::merge(stats::Moments{m[0], m[1], m[2]}, stats::Moments{rec[0], rec[1], rec[2]});
            m[0] = mm.n;
            m[1] = mm.mean;
            m[2] = mm.m2;
            for (int t = 0; t < cfg.n_thr; ++t) state.cond_sum[r * cfg.n_thr + t] += rec[3 + t];
        }
}

/// Adds per-block Sobol records (n_blocks x n_req x (5 + 2 n_fac)) into acc's groups, in
/// global block order; block g of a call starting at `start` is global block start/kMcBlock+g.
inline void fold_sobol_records(const double* recs, std::int64_t n_blocks, std::int64_t start,
                               const SobolConfig& cfg, double* acc) {
    const int rec = 5 + 2 * cfg.n_fac;
    for (std::int64_t g = 0; g < n_blocks; ++g) {
        const std::int64_t grp = ((start / kMcBlock) + g) % cfg.groups;
        for (int k = 0; k < cfg.n_req * rec; ++k)
            acc[grp * cfg.n_req * rec + k] += recs[g * cfg.n_req * rec + k];
    }
}

}  // namespace llmcore
