# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `data_constrained`, transcribed from Muennighoff et al. 2023 (arXiv 2305.16264,
eqs. 5-7) as its repository's scaling_law() computes it."""

from __future__ import annotations

import numpy as np


def evaluate(params, tokens, unique_tokens, E, A, B, alpha, beta, r_d_star, r_n_star):
    u = unique_tokens
    epochs = tokens / u
    rd = np.maximum(epochs - 1, 0.0)
    d_eff = u + u * r_d_star * -np.expm1(-rd / r_d_star)  # R_D* (1 - exp(-R_D/R_D*))
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    un = np.minimum(params, (u * g) ** (beta / alpha) * g)  # D_to_N(U)
    rn = np.maximum(params / un - 1, 0.0)
    n_eff = un + un * r_n_star * -np.expm1(-rn / r_n_star)
    return {
        "epochs": epochs,
        "repetitions": rd,
        "effective_tokens": d_eff,
        "token_value": d_eff / tokens,
        "base_params": un,
        "excess_params_ratio": rn,
        "effective_params": n_eff,
        "loss": E + A / n_eff**alpha + B / d_eff**beta,
        "loss_if_unique": E + A / params**alpha + B / tokens**beta,
    }
