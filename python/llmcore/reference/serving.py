# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §3 `serving`, transcribed."""

from __future__ import annotations

import numpy as np

from llmcore.reference._footprint import embodied_g, layers
from llmcore.reference._status import DOES_NOT_FIT, INCONSISTENT_INPUTS


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
    utilization,
    embodied_kgco2_per_accel,
    accel_lifetime_years,
    boundary,
    accel_idle_fraction,
    accel_load,
    host_power_w,
    host_power_fraction,
    wue_l_per_kwh,
    grid_water_l_per_kwh,
    market_gco2_per_kwh,
    primary_energy_mj_per_kwh,
    adpe_kgsbeq_per_kwh,
    n_experts,
    experts_per_token,
    memory_bound_load,
    moe_efficiency,
):
    active_params = np.where(np.isnan(active_params), params, active_params)  # [params]
    # more weights per token than the model has: the outputs that need the compute per
    # token (all but the memory ones) are NaN, flagged
    inconsistent = active_params > params
    weight_bytes = params * bytes_per_param
    kv_bytes_per_token = 2 * n_layers * d_model * kv_fraction * kv_bytes_per_elem
    kv_bytes = batch * (prompt_tokens + output_tokens) * kv_bytes_per_token
    memory_bytes = weight_bytes + kv_bytes
    have_mem = ~np.isnan(accel_memory_bytes)
    fits_bool = memory_bytes <= n_accel * accel_memory_bytes
    fits = np.where(have_mem, np.where(fits_bool, 1.0, 0.0), np.nan)
    moe = active_params < params
    eff = np.where(moe, moe_efficiency, 1.0)
    compute_rate = n_accel * peak_flop_per_s * mfu * eff
    bw = n_accel * mem_bw_bytes_per_s * mbu * eff
    # absent read fraction: dense 1; MoE reads dense weights + experts routed to (uniform):
    # active = dense + (k/E) x, params = dense + x, touched = 1 - (1 - k/E)^batch
    share = experts_per_token / n_experts
    routed = (params - active_params) / (1 - share)
    touched = 1 - (1 - share) ** batch
    routed_read = np.clip((params - routed + touched * routed) / params, 0.0, 1.0)
    has_routing = moe & (n_experts > 0) & (experts_per_token < n_experts)
    derived = np.where(has_routing, routed_read, 1.0)
    expert_read_fraction = np.where(np.isnan(expert_read_fraction), derived, expert_read_fraction)
    # attention: 4 L d FLOP per token per context token; causal prefill 2 L d P^2
    attn = 4 * n_layers * d_model
    prefill_flop = batch * (
        prompt_tokens * flops_per_param_token * active_params
        + 0.5 * attn * prompt_tokens * prompt_tokens
    )
    prefill_s = np.maximum(prefill_flop / compute_rate, weight_bytes / bw)
    ctx = prompt_tokens + output_tokens / 2
    kv_read_avg = batch * ctx * kv_bytes_per_token
    step_flop = batch * (flops_per_param_token * active_params + attn * ctx)
    step_bytes = weight_bytes * expert_read_fraction + kv_read_avg
    step_compute = step_flop / compute_rate
    step_memory = step_bytes / bw
    step_s = np.maximum(step_compute, step_memory)
    decode_s = output_tokens * step_s
    latency_s = prefill_s + decode_s
    cost_per_query = n_accel * price_per_accel_hour / 3600 * latency_s / batch
    # load absent: compute-bound time at 1, the rest at memory_bound_load
    compute_share = (prefill_flop / compute_rate + output_tokens * step_compute) / latency_s
    roofline = compute_share + (1 - compute_share) * memory_bound_load
    load = np.where(np.isnan(accel_load), roofline, accel_load)
    busy_s = n_accel * latency_s / batch
    f = layers(
        busy_s,
        accel_power_w,
        accel_idle_fraction,
        load,
        host_power_w,
        host_power_fraction,
        utilization,
        pue,
        boundary,
        wue_l_per_kwh,
        grid_water_l_per_kwh,
        grid_gco2_per_kwh,
        market_gco2_per_kwh,
        primary_energy_mj_per_kwh,
        adpe_kgsbeq_per_kwh,
    )
    energy_wh_per_query = f["total"]
    co2_g_per_query = f["co2_g"]
    per_1k = 1000 / output_tokens
    water_on = f["water_onsite_l"] * 1000
    water_off = f["water_offsite_l"] * 1000
    out = {
        "weight_bytes": weight_bytes,
        "kv_bytes_per_token": kv_bytes_per_token,
        "kv_bytes": kv_bytes,
        "memory_bytes": memory_bytes,
        "fits": fits,
        "min_accel_memory": np.ceil(memory_bytes / accel_memory_bytes),
        # largest batch whose KV cache fits beside the weights (0 if the weights do not fit)
        "max_batch": np.maximum(
            0.0,
            np.floor(
                (n_accel * accel_memory_bytes - weight_bytes)
                / (kv_bytes_per_token * (prompt_tokens + output_tokens))
            ),
        ),
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
        "accel_avg_power_w": f["busy_w"],
        "accel_wh_per_query": f["accel"],
        "host_wh_per_query": f["host"],
        "idle_wh_per_query": f["idle"],
        "overhead_wh_per_query": f["overhead"],
        "water_onsite_ml_per_query": water_on,
        "water_offsite_ml_per_query": water_off,
        "water_ml_per_query": water_on + water_off,
        "co2_market_g_per_query": f["co2_market_g"],
        "embodied_co2_g_per_query": embodied_g(
            embodied_kgco2_per_accel, busy_s, accel_lifetime_years, utilization
        ),
        "primary_energy_kj_per_query": f["primary_energy_mj"] * 1000,
        "adpe_mg_sbeq_per_query": f["adpe_kg"] * 1e6,
    }
    names = list(out)
    for name in names[names.index("prefill_s") :]:
        out[name] = np.where(inconsistent, np.nan, out[name])
    out["_status"] = np.where(have_mem & ~fits_bool, DOES_NOT_FIT, 0) | np.where(
        inconsistent, INCONSISTENT_INPUTS, 0
    )
    return out
