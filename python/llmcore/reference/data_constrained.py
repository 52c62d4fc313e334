# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `data_constrained`, transcribed from Muennighoff et al. 2023 (arXiv 2305.16264,
eqs. 5-7) as its repository's scaling_law() computes it (with U = min(U, D), as its
optimal_allocation() passes it), and the optimal allocation for a compute budget: the closed
form where the unique data suffices, else bisection on the sign of the loss's slope in log N
(design/scaling_laws.md; the same bracket schedule as the core, so that both overflow alike
at extreme inputs; the optimum itself is checked against grids in the tests)."""

from __future__ import annotations

import numpy as np


def _law(N, D, U, E, A, B, alpha, beta, r_d_star, r_n_star):
    """scaling_law(N, D, U) of the repository README, U already min(U, D)."""
    G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    UN = np.minimum(N, (U * G) ** (beta / alpha) * G)
    RN = np.maximum(N / UN - 1, 0.0)
    RD = np.maximum(D / U - 1, 0.0)
    n_eff = UN * (1 + r_n_star * -np.expm1(-RN / r_n_star))
    d_eff = U * (1 + r_d_star * -np.expm1(-RD / r_d_star))
    return n_eff, d_eff, E + A / n_eff**alpha + B / d_eff**beta


def _slope(x, log_k, U, A, B, alpha, beta, r_d_star, r_n_star):
    """The sign of dL/d(log N) along N·D = K where D > U (U_N = D_to_N(U) fixed), from
    log(beta B D'^(-beta-1) D dD'/dD) - log(alpha A N'^(-alpha-1) N dN'/dN), dV'/dV =
    exp(-R_V/R*): in logs, since exp(-R_D/R_D*) underflows when repetition saturates."""
    G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    UN = (U * G) ** (beta / alpha) * G
    y = log_k - x  # log D
    RN = np.maximum(np.exp(x - np.log(UN)) - 1, 0.0)
    RD = np.maximum(np.exp(y - np.log(U)) - 1, 0.0)
    log_n_eff = np.where(RN > 0, np.log(UN) + np.log(1 + r_n_star * -np.expm1(-RN / r_n_star)), x)
    log_d_eff = np.where(RD > 0, np.log(U) + np.log(1 + r_d_star * -np.expm1(-RD / r_d_star)), y)
    down = np.log(alpha * A) - (alpha + 1) * log_n_eff + x - RN / r_n_star
    up = np.log(beta * B) - (beta + 1) * log_d_eff + y - RD / r_d_star
    return up - down


def _optimum(C, f, U, E, A, B, alpha, beta, r_d_star, r_n_star):
    K = C / f
    with np.errstate(all="ignore"):
        G = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
        n_c = G * K ** (beta / (alpha + beta))  # chinchilla_optimal_N of the README
        d_c = K / n_c
        # L is unimodal in log N; with d_c <= U the unconstrained optimum has no penalty
        search = ~(d_c <= U) & np.isfinite(K)
        log_k = np.log(np.where(search, K, 1.0))
        args = (log_k, U, A, B, alpha, beta, r_d_star, r_n_star)
        hi = log_k - np.log(U)  # D = U, where the slope is >= 0
        lo = np.minimum(np.log(n_c), hi) - 1.0
        step = 1.0
        for _ in range(64):  # step down (doubling) until the slope is negative
            neg = (_slope(lo, *args) < 0) | ~search
            if neg.all():
                break
            hi = np.where(neg, hi, lo)
            step *= 2.0
            lo = np.where(neg, lo, lo - step)
        for _ in range(200):  # plain bisection to adjacent doubles
            mid = 0.5 * (lo + hi)
            live = (mid > lo) & (mid < hi)
            if not live.any():
                break
            neg = _slope(mid, *args) < 0
            lo = np.where(live & neg, mid, lo)
            hi = np.where(live & ~neg, mid, hi)
        n = np.where(search, np.exp(0.5 * (lo + hi)), n_c)
        n = np.where(np.isfinite(K), n, np.nan)
        d = K / n
        d_c = np.where(np.isfinite(K), d_c, np.nan)
        n_c = np.where(np.isfinite(K), n_c, np.nan)
        law = (E, A, B, alpha, beta, r_d_star, r_n_star)
        opt_loss = _law(n, d, np.minimum(U, d), *law)[2]
        loss_c = _law(n_c, d_c, np.minimum(U, d_c), *law)[2]
    return {
        "opt_params": n,
        "opt_tokens": d,
        "opt_epochs": d / U,
        "opt_loss": opt_loss,
        "opt_params_if_unique": n_c,
        "opt_tokens_if_unique": d_c,
        "loss_at_opt_if_unique": loss_c,
    }


def evaluate(
    params,
    tokens,
    unique_tokens,
    E,
    A,
    B,
    alpha,
    beta,
    r_d_star,
    r_n_star,
    compute_flop,
    flops_per_param_token,
):
    u = unique_tokens
    ud = np.where(np.isnan(tokens), u, np.minimum(u, tokens))  # U without tokens
    rd = np.maximum(tokens / ud - 1, 0.0)
    d_eff = ud * (1 + r_d_star * -np.expm1(-rd / r_d_star))  # R_D* (1 - exp(-R_D/R_D*))
    g = (alpha * A / (beta * B)) ** (1 / (alpha + beta))
    un = np.minimum(params, (ud * g) ** (beta / alpha) * g)  # D_to_N(U_D)
    rn = np.maximum(params / un - 1, 0.0)
    n_eff = un * (1 + r_n_star * -np.expm1(-rn / r_n_star))
    law = (E, A, B, alpha, beta, r_d_star, r_n_star)
    return {
        "epochs": tokens / u,
        "repetitions": rd,
        "effective_tokens": d_eff,
        "token_value": d_eff / tokens,
        "base_params": un,
        "excess_params_ratio": rn,
        "effective_params": n_eff,
        "loss": E + A / n_eff**alpha + B / d_eff**beta,
        "loss_if_unique": E + A / params**alpha + B / tokens**beta,
        **_optimum(compute_flop, flops_per_param_token, u, *law),
    }
