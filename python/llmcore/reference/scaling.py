# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §5 `scaling`, transcribed.

The lifetime optimum is found here by plain vectorised bisection on the stationarity
condition of the cost along the loss constraint (derivation in cpp/.../models/scaling.hpp,
which reaches the same root by safeguarded Newton); tests/models/test_properties_scaling.py checks
it against a brute-force dense grid over N.
"""

from __future__ import annotations

import numpy as np

from llmcore.reference._status import UNREACHABLE_TARGET


def _loss(E, A, B, alpha, beta, n, d):
    # L(N, D) = E + A / N**alpha + B / D**beta
    return E + A / n**alpha + B / d**beta


def _lifetime_v(a, b, log_p, log_bc, iters=100):
    """Root v = log(1 - t) of phi(v) = log_p - v/b - v + log(a - (a+b) e^v) - log_bc, which
    decreases on (-inf, log(a/(a+b))]; bisection until the bracket stops shrinking."""
    v0 = np.log(a / (a + b))
    lo = np.minimum(v0 - np.log(2.0), (log_p + np.log(a / 2.0) - log_bc) / (1.0 / b + 1.0) - 1.0)
    hi = np.broadcast_to(v0, np.broadcast(v0, lo).shape).copy()  # (v0 + 0*lo is NaN at lo=-inf)
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        live = (mid > lo) & (mid < hi)
        if not live.any():
            break
        phi = log_p - mid / b - mid + np.log(a - (a + b) * np.exp(mid)) - log_bc
        up = live & (phi > 0)  # NaN (just past v0 by rounding) moves hi
        lo = np.where(up, mid, lo)
        hi = np.where(live & ~up, mid, hi)
    return 0.5 * (lo + hi)


def evaluate(
    params,
    tokens,
    E,
    A,
    B,
    alpha,
    beta,
    flops_per_param_token,
    compute_flop,
    target_loss,
    inference_tokens,
    inference_flops_per_param_token,
):
    a, b, f = alpha, beta, flops_per_param_token
    loss = _loss(E, A, B, a, b, params, tokens)
    train_flop = f * params * tokens
    # G = (alpha*A / (beta*B)) ** (1/(alpha+beta)); opt_params = G * (C/f) ** (beta/(alpha+beta))
    G = (a * A / (b * B)) ** (1.0 / (a + b))
    K = compute_flop / f
    opt_params = G * K ** (b / (a + b))
    opt_tokens = K / opt_params
    opt_loss = _loss(E, A, B, a, b, opt_params, opt_tokens)

    # min compute: on the frontier L - E = (A G^-alpha + B G^beta) * K**(-alpha*beta/(alpha+beta))
    R = target_loss - E
    reachable = R > 0
    unreachable = ~np.isnan(target_loss) & ~reachable
    R = np.where(reachable, R, np.nan)
    H = A * G ** (-a) + B * G**b
    k_star = (H / R) ** ((a + b) / (a * b))
    min_compute = f * k_star
    n0 = G * k_star ** (b / (a + b))
    d0 = k_star / n0
    c = inference_flops_per_param_token * inference_tokens
    total_opt = f * n0 * d0 + c * n0
    # lifetime: (N, D) on L(N, D) = target minimising f*N*D + c*N; without inference that is
    # the compute-optimal point itself.
    with np.errstate(divide="ignore", invalid="ignore"):
        v = _lifetime_v(a, b, np.log(f) + np.log(B / R) / b, np.log(b * c))
    n_life = np.where(c == 0, n0, (A / ((1.0 - np.exp(v)) * R)) ** (1.0 / a))
    d_life = np.where(c == 0, d0, (B / (np.exp(v) * R)) ** (1.0 / b))
    lifetime_flop = f * n_life * d_life + c * n_life
    return {
        "loss": loss,
        "train_flop": train_flop,
        "opt_params": opt_params,
        "opt_tokens": opt_tokens,
        "opt_loss": opt_loss,
        "min_compute_for_loss": min_compute,
        "target_opt_params": n0,
        "target_opt_tokens": d0,
        "lifetime_params": n_life,
        "lifetime_tokens": d_life,
        "lifetime_flop": lifetime_flop,
        "lifetime_saving": 1.0 - lifetime_flop / total_opt,
        # invert N = G * K**(b/(a+b)) for K = C/f; then D = K / N
        "opt_tokens_for_params": (params / G) ** ((a + b) / b) / params,
        "_status": np.where(unreachable, UNREACHABLE_TARGET, 0),
    }
