// SPDX-License-Identifier: BSD-3-Clause
/// @file mc_fold.hpp
/// @brief The running Monte Carlo state and the one host-side fold of per-block records
///        into it, shared by the CPU and CUDA drivers: the fixed reduction tree that makes
///        the bits independent of threads, chunks and grids.
///
/// Host code (the kernels write records; the host folds them), but plain: no exceptions,
/// allocation or I/O, so .cu files include it like the rest of the engine.
#pragma once
#include <cstdint>

#include "llmcore/engine/mc_layout.hpp"
#include "llmcore/stats/moments.hpp"

namespace llmcore {

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

/// Folds per-block summary records (n_blocks x n_req x SummaryRecord::length(n_thr)) into
/// the running moments and conditional sums, in global block order.
inline void fold_summary_records(const double* recs, std::int64_t n_blocks,
                                 const SummaryConfig& cfg, SummaryState& state) {
    using R = SummaryRecord;
    const int rec_len = R::length(cfg.n_thr);
    for (std::int64_t g = 0; g < n_blocks; ++g)
        for (int r = 0; r < cfg.n_req; ++r) {
            const double* rec = recs + (g * cfg.n_req + r) * rec_len;
            double* m = state.moments + 3 * r;
            const stats::Moments mm = stats::merge(
                stats::Moments{m[0], m[1], m[2]},
                stats::Moments{rec[R::kCount], rec[R::kMean], rec[R::kM2]});
            m[0] = mm.n;
            m[1] = mm.mean;
            m[2] = mm.m2;
            for (int t = 0; t < cfg.n_thr; ++t)
                state.cond_sum[r * cfg.n_thr + t] += rec[R::kCondSum + t];
        }
}

/// Adds per-block Sobol records (n_blocks x n_req x SobolRecord::length(n_fac, second)) into acc's
/// groups, in global block order; block g of a call starting at `start` is global block
/// start/kMcBlock + g.
inline void fold_sobol_records(const double* recs, std::int64_t n_blocks, std::int64_t start,
                               const SobolConfig& cfg, double* acc) {
    const int rec = SobolRecord::length(cfg.n_fac, cfg.second);
    for (std::int64_t g = 0; g < n_blocks; ++g) {
        const std::int64_t grp = ((start / kMcBlock) + g) % cfg.groups;
        for (int k = 0; k < cfg.n_req * rec; ++k)
            acc[grp * cfg.n_req * rec + k] += recs[g * cfg.n_req * rec + k];
    }
}

}  // namespace llmcore
