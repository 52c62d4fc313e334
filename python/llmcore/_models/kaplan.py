# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `kaplan` metadata (field order = cpp/include/llmcore/models/kaplan.hpp).

Defaults are Kaplan et al. 2020's fitted constants (arXiv 2001.08361: §1.2 and Table 1 for
L(N), L(D), L(C_min), B_crit and S; Table 2 for the joint L(N, D) fit; Table 3 for L(N, S);
eq. 1.7's fit N_opt = 1.3e9 · C_min^0.73 with C_min in PF-days)."""

from __future__ import annotations

from llmcore._models._info import InputInfo, ModelInfo, inp, out

_K = "Kaplan et al. 2020"


def _given(name: str, unit: str, doc: str, typical: tuple[float, float]) -> InputInfo:
    return inp(name, unit, doc, optional=True, range="> 0", typical=typical, log=True)


def _const(name: str, unit: str, doc: str, value: float, typical: tuple[float, float]) -> InputInfo:
    # exponents bounded as scaling's are (design/numerics.md): below 0.01 the answer would
    # depend on the math library's last bit
    rng = "[0.01, 5]" if unit == "exponent" else "> 0"
    return inp(name, unit, f"{doc} ({_K})", value, range=rng, typical=typical)


KAPLAN = ModelInfo(
    name="kaplan",
    section="issue 17",
    doc="Kaplan et al. 2020's scaling laws: L(N), L(D), L(N, D), the critical batch, "
    "L(N, S), the compute-efficient frontier (N_opt, L(C_min), α_C from the exponents) and "
    "the convergence trade-offs, with the paper's fitted constants as inputs (Monte Carlo "
    "over them like any input). N counts non-embedding parameters.",
    inputs=(
        _given("params", "count", "non-embedding parameters N", (1e6, 1e12)),
        _given("tokens", "tokens", "training tokens D", (1e8, 1e13)),
        _given("steps", "steps", "optimizer steps S", (1e3, 1e6)),
        _given("batch_tokens", "tokens", "tokens per batch B", (1e4, 1e8)),
        _given(
            "compute_pf_days", "PF-days", "compute C_min (1 PF-day = 8.64e19 FLOP)", (1e-6, 1e6)
        ),
        _given("loss", "nats/token", "loss at which the critical batch is read", (1.5, 6)),
        _given("model_factor", "ratio", "growth of the model", (1.5, 100)),
        _given("gap", "fraction", "stopping f above the converged loss", (0.005, 0.5)),
        _given("gap_ref", "fraction", "the reference gap f'", (0.005, 0.5)),
        _const("alpha_n", "exponent", "L(N) exponent", 0.076, (0.05, 0.1)),
        _const("n_c", "count", "L(N) scale", 8.8e13, (1e13, 1e15)),
        _const("alpha_d", "exponent", "L(D) exponent", 0.095, (0.05, 0.15)),
        _const("d_c", "tokens", "L(D) scale", 5.4e13, (1e13, 1e15)),
        _const("alpha_n_nd", "exponent", "L(N, D) fit: N exponent (Table 2)", 0.076, (0.05, 0.1)),
        _const("n_c_nd", "count", "L(N, D) fit: N scale (Table 2)", 6.4e13, (1e13, 1e15)),
        _const("alpha_d_nd", "exponent", "L(N, D) fit: D exponent (Table 2)", 0.103, (0.05, 0.15)),
        _const("d_c_nd", "tokens", "L(N, D) fit: D scale (Table 2)", 1.8e13, (1e12, 1e14)),
        _const("alpha_n_ns", "exponent", "L(N, S) fit: N exponent (Table 3)", 0.077, (0.05, 0.1)),
        _const("n_c_ns", "count", "L(N, S) fit: N scale (Table 3)", 6.5e13, (1e13, 1e15)),
        _const("alpha_s", "exponent", "steps exponent", 0.76, (0.5, 1)),
        _const("s_c", "steps", "steps scale", 2.1e3, (1e3, 1e4)),
        _const("alpha_b", "exponent", "critical-batch exponent", 0.21, (0.1, 0.3)),
        _const("b_star", "tokens", "critical-batch scale B*", 2.1e8, (1e8, 1e9)),
        _const("alpha_c_min", "exponent", "L(C_min) exponent", 0.050, (0.03, 0.07)),
        _const("c_c", "PF-days", "L(C_min) scale", 3.1e8, (1e8, 1e9)),
        _const("n_e", "count", "N_opt prefactor (C_min in PF-days)", 1.3e9, (1e8, 1e10)),
        _const("p_n", "exponent", "N_opt exponent of C_min", 0.73, (0.5, 0.9)),
    ),
    outputs=(
        out("loss_n", "nats/token", "L(N) = (N_c/N)^α_N, converged", "params"),
        out("loss_d", "nats/token", "L(D) = (D_c/D)^α_D, large model, early stopping", "tokens"),
        out("loss_nd", "nats/token", "L(N, D), eq. 1.5", "params", "tokens"),
        out("data_exponent", "exponent", "α_N/α_D: data must grow as N^this (L(N, D) fit)"),
        out(
            "data_factor",
            "ratio",
            "data growth for model_factor at fixed overfitting",
            "model_factor",
        ),
        out("b_crit_tokens", "tokens", "critical batch at `loss` (else at L(N))", "params"),
        out("bcrit_doubling_loss_drop", "fraction", "loss decrease per doubling of B_crit"),
        out(
            "s_min",
            "steps",
            "steps at a batch much larger than B_crit",
            "params",
            "steps",
            "batch_tokens",
        ),
        out("loss_ns", "nats/token", "L(N, S_min), eq. 1.6", "params", "steps", "batch_tokens"),
        out("alpha_c_from_exponents", "exponent", "1/(1/α_S + 1/α_B + 1/α_N)"),
        out("n_exponent", "exponent", "N_opt ∝ C_min^this: α_C^min/α_N"),
        out("loss_at_compute", "nats/token", "L(C_min) = (C_c/C_min)^α_C^min", "compute_pf_days"),
        out("n_opt", "count", "compute-efficient N at C_min: N_e·C_min^p_N", "compute_pf_days"),
        out("d_e", "tokens", "data prefactor 2·PF-day/(6·N_e) (C = 2 C_min = 6ND)"),
        out("params_ratio_for_gap", "ratio", "N_f/N_f' = ((1+f)/(1+f'))^(1/α_N)", "gap", "gap_ref"),
        out(
            "steps_ratio_for_gap",
            "ratio",
            "S_f/S_f' = ((1+1/f)/(1+1/f'))^(1/α_S)",
            "gap",
            "gap_ref",
        ),
    ),
)
