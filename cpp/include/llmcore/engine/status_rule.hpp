// SPDX-License-Identifier: BSD-3-Clause
/// @file status_rule.hpp
/// @brief The one rule that turns a model's own status bits into a scenario's status.
#pragma once
#include <cstdint>

#include "llmcore/config.hpp"
#include "llmcore/math.hpp"
#include "llmcore/status.hpp"

namespace llmcore::engine {

/// Inputs that may be absent per scenario, bit k = input k (models have at most 64 inputs):
/// a NaN there is that scenario's absent value (a catalog row without the field), see below.
using AbsentMask = unsigned long long;

/// kNonFinite marks a numerical failure: a requested output that is NaN/inf although the
/// inputs were valid. An unreachable target's NaN outputs, and those of a scenario the model
/// itself flags kMissingInput (lifecycle without a way to its CO2), are the model's answer,
/// already flagged, so they do not count as a failure. A scenario that lacks an input (`missing`:
/// NaN in an absent-able input, see missing_input) gets kMissingInput instead of kNonFinite
/// for a non-finite requested output: absent, neither zero nor a failure. Every driver
/// (CPU, CUDA, evaluate, Monte Carlo, the Python reference) must agree on this, hence one
/// definition. It composes: finishing with a then b equals finishing with a || b.
LLMCORE_HD LLMCORE_INLINE Status finish_status(Status model, bool nonfinite_requested,
                                               bool missing = false) {
    const bool flagged = (model & (kUnreachableTarget | kMissingInput)) != 0;
    const Status bit = missing ? kMissingInput : kNonFinite;
    return model | (nonfinite_requested && !flagged ? bit : kOk);
}

/// Whether a scenario lacks an input: some input k with bit k of `absent` is NaN (input k
/// at x[k*xs], n_in <= 64 inputs). The `missing` argument of finish_status.
LLMCORE_HD LLMCORE_INLINE bool missing_input(const double* x, std::int64_t xs, int n_in,
                                             AbsentMask absent) {
    bool miss = false;
    for (int k = 0; k < n_in && (absent >> k) != 0; ++k)
        miss |= ((absent >> k) & 1ull) && math::isnan(x[k * xs]);
    return miss;
}

}  // namespace llmcore::engine
