# SPDX-License-Identifier: BSD-3-Clause
"""SPEC.md §3 `serving` metadata (field order = cpp/include/llmcore/models/serving.hpp)."""

from __future__ import annotations

from llmcore._models import _common as c
from llmcore._models._info import ModelInfo, inp, out

_M = "model"
_MEM = ("accel_memory_bytes",)
_POWER = ("accel_power_w",)

_OUTPUTS = (
    out("weight_bytes", "bytes", "weights in memory"),
    out("kv_bytes_per_token", "bytes", "KV cache per token of context"),
    out("kv_bytes", "bytes", "KV cache of the whole batch at full length"),
    out("memory_bytes", "bytes", "weights plus KV cache"),
    out("fits", "flag", "1 if memory_bytes fits on n_accel accelerators", *_MEM),
    out("min_accel_memory", "count", "accelerators needed to hold memory_bytes", *_MEM),
    out(
        "max_batch",
        "count",
        "largest batch whose KV cache fits beside the weights on n_accel accelerators",
        *_MEM,
    ),
    out("prefill_s", "s", "prompt processing time (compute or weight-read bound)"),
    out("step_s", "s", "one decode step: max of compute and memory time"),
    out("decode_s", "s", "generation time"),
    out("latency_s", "s", "prefill plus decode"),
    out("time_to_first_token_s", "s", "time to first token (= prefill_s)"),
    out("memory_bound", "flag", "1 if a decode step is bound by memory bandwidth"),
    out("queries_per_s", "1/s", "requests completed per second"),
    out("output_tokens_per_s", "tokens/s", "generated tokens per second"),
    out("cost_per_query", "USD", "accelerator cost per request", *c.PRICE_NEEDS),
    out(
        "cost_per_1k_output_tokens",
        "USD",
        "accelerator cost per 1000 generated tokens",
        *c.PRICE_NEEDS,
    ),
    out("energy_wh_per_query", "Wh", "energy per request at the boundary", *_POWER),
    out(
        "energy_wh_per_1k_output_tokens",
        "Wh",
        "energy per 1000 generated tokens at the boundary",
        *_POWER,
    ),
    out(
        "co2_g_per_query",
        "g",
        "operational CO2 per request, location-based",
        *_POWER,
        *c.GRID_NEEDS,
    ),
    out(
        "co2_g_per_1k_output_tokens",
        "g",
        "operational CO2 per 1000 generated tokens",
        *_POWER,
        *c.GRID_NEEDS,
    ),
    out(
        "electricity_cost_per_query",
        "USD",
        "electricity cost per request",
        *_POWER,
        *c.ELECTRICITY_NEEDS,
    ),
    out("accel_avg_power_w", "W", "modelled draw of one busy accelerator", *_POWER),
    out("accel_wh_per_query", "Wh", "busy accelerators' energy per request", *_POWER),
    out("host_wh_per_query", "Wh", "host (CPU, DRAM, NIC, fans) energy per request", *_POWER),
    out("idle_wh_per_query", "Wh", "idle provisioned capacity's energy per request", *_POWER),
    out(
        "overhead_wh_per_query",
        "Wh",
        "data-centre overhead ((PUE - 1) x IT) per request",
        *_POWER,
    ),
    out("water_onsite_ml_per_query", "mL", "on-site (cooling) water per request", *c.WUE_NEEDS),
    out(
        "water_offsite_ml_per_query",
        "mL",
        "water consumed generating the request's electricity",
        *c.GRID_WATER_NEEDS,
    ),
    out(
        "water_ml_per_query",
        "mL",
        "on-site plus off-site water per request",
        *c.WUE_NEEDS,
        "grid_water_l_per_kwh",
    ),
    out(
        "co2_market_g_per_query",
        "g",
        "operational CO2 per request, market-based",
        *c.MARKET_NEEDS,
    ),
    out(
        "embodied_co2_g_per_query",
        "g",
        "accelerators' manufacturing CO2 amortised over their busy life",
        *c.EMBODIED_NEEDS,
    ),
    out("primary_energy_kj_per_query", "kJ", "primary energy per request", *c.PE_NEEDS),
    out(
        "adpe_mg_sbeq_per_query",
        "mg Sb eq",
        "abiotic depletion of the request's electricity",
        *c.ADPE_NEEDS,
    ),
)
_FIRST_TIMED = [o.name for o in _OUTPUTS].index("prefill_s")

SERVING = ModelInfo(
    name="serving",
    section="§3",
    doc="Roofline model of batched generation: weight and KV-cache memory, prefill and decode "
    "time, latency, throughput, cost, energy (per layer: accelerators, host, idle capacity, "
    "data-centre overhead; total at `boundary`), water, CO2 and embodied carbon per query "
    "and per 1k output tokens. Use this for what a request costs: its efficiencies and "
    "power model are fitted to the ML.ENERGY leaderboard's measurements (median factor "
    "1.22 over 100 configurations, design/energy.md); `inference` is a compute-bound lower "
    "bound.",
    inputs=(
        inp(
            "params",
            "count",
            "model parameters (memory follows these)",
            catalog=_M,
            typical=(1e6, 2e12),
            log=True,
        ),
        inp(
            "n_layers",
            "count",
            "transformer layers",
            range=">= 1",
            catalog=_M,
            typical=(1, 160),
            log=True,
        ),
        inp(
            "d_model",
            "count",
            "hidden size",
            range=">= 1",
            catalog=_M,
            typical=(64, 32768),
            log=True,
        ),
        inp(
            "kv_fraction",
            "fraction",
            "key/value width over d_model, n_kv_heads·head_dim / d_model (grouped-query "
            "attention; latent attention (kv_lora_rank + qk_rope_head_dim) / (2·d_model))",
            1.0,
            range="> 0",
            catalog=_M,
            typical=(0.01, 1),
        ),
        inp(
            "bytes_per_param",
            "bytes",
            "bytes per weight (2 = 16-bit, 1 = 8-bit, 0.5 = 4-bit)",
            2.0,
            typical=(0.25, 4),
        ),
        inp("kv_bytes_per_elem", "bytes", "bytes per cached K/V element", 2.0, typical=(0.5, 4)),
        inp("prompt_tokens", "tokens", "prompt length", 500.0, range=">= 0", typical=(0, 100_000)),
        inp(
            "output_tokens",
            "tokens",
            "generated tokens per request",
            500.0,
            range=">= 1",
            typical=(1, 10_000),
            log=True,
        ),
        inp(
            "batch",
            "count",
            "requests served together",
            1.0,
            range=">= 1",
            typical=(1, 1024),
            log=True,
        ),
        inp(
            "n_accel",
            "count",
            "accelerators in the tensor-parallel group",
            1.0,
            range=">= 1",
            typical=(1, 64),
            log=True,
        ),
        c.PEAK_FLOP_PER_S,
        inp(
            "mem_bw_bytes_per_s",
            "bytes/s",
            "memory bandwidth per accelerator",
            catalog="hardware",
            typical=(1e11, 1e13),
            log=True,
        ),
        c.ACCEL_MEMORY_BYTES,
        inp(
            "mfu",
            "fraction",
            "achieved share of peak FLOP/s while compute-bound (0.45: fitted to ML.ENERGY "
            "leaderboard v3, vLLM on H100/B200, design/energy.md)",
            0.45,
            range="(0, 1]",
            typical=(0.05, 0.9),
        ),
        inp(
            "mbu",
            "fraction",
            "achieved share of peak memory bandwidth while memory-bound (0.55: fitted to "
            "ML.ENERGY leaderboard v3, design/energy.md)",
            0.55,
            range="(0, 1]",
            typical=(0.1, 1),
        ),
        inp(
            "flops_per_param_token",
            "FLOP",
            "inference FLOP per active parameter per token",
            2.0,
            typical=(1, 4),
        ),
        inp(
            "active_params",
            "count",
            "parameters used per token (mixture-of-experts); absent = params",
            optional=True,
            catalog=_M,
            typical=(1e6, 2e12),
            log=True,
        ),
        inp(
            "expert_read_fraction",
            "fraction",
            "share of the weights one decode step reads; absent = 1 for dense models, for "
            "mixture-of-experts the dense weights plus the experts a batch routes to "
            "(uniform routing, from n_experts and experts_per_token)",
            optional=True,
            range="(0, 1]",
            typical=(0.05, 1),
        ),
        c.PRICE_PER_ACCEL_HOUR,
        c.ACCEL_POWER_W,
        c.PUE,
        c.GRID,
        c.ELECTRICITY_PRICE,
        c.UTILIZATION,
        c.EMBODIED,
        c.LIFETIME,
        *c.footprint_inputs(
            inp(
                "accel_load",
                "fraction",
                c._LOAD_DOC + "; absent = the roofline's own load: the achieved share of the "
                "binding resource's peak (mfu while compute-bound, mbu while memory-bound), "
                "time-weighted over the request",
                optional=True,
                range="[0, 1]",
                typical=(0.3, 1),
            )
        ),
        c.N_EXPERTS,
        c.EXPERTS_PER_TOKEN,
        inp(
            "memory_bound_load",
            "fraction",
            "accelerator load (between idle 0 and TDP 1) while a phase is memory-bound; "
            "compute-bound time counts 1 (fitted to ML.ENERGY leaderboard v3, design/energy.md)",
            0.55,
            range="[0, 1]",
            typical=(0.2, 1),
        ),
        inp(
            "moe_efficiency",
            "fraction",
            "factor on mfu and mbu for mixture-of-experts models (routing, grouped GEMMs, "
            "all-to-all; fitted to ML.ENERGY leaderboard v3, design/energy.md)",
            0.6,
            range="(0, 1]",
            typical=(0.1, 1),
        ),
    ),
    outputs=_OUTPUTS,
    consistency="active_params <= params",
    # active_params above params: every output that needs the compute per token (all but
    # the memory ones) is NaN
    flagged=(("inconsistent_inputs", tuple(o.name for o in _OUTPUTS[_FIRST_TIMED:])),),
)
