# SPDX-License-Identifier: BSD-3-Clause
"""Issue 16 `parallelism`, transcribed from the published formulas: Korthikanti et al. 2022
Table 2 (activations), Narayanan et al. 2021 eq. 3 and §2.2 (FLOPs, pipeline bubble),
Rajbhandari et al. 2020 (ZeRO), ring collectives moving 2(n-1)/n of a buffer."""

from __future__ import annotations

import numpy as np

from llmcore.reference._status import DOES_NOT_FIT, INCONSISTENT_INPUTS

# the outputs that need the parameter counts
_NEED_COUNTS = (
    "params_per_accel",
    "weight_mem_bytes",
    "grad_mem_bytes",
    "optimizer_mem_bytes",
    "memory_per_accel_bytes",
    "fits",
    "model_flop_per_step",
    "hw_flop_per_step",
    "compute_s",
    "bubble_s",
    "dp_comm_bytes",
    "dp_comm_s",
    "ep_comm_bytes",
    "ep_comm_s",
    "exposed_comm_s",
    "step_s",
    "tokens_per_s",
    "mfu",
    "hfu",
    "flop_per_s_per_accel",
    "wall_s",
    "wall_days",
    "accel_hours",
)


def _ring(nbytes, n, bw, lat):
    return np.where(n > 1, nbytes / bw + 2 * (n - 1) * lat, 0.0)


def _link(inside, intra, inter):
    return np.where(inside, intra, inter)


def evaluate(
    params,
    active_params,
    n_layers,
    d_model,
    n_heads,
    vocab_size,
    seq_len,
    kv_fraction,
    n_experts,
    experts_per_token,
    micro_batch,
    global_batch,
    tokens,
    tp,
    pp,
    dp,
    ep,
    cp,
    sequence_parallel,
    interleave,
    zero_stage,
    recompute,
    flash_attention,
    weight_bytes,
    grad_bytes,
    optimizer_bytes,
    act_bytes,
    peak_flop_per_s,
    accel_memory_bytes,
    accel_per_node,
    intra_bw_bytes_per_s,
    inter_bw_bytes_per_s,
    intra_latency_s,
    inter_latency_s,
    kernel_efficiency,
    gemm_peak_efficiency,
    gemm_half_width,
    overlap,
):
    L, h, a, V, b = n_layers, d_model, n_heads, vocab_size, micro_batch
    s = seq_len / cp  # a context-parallel rank's share of the sequence
    full = recompute >= 2
    selective = ~full & (recompute >= 1)
    sp = sequence_parallel != 0

    emb = V * h
    total = np.where(np.isnan(params), L * (12 * h**2 + 13 * h) + emb, params)
    active = np.where(np.isnan(active_params), total, active_params)
    # a parameter count below the embeddings (vocab_size x d_model), or more weights per
    # token than the model has, contradicts the architecture: the outputs that need the
    # counts are NaN and the scenario is flagged
    inconsistent = ~((emb <= active) & (active <= total))
    k, E = experts_per_token, n_experts
    moe = (E > 1) & (k < E) & (active < total)
    # active = dense + (k/E) routed, per layer
    routed = np.where(moe, ((total - emb) / L - (active - emb) / L) / (1 - k / E), 0.0)
    dense = (total - emb) / L - routed
    params_per_accel = (L / pp * (dense + routed / ep) + emb) / tp
    n = tp * pp * dp * cp

    def divides(d, x):
        return np.fmod(x, d) == 0

    valid = (
        divides(pp * interleave, L)
        & divides(tp, a)
        & divides(micro_batch * dp, global_batch)
        & divides(cp, seq_len)
        & divides(ep, dp)
        & (~moe | divides(ep, E))
    )

    weights = params_per_accel * weight_bytes / np.where(zero_stage >= 3, dp, 1.0)
    grads = params_per_accel * grad_bytes / np.where(zero_stage >= 2, dp, 1.0)
    optim = params_per_accel * optimizer_bytes / np.where(zero_stage >= 1, dp, 1.0)
    sbh = s * b * h
    # Table 2's 5as/h term: not stored under selective recompute or a flash attention kernel
    attn = np.where(selective | (flash_attention != 0), 0.0, 5 * a * s / h)
    none_or_selective = np.where(sp, sbh / tp * (34 + attn), sbh * (10 + 24 / tp + attn / tp))
    per_layer = np.where(full, 2 * sbh / np.where(sp, tp, 1.0), none_or_selective)
    per_layer = per_layer * (act_bytes / 2)
    m = global_batch / (micro_batch * dp)
    interleaved = np.where(interleave > 1, 1 + (pp - 1) / (pp * interleave), 1.0)
    activations = per_layer * (L / pp) * np.minimum(pp, m) * interleaved
    temp = 4 * s * b * V / tp
    memory = weights + grads + optim + activations + temp
    have_mem = ~np.isnan(accel_memory_bytes)
    fits_bool = memory <= accel_memory_bytes

    # FLOPs per token: 6N + 12 L h s + 6 h V; recompute adds 2N + 4 L h s (full, Narayanan
    # eq. 3), 12 L h s (selective, Korthikanti eq. 8)
    nonemb = active - emb
    model_tok = 6 * nonemb + 12 * L * h * seq_len + 6 * h * V
    extra = np.where(
        full, 2 * nonemb + 4 * L * h * seq_len, np.where(selective, 12 * L * h * seq_len, 0.0)
    )
    step_tokens = global_batch * seq_len
    model_flop = model_tok * step_tokens
    hw_flop = (model_tok + extra) * step_tokens
    # kernel efficiency absent: peak x h / (h + half width), as matrix multiplies saturate
    eff = np.where(
        np.isnan(kernel_efficiency),
        gemm_peak_efficiency * h / (h + gemm_half_width),
        kernel_efficiency,
    )
    compute_s = hw_flop / (n * peak_flop_per_s * eff)
    bubble = (pp - 1) / (interleave * m)

    msg = sbh * act_bytes
    layers = L / pp
    n_tp = np.where(full, 6.0, 4.0) * layers * m
    tp_in = tp <= accel_per_node
    tp_bytes = np.where(tp > 1, n_tp * 2 * (tp - 1) / tp * msg, 0.0)
    tp_s = np.where(
        tp > 1,
        tp_bytes / _link(tp_in, intra_bw_bytes_per_s, inter_bw_bytes_per_s)
        + n_tp * 2 * (tp - 1) * _link(tp_in, intra_latency_s, inter_latency_s),
        0.0,
    )
    pp_in = tp * pp <= accel_per_node
    pp_bytes = np.where(pp > 1, 2 * m * interleave * msg / tp, 0.0)
    pp_s = np.where(
        pp > 1,
        pp_bytes / _link(pp_in, intra_bw_bytes_per_s, inter_bw_bytes_per_s)
        + 2 * m * interleave * _link(pp_in, intra_latency_s, inter_latency_s),
        0.0,
    )
    dp_in = n <= accel_per_node
    dp_bytes = np.where(
        dp > 1,
        2 * (dp - 1) / dp * params_per_accel * grad_bytes * np.where(zero_stage >= 3, 1.5, 1.0),
        0.0,
    )
    dp_s = _ring(
        dp_bytes,
        dp,
        _link(dp_in, intra_bw_bytes_per_s, inter_bw_bytes_per_s),
        _link(dp_in, intra_latency_s, inter_latency_s),
    )
    ep_in = ep * tp <= accel_per_node
    routed_msg = s * b * k * h * act_bytes / tp
    ep_bytes = np.where(moe & (ep > 1), 4 * layers * m * routed_msg * (ep - 1) / ep, 0.0)
    ep_s = np.where(
        ep_bytes > 0,
        ep_bytes / _link(ep_in, intra_bw_bytes_per_s, inter_bw_bytes_per_s)
        + 4 * layers * m * (ep - 1) * _link(ep_in, intra_latency_s, inter_latency_s),
        0.0,
    )
    cp_in = cp * tp <= accel_per_node
    kv_msg = 2 * s * b * h * kv_fraction * act_bytes / tp
    cp_bytes = np.where(cp > 1, 3 * layers * m * (cp - 1) * kv_msg, 0.0)
    cp_s = np.where(
        cp > 1,
        cp_bytes / _link(cp_in, intra_bw_bytes_per_s, inter_bw_bytes_per_s)
        + 3 * layers * m * (cp - 1) * _link(cp_in, intra_latency_s, inter_latency_s),
        0.0,
    )
    exposed = tp_s + pp_s + ep_s + (1 - overlap) * (dp_s + cp_s)
    step_s = compute_s + compute_s * bubble + exposed
    steps = tokens / step_tokens
    wall_s = steps * step_s
    out = {
        "n_accel": n,
        "layout_valid": np.where(valid, 1.0, 0.0),
        "params_per_accel": params_per_accel,
        "weight_mem_bytes": weights,
        "grad_mem_bytes": grads,
        "optimizer_mem_bytes": optim,
        "activation_mem_bytes": activations,
        "temp_mem_bytes": temp,
        "memory_per_accel_bytes": memory,
        "fits": np.where(have_mem, np.where(fits_bool, 1.0, 0.0), np.nan),
        "microbatches": m,
        "bubble_fraction": bubble,
        "model_flop_per_step": model_flop,
        "hw_flop_per_step": hw_flop,
        "compute_s": compute_s,
        "bubble_s": compute_s * bubble,
        "tp_comm_bytes": tp_bytes,
        "tp_comm_s": tp_s,
        "pp_comm_bytes": pp_bytes,
        "pp_comm_s": pp_s,
        "dp_comm_bytes": dp_bytes,
        "dp_comm_s": dp_s,
        "ep_comm_bytes": ep_bytes,
        "ep_comm_s": ep_s,
        "cp_comm_bytes": cp_bytes,
        "cp_comm_s": cp_s,
        "exposed_comm_s": exposed,
        "step_s": step_s,
        "tokens_per_s": step_tokens / step_s,
        # the whole layout's peak first, as in compute_s: step_s * n alone can overflow
        "mfu": model_flop / (step_s * (n * peak_flop_per_s)),
        "hfu": hw_flop / (step_s * (n * peak_flop_per_s)),
        "flop_per_s_per_accel": hw_flop / (step_s * n),
        "steps": steps,
        "wall_s": wall_s,
        "wall_days": wall_s / 86400,
        "accel_hours": wall_s * n / 3600,
    }
    for name in _NEED_COUNTS:
        out[name] = np.where(inconsistent, np.nan, out[name])
    out["_status"] = np.where(
        inconsistent, INCONSISTENT_INPUTS, np.where(have_mem & ~fits_bool, DOES_NOT_FIT, 0)
    )
    return out
