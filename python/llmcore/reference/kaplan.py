# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `kaplan`, transcribed from Kaplan et al. 2020 (arXiv 2001.08361): eqs. 1.1-1.7,
5.4 and §B.2."""

from __future__ import annotations

import numpy as np


def evaluate(
    params,
    tokens,
    steps,
    batch_tokens,
    compute_pf_days,
    loss,
    model_factor,
    gap,
    gap_ref,
    alpha_n,
    n_c,
    alpha_d,
    d_c,
    alpha_n_nd,
    n_c_nd,
    alpha_d_nd,
    d_c_nd,
    alpha_n_ns,
    n_c_ns,
    alpha_s,
    s_c,
    alpha_b,
    b_star,
    alpha_c_min,
    c_c,
    n_e,
    p_n,
):
    loss_n = (n_c / params) ** alpha_n  # eq. 1.1
    ratio = alpha_n_nd / alpha_d_nd
    b_crit = b_star / np.where(np.isnan(loss), loss_n, loss) ** (1 / alpha_b)  # eq. 1.4
    s_min = steps / (1 + b_crit / batch_tokens)  # eq. 5.4
    return {
        "loss_n": loss_n,
        "loss_d": (d_c / tokens) ** alpha_d,  # eq. 1.2
        "loss_nd": ((n_c_nd / params) ** ratio + d_c_nd / tokens) ** alpha_d_nd,  # eq. 1.5
        "data_exponent": ratio,
        "data_factor": model_factor**ratio,
        "b_crit_tokens": b_crit,
        "bcrit_doubling_loss_drop": -np.expm1(-alpha_b * 0.6931471805599453),  # 1 - 2^-α_B
        "s_min": s_min,
        "loss_ns": (n_c_ns / params) ** alpha_n_ns + (s_c / s_min) ** alpha_s,  # eq. 1.6
        "alpha_c_from_exponents": 1 / (1 / alpha_s + 1 / alpha_b + 1 / alpha_n),
        "n_exponent": alpha_c_min / alpha_n,
        "loss_at_compute": (c_c / compute_pf_days) ** alpha_c_min,
        "n_opt": n_e * compute_pf_days**p_n,
        "d_e": 2 * 8.64e19 / (6 * n_e),
        "params_ratio_for_gap": ((1 + gap) / (1 + gap_ref)) ** (1 / alpha_n),
        "steps_ratio_for_gap": ((1 + 1 / gap) / (1 + 1 / gap_ref)) ** (1 / alpha_s),
    }
