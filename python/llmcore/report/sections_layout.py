# SPDX-License-Identifier: BSD-3-Clause
"""Report section about training layouts: predicted throughput against published runs, the
fastest layouts of a cluster, and what drives step time (issue 16)."""

from __future__ import annotations

from llmcore.estimate import estimators as est
from llmcore.mc import dist
from llmcore.mc.sensitivity import sensitivity
from llmcore.report import plots
from llmcore.report._mc import SOBOL_NOTE, Context, point_row, sobol_confs, sobol_rows
from llmcore.report.document import Figure, Section
from llmcore.tables.plan import plan

__all__ = ["training_layouts"]

NARAYANAN = "Narayanan et al. 2021, arXiv 2104.04473, Table 2"
SMITH = "Smith et al. 2022 (MT-NLG), arXiv 2201.11990, §2.4"
# GPT-3 as Megatron-LM trained it (s = 2048, V = 51,200) on DGX A100 nodes
GPT3 = dict(n_layers=96, d_model=12288, n_heads=96, seq_len=2048, vocab_size=51200)
MTNLG = dict(n_layers=105, d_model=20480, n_heads=128, seq_len=2048, vocab_size=51200)


def training_layouts(ctx: Context) -> Section:
    s = Section(
        "layouts",
        "Training at cluster scale: layouts, step time and MFU from first principles",
        "Memory per accelerator, pipeline bubble, communication and step time of one layout "
        "(the parallelism estimator), against published runs; then every layout of Llama 3 "
        "70B on 1,024 H100s searched at once, and the Sobol drivers of its MFU.",
    )
    s.assumptions = [
        "kernel efficiency 0.585 x h / (h + 500) (fitted to Narayanan et al. and MT-NLG)",
        "DGX A100 links: NVLink 3 at 300 GB/s and HDR InfiniBand at 25 GB/s per GPU; H100: "
        "the interconnects row dgx-h100 (NVLink 4 at 450 GB/s, NDR at 50 GB/s per GPU)",
        "full recomputation, no flash attention (as in 2021-2022 Megatron-LM runs)",
        "GPT-3: micro-batch 1, 2 chunks per device (interleaved); MT-NLG: micro-batch 2, "
        "no interleaving (DeepSpeed's pipeline)",
        SOBOL_NOTE,
    ]
    common = dict(recompute="full", flash_attention="off", hardware="a100-80gb")
    gpt3 = est.parallelism(
        **GPT3, **common, tp=8, pp=12, dp=16, global_batch=1536, micro_batch=1,
        interleave=2, tokens=300e9, backend=ctx.backend,
    )  # fmt: skip
    s.rows += [
        point_row(
            "GPT-3 on 1,536 A100 (TP8 PP12 DP16): TFLOP/s per GPU",
            "TFLOP/s",
            gpt3["flop_per_s_per_accel"],
            1e-12,
            published=141,
            source=NARAYANAN,
            tolerance=0.10,
        ),
        point_row(
            "GPT-3 on 1,536 A100: days for 300 G tokens",
            "days",
            gpt3["wall_days"],
            published=23,
            source=NARAYANAN,
            tolerance=0.10,
        ),
        point_row("GPT-3 on 1,536 A100: predicted MFU", "fraction", gpt3["mfu"]),
    ]
    mt = est.parallelism(
        **MTNLG, **common, tp=8, pp=35, dp=8, global_batch=1920, micro_batch=2,
        backend=ctx.backend,
    )  # fmt: skip
    s.rows.append(
        point_row(
            "MT-NLG 530B on 280 DGX A100 nodes: TFLOP/s per GPU",
            "TFLOP/s",
            mt["flop_per_s_per_accel"],
            1e-12,
            published=126,
            source=SMITH,
            tolerance=0.10,
        )
    )
    best = plan("llama-3-70b", n_accel=1024, hardware="h100-sxm", top=1, backend=ctx.backend)
    if best:
        b = best[0]
        layout = (
            f"TP{b['tp']} PP{b['pp']} DP{b['dp']}, micro-batch {b['micro_batch']}, "
            f"ZeRO-{b['zero_stage']}, recompute {b['recompute']}"
        )
        s.rows += [
            point_row(
                f"Llama 3 70B on 1,024 H100, fastest of {best.fitting} layouts that fit "
                f"({layout}): tokens/s",
                "tokens/s",
                b["tokens_per_s"],
            ),
            point_row("its memory per accelerator", "GB", b["memory_gb"]),
            point_row("its predicted MFU", "fraction", b["mfu"]),
        ]
    sens = sensitivity(
        "parallelism",
        {
            "model": "llama-3-70b",
            "hardware": "h100-sxm",
            "interconnect": "dgx-h100",
            "tp": 8,
            "pp": 4,
            "dp": 32,
            "gemm_peak_efficiency": dist.uniform(0.45, 0.7),
            "inter_bw_bytes_per_s": dist.uniform(12.5e9, 50e9),
            "intra_bw_bytes_per_s": dist.uniform(300e9, 450e9),
            "overlap": dist.uniform(0.0, 0.9),
            "global_batch": dist.uniform(256, 2048),
        },
        n=max(1024, ctx.n // 16),
        seed=ctx.seed,
        outputs=["mfu"],
        backend=ctx.backend,
    )
    s1, st = sens.S1["mfu"], sens.ST["mfu"]
    names, rows = sobol_rows(sens, "mfu", "MFU driver ")
    s.rows += rows
    s.figures.append(
        Figure(
            "layout_drivers",
            "Sobol indices of Llama 3 70B's MFU on 1,024 H100 (TP8 PP4 DP32)",
            plots.tornado(
                names,
                [s1[f] for f in names],
                [st[f] for f in names],
                "Sobol indices of MFU",
                *sobol_confs(sens, "mfu", names),
            ),
        )
    )
    return s
