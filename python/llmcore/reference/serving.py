# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §3 `serving`, transcribed."""

from __future__ import annotations

import numpy as np

from llmcore.reference._status import DOES_NOT_FIT


def evaluate(
    params,
    n_layers,
    d_model,
    kv_fraction,
    bytes_per_param,
    kv_bytes_per_elem,
    prompt_tokens,
    output_tokens,
    batch,
    n_accel,
    peak_flop_per_s,
    mem_bw_bytes_per_s,
    accel_memory_bytes,
    mfu,
    mbu,
    flops_per_param_token,
    active_params,
    expert_read_fraction,
    price_per_accel_hour,
    accel_power_w,
    pue,
    grid_gco2_per_kwh,
    electricity_price_per_kwh,
):
    active_params = np.where(np.isnan(active_params), params, active_params)  # [params]
    weight_bytes = params * bytes_per_param
    kv_bytes_per_token = 2 * n_layers * d_model * kv_fraction * kv_bytes_per_elem
    kv_bytes = batch * (prompt_tokens + output_tokens) * kv_bytes_per_token
    memory_bytes = weight_bytes + kv_bytes
    have_mem = ~np.isnan(accel_memory_bytes)
    fits_bool = memory_bytes <= n_accel * accel_memory_bytes
    fits = np.where(have_mem, np.where(fits_bool, 1.0, 0.0), np.nan)
    compute_rate = n_accel * peak_flop_per_s * mfu
    bw = n_accel * mem_bw_bytes_per_s * mbu
    prefill_s = np.maximum(
        batch * prompt_tokens * flops_per_param_token * active_params / compute_rate,
        weight_bytes / bw,
    )
    kv_read_avg = batch * (prompt_tokens + output_tokens / 2) * kv_bytes_per_token
    step_compute = batch * flops_per_param_token * active_params / compute_rate
    step_memory = (weight_bytes * expert_read_fraction + kv_read_avg) / bw
    step_s = np.maximum(step_compute, step_memory)
    decode_s = output_tokens * step_s
    latency_s = prefill_s + decode_s
    cost_per_query = n_accel * price_per_accel_hour / 3600 * latency_s / batch
    energy_wh_per_query = n_accel * accel_power_w * pue / 3600 * latency_s / batch
    co2_g_per_query = energy_wh_per_query / 1000 * grid_gco2_per_kwh
    per_1k = 1000 / output_tokens
    return {
        "weight_bytes": weight_bytes,
        "kv_bytes_per_token": kv_bytes_per_token,
        "kv_bytes": kv_bytes,
        "memory_bytes": memory_bytes,
        "fits": fits,
        "min_accel_memory": np.ceil(memory_bytes / accel_memory_bytes),
        "prefill_s": prefill_s,
        "step_s": step_s,
        "decode_s": decode_s,
        "latency_s": latency_s,
        "time_to_first_token_s": prefill_s,
        "memory_bound": np.where(step_memory > step_compute, 1.0, 0.0),
        "queries_per_s": batch / latency_s,
        "output_tokens_per_s": batch * output_tokens / latency_s,
        "cost_per_query": cost_per_query,
        "cost_per_1k_output_tokens": cost_per_query * per_1k,
        "energy_wh_per_query": energy_wh_per_query,
        "energy_wh_per_1k_output_tokens": energy_wh_per_query * per_1k,
        "co2_g_per_query": co2_g_per_query,
        "co2_g_per_1k_output_tokens": co2_g_per_query * per_1k,
        "electricity_cost_per_query": energy_wh_per_query / 1000 * electricity_price_per_kwh,
        "_status": np.where(have_mem & ~fits_bool, DOES_NOT_FIT, 0),
    }
