# SPDX-License-Identifier: BSD-3-Clause
"""Issue 16 `parallelism`: the published formulas worked by hand, on every backend; `plan`
and `llmcore plan`; composition with `training`."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

import llmcore as lc
from llmcore.cli.main import main

# GPT-3 as Korthikanti et al. 2022 describe it (§5): a = 96, s = 2048, h = 12288, L = 96
GPT3 = dict(n_layers=96, d_model=12288, n_heads=96, seq_len=2048, vocab_size=51200)


@pytest.mark.parametrize(
    "recompute, sp, flash, per_layer",
    [
        # Table 2: sbh(10 + 24/t + 5as/(ht)), sbh/t (34 + 5as/h), sbh(10 + 24/t), 34sbh/t, 2sbh
        (
            "none",
            "off",
            "off",
            lambda s, b, h, a, t: s * b * h * (10 + 24 / t + 5 * a * s / (h * t)),
        ),
        ("none", "on", "off", lambda s, b, h, a, t: s * b * h / t * (34 + 5 * a * s / h)),
        ("selective", "off", "off", lambda s, b, h, a, t: s * b * h * (10 + 24 / t)),
        ("selective", "on", "off", lambda s, b, h, a, t: 34 * s * b * h / t),
        ("none", "on", "on", lambda s, b, h, a, t: 34 * s * b * h / t),  # flash: no scores
        ("full", "off", "off", lambda s, b, h, a, t: 2 * s * b * h),
    ],
)
def test_korthikanti_table2(backend: str, recompute, sp, flash, per_layer) -> None:
    t, b = 8.0, 2.0
    r = lc.parallelism(
        **GPT3, tp=t, pp=1, micro_batch=b, global_batch=8, recompute=recompute,
        sequence_parallel=sp, flash_attention=flash, peak_flop_per_s=312e12, backend=backend,
    )  # fmt: skip
    # one pipeline stage holds its micro-batch's activations of all 96 layers
    expect = per_layer(2048, b, 12288, 96, t) * 96
    assert r["activation_mem_bytes"] == pytest.approx(expect, rel=1e-12)


def test_korthikanti_selective_saves_70_percent_for_gpt3(backend: str) -> None:
    # §5: 5as/h = 80 for GPT-3, so selective recompute keeps 34 / (34 + 80) = 30 %
    kw = dict(**GPT3, tp=8, pp=1, sequence_parallel="on", flash_attention="off", backend=backend)
    none = lc.parallelism(**kw, recompute="none", peak_flop_per_s=312e12)
    sel = lc.parallelism(**kw, recompute="selective", peak_flop_per_s=312e12)
    assert 1 - sel["activation_mem_bytes"] / none["activation_mem_bytes"] == pytest.approx(
        0.70, abs=0.005
    )
    # and costs s/(6h) extra FLOPs relative to the model's 1 + s/(6h) + V/(12hL): 2.7 %
    extra = sel["hw_flop_per_step"] / none["model_flop_per_step"] - 1
    assert extra == pytest.approx(0.027, abs=0.001)


def test_narayanan_flops_and_bubble(backend: str) -> None:
    B, s, L, h, V = 1536, 2048, 96, 12288, 51200
    r = lc.parallelism(
        **GPT3, tp=8, pp=8, dp=24, global_batch=B, micro_batch=1, interleave=2,
        recompute="full", peak_flop_per_s=312e12, backend=backend,
    )  # fmt: skip
    # eq. 3 with the GPT count N = 12Lh² + 13Lh (eq. 2 without the vocabulary term)
    n = 12 * L * h * h + 13 * L * h
    model = B * s * (6 * n + 12 * L * h * s + 6 * h * V)
    assert r["model_flop_per_step"] == pytest.approx(model, rel=1e-12)
    assert r["hw_flop_per_step"] == pytest.approx(model + B * s * (2 * n + 4 * L * h * s))
    # 96 B s L h² (1 + s/6h + V/16Lh) counts 72 L h² for 6N: equal up to the 13Lh bias terms
    assert r["hw_flop_per_step"] == pytest.approx(
        96 * B * s * L * h**2 * (1 + s / (6 * h) + V / (16 * L * h)), rel=2e-3
    )
    m = B / 24
    assert r["bubble_fraction"] == pytest.approx((8 - 1) / (2 * m), rel=1e-12)


def test_zero_shards_over_data_parallel_ranks(backend: str) -> None:
    kw = dict(**GPT3, tp=8, pp=8, dp=16, peak_flop_per_s=312e12, backend=backend)
    stages = [lc.parallelism(**kw, zero_stage=z) for z in range(4)]
    p = stages[0]["params_per_accel"]
    w, g, o = 2 * p, 2 * p, 12 * p
    expect = [(w, g, o), (w, g, o / 16), (w, g / 16, o / 16), (w / 16, g / 16, o / 16)]
    for r, (we, ge, oe) in zip(stages, expect):
        assert (r["weight_mem_bytes"], r["grad_mem_bytes"], r["optimizer_mem_bytes"]) == (
            pytest.approx(we),
            pytest.approx(ge),
            pytest.approx(oe),
        )
    assert stages[3]["dp_comm_bytes"] == pytest.approx(1.5 * stages[2]["dp_comm_bytes"])


def test_ring_all_reduce_and_layout_checks(backend: str) -> None:
    r = lc.parallelism(
        **GPT3, tp=8, pp=1, dp=4, global_batch=8, micro_batch=1, zero_stage=0,
        recompute="selective", peak_flop_per_s=312e12, backend=backend,
    )  # fmt: skip
    grads = r["params_per_accel"] * 2
    assert r["dp_comm_bytes"] == pytest.approx(2 * 3 / 4 * grads, rel=1e-12)
    # 32 accelerators > one node of 8: inter-node 25 GB/s and 10 µs per ring step
    assert r["dp_comm_s"] == pytest.approx(r["dp_comm_bytes"] / 25e9 + 2 * 3 * 1e-5)
    assert r["layout_valid"] == 1.0
    bad = lc.parallelism(**GPT3, tp=7, pp=5, peak_flop_per_s=312e12, backend=backend)
    assert bad["layout_valid"] == 0.0


def test_composes_with_training(backend: str) -> None:
    # parallelism's n_accel and predicted mfu feed training's
    chain = lc.evaluate(
        ["parallelism", "training"],
        {**GPT3, "tp": 8, "pp": 8, "dp": 16, "global_batch": 1536, "hardware": "a100-80gb",
         "params": 175e9, "tokens": 300e9, "pue": 1.1},
        backend=backend,
    )  # fmt: skip
    par = lc.parallelism(
        **GPT3, tp=8, pp=8, dp=16, global_batch=1536, hardware="a100-80gb", params=175e9,
        backend=backend,
    )  # fmt: skip
    assert chain["n_accel"] == 1024
    assert chain["mfu"] == pytest.approx(par["mfu"])


def test_plan_finds_fitting_layouts_fast() -> None:
    t = time.perf_counter()
    table = lc.plan("llama-3-70b", n_accel=1024, hardware="h100-sxm")
    assert time.perf_counter() - t < 2.0  # one vectorised call (issue: under a second)
    assert 0 < len(table) <= 10 and table.fitting >= len(table)
    steps = [r["step_s"] for r in table]
    assert steps == sorted(steps)
    for r in table:
        assert r["tp"] * r["pp"] * r["dp"] == 1024
        assert r["memory_gb"] <= 80.0
    pinned = lc.plan("llama-3-70b", n_accel=1024, hardware="h100-sxm", tp=8, zero_stage=1)
    assert {(r["tp"], r["zero_stage"]) for r in pinned} == {(8, 1)}


def test_plan_errors_name_the_input() -> None:
    with pytest.raises(ValueError, match="n_accel"):
        lc.plan("llama-3-70b", n_accel=0, hardware="h100-sxm")
    with pytest.raises(ValueError, match="dp"):
        lc.plan("llama-3-70b", n_accel=64, hardware="h100-sxm", dp=8)


def test_plan_cli(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["plan", "--model", "llama-3-70b", "--gpus", "1024", "--hardware", "h100-sxm"]
    assert main([*args, "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "total GB" in out and "fit, of" in out
    assert main([*args, "--top", "3", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and rows[0]["step_s"] <= rows[1]["step_s"]
    assert main([*args, "--tp", "x"]) == 2
    err = capsys.readouterr().err
    assert "--tp" in err and "Traceback" not in err


def test_moe_expert_parallelism(backend: str) -> None:
    kw = dict(model="mixtral-8x7b", tp=1, pp=1, dp=8, peak_flop_per_s=989e12, backend=backend)
    one = lc.parallelism(**kw, ep=1)
    eight = lc.parallelism(**kw, ep=8)
    assert eight["params_per_accel"] < one["params_per_accel"]
    assert one["ep_comm_bytes"] == 0 and eight["ep_comm_bytes"] > 0
    assert np.isfinite(eight["step_s"])


def test_a_models_row_does_not_set_the_training_sequence_length() -> None:
    # the models catalog's seq_len is the context window (131072 for Llama 3.1), which
    # pre-training does not run at: parallelism keeps its own default, and says so
    kw = dict(model="llama-3.1-8b", hardware="h100-sxm", tp=2, pp=4, dp=1)
    r = lc.parallelism(**kw, outputs=["step_s"])
    assert r.assumptions["seq_len"] == {"value": 2048.0, "source": "default"}
    assert lc.parallelism(**kw, seq_len=8192, outputs=["step_s"])["step_s"] > r["step_s"]
    arch = lc.architecture(model="llama-3.1-8b").assumptions["seq_len"]
    assert arch == {"value": 131072.0, "source": "models llama-3.1-8b"}  # its context window
    rows = lc.dist.rows("models", ["llama-3.1-8b", "gpt-3"])
    sim = lc.simulate("parallelism", {"model": rows, "hardware": "h100-sxm"}, n=300, seed=1)
    assert sim.assumptions["seq_len"]["source"] == "default"
