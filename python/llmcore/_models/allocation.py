# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `allocation` metadata (field order = cpp/include/llmcore/models/allocation.hpp).

Coefficients have no default: a row of the allocation_fits catalog (``allocation="llama-3"``,
``"deepseek-llm"``) or the caller gives them, so a law nobody chose is never applied."""

from __future__ import annotations

from llmcore._models._info import InputInfo, ModelInfo, inp, out

_F = "allocation"


def _coef(name: str, doc: str, typical: tuple[float, float]) -> InputInfo:
    # a row carries the laws its paper published: the others are left out without a warning
    return inp(
        name,
        "coefficient",
        doc,
        optional=True,
        range="> 0",
        catalog=_F,
        typical=typical,
        supplementary=True,
    )


def _exp(name: str, doc: str, lo: float = 0.01) -> InputInfo:
    # exponents bounded as the loss laws' are (design/numerics.md)
    rng = f"[{lo:g}, 5]" if lo > 0 else "[-5, 5]"
    return inp(
        name,
        "exponent",
        doc,
        optional=True,
        range=rng,
        catalog=_F,
        typical=(0.1, 0.9),
        supplementary=True,
    )


_T, _S, _B, _L = (
    ("tokens_coef", "tokens_exp"),
    ("size_coef", "size_exp"),
    (
        "batch_coef",
        "batch_exp",
    ),
    ("lr_coef", "lr_exp"),
)

ALLOCATION = ModelInfo(
    name="allocation",
    section="issue 17",
    doc="Compute-optimal allocation from published power laws X*(C) = A·C^α (Llama 3's "
    "training tokens, DeepSeek LLM's model scale, data, batch and learning rate) and what "
    "they imply through C = k·size·tokens.",
    inputs=(
        inp(
            "compute_flop",
            "FLOP",
            "training compute C",
            range="> 0",
            typical=(1e18, 1e27),
            log=True,
        ),
        _coef("tokens_coef", "A of the optimal training tokens D*(C) = A·C^α", (0.01, 100)),
        _exp("tokens_exp", "α of D*(C)"),
        _coef("size_coef", "A of the optimal model scale (parameters or FLOP/token)", (0.01, 10)),
        _exp("size_exp", "α of the optimal model scale"),
        inp(
            "flop_per_size_token",
            "FLOP",
            "k in C = k·size·tokens: 6 when size counts parameters (6ND), 1 when it counts "
            "FLOPs per token (DeepSeek's M)",
            6.0,
            range="> 0",
            catalog=_F,
            typical=(1, 8),
        ),
        _coef("batch_coef", "A of the optimal batch in tokens", (0.01, 10)),
        _exp("batch_exp", "α of the optimal batch"),
        _coef("lr_coef", "A of the optimal learning rate", (0.01, 10)),
        _exp("lr_exp", "α of the optimal learning rate (negative)", lo=-5.0),
    ),
    outputs=(
        out("opt_tokens", "tokens", "compute-optimal training tokens A·C^α", *_T),
        out("size_from_tokens", "count", "model scale C / (k·D*) those tokens imply", *_T),
        out("tokens_per_size", "ratio", "D* over that model scale", *_T),
        out("opt_size", "count", "compute-optimal model scale A·C^α", *_S),
        out("tokens_from_size", "tokens", "tokens C / (k·size*) that scale implies", *_S),
        out("opt_batch_tokens", "tokens", "optimal batch size", *_B),
        out("opt_lr", "rate", "optimal learning rate", *_L),
    ),
)
