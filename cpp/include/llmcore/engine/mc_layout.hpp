// SPDX-License-Identifier: BSD-3-Clause
/// @file mc_layout.hpp
/// @brief Monte Carlo limits, study/config structs and per-block record layouts: what the
///        CPU and CUDA drivers, the host folds and Python (through _core.constants()) share.
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"
#include "llmcore/dist/transform.hpp"

namespace llmcore {

/// Scenarios per block: the unit of the fixed reduction tree (float summaries are made per
/// block and folded in global block order) and of the Sobol batch-means groups.
constexpr int kMcBlock = 256;
/// Models in a chain (cpu/mc_target.hpp ChainModel; kernels take one model).
constexpr int kMaxChain = 8;
/// Inputs in one Gaussian copula: the per-scenario z vector lives on the stack/registers.
constexpr int kMaxCorr = 64;
/// Philox slot of a catalog-row draw: kRowsSlotBase + keyword position, above any model
/// input's own slot, so a row's fields share one uniform and never collide with an input.
constexpr std::uint32_t kRowsSlotBase = 1024;

/// Everything that defines the sampled inputs of one study.
struct McSpec {
    const dist::DistSpec* d;  // one per model input, model order
    int n_in;
    std::uint32_t k0, k1;  // Philox key (from the seed)
    int n_corr;            // Gaussian copula over inputs corr[0..n_corr), n_corr <= kMaxCorr
    const int* corr;
    const double* chol;  // n_corr x n_corr lower Cholesky factor of the normal correlation
    // absent[k] != 0: input k may be NaN per scenario (a catalog-row draw whose row lacks
    // the field), and a scenario where it is NaN gets kMissingInput, not kNonFinite, for a
    // non-finite requested output (engine/status_rule.hpp). nullptr: no input is absent-able.
    const std::uint8_t* absent = nullptr;
};

struct SummaryConfig {
    int n_req;          // requested outputs
    const int* req;     // their positions in the model's output list
    int n_thr;          // thresholds per requested output (NaN = unused)
    const double* thr;  // n_req x n_thr
    bool hist;
};

/// A summary block record, one per requested output: [count, mean, M2, cond_sum(t)...]
/// over the block's finite values (mean about which M2 is taken; cond_sum(t) = Σ x > t).
struct SummaryRecord {
    static constexpr int kCount = 0, kMean = 1, kM2 = 2, kCondSum = 3;
    static constexpr int kFixed = 3;  // fields before the per-threshold sums
    LLMCORE_HD static constexpr int length(int n_thr) { return kFixed + n_thr; }
};

/// A Sobol block record, one per requested output, with a = f(A) - shift, b = f(B) - shift:
/// [n, Σa, Σa², Σb, Σb², Σ(b-ab_j)² (j < n_fac), Σ(a-ab_j)² (j < n_fac)] (Jansen sums), then,
/// for second-order indices only, Σ(ba_j-ab_k)² for each pair j < k in row order (0,1),
/// (0,2), ..., (1,2), ...: BA_j (B with factor j from A) and AB_k share exactly factors j
/// and k, so half that mean square is V minus the closed variance of the pair.
struct SobolRecord {
    static constexpr int kN = 0, kSumA = 1, kSumA2 = 2, kSumB = 3, kSumB2 = 4;
    static constexpr int kFixed = 5;  // fields before the per-factor sums
    LLMCORE_HD static constexpr int first(int j) { return kFixed + j; }  // Σ(b-ab_j)²
    LLMCORE_HD static constexpr int total(int n_fac, int j) { return kFixed + n_fac + j; }
    LLMCORE_HD static constexpr int n_pairs(int n_fac) { return n_fac * (n_fac - 1) / 2; }
    /// Σ(ba_j-ab_k)², j < k.
    LLMCORE_HD static constexpr int pair(int n_fac, int j, int k) {
        return kFixed + 2 * n_fac + j * (2 * n_fac - j - 1) / 2 + (k - j - 1);
    }
    LLMCORE_HD static constexpr int length(int n_fac, bool second = false) {
        return kFixed + 2 * n_fac + (second ? n_pairs(n_fac) : 0);
    }
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
/// (-1 = not sampled). acc: groups x n_req x SobolRecord::length(n_fac) doubles. Group of
/// scenario i = (i / kMcBlock) % groups (batch means for CIs).
struct SobolConfig {
    int n_req;
    const int* req;
    const double* shift;  // n_req
    int n_fac;
    const int* fac;  // n_in
    int groups;
    // Also the pair sums (SobolRecord::pair): f(BA_j) for j < n_fac - 1 as well, n·(2d+1)
    // evaluations in all instead of n·(d+2).
    bool second = false;
};

}  // namespace llmcore
