// SPDX-License-Identifier: BSD-3-Clause
/// @file kaplan.hpp
/// @brief Issue 17 `kaplan`: the scaling laws of Kaplan et al. 2020, "Scaling Laws for
///        Neural Language Models" (arXiv 2001.08361), with their fitted constants as inputs.
///
/// * L(N) = (N_c/N)^α_N, L(D) = (D_c/D)^α_D (eqs. 1.1-1.2; N non-embedding parameters).
/// * L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D (eq. 1.5, its own fit: Table 2), so data must
///   grow as N^(α_N/α_D) to keep overfitting fixed (§4: an 8x larger model needs about 5x
///   the data).
/// * B_crit(L) = B* / L^(1/α_B) (eq. 1.4): each doubling of B_crit takes 1 - 2^(-α_B) off
///   the loss; S_min = S / (1 + B_crit/B) (eq. 5.4); L(N, S) = (N_c/N)^α_N + (S_c/S_min)^α_S
///   (eq. 1.6, its own fit).
/// * The compute-efficient frontier: α_C = 1/(1/α_S + 1/α_B + 1/α_N) (eq. 1.7 / §6.1);
///   N_opt ∝ C^(α_C/α_N); L(C_min) = (C_c/C_min)^α_C^min; N_opt = N_e·C_min^p_N with C_min
///   in PF-days (eq. 1.7's fit, p_N = 0.73) and the data prefactor 2·PF-day/(6·N_e)
///   (C = 6ND at the critical batch, twice the minimal compute).
/// * Convergence: stopping f above the converged loss instead of f' needs
///   ((1+f)/(1+f'))^(1/α_N) times the parameters and ((1+1/f)/(1+1/f'))^(1/α_S) times the
///   steps (§B.2).
/// Optional inputs arrive as NaN; Python drops the outputs that need them.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_KAPLAN_INPUTS(X)                                                       \
    X(params) X(tokens) X(steps) X(batch_tokens) X(compute_pf_days) X(loss)            \
    X(model_factor) X(gap) X(gap_ref) X(alpha_n) X(n_c) X(alpha_d) X(d_c)              \
    X(alpha_n_nd) X(n_c_nd) X(alpha_d_nd) X(d_c_nd) X(alpha_n_ns) X(n_c_ns) X(alpha_s) \
    X(s_c) X(alpha_b) X(b_star) X(alpha_c_min) X(c_c) X(n_e) X(p_n)

#define LLMCORE_KAPLAN_OUTPUTS(X)                                                      \
    X(loss_n) X(loss_d) X(loss_nd) X(data_exponent) X(data_factor) X(b_crit_tokens)     \
    X(bcrit_doubling_loss_drop) X(s_min) X(loss_ns) X(alpha_c_from_exponents)          \
    X(n_exponent) X(loss_at_compute) X(n_opt) X(d_e) X(params_ratio_for_gap)           \
    X(steps_ratio_for_gap)

namespace llmcore::models {

struct kaplan {
    LLMCORE_MODEL_IO(kaplan, LLMCORE_KAPLAN_INPUTS, LLMCORE_KAPLAN_OUTPUTS)

    static constexpr double kPfDayFlop = 8.64e19;  // 1e15 FLOP/s for one day

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& /*st*/) {
        o.loss_n = math::pow(in.n_c / in.params, in.alpha_n);
        o.loss_d = math::pow(in.d_c / in.tokens, in.alpha_d);
        o.data_exponent = in.alpha_n_nd / in.alpha_d_nd;
        o.loss_nd = math::pow(
            math::pow(in.n_c_nd / in.params, o.data_exponent) + in.d_c_nd / in.tokens,
            in.alpha_d_nd);
        o.data_factor = math::pow(in.model_factor, o.data_exponent);
        // B_crit at the given loss, else at the model's converged L(N)
        const double at = math::isnan(in.loss) ? o.loss_n : in.loss;
        o.b_crit_tokens = in.b_star / math::pow(at, 1.0 / in.alpha_b);
        // 1 - 2^(-α_B) without the cancellation at small α_B
        o.bcrit_doubling_loss_drop = -math::expm1(-in.alpha_b * 0.6931471805599453);
        o.s_min = in.steps / (1.0 + o.b_crit_tokens / in.batch_tokens);
        o.loss_ns = math::pow(in.n_c_ns / in.params, in.alpha_n_ns) +
                    math::pow(in.s_c / o.s_min, in.alpha_s);
        o.alpha_c_from_exponents = 1.0 / (1.0 / in.alpha_s + 1.0 / in.alpha_b + 1.0 / in.alpha_n);
        o.n_exponent = in.alpha_c_min / in.alpha_n;
        o.loss_at_compute = math::pow(in.c_c / in.compute_pf_days, in.alpha_c_min);
        o.n_opt = in.n_e * math::pow(in.compute_pf_days, in.p_n);
        o.d_e = 2.0 * kPfDayFlop / (6.0 * in.n_e);
        o.params_ratio_for_gap = math::pow((1.0 + in.gap) / (1.0 + in.gap_ref), 1.0 / in.alpha_n);
        o.steps_ratio_for_gap =
            math::pow((1.0 + 1.0 / in.gap) / (1.0 + 1.0 / in.gap_ref), 1.0 / in.alpha_s);
    }
};

}  // namespace llmcore::models
