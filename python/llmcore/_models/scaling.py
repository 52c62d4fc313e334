# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §5 `scaling` metadata (field order = cpp/include/llmcore/models/scaling.hpp)."""

from __future__ import annotations

from llmcore._models._info import ModelInfo, inp, out

_M = "model"
_PT = ("params", "tokens")
_C = ("compute_flop",)
_T = ("target_loss",)

SCALING = ModelInfo(
    name="scaling",
    section="§5",
    doc="Parametric loss L(N, D) = E + A/N^alpha + B/D^beta (Chinchilla fit by default), "
    "compute-optimal allocation, minimal compute for a target loss, and the lifetime-optimal "
    "model that minimises training plus inference FLOP for that loss.",
    inputs=(
        inp(
            "params",
            "count",
            "model parameters N (for loss)",
            optional=True,
            catalog=_M,
            typical=(1e6, 2e12),
            log=True,
        ),
        inp(
            "tokens",
            "count",
            "training tokens D (for loss)",
            optional=True,
            catalog=_M,
            typical=(1e8, 2e13),
            log=True,
        ),
        inp("E", "nats", "irreducible loss of the fit", 1.69, range=">= 0", typical=(0.5, 1.9)),
        inp(
            "A",
            "nats",
            "parameter-term coefficient of the fit",
            406.4,
            typical=(50, 2000),
            log=True,
        ),
        inp("B", "nats", "data-term coefficient of the fit", 410.7, typical=(50, 2000), log=True),
        # Published loss-law exponents lie in 0.05-0.8. The bounds keep 1/alpha and 1/beta,
        # which the target and lifetime outputs raise to, from turning an ulp into a wrong
        # digit (design/numerics.md): at beta = 1e-6 no two libms agree to 1e-9.
        inp(
            "alpha",
            "exponent",
            "parameter-term exponent of the fit",
            0.34,
            range="[0.01, 5]",
            typical=(0.2, 0.6),
        ),
        inp(
            "beta",
            "exponent",
            "data-term exponent of the fit",
            0.28,
            range="[0.01, 5]",
            typical=(0.2, 0.6),
        ),
        inp(
            "flops_per_param_token",
            "FLOP",
            "training FLOP per parameter per token",
            6.0,
            typical=(2, 8),
        ),
        inp(
            "compute_flop",
            "FLOP",
            "training compute budget C",
            optional=True,
            typical=(1e18, 1e27),
            log=True,
        ),
        inp(
            "target_loss",
            "nats",
            "loss to reach (must exceed E, else the scenario is flagged unreachable)",
            optional=True,
            typical=(2.0, 5.0),
        ),
        inp(
            "inference_tokens",
            "tokens",
            "tokens served over the model's life",
            0.0,
            range=">= 0",
            typical=(1e11, 1e16),
            log=True,
        ),
        inp(
            "inference_flops_per_param_token",
            "FLOP",
            "inference FLOP per parameter per token",
            2.0,
            typical=(1, 4),
        ),
    ),
    outputs=(
        out("loss", "nats", "L(params, tokens)", *_PT),
        out("train_flop", "FLOP", "flops_per_param_token · params · tokens", *_PT),
        out("opt_params", "count", "compute-optimal parameters for compute_flop", *_C),
        out("opt_tokens", "count", "compute-optimal tokens for compute_flop", *_C),
        out("opt_loss", "nats", "loss of the compute-optimal model", *_C),
        out("min_compute_for_loss", "FLOP", "least training compute reaching target_loss", *_T),
        out("target_opt_params", "count", "compute-optimal parameters reaching target_loss", *_T),
        out("target_opt_tokens", "count", "compute-optimal tokens reaching target_loss", *_T),
        out(
            "lifetime_params",
            "count",
            "parameters minimising training + inference FLOP at target_loss",
            *_T,
        ),
        out("lifetime_tokens", "count", "training tokens of that model", *_T),
        out("lifetime_flop", "FLOP", "its training plus inference FLOP", *_T),
        out(
            "lifetime_saving",
            "fraction",
            "1 - lifetime_flop / (training + inference FLOP of the "
            "compute-optimal model at target_loss)",
            *_T,
        ),
        out(
            "opt_tokens_for_params",
            "count",
            "tokens a compute-optimal model of `params` "
            "parameters is trained on (the frontier inverted)",
            "params",
        ),
    ),
    flagged=(
        (
            "unreachable_target",
            (
                "min_compute_for_loss",
                "target_opt_params",
                "target_opt_tokens",
                "lifetime_params",
                "lifetime_tokens",
                "lifetime_flop",
                "lifetime_saving",
            ),
        ),
    ),
)
