// SPDX-License-Identifier: BSD-3-Clause
/// @file status_rule.hpp
/// @brief The one rule that turns a model's own status bits into a scenario's status.
#pragma once
#include <cstdint>
#include <type_traits>

#include "llmcore/config.hpp"
#include "llmcore/math.hpp"
#include "llmcore/status.hpp"

namespace llmcore::engine {

/// Inputs that may be absent per scenario, bit k = input k (models have at most 64 inputs):
/// a NaN there is that scenario's absent value (a catalog row without the field), see below.
using AbsentMask = unsigned long long;

namespace detail {
template <class M, class = void>
struct unreachable_outputs {
    static constexpr unsigned long long value = 0;
};
template <class M>
struct unreachable_outputs<M, std::void_t<decltype(M::kUnreachableOutputs)>> {
    static constexpr unsigned long long value = M::kUnreachableOutputs;
};
template <class M, class = void>
struct missing_outputs {
    static constexpr unsigned long long value = 0;
};
template <class M>
struct missing_outputs<M, std::void_t<decltype(M::kMissingOutputs)>> {
    static constexpr unsigned long long value = M::kMissingOutputs;
};
template <class M, class = void>
struct inconsistent_outputs {
    static constexpr unsigned long long value = 0;
};
template <class M>
struct inconsistent_outputs<M, std::void_t<decltype(M::kInconsistentOutputs)>> {
    static constexpr unsigned long long value = M::kInconsistentOutputs;
};
}  // namespace detail

/// The outputs (bit k = output k) that a scenario's own flags answer for: a model that sets
/// kUnreachableTarget leaves exactly M::kUnreachableOutputs NaN (scaling: the outputs that
/// need the target), one that sets kMissingInput itself exactly M::kMissingOutputs
/// (lifecycle without a way to its CO2), one that sets kInconsistentInputs exactly
/// M::kInconsistentOutputs (parallelism: the outputs that need the parameter count). Those NaNs are the model's flagged answer, not a
/// numerical failure; every other output of the scenario is still checked (an overflowing
/// train_flop beside an unreachable target is kNonFinite). A model that declares no mask
/// has none: its NaNs count as failures, the safe default.
template <class M>
LLMCORE_HD LLMCORE_INLINE unsigned long long flagged_outputs(Status model) {
    return ((model & kUnreachableTarget) ? detail::unreachable_outputs<M>::value : 0ull) |
           ((model & kMissingInput) ? detail::missing_outputs<M>::value : 0ull) |
           ((model & kInconsistentInputs) ? detail::inconsistent_outputs<M>::value : 0ull);
}

/// Whether M flags any outputs at all (else flagged_outputs is 0 for every status).
template <class M>
inline constexpr bool kFlagsOutputs = (detail::unreachable_outputs<M>::value |
                                       detail::missing_outputs<M>::value |
                                       detail::inconsistent_outputs<M>::value) != 0;

/// kNonFinite marks a numerical failure: a requested output outside flagged_outputs that is
/// NaN/inf although the inputs were valid (`nonfinite_requested`, computed by the caller with
/// the flagged outputs left out). A scenario that lacks an input (`missing`: NaN in an
/// absent-able input, see missing_input) gets kMissingInput instead of kNonFinite for such an
/// output: absent, neither zero nor a failure. Every driver (CPU, CUDA, evaluate, Monte
/// Carlo, the Python reference) must agree on this, hence one definition. It composes:
/// finishing with a then b equals finishing with a || b.
LLMCORE_HD LLMCORE_INLINE Status finish_status(Status model, bool nonfinite_requested,
                                               bool missing = false) {
    const Status bit = missing ? kMissingInput : kNonFinite;
    return model | (nonfinite_requested ? bit : kOk);
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
