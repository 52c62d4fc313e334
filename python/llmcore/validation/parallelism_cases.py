# SPDX-License-Identifier: BSD-3-Clause
"""Published training layouts (``validation/data/parallelism_cases.toml``) as cases of
``llmcore reproduce``: each carries its ``parallelism`` call, as the seed cases do.

* ``throughput`` (Narayanan et al. 2021 Tables 1-2, MT-NLG) and BLOOM: achieved FLOP/s per
  GPU (recompute counted, the papers' convention) within 10 %.
* ``memory_per_gpu`` (llm-analysis): memory per GPU within 5 %, entered with that tool's own
  conventions (bytes per gradient and optimizer state, flash attention, sequence parallelism).
* ``iteration_time_mfu`` (Korthikanti et al. 2022 Table 5): MFU within 10 %.

Inputs a source leaves unstated are chosen by a stated rule, never fitted per case: Narayanan's
interleaved schedule gets the largest of 1-3 chunks per device that divides the layers per
stage; micro-batch 1 where Table 1 gives none; MT-NLG's micro-batch is 2, the size at which
the published fall from 126 to 113 TFLOP/s between 8- and 12-way data parallelism follows
from the pipeline bubble (p - 1)·b·d/B (design/parallelism.md). ZeRO-3 rows of Narayanan's
Table 2 are left out (design/parallelism.md says why).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from llmcore._util.data_files import parse_toml

__all__ = ["OUTSIDE", "PARALLELISM_GROUP", "as_cases", "load"]

PARALLELISM_GROUP = (
    "Training layouts: Narayanan 2021, Korthikanti 2022, MT-NLG, BLOOM, llm-analysis"
)
_RECOMPUTE = {"none": "none", "selective": "selective", "full": "full"}
# (kind, status, output, scale to the published unit, published key)
_KINDS = {
    "throughput": ("predicts-within-10%", "flop_per_s_per_accel", 1e-12, "achieved_tflops_per_gpu"),
    "layout_fits": (
        "predicts-within-10%",
        "flop_per_s_per_accel",
        1e-12,
        "achieved_tflops_per_gpu",
    ),
    "memory_per_gpu": ("predicts-within-5%", "memory_per_accel_bytes", 1e-9, "total_bytes"),
    "iteration_time_mfu": ("predicts-within-10%", "mfu", 1.0, "mfu"),
}


_V010_PIPELINE = (
    "llm-analysis v0.1.0 counts one micro-batch's activations on a pipeline stage; under 1F1B "
    "the first stage holds min(p, m) micro-batches of its layers (Korthikanti et al. §4.2.3, "
    "and llm-analysis 0.2.2, whose GPT-3 figures agree within 5 %)"
)
_V010_ZERO3 = (
    "llm-analysis v0.1.0 holds {w} GB of weights per GPU under ZeRO-3 where the shard is "
    "{s} GB (gathered parameters in flight, a buffer llmcore does not model); the smaller "
    "data-parallel sizes of the same model agree within 5 %"
)
# Published figures llmcore misses beyond the tolerance, and why. Fixed here: if one comes
# within tolerance, `llmcore reproduce` flags it so this list changes.
OUTSIDE = {
    **{
        f"llm-analysis-megatron-lm-{m}-tp8-pp{p}-dp{d}": _V010_PIPELINE
        for m, p, ds in (("175b", 12, (4, 8, 16)), ("530b", 35, (2, 4, 8)))
        for d in ds
    },
    "llm-analysis-megatron-lm-175b-tp1-pp1-dp1536": _V010_ZERO3.format(w=1.46, s=0.23),
    "llm-analysis-megatron-lm-530b-tp1-pp1-dp2240": _V010_ZERO3.format(w=2.53, s=0.47),
    "llm-analysis-llama-13b-hf-tp8-pp8-dp32": (
        "5.2 % under: llm-analysis keeps layer-norm inputs in fp32 (4 bytes), so its "
        "activations are about 9 % above Korthikanti's 34sbh/t per layer; activations are "
        "90 % of this configuration's memory (micro-batch 25)"
    ),
}


def load() -> dict[str, dict[str, Any]]:
    """The case file, one table per case (as written)."""
    base = resources.files("llmcore").joinpath("validation/data/parallelism_cases.toml")
    return parse_toml(base.read_text("utf-8"), "parallelism_cases.toml")


def _chunks(layers: float, pp: float) -> float:
    if pp <= 1:
        return 1.0
    per_stage = int(layers // pp)
    return float(max(v for v in (1, 2, 3) if per_stage % v == 0))


def _inputs(cid: str, c: dict[str, Any]) -> dict[str, Any] | None:
    i = c["inputs"]
    tp = i.get("tp", i.get("tp_assumed"))
    pp = i.get("pp", i.get("pp_derived"))
    if tp is None or pp is None or (i.get("zero_stage") == 3 and c["kind"] == "throughput"):
        return None
    layers = i.get("layers", i.get("num_layers"))
    kw: dict[str, Any] = {
        "n_layers": layers,
        "d_model": i.get("hidden", i.get("hidden_dim")),
        "n_heads": i.get("heads", i.get("n_head")),
        "vocab_size": i.get("vocab", i.get("vocab_size", 51200)),
        "seq_len": i["seq_len"],
        "tp": tp,
        "pp": pp,
        "dp": i["dp"],
        "global_batch": i["global_batch"],
        "micro_batch": i.get("micro_batch", 2 if cid.startswith("smith2022") else 1),
        "zero_stage": i.get("zero_stage", 1),
        "recompute": _RECOMPUTE[i.get("activation_recomputation", "full")],
        "hardware": i.get("hardware", "a100-80gb"),
    }
    if c["kind"] == "memory_per_gpu":
        # llm-analysis's conventions (the case notes): v0.2.2 keeps fp32 gradients and 12
        # optimizer bytes with flash attention; v0.1.0 2-byte gradients and 16 optimizer bytes
        v022 = "v022" in cid
        kw |= {
            "hardware": "a100-80gb",
            "grad_bytes": 4.0 if v022 else 2.0,
            "optimizer_bytes": 12.0 if v022 else 16.0,
            "flash_attention": "on" if i.get("flash_attn") else "off",
            "sequence_parallel": "on" if i.get("sp", 1) > 1 else "off",
        }
    else:
        kw["flash_attention"] = "off"  # 2021-2022 Megatron: unfused attention
        megatron = cid.startswith(("narayanan", "korthikanti"))
        kw["interleave"] = i.get("interleave_stages", _chunks(layers, pp) if megatron else 1.0)
        if cid.startswith("korthikanti"):  # the present work: sequence parallel + selective
            kw |= {"recompute": "selective", "sequence_parallel": "on"}
        else:
            kw["sequence_parallel"] = "off"
    return kw


def as_cases() -> list[dict[str, Any]]:
    cases = []
    for cid, c in load().items():
        kind = _KINDS.get(c.get("kind", ""))
        pubs = c.get("published", {})
        if kind is None:
            continue
        if kind[3] == "total_bytes" and "total_bytes" not in pubs:  # v0.1.0 prints the parts
            parts = ("weight_bytes", "gradient_bytes", "optimizer_bytes", "activation_bytes")
            if not all(p in pubs for p in parts):
                continue
            pubs = {**pubs, "total_bytes": sum(pubs[p] for p in parts)}
        if kind[3] not in pubs:
            continue
        kw = _inputs(cid, c)
        if kw is None:
            continue
        status, output, scale, key = kind
        if cid in OUTSIDE:
            status = "outside-5%-documented" if key == "total_bytes" else "outside-10%-documented"
        pub = pubs[key] * (1e-9 if key == "total_bytes" else 1.0)
        cases.append(
            {
                "id": f"PAR-{cid}",
                "group": PARALLELISM_GROUP,
                "source": c["source"],
                "quantity": c.get("check", c["kind"]),
                "unit": {"mfu": "fraction", "total_bytes": "GB"}.get(key, "TFLOP/s per GPU"),
                "published_value": pub,
                "estimator": "parallelism",
                "output": output,
                "scale": scale,
                "inputs": kw,
                "status": status,
                "notes": OUTSIDE.get(cid, ""),
            }
        )
    return cases
