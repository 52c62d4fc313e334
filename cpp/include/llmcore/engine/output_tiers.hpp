// SPDX-License-Identifier: BSD-3-Clause
/// @file output_tiers.hpp
/// @brief Compute only what the requested outputs need: a model may list output "tiers",
///        masks of outputs (M::kOutputTiers, smallest first); a CPU driver runs the loop
///        compiled for the first tier that holds every requested output, or for all outputs.
///
/// Why tiers and not the request itself: which outputs are wanted is known at run time, but
/// the compiler can only drop the arithmetic of unwanted outputs (in training, 24 of its
/// divisions feed the 29 outputs) in a loop compiled for a fixed mask. One loop per mask
/// would be 2^29 loops; a few tiers that cover the usual requests (the headline figures,
/// everything but the footprint breakdown) cost a few loops per driver. A tier changes no
/// number: the outputs it holds are computed by the same code, only the others are skipped.
/// The CUDA kernels and the host engine compute every output (one loop each).
#pragma once
#include <type_traits>

#include "llmcore/engine/scenario.hpp"

namespace llmcore::engine {

namespace detail {
template <class M, class = void>
struct tiers_of {
    static constexpr int n = 0;
    static constexpr OutMask at(int) { return ~0ull; }
};
template <class M>
struct tiers_of<M, std::void_t<decltype(M::kOutputTiers)>> {
    static constexpr int n = sizeof(M::kOutputTiers) / sizeof(M::kOutputTiers[0]);
    static constexpr OutMask at(int i) { return M::kOutputTiers[i]; }
};
}  // namespace detail

/// Number of tiers model M lists (0: it computes every output always).
template <class M>
constexpr int n_output_tiers() {
    return detail::tiers_of<M>::n;
}

/// f(std::integral_constant<OutMask, G>{}) with G the first of M's tiers that holds every
/// output in `requested`, or ~0 (every output).
template <class M, int I = 0, class F>
decltype(auto) with_output_tier(OutMask requested, F&& f) {
    if constexpr (I < detail::tiers_of<M>::n) {
        constexpr OutMask g = detail::tiers_of<M>::at(I);
        if ((requested & ~g) == 0) return f(std::integral_constant<OutMask, g>{});
        return with_output_tier<M, I + 1>(requested, static_cast<F&&>(f));
    } else {
        return f(std::integral_constant<OutMask, ~0ull>{});
    }
}

}  // namespace llmcore::engine
