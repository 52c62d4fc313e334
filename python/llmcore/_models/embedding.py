# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17 `embedding` metadata (field order = cpp/include/llmcore/models/embedding.hpp).

Self-hosted embedding priced as instance hours at a measured encoder throughput, against an
API's price per 1k tokens (Anyscale, "Numbers every LLM developer should know", 2023-05-17);
energy through the shared footprint layers (design/finetune_embedding.md)."""

from __future__ import annotations

from llmcore._models import _common as c
from llmcore._models._info import ModelInfo, inp, out

_PRICE = c.PRICE_NEEDS
_API = ("api_price_per_1k_tokens",)
_POWER = c.POWER_NEEDS

EMBEDDING = ModelInfo(
    name="embedding",
    section="issue 17",
    doc="Embedding text on a self-hosted encoder against an embedding API: hours and cost at "
    "a measured throughput (instance= fills the price per accelerator-hour and n_accel), "
    "the API's bill, their ratio, generation's price over embedding's, the encoder's weight "
    "memory, and energy, CO2 and water through the same layers as `inference`.",
    inputs=(
        inp("tokens", "tokens", "tokens to embed", typical=(1e3, 1e12), log=True),
        inp(
            "tokens_per_s",
            "tokens/s",
            "measured encoder throughput of the whole instance (all n_accel accelerators) "
            "at the batch size used; no default: it depends on the model, batch and hardware",
            typical=(100, 1e6),
            log=True,
        ),
        inp(
            "n_accel",
            "count",
            "accelerators in the instance (paid and powered)",
            1.0,
            range=">= 1",
            typical=(1, 8),
        ),
        c.PRICE_PER_ACCEL_HOUR,
        inp(
            "utilization",
            "fraction",
            "share of paid time spent embedding; the rest is idle capacity (energy: the idle "
            "layer)",
            1.0,
            range="(0, 1]",
            typical=(0.05, 1),
        ),
        inp(
            "api_price_per_1k_tokens",
            "USD",
            "an embedding API's price per 1000 tokens",
            optional=True,
            typical=(1e-5, 1e-3),
            log=True,
        ),
        inp(
            "generation_price_per_1k_tokens",
            "USD",
            "a generation API's price per 1000 tokens, to compare with embedding's",
            optional=True,
            range=">= 0",
            typical=(1e-4, 0.1),
            log=True,
        ),
        inp(
            "params",
            "count",
            "parameters of the embedding model",
            optional=True,
            typical=(1e6, 1e10),
            log=True,
        ),
        inp(
            "bytes_per_param",
            "bytes",
            "bytes per weight (4: float32, as sentence-transformers checkpoints such as "
            "multi-qa-mpnet-base-dot-v1 are stored, config.json torch_dtype)",
            4.0,
            typical=(0.5, 4),
        ),
        c.ACCEL_POWER_W,
        c.PUE,
        c.GRID,
        *c.footprint_inputs(),
    ),
    outputs=(
        out("hours", "h", "paid wall-clock hours: tokens / throughput / utilization"),
        out("accel_hours", "h", "paid accelerator-hours, hours x n_accel"),
        out("self_hosted_cost", "USD", "accelerator-hours x price", *_PRICE),
        out(
            "self_hosted_cost_per_1k_tokens",
            "USD",
            "self-hosted cost per 1000 tokens",
            *_PRICE,
        ),
        out("api_cost", "USD", "tokens / 1000 x the API's price", *_API),
        out(
            "api_to_self_hosted_ratio",
            "ratio",
            "API cost over self-hosted cost",
            *_API,
            *_PRICE,
        ),
        out(
            "generation_to_embedding_ratio",
            "ratio",
            "generation price over embedding price, per token",
            "generation_price_per_1k_tokens",
            *_API,
        ),
        out("memory_bytes", "bytes", "the encoder's weights, params x bytes_per_param", "params"),
        out("accel_avg_power_w", "W", "modelled draw of one busy accelerator", *_POWER),
        out("energy_wh", "Wh", "energy at the boundary", *_POWER),
        out("energy_wh_per_1k_tokens", "Wh", "energy per 1000 tokens at the boundary", *_POWER),
        out("co2_g", "g", "operational CO2, location-based", *_POWER, *c.GRID_NEEDS),
        out(
            "water_ml",
            "mL",
            "on-site plus off-site water",
            *c.WUE_NEEDS,
            "grid_water_l_per_kwh",
        ),
    ),
)
