// SPDX-License-Identifier: BSD-3-Clause
/// @file data_constrained.hpp
/// @brief Issue 17 `data_constrained`: loss with repeated data and excess parameters
///        (Muennighoff et al. 2023, "Scaling Data-Constrained Language Models",
///        arXiv 2305.16264, eqs. 5-7; the fitted law as published in its repository,
///        huggingface/datablations README "Parametric Fit"), and the compute-optimal
///        allocation under that law when unique data is limited.
///
/// With U_D = min(U, D) unique tokens seen D/U_D times (the repository's allocation code
/// passes min(U, D); fewer tokens than U cannot show more than D unique ones), R_D =
/// max(D/U_D - 1, 0) repetitions count as D' = U_D + U_D·R_D*·(1 - exp(-R_D/R_D*)) effective
/// tokens; parameters beyond U_N, the compute-optimal size for U_D tokens (D_to_N: N =
/// G·(D·G)^(β/α), G = (αA/(βB))^(1/(α+β))), count as N' = U_N + U_N·R_N*·(1 - exp(-R_N/R_N*))
/// with R_N = max(N/U_N - 1, 0); L = E + A/N'^α + B/D'^β.
///
/// Optimal allocation for a budget C (K = C/f = N·D). Along N·D = K the loss is unimodal in
/// x = log N (design/scaling_laws.md): where D_c = K/N_c, the unconstrained optimum's tokens,
/// is at most U, no penalty applies at (N_c, D_c) and it is the optimum (closed form).
/// Otherwise the optimum has D > U, where U_N is fixed and dL/dx is strictly increasing:
/// we bisect on the sign of phi(x) = log(-dA/N'^α/dx) - log(dB/D'^β/dx), strictly
/// decreasing, on [lo, x_U] (x_U: D = U, where phi <= 0); lo steps down from
/// min(x_c, x_U) - 1 with doubling steps until phi(lo) > 0. Bisection ends when the midpoint
/// equals an end (|x| ulps), at most kMaxIter halvings.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_DATA_CONSTRAINED_INPUTS(X)                                             \
    X(params) X(tokens) X(unique_tokens) X(E) X(A) X(B) X(alpha) X(beta) X(r_d_star)   \
    X(r_n_star) X(compute_flop) X(flops_per_param_token)

#define LLMCORE_DATA_CONSTRAINED_OUTPUTS(X)                                            \
    X(epochs) X(repetitions) X(effective_tokens) X(token_value) X(base_params)         \
    X(excess_params_ratio) X(effective_params) X(loss) X(loss_if_unique) X(opt_params) \
    X(opt_tokens) X(opt_epochs) X(opt_loss) X(opt_params_if_unique)                    \
    X(opt_tokens_if_unique) X(loss_at_opt_if_unique)

namespace llmcore::models {

struct data_constrained {
    LLMCORE_MODEL_IO(data_constrained, LLMCORE_DATA_CONSTRAINED_INPUTS,
                     LLMCORE_DATA_CONSTRAINED_OUTPUTS)

    // Bisection halvings at most: the bracket is at most a few thousand wide in log N (the
    // expansion below doubles at most kMaxExpand times) and ulp-narrow after ~65 halvings.
    static constexpr int kMaxIter = 200;
    static constexpr int kMaxExpand = 64;

    // D_to_N of the repository: the compute-optimal parameters for d tokens.
    LLMCORE_HD LLMCORE_INLINE static double d_to_n(const In& in, double g, double d) {
        return math::pow(d * g, in.beta / in.alpha) * g;
    }

    // base·(1 + R*·(1 - exp(-r/R*))): the effective count of `base` used 1 + r times. The
    // factor is at most 1 + r, so nothing overflows unless the count itself does (base·R*
    // first would overflow for a large R* even where the factor is 1).
    LLMCORE_HD LLMCORE_INLINE static double effective(double base, double r, double r_star) {
        return base * (1.0 + r_star * -math::expm1(-r / r_star));
    }

    LLMCORE_HD LLMCORE_INLINE static double loss_at(const In& in, double g, double n, double d) {
        const double ud = math::fmin(in.unique_tokens, d);
        const double un = math::fmin(n, d_to_n(in, g, ud));
        const double n_eff = effective(un, math::fmax(n / un - 1.0, 0.0), in.r_n_star);
        const double d_eff = effective(ud, math::fmax(d / ud - 1.0, 0.0), in.r_d_star);
        return in.E + in.A / math::pow(n_eff, in.alpha) + in.B / math::pow(d_eff, in.beta);
    }

    // log of |d(coef/V'^e)/d log V| at V = e^y with base count e^log_base:
    // log(e·coef) - (e+1)·log V' + log(dV'/dV) + y, dV'/dV = exp(-r/R*).
    LLMCORE_HD LLMCORE_INLINE static double log_slope(double y, double log_base, double r_star,
                                                      double e, double log_ec) {
        const double r = math::fmax(math::exp(y - log_base) - 1.0, 0.0);
        const double log_eff =
            r > 0.0 ? log_base + math::log(1.0 + r_star * -math::expm1(-r / r_star)) : y;
        return log_ec - (e + 1.0) * log_eff - r / r_star + y;
    }

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        const double u = in.unique_tokens, a = in.alpha, b = in.beta;
        const double ud = math::fmin(u, in.tokens);
        o.epochs = in.tokens / u;
        o.repetitions = math::fmax(in.tokens / ud - 1.0, 0.0);
        o.effective_tokens = effective(ud, o.repetitions, in.r_d_star);
        o.token_value = o.effective_tokens / in.tokens;
        const double g = math::pow(a * in.A / (b * in.B), 1.0 / (a + b));
        // Without tokens U_D is U (the outputs that need tokens are left out then).
        const double ud_n = math::isnan(in.tokens) ? u : ud;
        o.base_params = math::fmin(in.params, d_to_n(in, g, ud_n));
        o.excess_params_ratio = math::fmax(in.params / o.base_params - 1.0, 0.0);
        o.effective_params = effective(o.base_params, o.excess_params_ratio, in.r_n_star);
        o.loss = in.E + in.A / math::pow(o.effective_params, a) +
                 in.B / math::pow(o.effective_tokens, b);
        o.loss_if_unique =
            in.E + in.A / math::pow(in.params, a) + in.B / math::pow(in.tokens, b);
        optimum(in, g, o);
    }

    LLMCORE_HD LLMCORE_INLINE static void optimum(const In& in, double g, Out& o) {
        const double a = in.alpha, b = in.beta, u = in.unique_tokens;
        const double k = in.compute_flop / in.flops_per_param_token;
        if (!math::isfinite(k)) {  // absent budget (NaN), or one past the double range
            o.opt_params = o.opt_tokens = o.opt_epochs = o.opt_loss = math::nan();
            o.opt_params_if_unique = o.opt_tokens_if_unique = math::nan();
            o.loss_at_opt_if_unique = math::nan();
            return;
        }
        o.opt_params_if_unique = g * math::pow(k, b / (a + b));
        o.opt_tokens_if_unique = k / o.opt_params_if_unique;
        o.loss_at_opt_if_unique = loss_at(in, g, o.opt_params_if_unique, o.opt_tokens_if_unique);
        double n = o.opt_params_if_unique;
        if (!(o.opt_tokens_if_unique <= u)) {
            const double log_k = math::log(k), log_u = math::log(u);
            const double log_un = math::log(d_to_n(in, g, u));
            const double log_an = math::log(a * in.A), log_bd = math::log(b * in.B);
            const double x_u = log_k - log_u;
            double hi = x_u;
            double lo = math::fmin(math::log(n), x_u) - 1.0, step = 1.0;
            for (int i = 0; i < kMaxExpand; ++i) {
                const double phi = log_slope(lo, log_un, in.r_n_star, a, log_an) -
                                   log_slope(log_k - lo, log_u, in.r_d_star, b, log_bd);
                if (phi > 0.0) break;
                hi = lo;  // the root lies below a point where phi <= 0
                step *= 2.0;
                lo -= step;
            }
            for (int i = 0; i < kMaxIter; ++i) {
                const double mid = 0.5 * (lo + hi);
                if (!(mid > lo && mid < hi)) break;
                const double phi = log_slope(mid, log_un, in.r_n_star, a, log_an) -
                                   log_slope(log_k - mid, log_u, in.r_d_star, b, log_bd);
                if (phi > 0.0) lo = mid; else hi = mid;  // NaN goes left
            }
            n = math::exp(0.5 * (lo + hi));
        }
        o.opt_params = n;
        o.opt_tokens = k / n;
        o.opt_epochs = o.opt_tokens / u;
        o.opt_loss = loss_at(in, g, n, o.opt_tokens);
    }
};

}  // namespace llmcore::models
