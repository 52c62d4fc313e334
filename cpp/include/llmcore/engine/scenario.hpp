// SPDX-License-Identifier: BSD-3-Clause
/// @file scenario.hpp
/// @brief One scenario of one model: gather, evaluate, scatter, status. What every driver
///        runs per scenario (the CUDA kernels, the CPU loops, the host engine bindings).
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"
#include "llmcore/engine/status_rule.hpp"
#include "llmcore/math.hpp"
#include "llmcore/status.hpp"

namespace llmcore::engine {

/// Requested outputs, bit k = output k (models have at most 64 outputs).
using OutMask = unsigned long long;

/// y[k*ys] = output k of the scenario whose input k is x[k*xs]; returns the model's own
/// status bits. Strides let the CPU's structure-of-arrays blocks (stride kMcRow,
/// cpu/mc_block.hpp) and the kernels' per-thread arrays (stride 1) share the code.
/// G: the outputs computed (output_tiers.hpp); the others are NaN.
template <class M, OutMask G = ~0ull>
LLMCORE_HD LLMCORE_INLINE Status run_model(const double* x, std::int64_t xs, double* y,
                                           std::int64_t ys) {
    double xi[M::n_inputs], yo[M::n_outputs];
    LLMCORE_UNROLL
    for (int k = 0; k < M::n_inputs; ++k) xi[k] = x[k * xs];
    typename M::In in;
    typename M::Out o;
    Status st = kOk;
    M::load(in, xi);
    M::evaluate(in, o, st);
    M::template store<G>(o, yo);
    LLMCORE_UNROLL
    for (int k = 0; k < M::n_outputs; ++k) y[k * ys] = yo[k];
    return st;
}

/// Whether an output in `mask` is not finite (y[k*ys] = output k).
template <class M>
LLMCORE_HD LLMCORE_INLINE bool nonfinite_requested(const double* y, std::int64_t ys,
                                                   OutMask mask) {
    static_assert(M::n_outputs <= 64, "output masks are 64-bit");
    bool bad = false;
    LLMCORE_UNROLL
    for (int k = 0; k < M::n_outputs; ++k)
        bad |= ((mask >> k) & 1ull) && !math::isfinite(y[k * ys]);
    return bad;
}

/// One scenario: x (M::n_inputs values) -> y (M::n_outputs values) and its status.
/// `absent`: the inputs that may be absent (NaN) per scenario (status_rule.hpp).
template <class M>
LLMCORE_HD LLMCORE_INLINE Status eval_scenario(const double* x, double* y, OutMask mask,
                                               AbsentMask absent = 0) {
    static_assert(M::n_inputs <= 64, "absent masks are 64-bit");
    const Status st = run_model<M>(x, 1, y, 1);
    const bool missing = absent != 0 && missing_input(x, 1, M::n_inputs, absent);
    return finish_status(st, nonfinite_requested<M>(y, 1, mask & ~flagged_outputs<M>(st)),
                         missing);
}

/// The same scenario through the model's per-field pointers (model_io.hpp InPtrs/OutPtrs):
/// the form the CPU evaluate loop vectorises. store_at writes the requested outputs and
/// reports whether one of them is not finite. `missing`: the scenario lacks an input
/// (engine::missing_input of its absent-able inputs; the loop computes it per block).
/// G: the outputs computed and stored (output_tiers.hpp), a superset of the requested.
template <class M, OutMask G = ~0ull>
LLMCORE_HD LLMCORE_INLINE Status eval_at(const typename M::InPtrs& p,
                                         const typename M::OutPtrs& q,
                                         const typename M::OutFlags& f, std::int64_t j,
                                         bool missing = false) {
    typename M::In in;
    typename M::Out o;
    Status st = kOk;
    M::load_at(in, p, j);
    M::evaluate(in, o, st);
    return finish_status(st, M::template store_at<G>(o, q, f, j, flagged_outputs<M>(st)),
                         missing);
}

}  // namespace llmcore::engine
