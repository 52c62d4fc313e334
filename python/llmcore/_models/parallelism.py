# SPDX-License-Identifier: BSD-3-Clause
"""Issue 16 `parallelism` metadata (field order = cpp/include/llmcore/models/parallelism.hpp).

Defaults describe a Megatron-LM run on DGX A100 nodes (Narayanan et al. 2021): mixed
precision with Adam (2-byte weights and gradients, 12 bytes of fp32 master weights and
moments), 8 accelerators per node on NVLink 3 (300 GB/s per direction) and one 200 Gb/s
HDR InfiniBand port per GPU (25 GB/s); kernel_efficiency is fitted to that paper's Table 1
(design/parallelism.md)."""

from __future__ import annotations

from llmcore._models import _common as c
from llmcore._models._info import InputInfo, ModelInfo, inp, out

_M = "model"
RECOMPUTE = ("none", "selective", "full")
_MEM = ("accel_memory_bytes",)
_RUN = ("tokens",)


def _degree(name: str, doc: str) -> InputInfo:
    return inp(name, "count", doc, 1.0, range=">= 1", typical=(1, 64), log=True)


PARALLELISM = ModelInfo(
    name="parallelism",
    section="issue 16",
    doc="One training layout on a cluster: memory per accelerator (weights, gradients, "
    "optimizer state, activations, temporary buffers) and whether it fits, the pipeline "
    "bubble, communication per kind of parallelism, step time, tokens/s, predicted MFU and "
    "HFU, and the run's time and accelerator-hours (Korthikanti et al. 2022, Narayanan et "
    "al. 2021, ZeRO). Its n_accel and mfu feed `training` in a chain; `llmcore.plan` and "
    "`llmcore plan` search every layout.",
    inputs=(
        inp(
            "params",
            "count",
            "model parameters incl. embeddings; absent = L(12h² + 13h) + Vh",
            optional=True,
            range="> 0",
            catalog=_M,
            typical=(1e8, 2e12),
            log=True,
        ),
        inp(
            "active_params",
            "count",
            "parameters used per token (mixture-of-experts); absent = params",
            optional=True,
            range="> 0",
            catalog=_M,
            typical=(1e8, 2e12),
            log=True,
        ),
        inp("n_layers", "count", "transformer layers", range=">= 1", catalog=_M, typical=(2, 160)),
        inp(
            "d_model",
            "count",
            "hidden size",
            range=">= 1",
            catalog=_M,
            typical=(256, 32768),
            log=True,
        ),
        inp("n_heads", "count", "attention heads", range=">= 1", catalog=_M, typical=(4, 128)),
        inp(
            "vocab_size",
            "count",
            "vocabulary (Megatron pads GPT's to 51,200)",
            51200.0,
            range=">= 1",
            catalog=_M,
            typical=(1000, 256000),
            log=True,
        ),
        inp(
            "seq_len",
            "tokens",
            "training sequence length; not the model catalog's context window, which "
            "long-context models reach only in a late extension of their training",
            2048.0,
            range=">= 1",
            typical=(128, 32768),
            log=True,
            not_from=("model",),
        ),
        inp(
            "kv_fraction",
            "fraction",
            "key/value width over d_model (ring attention's traffic)",
            1.0,
            range="> 0",
            catalog=_M,
            typical=(0.01, 1),
        ),
        c.N_EXPERTS,
        c.EXPERTS_PER_TOKEN,
        inp("micro_batch", "sequences", "micro-batch per pipeline", 1.0, typical=(1, 16)),
        inp(
            "global_batch",
            "sequences",
            "sequences per optimizer step",
            1024.0,
            range=">= 1",
            typical=(8, 8192),
            log=True,
        ),
        inp(
            "tokens",
            "tokens",
            "training tokens of the whole run (its time and accelerator-hours)",
            optional=True,
            catalog=_M,
            supplementary=True,
            typical=(1e9, 2e13),
            log=True,
        ),
        _degree("tp", "tensor-parallel degree"),
        _degree("pp", "pipeline-parallel stages"),
        _degree("dp", "data-parallel replicas"),
        _degree("ep", "expert-parallel degree (within the data-parallel ranks)"),
        _degree("cp", "context-parallel degree (ring attention over the sequence)"),
        inp(
            "sequence_parallel",
            "flag",
            "1: Megatron sequence parallelism shards the layer-norm and dropout activations "
            "over the tensor-parallel ranks",
            1.0,
            range="[0, 1]",
            typical=(0, 1),
            choices=("off", "on"),
        ),
        inp(
            "interleave",
            "count",
            "virtual pipeline stages per device (interleaved 1F1B)",
            1.0,
            range=">= 1",
            typical=(1, 8),
        ),
        inp(
            "zero_stage",
            "stage",
            "ZeRO stage: 1 shards optimizer states, 2 also gradients, 3 also weights",
            1.0,
            range="[0, 3]",
            typical=(0, 3),
            choices=("0", "1", "2", "3"),
        ),
        inp(
            "recompute",
            "choice",
            "activation recomputation: 'none', 'selective' (attention core, Korthikanti et "
            "al.) or 'full' (each layer from its input)",
            1.0,
            range="[0, 2]",
            typical=(0, 2),
            choices=RECOMPUTE,
        ),
        inp(
            "flash_attention",
            "flag",
            "1: a fused attention kernel (FlashAttention) never stores the s x s scores, "
            "so activations lose Korthikanti's 5as/h term as under selective recompute",
            1.0,
            range="[0, 1]",
            typical=(0, 1),
            choices=("off", "on"),
        ),
        inp("weight_bytes", "bytes", "bytes per weight (bf16: 2)", 2.0, typical=(1, 4)),
        inp("grad_bytes", "bytes", "bytes per gradient", 2.0, typical=(1, 4)),
        inp(
            "optimizer_bytes",
            "bytes",
            "optimizer state per parameter (Adam in mixed precision: fp32 master weights, "
            "momentum and variance, 12)",
            12.0,
            range=">= 0",
            typical=(0, 16),
        ),
        inp("act_bytes", "bytes", "bytes per activation (bf16: 2)", 2.0, typical=(1, 4)),
        c.PEAK_FLOP_PER_S,
        c.ACCEL_MEMORY_BYTES,
        inp(
            "accel_per_node",
            "count",
            "accelerators in one node (the intra-node link's reach)",
            8.0,
            range=">= 1",
            typical=(1, 72),
        ),
        inp(
            "intra_bw_bytes_per_s",
            "bytes/s",
            "intra-node bandwidth per accelerator, one direction (NVLink 3: 300 GB/s)",
            300e9,
            typical=(1e10, 2e12),
            log=True,
        ),
        inp(
            "inter_bw_bytes_per_s",
            "bytes/s",
            "inter-node bandwidth per accelerator, one direction (HDR InfiniBand: 25 GB/s)",
            25e9,
            typical=(1e9, 2e11),
            log=True,
        ),
        inp(
            "intra_latency_s",
            "s",
            "latency of one intra-node collective step",
            5e-6,
            range=">= 0",
            typical=(1e-7, 1e-4),
            log=True,
        ),
        inp(
            "inter_latency_s",
            "s",
            "latency of one inter-node collective step",
            1e-5,
            range=">= 0",
            typical=(1e-6, 1e-3),
            log=True,
        ),
        inp(
            "kernel_efficiency",
            "fraction",
            "share of peak FLOP/s the compute kernels reach; absent = gemm_peak_efficiency x "
            "d_model / (d_model + gemm_half_width)",
            optional=True,
            range="(0, 1]",
            typical=(0.2, 0.9),
        ),
        inp(
            "gemm_peak_efficiency",
            "fraction",
            "kernel efficiency of very wide layers (0.585: fitted to Narayanan et al. 2021 "
            "Tables 1-2, MT-NLG and BLOOM, design/parallelism.md)",
            0.585,
            range="(0, 1]",
            typical=(0.3, 0.9),
        ),
        inp(
            "gemm_half_width",
            "count",
            "hidden size at which kernels reach half of gemm_peak_efficiency (500: fitted with it)",
            500.0,
            range=">= 0",
            typical=(0, 4000),
        ),
        inp(
            "overlap",
            "fraction",
            "share of data- and context-parallel traffic hidden behind compute",
            0.0,
            range="[0, 1]",
            typical=(0, 1),
        ),
    ),
    outputs=(
        out("n_accel", "count", "accelerators: tp x pp x dp x cp"),
        out(
            "layout_valid",
            "flag",
            "1 if the degrees divide the model and batch (layers by pp x interleave, heads by "
            "tp, global batch by micro-batch x dp, sequence by cp, dp by ep, experts by ep)",
        ),
        out("params_per_accel", "count", "parameters on the first pipeline stage's device"),
        out("weight_mem_bytes", "bytes", "weights per accelerator"),
        out("grad_mem_bytes", "bytes", "gradients per accelerator"),
        out("optimizer_mem_bytes", "bytes", "optimizer state per accelerator"),
        out("activation_mem_bytes", "bytes", "activations held by the first stage (1F1B)"),
        out("temp_mem_bytes", "bytes", "fp32 logits and loss of the last stage"),
        out("memory_per_accel_bytes", "bytes", "total memory per accelerator"),
        out("fits", "flag", "1 if memory_per_accel_bytes fits the accelerator", *_MEM),
        out("microbatches", "count", "micro-batches per pipeline and step"),
        out("bubble_fraction", "fraction", "pipeline bubble over ideal time, (p-1)/(v m)"),
        out("model_flop_per_step", "FLOP", "model FLOPs per step (no recompute)"),
        out("hw_flop_per_step", "FLOP", "FLOPs executed per step, recompute included"),
        out("compute_s", "s", "compute time per step at kernel_efficiency"),
        out("bubble_s", "s", "pipeline bubble per step"),
        out("tp_comm_bytes", "bytes", "tensor-parallel all-reduce traffic per accelerator"),
        out("tp_comm_s", "s", "tensor-parallel communication time per step (exposed)"),
        out("pp_comm_bytes", "bytes", "pipeline point-to-point traffic per accelerator"),
        out("pp_comm_s", "s", "pipeline communication time per step (exposed)"),
        out("dp_comm_bytes", "bytes", "data-parallel gradient traffic per accelerator"),
        out("dp_comm_s", "s", "data-parallel communication time per step"),
        out("ep_comm_bytes", "bytes", "expert all-to-all traffic per accelerator"),
        out("ep_comm_s", "s", "expert all-to-all time per step (exposed)"),
        out("cp_comm_bytes", "bytes", "ring-attention K/V traffic per accelerator"),
        out("cp_comm_s", "s", "context-parallel communication time per step"),
        out("exposed_comm_s", "s", "communication not hidden behind compute"),
        out("step_s", "s", "time per optimizer step"),
        out("tokens_per_s", "tokens/s", "training throughput"),
        out("mfu", "fraction", "predicted model FLOPs utilisation"),
        out("hfu", "fraction", "predicted hardware FLOPs utilisation (recompute counted)"),
        out(
            "flop_per_s_per_accel",
            "FLOP/s",
            "achieved FLOP/s per accelerator, recompute counted (Narayanan's teraFLOP/s)",
        ),
        out("steps", "count", "optimizer steps of the run", *_RUN),
        out("wall_s", "s", "wall-clock time of the run", *_RUN),
        out("wall_days", "d", "wall-clock time of the run", *_RUN),
        out("accel_hours", "h", "accelerator-hours of the run", *_RUN),
    ),
    consistency="vocab_size × d_model <= active_params <= params",
    flagged=(
        (
            "inconsistent_inputs",
            (
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
            ),
        ),
    ),
)
