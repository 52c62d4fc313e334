// SPDX-License-Identifier: BSD-3-Clause
/// @file mc_target.hpp
/// @brief (private) What a Monte Carlo driver evaluates per block: one model of the model
///        list, or a chain of them (``simulate(["training", "lifecycle"])``).
///
/// A chain runs its stages in order inside the block loop: stage s gathers its model inputs
/// from the sampled inputs (the union of every stage's inputs, one Philox slot each, so an
/// input shared by two models has one value per scenario) or from an earlier stage's outputs,
/// through an index map built in Python (python/llmcore/_mc_chain.py). Every buffer is per
/// block, so chaining adds no per-sample memory traffic.
#pragma once
#include <algorithm>
#include <stdexcept>

#include "cpu/mc_block.hpp"
#include "cpu/simulate_cpu.hpp"
#include "dispatch.hpp"
#include "llmcore/engine/output_tiers.hpp"

namespace llmcore {

/// One model: sizes known at compile time, evaluation inlined into the ISA-cloned loops.
/// G: the outputs computed (engine/output_tiers.hpp); the others are NaN.
template <class M, engine::OutMask G = ~0ull>
struct OneModel {
    static constexpr int n_in = M::n_inputs;
    static constexpr int n_out = M::n_outputs;
    static constexpr int scratch = 0;
    const std::uint8_t* absent = nullptr;  // McSpec::absent: absent-able inputs, or null
    LLMCORE_INLINE void eval(const double* x, int len, const bool* mask, double* y, Status* st,
                             double*) const {
        run_block<M, G>(x, len, y, st);
        if constexpr (!engine::kFlagsOutputs<M>) {
            // A model that flags no outputs exempts none: a constant the loops fold away.
            finish_block(x, n_in, absent, y, n_out, mask, len, st,
                         [](int, int) { return false; });
        } else {
            unsigned long long flagged[kMcBlock];  // before finish_block adds its own bits
            for (int j = 0; j < len; ++j) flagged[j] = engine::flagged_outputs<M>(st[j]);
            finish_block(x, n_in, absent, y, n_out, mask, len, st,
                         [&flagged](int k, int j) { return ((flagged[j] >> k) & 1ull) != 0; });
        }
    }
};

/// A chain: y holds every stage's outputs, stage after stage (flat output index).
struct ChainModel {
    int n_in = 0, n_out = 0, scratch = 0;
    int n_stages = 0;
    int model[kMaxChain] = {};
    int n_model_in[kMaxChain] = {};
    int out_off[kMaxChain] = {};
    int stage_of[kMaxChain * 64] = {};  // flat output index -> its stage (models: <= 64 outputs)
    const int* src[kMaxChain] = {};
    const std::uint8_t* absent = nullptr;  // McSpec::absent over the sampled union, or null

    ChainModel(const Chain& c, int n_union, const std::uint8_t* absent_inputs)
        : n_in(n_union), n_stages(c.n_stages), absent(absent_inputs) {
        if (c.n_stages < 1 || c.n_stages > kMaxChain)
            throw std::invalid_argument("chain: 1 to kMaxChain stages");
        for (int s = 0; s < n_stages; ++s) {
            model[s] = c.model[s];
            src[s] = c.src[s];
            dispatch_model(model[s], [&](auto m) {
                n_model_in[s] = decltype(m)::n_inputs;
                out_off[s] = n_out;
                n_out += decltype(m)::n_outputs;
            });
            for (int k = out_off[s]; k < n_out; ++k) stage_of[k] = s;
            scratch = std::max(scratch, n_model_in[s] * kMcRow);
        }
        for (int s = 0; s < n_stages; ++s)
            for (int k = 0; k < n_model_in[s]; ++k) {
                const int v = src[s][k];
                // An output feeds only later stages: -1 - v must be an earlier stage's output.
                if (v >= n_in || (v < 0 && -1 - v >= out_off[s]))
                    throw std::invalid_argument("chain: input map points past the sources");
            }
    }

    /// Runs every stage over the block; st[j] = the status rule applied once to the chain as
    /// one model: the OR of the stages' own bits, and any requested output of any stage.
    /// A stage's flagged outputs (engine::flagged_outputs of its own bits) are its answer, not
    /// a failure, and so is every output of a later stage that reads one of them (an
    /// unreachable target's NaN passed on); an absent sampled input makes them missing_input.
    /// Force-inlined with a switch over the model list (not dispatch_model's lambda), so each
    /// stage's run_block is compiled into the ISA-specific block loops like a single model's.
    LLMCORE_INLINE void eval(const double* x, int len, const bool* mask, double* y, Status* st,
                             double* xs) const {
        Status part[kMcBlock];
        unsigned long long flagged[kMaxChain][kMcBlock];  // per stage: bit k = its output k
        std::fill_n(st, kMcBlock, kOk);
        for (int s = 0; s < n_stages; ++s) {
            for (int k = 0; k < n_model_in[s]; ++k) {
                const int v = src[s][k];
                const double* from = v >= 0 ? x + v * kMcRow : y + (-1 - v) * kMcRow;
                std::copy_n(from, kMcBlock, xs + k * kMcRow);
            }
            double* ys = y + out_off[s] * kMcRow;
            int id = 0;
            unsigned long long* fl = flagged[s];
#define LLMCORE_CHAIN_STAGE(M)                                                       \
    if (model[s] == id++) {                                                          \
        run_block<models::M>(xs, len, ys, part);                                     \
        for (int j = 0; j < len; ++j) fl[j] = engine::flagged_outputs<models::M>(part[j]); \
    }
            LLMCORE_FOR_EACH_MODEL(LLMCORE_CHAIN_STAGE)
#undef LLMCORE_CHAIN_STAGE
            for (int k = 0; k < n_model_in[s]; ++k) {
                const int v = -1 - src[s][k];  // >= 0: reads output v of an earlier stage
                if (v < 0) continue;
                const unsigned long long* up = flagged[stage_of[v]];
                const int bit = v - out_off[stage_of[v]];
                for (int j = 0; j < len; ++j)
                    if ((up[j] >> bit) & 1ull) fl[j] = ~0ull;
            }
            for (int j = 0; j < len; ++j) st[j] |= part[j];
        }
        finish_block(x, n_in, absent, y, n_out, mask, len, st, [&](int k, int j) {
            const int s = stage_of[k];
            return ((flagged[s][j] >> (k - out_off[s])) & 1ull) != 0;
        });
    }
};

/// f(evaluator) for the target of `spec`: OneModel<M> for a model id, ChainModel for a chain.
template <class F>
void with_target(const Target& t, const McSpec& spec, F&& f) {
    if (t.chain) {
        f(ChainModel(*t.chain, spec.n_in, spec.absent));
        return;
    }
    dispatch_model(t.model_id, [&](auto m) { f(OneModel<decltype(m)>{spec.absent}); });
}

/// with_target, but a model computes only the first of its output tiers that holds the
/// `requested` outputs (bit k = output k; engine/output_tiers.hpp). For the drivers whose
/// model cost dominates (simulate, its exact-quantile pass, Sobol); each tier is one more
/// compiled copy of the driver.
template <class F>
void with_target_tiered(const Target& t, const McSpec& spec, engine::OutMask requested, F&& f) {
    if (t.chain) {
        f(ChainModel(*t.chain, spec.n_in, spec.absent));
        return;
    }
    dispatch_model(t.model_id, [&](auto m) {
        using M = decltype(m);
        engine::with_output_tier<M>(requested, [&](auto tier) {
            f(OneModel<M, decltype(tier)::value>{spec.absent});
        });
    });
}

/// The mask of output positions idx[0..n) (bit k = output k; a position past 63: every bit).
inline engine::OutMask output_mask(const int* idx, int n) {
    engine::OutMask m = 0;
    for (int r = 0; r < n; ++r) m |= (idx[r] >= 0 && idx[r] < 64) ? 1ull << idx[r] : ~0ull;
    return m;
}

}  // namespace llmcore
