// SPDX-License-Identifier: BSD-3-Clause
/// @file scaling.hpp
/// @brief SPEC.md §5 `scaling`: parametric loss, compute-optimal and lifetime-optimal
///        allocation of parameters and tokens.
///
/// Sources: Hoffmann et al. 2022 (Chinchilla, approach 3: L = E + A/N^α + B/D^β and its
/// closed-form compute-optimal frontier); Sardana & Frankle 2023 ("Beyond Chinchilla-optimal":
/// minimise training + inference FLOP for a target loss). Optional inputs (params, tokens,
/// compute_flop, target_loss) arrive as NaN when absent; Python drops the outputs that need them.
///
/// Lifetime optimum. On the loss constraint write t = A·N^-α / (L - E) ∈ (0, 1), so that
/// B·D^-β = (1 - t)(L - E). The cost f·N·D + f_i·N·I is log-convex in log t, its stationary
/// point solves f·D·(α·t - β·(1 - t)) = β·(1 - t)·f_i·I, and the left side minus the right is
/// increasing on [β/(α+β), 1): one root, bracketed. We solve for v = log(1 - t) (so models
/// far smaller than compute-optimal, t → 1, stay resolvable) in log space (no overflow) by
/// Newton steps kept inside the shrinking bracket, bisecting when a step would leave it
/// (lifetime_v), with a fixed iteration cap. With no inference the optimum is the
/// compute-optimal point.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_SCALING_INPUTS(X)                                                      \
    X(params) X(tokens) X(E) X(A) X(B) X(alpha) X(beta) X(flops_per_param_token)       \
    X(compute_flop) X(target_loss) X(inference_tokens) X(inference_flops_per_param_token)

#define LLMCORE_SCALING_OUTPUTS(X)                                                     \
    X(loss) X(train_flop) X(opt_params) X(opt_tokens) X(opt_loss) X(min_compute_for_loss) \
    X(target_opt_params) X(target_opt_tokens) X(lifetime_params) X(lifetime_tokens)    \
    X(lifetime_flop) X(lifetime_saving) X(opt_tokens_for_params)

namespace llmcore::models {

struct scaling {
    LLMCORE_MODEL_IO(scaling, LLMCORE_SCALING_INPUTS, LLMCORE_SCALING_OUTPUTS)

    // Iteration cap of the safeguarded Newton search below: Newton converges in a handful of
    // steps; each fallback bisection halves a bracket at most a few thousand wide, so the
    // loop always ends on its own long before the cap.
    static constexpr int kMaxIter = 100;

    // What an unreachable target (kUnreachableTarget) leaves NaN: the outputs that need it.
    static constexpr unsigned long long kUnreachableOutputs =
        (1ull << o_min_compute_for_loss) | (1ull << o_target_opt_params) |
        (1ull << o_target_opt_tokens) | (1ull << o_lifetime_params) | (1ull << o_lifetime_tokens) |
        (1ull << o_lifetime_flop) | (1ull << o_lifetime_saving);

    LLMCORE_HD LLMCORE_INLINE static double loss_at(const In& in, double n, double d) {
        return in.E + in.A / math::pow(n, in.alpha) + in.B / math::pow(d, in.beta);
    }

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& st) {
        const double a = in.alpha, b = in.beta, f = in.flops_per_param_token;
        o.loss = loss_at(in, in.params, in.tokens);
        o.train_flop = f * in.params * in.tokens;
        const double g = math::pow(a * in.A / (b * in.B), 1.0 / (a + b));
        const double k = in.compute_flop / f;
        o.opt_params = g * math::pow(k, b / (a + b));
        o.opt_tokens = k / o.opt_params;
        o.opt_loss = loss_at(in, o.opt_params, o.opt_tokens);
        // Inverting the frontier N = G·K^(β/(α+β)) for K gives the tokens a compute-optimal
        // model of `params` parameters is trained on (Chinchilla's Table A3 columns).
        o.opt_tokens_for_params = math::pow(in.params / g, (a + b) / b) / in.params;

        // Everything below needs a reachable target: L - E > 0.
        const double r = in.target_loss - in.E;
        if (!(r > 0.0)) {
            if (!math::isnan(in.target_loss)) st |= kUnreachableTarget;
            o.min_compute_for_loss = o.target_opt_params = o.target_opt_tokens = math::nan();
            o.lifetime_params = o.lifetime_tokens = o.lifetime_flop = math::nan();
            o.lifetime_saving = math::nan();
            return;
        }
        // On the frontier both loss terms scale as K^-γ, γ = αβ/(α+β): L - E = H·K^-γ.
        const double h = in.A * math::pow(g, -a) + in.B * math::pow(g, b);
        const double k_star = math::pow(h / r, (a + b) / (a * b));
        o.min_compute_for_loss = f * k_star;
        o.target_opt_params = g * math::pow(k_star, b / (a + b));
        o.target_opt_tokens = k_star / o.target_opt_params;
        const double c = in.inference_flops_per_param_token * in.inference_tokens;
        const double total_opt =
            f * o.target_opt_params * o.target_opt_tokens + c * o.target_opt_params;
        if (c == 0.0) {
            o.lifetime_params = o.target_opt_params;
            o.lifetime_tokens = o.target_opt_tokens;
        } else {
            const double v = lifetime_v(a, b, math::log(f) + math::log(in.B / r) / b,
                                        math::log(b * c));
            o.lifetime_params = math::pow(in.A / ((1.0 - math::exp(v)) * r), 1.0 / a);
            o.lifetime_tokens = math::pow(in.B / (math::exp(v) * r), 1.0 / b);
        }
        o.lifetime_flop = f * o.lifetime_params * o.lifetime_tokens + c * o.lifetime_params;
        o.lifetime_saving = 1.0 - o.lifetime_flop / total_opt;
    }

    // Root of phi(v) = log_p - v/β - v + log(α - (α+β)·e^v) - log_bc, decreasing and concave
    // on (-inf, v0], v0 = log(α/(α+β)); log_p = log(f·D_inf), log_bc = log(β·f_i·I).
    // Newton steps kept inside a shrinking bracket (bisection when a step leaves it or phi is
    // NaN just past v0). The reference finds the same root by plain bisection.
    LLMCORE_HD LLMCORE_INLINE static double lifetime_v(double a, double b, double log_p,
                                                       double log_bc) {
        const double v0 = math::log(a / (a + b));
        // At v <= v0 - log 2 the log term is >= log(α/2), so this lower end has phi > 0.
        double lo = math::fmin(v0 - math::log(2.0),
                               (log_p + math::log(a / 2.0) - log_bc) / (1.0 / b + 1.0) - 1.0);
        double hi = v0;
        double v = 0.5 * (lo + hi);
        for (int i = 0; i < kMaxIter; ++i) {
            const double ke = (a + b) * math::exp(v);
            const double phi = log_p - v / b - v + math::log(a - ke) - log_bc;
            if (phi > 0.0) lo = v; else hi = v;  // NaN (past v0 by rounding) goes left
            const double dphi = -1.0 / b - 1.0 - ke / (a - ke);
            double next = v - phi / dphi;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            const double step = next - v;
            v = next;
            if (!(step > 1e-15 * (1.0 + math::fabs(v)) || step < -1e-15 * (1.0 + math::fabs(v))))
                break;
        }
        return v;
    }
};

}  // namespace llmcore::models
