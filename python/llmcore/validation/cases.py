# SPDX-License-Identifier: BSD-3-Clause
"""How each published case (validation/published_cases.json) is recomputed by llmcore.

One entry per case id: the public estimator, its inputs in llmcore's names (a function of
the case's own inputs ``v``, so every number comes from the case file), the output, and the
factor from llmcore's unit to the published unit. Entries naming an estimator that this
build lacks (``"scaling"``, ``"architecture"`` …) are reported as "not expressible yet";
when that estimator arrives they run unchanged. ``"arithmetic"`` marks cases that are only a
sum, product or unit change of published figures: no estimator has anything to add there,
and the row says so.

Encodings used below, so that measured quantities enter estimators that take them:
* energy given in kWh → ``training(accel_hours=kWh, accel_power_w=1000, pue=1)`` (1 kW for
  that many hours); its ``co2_kg`` is then kWh · grid / 1000.
* chips × days → ``accel_hours = chips · days · 24``.
* an achieved rate X FLOP/s per chip → one accelerator-hour of flop ``X · 3600``
  (``params = X · 3600, tokens = 1, flops_per_param_token = 1``) so that
  ``implied_mfu = X / peak``.
* measured tokens/s → one hour of training: ``tokens = rate · 3600``, ``accel_hours = chips``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from llmcore.estimate import estimators as est

__all__ = ["LB_KG", "RECIPES", "Recipe"]

LB_KG = 0.45359237
_PEAK_DUMMY = 1e12  # peak FLOP/s where an energy-only case needs some value; it cancels
# A published power figure is the whole draw the paper counts (measured system power per chip,
# TDP, or 1 kW for an energy in kWh): busy at that draw, no separate host term (issue 15's
# energy boundary would otherwise add the host's share on top).
_AS_PUBLISHED = {"accel_load": 1.0, "host_power_w": 0.0}


@dataclass(frozen=True)
class Recipe:
    estimator: str  # public estimator name, or "arithmetic"
    inputs: Callable[[dict[str, float]], dict[str, Any]]
    output: str  # output name; for "arithmetic": "sum" | "product" | "ratio"
    scale: float = 1.0  # published unit per llmcore unit
    note: str = ""  # how the case is encoded, shown beside the result
    reduce: str | None = None  # "sum" over an array of scenarios; "ratio" of two scenarios
    exact: bool = True  # same arithmetic as the case's recomputed_value (1e-9 relative)
    needs: str = ""  # feature to name when the estimator or output is missing
    extra: dict[str, Any] = field(default_factory=dict)


def _energy(kwh: float, **kw: Any) -> dict[str, Any]:
    return {
        "accel_hours": kwh,
        "accel_power_w": 1000.0,
        **_AS_PUBLISHED,
        "pue": 1.0,
        "peak_flop_per_s": _PEAK_DUMMY,
        **kw,
    }


_E = "energy in kWh entered as 1 kW × hours"


def _chips_energy(v: dict[str, float]) -> dict[str, Any]:
    return {
        "accel_hours": v["chips"] * v["days"] * 24,
        "n_accel": v["chips"],
        "accel_power_w": v["avg_system_power_per_chip"],
        **_AS_PUBLISHED,
        "pue": v["PUE"],
        "peak_flop_per_s": _PEAK_DUMMY,
    }


def _chips_flop(chips: str, rate: str, tera: float = 1e12) -> Callable[..., dict[str, Any]]:
    return lambda v: {
        "accel_hours": v[chips] * v["days"] * 24,
        "n_accel": v[chips],
        "peak_flop_per_s": v[rate] * tera,
        "mfu": 1.0,
    }


def _gpuh(power: str = "gpu_power", grid: str | None = None) -> Callable[..., dict[str, Any]]:
    def f(v: dict[str, float]) -> dict[str, Any]:
        d = {
            "accel_hours": v["gpu_hours"],
            "accel_power_w": v[power],
            **_AS_PUBLISHED,
            "pue": v.get("PUE", 1.0),
            "peak_flop_per_s": _PEAK_DUMMY,
        }
        if grid:
            d["grid_gco2_per_kwh"] = v[grid] * 1000
        return d

    return f


def _achieved_over_peak(ach: str, peak: str, tera: float = 1e12) -> Callable[..., dict]:
    return lambda v: {
        "params": v[ach] * tera * 3600,
        "tokens": 1.0,
        "flops_per_param_token": 1.0,
        "accel_hours": 1.0,
        "peak_flop_per_s": v[peak] * tera,
    }


def _mfu_from_rate(
    rate: Callable[[dict], float],
    chips: str,
    peak: str,
    attn: Callable[[dict], float] | None = None,
) -> Callable[..., dict]:
    def f(v: dict[str, float]) -> dict[str, Any]:
        d = {
            "params": v["params"],
            "tokens": rate(v) * 3600,
            "accel_hours": v[chips],
            "n_accel": v[chips],
            "peak_flop_per_s": v[peak],
        }
        if attn:
            d["attention_flop_per_token"] = attn(v)
        return d

    return f


def _servers_energy(v: dict[str, float]) -> dict[str, Any]:
    return {
        "accel_hours": v["servers"] * v["hours"],
        "accel_power_w": v["server_power"] * 1000,
        **_AS_PUBLISHED,
        "pue": 1.0,
        "peak_flop_per_s": _PEAK_DUMMY,
    }


def _llmc(v: dict[str, float]) -> dict[str, Any]:
    return {
        "params": v["active_params"],
        "tokens": v["tokens"],
        "n_accel": v["devices"],
        "peak_flop_per_s": v["peak_TFLOPS"] * 1e12,
        "mfu": v["hardware_efficiency"],
        "accel_power_w": v["avg_system_power"],
        **_AS_PUBLISHED,
        "pue": v["PUE"],
        "grid_gco2_per_kwh": v["grid_intensity"] * 1000,
    }


def _epoch(v: dict[str, float]) -> dict[str, Any]:
    return {
        "params": v["active_params"],
        "tokens_per_query": v["output_tokens"],
        "peak_flop_per_s": v["gpu_peak"],
        "mfu": v["utilization"],
        "accel_power_w": v["power_per_gpu"] * v["power_fraction"],
        **_AS_PUBLISHED,
        "pue": v["PUE"],
    }


def _mlenergy(v: dict[str, float]) -> dict[str, Any]:
    n = v["num_gpus"]
    return {
        "params": 1.0,
        "flops_per_param_token": 1.0,
        "mfu": 1.0,
        "n_accel": n,
        "peak_flop_per_s": v["output_throughput"] / n,
        "accel_power_w": v["avg_power_all_gpus"] / n,
        **_AS_PUBLISHED,
        "pue": 1.0,
    }


def _sunyan_train(v: dict[str, float]) -> dict[str, Any]:
    return {
        "params": v["params"],
        "tokens": v["tokens"],
        "hardware": "tpu-v4",
        "mfu": v["MFU"],
        "peak_flop_per_s": v["tpu_v4_peak"],
        "price_per_accel_hour": v["price_per_chip_hour"],
    }


def _megatron(v: dict[str, float]) -> dict[str, Any]:
    return {
        "n_layers": v["layers"],
        "d_model": v["hidden"],
        "vocab_size": v["vocab"],
        "seq_len": v["seq"],
    }


def _megatron_step(v: dict[str, float]) -> dict[str, Any]:
    per_token = est.architecture(**_megatron(v))
    return {
        "params": 1.0,
        "flops_per_param_token": per_token["recompute_flop_per_token"],
        "tokens": v["batch"] * v["seq"],
        "accel_hours": v["gpus"] * v["step_time"] / 3600,
        "peak_flop_per_s": 1e12,
    }


def _scaling_fit(v: dict[str, float]) -> dict[str, Any]:
    return {k: v[k] for k in ("E", "A", "B", "alpha", "beta")}


def _sardana(v: dict[str, float]) -> dict[str, Any]:
    """Sardana et al. 2024, Figure 1: the loss of `params` trained Chinchilla-optimally (the
    frontier inverted, opt_tokens_for_params) is the target of the lifetime optimum."""
    fit = _scaling_fit(v)
    tokens = float(est.scaling(params=v["params"], **fit)["opt_tokens_for_params"])
    target = float(est.scaling(params=v["params"], tokens=tokens, **fit)["loss"])
    return {
        **fit,
        "target_loss": target,
        "inference_tokens": v["inference_tokens"],
        "inference_flops_per_param_token": v["inference_flops_per_param_token"],
    }


def _water(kwh: str, scale_kwh: float = 1.0) -> Callable[..., dict[str, Any]]:
    """Li et al. 2023: server (IT) energy in kWh, PUE, on-site WUE and off-site EWIF."""
    return lambda v: _energy(
        v[kwh] * scale_kwh,
        pue=v["PUE"],
        wue_l_per_kwh=v["WUE_onsite"],
        grid_water_l_per_kwh=v["EWIF_offsite"],
    )


def _meta_from_8b(v: dict[str, float]) -> dict[str, Any]:
    """Llama 3.1 card: the t CO2e per TDP-kWh implied by the 8B row, applied to another row."""
    factor_g_per_kwh = v["t_8b"] * 1e6 / (v["gpu_hours_8b"] * v["tdp"] / 1000)
    return {
        "accel_hours": v["gpu_hours"],
        "accel_power_w": v["tdp"],
        **_AS_PUBLISHED,
        "pue": 1.0,
        "peak_flop_per_s": _PEAK_DUMMY,
        "grid_gco2_per_kwh": factor_g_per_kwh,
        "region": "meta-2024-market",  # market_gco2_per_kwh = 0 (the card's renewable matching)
    }


def _google_layers(boundary: str) -> Callable[..., dict[str, Any]]:
    """Google 2025's layers for one median prompt, as 1 kW x hours of energy: the active
    accelerators (share_accel x total), the host at share_host / share_accel of their draw,
    idle machines through utilization = host / (host + idle) with accel_idle_fraction 0 (an
    idle machine counted at the host's draw; the split of idle power is not published and does
    not change the total), and the data-centre overhead through the PUE."""

    def f(v: dict[str, float]) -> dict[str, Any]:
        a, h, i = v["share_accel"], v["share_host"], v["share_idle"]
        d = {
            **_energy(v["total_wh"] * a / 1000, pue=v["PUE"]),
            "host_power_w": 1000.0 * h / a,
            "accel_idle_fraction": 0.0,
            "utilization": h / (h + i),
            "boundary": boundary,
        }
        if "WUE" in v:
            d["wue_l_per_kwh"] = v["WUE"]
        return d

    return f


def _mistral_large2(v: dict[str, float]) -> dict[str, Any]:
    """Mistral Large 2 (123B dense, 88 layers, d 12288, 8 KV heads of 128) on n H100 SXM at
    EcoLogits' batch 64, its server power per GPU and its Mistral AI data-centre figures."""
    return {
        "params": v["params"],
        "n_layers": v["n_layers"],
        "d_model": v["d_model"],
        "kv_fraction": v["kv_heads"] * v["head_dim"] / v["d_model"],
        "prompt_tokens": 0.0,
        "output_tokens": v["output_tokens"],
        "batch": v["batch"],
        "n_accel": v["gpus"],
        "peak_flop_per_s": v["h100_peak"],
        "mem_bw_bytes_per_s": v["h100_bw"],
        "accel_memory_bytes": v["h100_memory"],
        "accel_power_w": v["h100_tdp"],
        "embodied_kgco2_per_accel": v["h100_embodied"],
        "host_power_w": v["server_power_wo_gpus"] / v["gpus_per_server"],
        "pue": v["PUE"],
        "wue_l_per_kwh": v["WUE"],
        "grid_gco2_per_kwh": v["grid_sweden"],
        "grid_water_l_per_kwh": v["grid_water_sweden"],
        "adpe_kgsbeq_per_kwh": v["adpe_sweden"],
    }


def _arith(*names: str) -> Callable[..., dict]:
    return lambda v: {"values": [v[n] for n in names]}


_TRAIN = "training"
_ARITH = "arithmetic"

R = Recipe
RECIPES: dict[str, Recipe] = {
    # Patterson et al. 2021
    "PAT-T5-ENERGY": R(_TRAIN, _chips_energy, "energy_kwh", 1e-3, "chips × days → accel_hours"),
    "PAT-MEENA-ENERGY": R(_TRAIN, _chips_energy, "energy_kwh", 1e-3, "chips × days → accel_hours"),
    "PAT-GSHARD-ENERGY": R(_TRAIN, _chips_energy, "energy_kwh", 1e-3, "chips × days → accel_hours"),
    "PAT-SWITCH-ENERGY": R(_TRAIN, _chips_energy, "energy_kwh", 1e-3, "chips × days → accel_hours"),
    **{
        k: R(
            _TRAIN,
            lambda v: _energy(v["energy"] * 1000, grid_gco2_per_kwh=v["grid_intensity"] * 1000),
            "co2_kg",
            1e-3,
            _E,
        )
        for k in (
            "PAT-T5-CO2",
            "PAT-MEENA-CO2",
            "PAT-GSHARD-CO2",
            "PAT-SWITCH-CO2",
            "PAT-GPT3-CO2",
            "GOPHER-CO2",
        )
    },
    "PAT-SWITCH-FLOPS": R(
        _TRAIN,
        _chips_flop("chips", "achieved_TFLOPS_per_chip"),
        "flop",
        1.0,
        "achieved FLOP/s as peak with mfu 1, no params/tokens",
    ),
    "PAT-GPT3-FLOPS": R(
        _TRAIN,
        _chips_flop("chips", "achieved_TFLOPS_per_chip"),
        "flop",
        1.0,
        "achieved FLOP/s as peak with mfu 1, no params/tokens",
    ),
    "PAT-GPT3-CHAIN": R(
        _TRAIN,
        lambda v: {**_chips_energy(v), "grid_gco2_per_kwh": v["grid_intensity"] * 1000},
        "co2_kg",
        1e-3,
        "chips × days → accel_hours",
    ),
    "PAT-GPT3-MFU": R(
        _TRAIN,
        _achieved_over_peak("achieved_TFLOPS_per_gpu", "V100_peak_fp16_tensor"),
        "implied_mfu",
        1.0,
        "achieved FLOP in one accelerator-hour",
    ),
    # LLMCarbon
    **{
        k: R(_TRAIN, _llmc, "co2_kg", 1e-3, "6ND at devices × peak × efficiency")
        for k in ("LLMC-T5-OPCO2", "LLMC-GPT3-OPCO2", "LLMC-GSHARD-OPCO2", "LLMC-XLM-OPCO2")
    },
    "LLMC-XLM-EMBODIED": R(
        _TRAIN,
        lambda v: {
            "accel_hours": v["run_days"] * 24,
            "peak_flop_per_s": _PEAK_DUMMY,
            "embodied_kgco2_per_accel": sum(v[k] for k in v if k.endswith("_x_CPA_x_n")),
            "accel_lifetime_years": v["lifetime_days"] / 365,
        },
        "embodied_co2_kg",
        1e-3,
        "the run's summed embodied carbon as one 'accelerator' in use for run_days",
    ),
    # BLOOM (Luccioni et al. 2023)
    "BLOOM-CO2-IDLE": R(
        _TRAIN,
        lambda v: _energy(v["idle_energy"], grid_gco2_per_kwh=v["grid_intensity_France"]),
        "co2_kg",
        1e-3,
        _E,
    ),
    "BLOOM-CO2-EMB-GPU": R(
        _TRAIN,
        lambda v: {
            "accel_hours": v["gpu_hours"],
            "peak_flop_per_s": _PEAK_DUMMY,
            "embodied_kgco2_per_accel": v["embodied_per_gpu"],
            "accel_lifetime_years": v["lifetime"] * v["utilization"],
        },
        "embodied_co2_kg",
        1e-3,
        "lifetime × utilization = years in use",
    ),
    "BLOOM-CO2-EMB-SRV": R(
        _TRAIN,
        lambda v: {
            "accel_hours": v["gpu_hours"],
            "peak_flop_per_s": _PEAK_DUMMY,
            "embodied_kgco2_per_accel": v["embodied_per_server"] / v["gpus_per_server"],
            "accel_lifetime_years": v["lifetime"] * v["utilization"],
        },
        "embodied_co2_kg",
        1e-3,
        "server's embodied carbon shared by its GPUs; lifetime × utilization",
    ),
    "BLOOM-CO2-TOTAL": R(_ARITH, _arith("dynamic", "idle", "embodied"), "sum"),
    "BLOOM-GPUH-WALL": R(_ARITH, _arith("gpus", "wall_time"), "product"),
    "BLOOM-INF-WH-PER-REQ": R(
        "deployment",
        lambda v: {"measured_energy_kwh": v["energy"], "measured_queries": v["requests"]},
        "energy_wh_per_query",
        needs="deployment",
    ),
    "BLOOM-INF-CO2-NOTEBOOK": R(
        _TRAIN,
        lambda v: _energy(v["energy"], grid_gco2_per_kwh=v["grid_intensity_us_central1"]),
        "co2_kg",
        1.0,
        _E,
    ),
    # Strubell et al. 2019
    **{
        k: R(
            _TRAIN,
            lambda v: {
                "accel_hours": v["hours"],
                "accel_power_w": v["avg_power_cpu_dram_gpu"],
                **_AS_PUBLISHED,
                "pue": v["PUE"],
                "peak_flop_per_s": _PEAK_DUMMY,
            },
            "energy_kwh",
            1.0,
            "measured CPU+DRAM+GPU power as one accelerator",
        )
        for k in (
            "STRUBELL-TBASE-ENERGY",
            "STRUBELL-TBIG-ENERGY",
            "STRUBELL-ELMO-ENERGY",
            "STRUBELL-BERT-ENERGY",
            "STRUBELL-NAS-ENERGY",
        )
    },
    **{
        k: R(
            _TRAIN,
            lambda v: _energy(v["energy"], grid_gco2_per_kwh=v["US_intensity_EPA"] * LB_KG * 1000),
            "co2_kg",
            1 / LB_KG,
            _E + "; lbs/kWh → g/kWh",
        )
        for k in (
            "STRUBELL-TBASE-CO2",
            "STRUBELL-ELMO-CO2",
            "STRUBELL-BERT-CO2",
            "STRUBELL-NAS-CO2",
        )
    },
    "STRUBELL-NAS-TONNES": R(_ARITH, _arith("nas_emissions", "kg_per_lb"), "product", 1e-3),
    # LLaMA 1/2/3 and OPT
    **{
        k: R(_TRAIN, _gpuh(), "energy_kwh", 1e-3, "A100 GPU-hours at 400 W")
        for k in (
            "LLAMA1-OPT175B-ENERGY",
            "LLAMA1-BLOOM175B-ENERGY",
            "LLAMA1-7B-ENERGY",
            "LLAMA1-13B-ENERGY",
            "LLAMA1-33B-ENERGY",
        )
    },
    **{
        k: R(_TRAIN, _gpuh(grid="grid_intensity"), "co2_kg", 1e-3, "GPU-hours at TDP")
        for k in (
            "LLAMA1-OPT175B-CO2",
            "LLAMA1-BLOOM175B-CO2",
            "LLAMA1-7B-CO2",
            "LLAMA1-65B-CO2",
            "LLAMA2-7B-CO2",
            "LLAMA2-13B-CO2",
            "LLAMA2-34B-CO2",
        )
    },
    "LLAMA1-65B-DAYS": R(
        _TRAIN,
        lambda v: {
            "params": 1.0,
            "flops_per_param_token": 1.0,
            "tokens": v["tokens"],
            "n_accel": v["gpus"],
            "peak_flop_per_s": v["throughput_per_gpu"],
            "mfu": 1.0,
        },
        "wall_days",
        1.0,
        "measured tokens/s per GPU as 'FLOP/s' at 1 FLOP per token",
    ),
    "OPT-GPUH": R(_ARITH, lambda v: {"values": [v["gpus"], v["days"], 24.0]}, "product"),
    "LLAMA2-TOTAL-CO2": R(_ARITH, _arith("t7", "t13", "t34", "t70"), "sum"),
    "LLAMA3-8B-CO2-IMPLIED": R(
        _TRAIN,
        lambda v: {
            "accel_hours": v["gpu_hours"],
            "accel_power_w": v["tdp"],
            **_AS_PUBLISHED,
            "pue": 1.0,
            "peak_flop_per_s": _PEAK_DUMMY,
            "grid_gco2_per_kwh": v["factor"] * 1000,
        },
        "co2_kg",
        1e-3,
        "PUE × grid as one factor per TDP-kWh",
    ),
    **{
        k: R(
            _TRAIN,
            lambda v: {
                "accel_hours": v["gpu_hours"],
                "accel_power_w": v["tdp"],
                **_AS_PUBLISHED,
                "pue": 1.0,
                "peak_flop_per_s": _PEAK_DUMMY,
                "grid_gco2_per_kwh": v["aggregate_factor"] * 1000,
            },
            "co2_kg",
            1e-3,
            "model card's aggregate t per TDP-MWh as grid factor",
        )
        for k in ("LLAMA31-70B-CO2", "LLAMA31-405B-CO2")
    },
    "LLAMA31-TOTAL-GPUH": R(_ARITH, _arith("h8", "h70", "h405"), "sum"),
    "LLAMA3-MFU-430": R(
        _TRAIN,
        _achieved_over_peak("achieved", "H100_bf16_dense_peak"),
        "implied_mfu",
        1.0,
        "achieved FLOP in one accelerator-hour",
    ),
    "LLAMA3-MFU-400": R(
        _TRAIN,
        _achieved_over_peak("achieved", "H100_bf16_dense_peak"),
        "implied_mfu",
        1.0,
        "achieved FLOP in one accelerator-hour",
    ),
    # PaLM, Gopher, MT-NLG, GLM, Megatron
    "PALM-MFU-NOATTN": R(
        _TRAIN,
        _mfu_from_rate(lambda v: v["tokens_per_s"], "chips", "peak_per_chip"),
        "implied_mfu",
        1.0,
        "one hour at the measured token rate",
    ),
    "PALM-MFU-ATTN": R(
        _TRAIN,
        _mfu_from_rate(
            lambda v: v["tokens_per_s"],
            "chips",
            "peak_per_chip",
            lambda v: 12 * v["L"] * v["H"] * v["Q"] * v["T"],
        ),
        "implied_mfu",
        1.0,
        "one hour at the measured token rate; attention 12·L·H·Q·T",
    ),
    "PALM-HFU": R(
        _ARITH,
        lambda v: {
            "values": [v["MFU"], v["tflops_per_token_with_remat"], v["tflops_per_token_model"]]
        },
        "product_ratio",
    ),
    **{
        k: R(_ARITH, _arith("train_flops", "pfday"), "ratio")
        for k in ("PALM-540B-PFDAYS", "PALM-8B-PFDAYS", "PALM-62B-PFDAYS")
    },
    "PALM-CO2": R(
        _TRAIN,
        lambda v: {
            "accel_hours": v["chip_hours"],
            "accel_power_w": v["system_power_per_chip"],
            **_AS_PUBLISHED,
            "pue": v["PUE"],
            "peak_flop_per_s": 275e12,
            "grid_gco2_per_kwh": v["grid_intensity_oklahoma"] * 1000,
        },
        "co2_kg",
        1e-3,
        "chip-hours at measured system power",
    ),
    "MTNLG-MFU-NOATTN": R(
        _TRAIN,
        _mfu_from_rate(lambda v: v["tokens_per_s"], "gpus", "peak"),
        "implied_mfu",
        1.0,
        "one hour at the measured token rate",
    ),
    "GOPHER-MFU": R(
        _TRAIN,
        _mfu_from_rate(
            lambda v: v["steps_per_s"] * v["tokens_per_step"],
            "chips",
            "peak",
            lambda v: 12 * v["L"] * v["H"] * v["Q"] * v["T"],
        ),
        "implied_mfu",
        1.0,
        "one hour at the measured step rate; attention 12·L·H·Q·T",
    ),
    "GLM130B-HFU": R(_ARITH, _arith("MFU", "recompute_factor"), "product"),
    **{
        k: R(
            "architecture",
            _megatron,
            "params",
            1.0,
            "Megatron's parameter bookkeeping",
            needs="architecture",
        )
        for k in (
            "MEGATRON-PARAMS-530B",
            "MEGATRON-PARAMS-146B",
            "MEGATRON-PARAMS-310B",
            "MEGATRON-PARAMS-1.7B",
        )
    },
    "MEGATRON-AGG-1T": R(_ARITH, _arith("gpus", "per_gpu"), "product", 1e-3),
    "MEGATRON-PEAK-1T": R(
        _TRAIN,
        _achieved_over_peak("per_gpu", "peak"),
        "implied_mfu",
        1.0,
        "achieved FLOP in one accelerator-hour",
    ),
    "MTNLG-TFLOPS-350N": R(
        _TRAIN,
        _megatron_step,
        "implied_mfu",
        note="per-token hardware FLOPs from lc.architecture "
        "(recompute_flop_per_token), one step's tokens and GPU-seconds "
        "through training; peak 1e12 so implied_mfu reads in TFLOP/s",
    ),
    # GPT-3 paper and Chinchilla compute
    **{
        k: R(
            _TRAIN,
            lambda v: {
                "params": v["params"],
                "tokens": v["tokens"],
                "flops_per_param_token": v["flops_per_param_per_token"],
                "peak_flop_per_s": _PEAK_DUMMY,
            },
            "flop",
            1 / 8.64e19,
            "FLOP → PF-days",
        )
        for k in (
            "GPT3PAPER-SMALL-PFDAYS",
            "GPT3PAPER-13B-PFDAYS",
            "GPT3PAPER-175B-PFDAYS",
            "GPT3PAPER-T5-11B-PFDAYS",
        )
    },
    **{
        k: R(
            _TRAIN,
            lambda v: {
                "params": v["params"],
                "tokens": v["tokens"],
                "flops_per_param_token": v["flops_per_param_per_token"],
                "peak_flop_per_s": _PEAK_DUMMY,
            },
            "flop",
        )
        for k in ("GPT3PAPER-13B-FLOPS", "GPT3PAPER-T5-11B-FLOPS")
    },
    **{
        k: R(
            _TRAIN,
            lambda v: {
                "params": v["params"],
                "tokens": v["tokens"],
                "peak_flop_per_s": _PEAK_DUMMY,
            },
            "flop",
        )
        for k in ("CHIN-T3-400M", "CHIN-T3-175B", "CHIN-T3-280B", "CHIN-T3-1T", "CHIN-T3-10T")
    },
    **{
        k: R(
            "scaling",
            lambda v: {"compute_flop": v["C"], **_scaling_fit(v)},
            "opt_params",
            needs="scaling",
        )
        for k in (
            "CHIN-A3-GOPHER-NOPT-TEX",
            "CHIN-A3-GOPHER-NOPT-ROUNDED",
            "BESIROGLU-CHINCHILLA-NOPT",
        )
    },
    **{
        k: R(
            "scaling",
            lambda v: {"params": v["params"], **_scaling_fit(v)},
            "opt_tokens_for_params",
            needs="scaling: compute-optimal tokens for given params",
        )
        for k in (
            "CHIN-A3-400M-TOKENS-TEX",
            "CHIN-A3-10B-TOKENS-TEX",
            "CHIN-A3-175B-TOKENS-TEX",
            "CHIN-A3-1T-TOKENS-TEX",
        )
    },
    # Kaplan et al. 2020 through the kaplan estimator: the case's own constants as inputs
    "KAPLAN-ALPHA-C-6.4": R(
        "kaplan",
        lambda v: {"alpha_s": v["alpha_S"], "alpha_b": v["alpha_B"], "alpha_n": v["alpha_N"]},
        "alpha_c_from_exponents",
    ),
    "KAPLAN-N-EXPONENT": R(
        "kaplan",
        lambda v: {"alpha_c_min": v["alpha_C"], "alpha_n": v["alpha_N"]},
        "n_exponent",
    ),
    "KAPLAN-B12": R(
        "kaplan",
        lambda v: {"gap": v["f"], "gap_ref": v["f_prime"], "alpha_n": v["alpha_N"]},
        "params_ratio_for_gap",
    ),
    "KAPLAN-B13": R(
        "kaplan",
        lambda v: {"gap": v["f"], "gap_ref": v["f_prime"], "alpha_s": v["alpha_S"]},
        "steps_ratio_for_gap",
    ),
    "KAPLAN-LSTAR": R(
        "kaplan",
        lambda v: {
            "compute_pf_days": v["C_min"],
            "c_c": v["C_c"],
            "alpha_c_min": v["alpha_C"],
        },
        "loss_at_compute",
    ),
    "KAPLAN-NSTAR": R(
        "kaplan",
        lambda v: {"n_e": v["N_e"], "compute_pf_days": v["C_min"], "p_n": v["p_N"]},
        "n_opt",
    ),
    "KAPLAN-DE": R("kaplan", lambda v: {"n_e": v["N_e"]}, "d_e", note="C = 2·C_min = 6ND"),
    "KAPLAN-8X-DATA": R(
        "kaplan",
        # the exponent α_N/α_D of the L(N, D) fit, entered through α_D = α_N / exponent
        lambda v: {
            "model_factor": v["model_factor"],
            "alpha_n_nd": 0.076,
            "alpha_d_nd": 0.076 / v["exponent"],
        },
        "data_factor",
    ),
    **{
        k: R(
            "data_constrained",
            lambda v: {k: v[k] for k in ("params", "tokens", "unique_tokens")},
            "loss",
        )
        for k in ("MUENNIGHOFF-FIG1-6.34B", "MUENNIGHOFF-FIG1-8.67B")
    },
    **{
        k: R(
            "data_constrained",
            lambda v: {
                "unique_tokens": v["unique_tokens"],
                "compute_flop": v["C"],
                "flops_per_param_token": v["flops_per_param_token"],
            },
            out,
            note="the law's optimum (bisection on its slope), not a grid",
        )
        for k, out in (
            ("MUENNIGHOFF-OPT-1E22-PARAMS", "opt_params"),
            ("MUENNIGHOFF-OPT-1E22-TOKENS", "opt_tokens"),
            ("MUENNIGHOFF-README-OPT-PARAMS", "opt_params"),
            ("MUENNIGHOFF-README-OPT-TOKENS", "opt_tokens"),
            ("MUENNIGHOFF-README-OPT-EPOCHS", "opt_epochs"),
            ("MUENNIGHOFF-FIG1-OPT-PARAMS", "opt_params"),
            ("MUENNIGHOFF-FIG1-OPT-TOKENS", "opt_tokens"),
            ("MUENNIGHOFF-FIG1-UNIQUE-PARAMS", "opt_params_if_unique"),
        )
    },
    **{
        k: R("scaling", _sardana, out, note="target: the 13B's loss on its Chinchilla tokens")
        for k, out in (
            ("SARDANA-FIG1-PARAMS", "lifetime_params"),
            ("SARDANA-FIG1-SAVING", "lifetime_saving"),
        )
    },
    "LLAMA3-TOKENS-3.8E25": R(
        "allocation",
        lambda v: {"compute_flop": v["C"], "tokens_coef": v["A"], "tokens_exp": v["alpha"]},
        "opt_tokens",
    ),
    "KAPLAN-BCRIT-DOUBLING": R(
        "kaplan", lambda v: {"alpha_b": v["alpha_B"]}, "bcrit_doubling_loss_drop"
    ),
    "KAPLAN-GPT3-PARAMS": R(
        "architecture",
        lambda v: {"n_layers": v["n_layer"], "d_model": v["d_model"]},
        "params",
        note="architecture adds 13·l·d of biases and norms",
        exact=False,
        needs="architecture",
    ),
    # DeepSeek-V3
    "DSV3-GPUH": R(_ARITH, _arith("pretrain", "context_ext", "post"), "sum"),
    "DSV3-COST": R(
        _TRAIN,
        lambda v: {
            "accel_hours": v["gpu_hours"],
            "hardware": "h800",
            "price_per_accel_hour": v["price"],
        },
        "cloud_cost",
    ),
    "DSV3-PRETRAIN-GPUH": R(_ARITH, _arith("gpuh_per_trillion", "tokens_T"), "product"),
    # Sunyan 2023
    "SUNYAN-GPT3-INFER": R(
        "inference",
        lambda v: {
            "params": v["params"],
            "instance": "p4d.24xlarge-1yr",
            "n_accel": v["gpus"],
            "peak_flop_per_s": v["peak"],
            "mfu": v["MFU"],
            "tokens_per_query": v["tokens"],
            "price_per_accel_hour": v["instance_price"] / v["gpus"],
        },
        "cost_per_query",
    ),
    **{
        k: R(_TRAIN, _sunyan_train, "cloud_cost")
        for k in (
            "SUNYAN-GPT3-TRAIN",
            "SUNYAN-GOPHER-TRAIN",
            "SUNYAN-MTNLG-TRAIN",
            "SUNYAN-PALM-TRAIN",
        )
    },
    # SemiAnalysis, de Vries, Epoch, ML.ENERGY, Luccioni 2024
    "SA-CHATGPT-GPUS": R(_ARITH, _arith("servers", "gpus_per_server"), "product"),
    "SA-CHATGPT-COST-DAY": R(
        _TRAIN,
        lambda v: {
            "accel_hours": v["gpus"] * v["hours"],
            "price_per_accel_hour": v["price"],
            "peak_flop_per_s": _PEAK_DUMMY,
        },
        "cloud_cost",
        1.0,
        "GPUs × 24 h → accel_hours",
    ),
    **{
        k: R(_TRAIN, _servers_energy, "it_energy_kwh", s, "servers as 'accelerators'")
        for k, s in (
            ("DEVRIES-CHATGPT-MWH-DAY", 1e-3),
            ("DEVRIES-GOOGLE-AI-TWH", 1e-9),
            ("DEVRIES-2027-LOW", 1e-9),
            ("DEVRIES-2027-HIGH", 1e-9),
        )
    },
    "DEVRIES-CHATGPT-WH-REQ": R(
        "deployment",
        lambda v: {
            "measured_energy_kwh": v["energy_per_day"] / 1000,
            "measured_queries": v["requests_per_day"],
        },
        "energy_wh_per_query",
        needs="deployment",
    ),
    "DEVRIES-GOOGLE-WH-SEARCH": R(
        "deployment",
        lambda v: {
            "measured_energy_kwh": v["annual"] / 1000,
            "measured_queries": v["searches_per_day"] * 365,
        },
        "energy_wh_per_query",
        needs="deployment",
    ),
    **{
        k: R(
            "inference",
            _epoch,
            "energy_wh_per_query",
            1.0,
            "power × 0.7 as average draw; utilization as mfu",
        )
        for k in ("EPOCH-CHATGPT-BASELINE", "EPOCH-CHATGPT-SMALL", "EPOCH-CHATGPT-PESS-LONG")
    },
    "EPOCH-HOUSEHOLD-DAY": R(_ARITH, lambda v: {"values": [v["annual"] * 1000, 365.0]}, "ratio"),
    **{
        k: R(
            "inference",
            _mlenergy,
            "energy_wh_per_1k_tokens",
            3.6,
            "measured tokens/s as 'FLOP/s' at 1 FLOP per token",
        )
        for k in ("MLENERGY-L31-8B-JTOK", "MLENERGY-L31-405B-JTOK", "MLENERGY-Q3-235B-JTOK")
    },
    "MLENERGY-L31-8B-JREQ": R(_ARITH, _arith("j_per_token", "avg_output_len"), "product"),
    "PHP-SDXL-PHONE-CHARGES": R(_ARITH, _arith("energy_per_1000", "phone_charge"), "ratio"),
    # StarCoder, BloombergGPT, OLMo 2, Gopher
    "STARCODER-ENERGY": R(_TRAIN, _gpuh("avg_power"), "it_energy_kwh"),
    "STARCODER-CO2": R(
        _TRAIN,
        lambda v: _energy(v["energy"], pue=v["PUE"], grid_gco2_per_kwh=v["grid_intensity"] * 1000),
        "co2_kg",
        1e-3,
        _E,
    ),
    "BLOOMBERG-FLOPS": R(
        _TRAIN,
        _chips_flop("gpus", "avg_tflops"),
        "flop",
        1.0,
        "achieved FLOP/s as peak with mfu 1, no params/tokens",
    ),
    "OLMO2-13B-ENERGY": R(
        _TRAIN, lambda v: _energy(v["gpu_energy"] * 1000, pue=v["PUE"]), "energy_kwh", 1e-3, _E
    ),
    "GOPHER-CO2-PUE": R(_ARITH, _arith("co2", "PUE"), "product"),
    # hardware arithmetic
    "SPEC-A100-BF16": R(_ARITH, _arith("SMs", "clock", "flops_per_clk_per_SM"), "product", 1e-12),
    "SPEC-V100-FP16": R(_ARITH, _arith("SMs", "clock", "flops_per_clk_per_SM"), "product", 1e-12),
    "SPEC-A100-40GB-BW": R(
        _ARITH, lambda v: {"values": [v["bus_bits"], v["data_rate"], 8.0]}, "product_ratio", 1e-9
    ),
    "SPEC-TPUV5E-POD": R(_ARITH, _arith("chips", "per_chip"), "product", 1e-3),
    "SPEC-DGXH100-PER-GPU": R(_ARITH, _arith("system_power", "gpus"), "ratio"),
    # issue 15: water, energy boundary and market-based carbon
    "LI-GPT3-TRAIN-WATER-ONSITE": R(
        _TRAIN, _water("energy", 1000.0), "water_onsite_l", 1e-6, _E + "; on-site = WUE x IT"
    ),
    "LI-GPT3-TRAIN-WATER-OFFSITE": R(
        _TRAIN,
        _water("energy", 1000.0),
        "water_offsite_l",
        1e-6,
        _E + "; off-site = EWIF x PUE x IT",
    ),
    "LI-GPT3-TRAIN-WATER-TOTAL": R(_TRAIN, _water("energy", 1000.0), "water_l", 1e-6, _E),
    "LI-GPT3-REQUEST-WATER": R(
        _TRAIN, _water("energy_per_request"), "water_l", 1e3, _E + " (one request)"
    ),
    "LI-GPT3-REQUESTS-PER-BOTTLE": R(_ARITH, _arith("bottle", "water_per_request"), "ratio"),
    "LLAMA31-405B-CO2-FROM-8B": R(
        _TRAIN,
        _meta_from_8b,
        "co2_kg",
        1e-3,
        "GPU-hours at TDP; t per TDP-kWh implied by the 8B row as grid factor",
    ),
    "LLAMA31-405B-CO2-MARKET": R(
        _TRAIN,
        _meta_from_8b,
        "co2_market_kg",
        1e-3,
        "GPU-hours at TDP; catalog region meta-2024-market (market factor 0)",
    ),
    "GOOGLE25-COMPREHENSIVE-WH": R(
        _TRAIN,
        _google_layers("facility"),
        "energy_kwh",
        1e3,
        "the published layer shares as host_power_w, utilization and PUE; energy in Wh",
    ),
    "GOOGLE25-ACCELERATOR-WH": R(
        _TRAIN,
        _google_layers("accelerator"),
        "energy_kwh",
        1e3,
        "the same layers at the accelerator boundary",
    ),
    "GOOGLE25-WATER-ML": R(
        _TRAIN,
        _google_layers("facility"),
        "water_onsite_l",
        1e3,
        "on-site water = WUE x IT energy (accelerators + host + idle) of the same layers",
    ),
    **{
        k: R(
            "serving",
            _mistral_large2,
            out,
            1.0,
            "serving roofline: Mistral Large 2 on 4 x H100, batch 64, facility boundary, Sweden",
        )
        for k, out in (
            ("MISTRAL-L2-CO2-PER-RESPONSE", "co2_g_per_query"),
            ("MISTRAL-L2-WATER-PER-RESPONSE", "water_ml_per_query"),
            ("MISTRAL-L2-ADPE-PER-RESPONSE", "adpe_mg_sbeq_per_query"),
            ("ECOLOGITS-MISTRAL-L2-WH", "energy_wh_per_query"),
        )
    },
}
