# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `data_constrained` metadata (field order = cpp/.../models/data_constrained.hpp).

Defaults: Muennighoff et al. 2023's fit on C4 as published with its code
(huggingface/datablations README "Parametric Fit", commit 0c76502: a = 6.255414,
b = 7.3049974, e = 0.6254804 as logarithms of A, B, E; alpha = beta = 0.3526596;
R_D* = 15.387756, R_N* = 5.309743).

With compute_flop, the allocation (N, D) with f·N·D = C that minimises this loss for the given
unique tokens (a bisection on the loss's slope in log N, design/scaling_laws.md), beside the
unconstrained optimum of the same fit (Chinchilla's closed form)."""

from __future__ import annotations

import math

from llmcore._models._info import ModelInfo, inp, out

_SRC = "Muennighoff et al. 2023 fit (datablations)"
_PT = ("params", "tokens")
_C = ("compute_flop",)

DATA_CONSTRAINED = ModelInfo(
    name="data_constrained",
    section="issue 17",
    doc="Loss when unique data is limited: repeated tokens and parameters beyond the "
    "compute-optimal size for the unique data lose value exponentially (Muennighoff et al. "
    "2023, arXiv 2305.16264); effective tokens and parameters, the loss, and the loss the "
    "same run would reach on unique data; with a compute budget, the optimal parameters and "
    "tokens under the unique-data limit and, for contrast, without it.",
    inputs=(
        inp(
            "params",
            "count",
            "model parameters N",
            optional=True,
            typical=(1e7, 1e12),
            log=True,
        ),
        inp(
            "tokens",
            "tokens",
            "training tokens D",
            optional=True,
            typical=(1e8, 1e13),
            log=True,
        ),
        inp(
            "unique_tokens",
            "tokens",
            "unique tokens U (D/U epochs)",
            range="> 0",
            typical=(1e7, 1e13),
            log=True,
        ),
        inp("E", "nats/token", f"irreducible loss ({_SRC})", math.exp(0.6254804), typical=(1, 3)),
        inp("A", "-", f"parameter term ({_SRC})", math.exp(6.255414), typical=(100, 2000)),
        inp("B", "-", f"data term ({_SRC})", math.exp(7.3049974), typical=(100, 3000)),
        inp(
            "alpha",
            "exponent",
            f"parameter exponent ({_SRC})",
            0.3526596,
            range="[0.01, 5]",
            typical=(0.2, 0.6),
        ),
        inp(
            "beta",
            "exponent",
            f"data exponent ({_SRC})",
            0.3526596,
            range="[0.01, 5]",
            typical=(0.2, 0.6),
        ),
        inp(
            "r_d_star",
            "epochs",
            f"decay constant of repeated data's value R_D* ({_SRC})",
            15.387756,
            typical=(1, 50),
        ),
        inp(
            "r_n_star",
            "ratio",
            f"decay constant of excess parameters' value R_N* ({_SRC})",
            5.309743,
            typical=(1, 20),
        ),
        inp(
            "compute_flop",
            "FLOP",
            "training compute budget C (for the optimal allocation)",
            optional=True,
            typical=(1e18, 1e27),
            log=True,
        ),
        inp(
            "flops_per_param_token",
            "FLOP",
            "training FLOP per parameter per token (C = f N D)",
            6.0,
            typical=(2, 8),
        ),
    ),
    outputs=(
        out("epochs", "count", "passes over the unique data, D/U", "tokens"),
        out("repetitions", "count", "R_D = max(D/U_D - 1, 0), U_D = min(U, D)", "tokens"),
        out("effective_tokens", "tokens", "D' = U_D + U_D R_D* (1 - exp(-R_D/R_D*))", "tokens"),
        out("token_value", "fraction", "D'/D: what the tokens are worth as unique data", "tokens"),
        out(
            "base_params",
            "count",
            "U_N: the compute-optimal size for U_D tokens (U without tokens), at most N",
            "params",
        ),
        out("excess_params_ratio", "ratio", "R_N = max(N/U_N - 1, 0)", "params"),
        out("effective_params", "count", "N' = U_N + U_N R_N* (1 - exp(-R_N/R_N*))", "params"),
        out("loss", "nats/token", "E + A/N'^alpha + B/D'^beta", *_PT),
        out("loss_if_unique", "nats/token", "the same N and D with every token unique", *_PT),
        out(
            "opt_params",
            "count",
            "parameters minimising the data-constrained loss at f N D = compute_flop for U "
            "unique tokens (bisection on the slope in log N)",
            *_C,
        ),
        out("opt_tokens", "tokens", "training tokens of that model, compute_flop/(f N)", *_C),
        out("opt_epochs", "count", "opt_tokens / U", *_C),
        out("opt_loss", "nats/token", "the data-constrained loss of that model", *_C),
        out(
            "opt_params_if_unique",
            "count",
            "compute-optimal parameters of the same fit with unlimited unique data, "
            "G (C/f)^(beta/(alpha+beta)) (Chinchilla's closed form)",
            *_C,
        ),
        out("opt_tokens_if_unique", "tokens", "its tokens, compute_flop/(f N)", *_C),
        out(
            "loss_at_opt_if_unique",
            "nats/token",
            "the data-constrained loss of that unconstrained allocation (minus opt_loss: "
            "what ignoring the unique-data limit costs)",
            *_C,
        ),
    ),
    require_any=(("params",), ("tokens",), ("compute_flop",)),
)
