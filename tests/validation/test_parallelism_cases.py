# SPDX-License-Identifier: BSD-3-Clause
"""The published parallelism figures (validation/data/parallelism_cases.toml, issue 16) are
transcribed consistently: each case names its source, and the figures agree with the papers'
own formulas (Korthikanti et al. 2022 eqs. 7-8, Narayanan et al. 2021 eqs. 2-4), so a typo in a
transcribed number fails here before any estimator is compared with it."""

from __future__ import annotations

import sys
from importlib import resources

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = tomllib.loads(
    resources.files("llmcore.validation")
    .joinpath("data", "parallelism_cases.toml")
    .read_text("utf-8")
)
PEAK = 312e12  # A100 dense 16-bit, as both papers use


def _of(prefix):
    return {k: v for k, v in CASES.items() if k.startswith(prefix)}


@pytest.mark.parametrize("cid", sorted(CASES))
def test_every_case_names_its_source(cid):
    case = CASES[cid]
    for field in ("source", "url", "date", "kind", "check"):
        assert isinstance(case.get(field), str) and case[field].strip(), (cid, field)
    if case["kind"] != "formula":
        assert case.get("published"), cid
    for key in case.get("absent", []):  # absent inputs are absent, never 0
        assert key not in case.get("inputs", {}), (cid, key)


def test_issue_cases_are_all_there():
    kinds = {k.split("-")[0] for k in CASES}
    assert {"korthikanti2022", "narayanan2021", "smith2022", "llm", "bloom"} <= kinds
    assert len(_of("narayanan2021-table1-")) == 10
    assert len(_of("korthikanti2022-")) >= 8


def _model_flops(i, batch):
    # Korthikanti et al. 2022, Appendix A eq. 7 (model) and eq. 8 (hardware, selective recompute)
    b_l_s_h2 = 72 * batch * i["layers"] * i["seq_len"] * i["hidden"] ** 2
    s, h, v, L = i["seq_len"], i["hidden"], i["vocab"], i["layers"]
    return b_l_s_h2 * (1 + s / (6 * h) + v / (12 * h * L)), b_l_s_h2 * (
        1 + s / (3 * h) + v / (12 * h * L)
    )


@pytest.mark.parametrize("size", ["22b", "175b", "530b", "1t"])
def test_korthikanti_mfu_hfu_follow_from_the_iteration_time(size):
    c = CASES[f"korthikanti2022-{size}"]
    i, p = c["inputs"], c["published"]
    assert i["tp"] * i["pp"] * i["dp"] == i["n_accel"]
    model, hardware = _model_flops(i, i["global_batch"])
    t = p["iteration_time_present_work_s"]
    assert model / t / i["n_accel"] / PEAK == pytest.approx(p["mfu"], abs=0.002)
    assert hardware / t / i["n_accel"] / PEAK == pytest.approx(p["hfu"], abs=0.002)
    assert p["iteration_time_full_recompute_s"] / t - 1 == pytest.approx(
        p["throughput_increase"], abs=0.002
    )


def test_korthikanti_530b_with_data_parallelism():
    c = CASES["korthikanti2022-530b-dp8"]
    i, p = c["inputs"], c["published"]
    model, _ = _model_flops(i, i["global_batch"])
    assert model / p["iteration_time_s"] / i["n_accel"] / PEAK == pytest.approx(p["mfu"], abs=0.001)


@pytest.mark.parametrize(
    "cid", ["korthikanti2022-selective-gpt3", "korthikanti2022-selective-mtnlg"]
)
def test_korthikanti_selective_recompute_shares(cid):
    i, p = CASES[cid]["inputs"], CASES[cid]["published"]
    r = 5 * i["heads"] * i["seq_len"] / i["hidden"]
    assert r == p["attn_term_5as_over_h"]
    assert r / (34 + r) == pytest.approx(p["selective_saving_fraction"], abs=0.005)
    # Table 2 coefficients give the same share: no_parallelism vs selective
    k = CASES["korthikanti2022-table2"]["coefficients"]
    full = k["no_parallelism"]["const"] + k["no_parallelism"]["attn"] * r / 5
    kept = k["tensor_sequence_parallel_selective"]["per_t"]
    assert 1 - kept / full == pytest.approx(p["selective_saving_fraction"], abs=0.005)


def test_korthikanti_output_deallocation_saving():
    i = CASES["korthikanti2022-530b-output-dealloc"]["inputs"]
    sbhp = i["seq_len"] * i["micro_batch"] * i["hidden"] * i["pp"] * i["bytes_per_element"]
    pub = CASES["korthikanti2022-530b-output-dealloc"]["published"]["saving_gib"]
    assert round(sbhp / 2**30, 2) == pub


@pytest.mark.parametrize("cid", sorted(_of("narayanan2021-table1-")))
def test_narayanan_table1_rows_are_consistent(cid):
    i, p = CASES[cid]["inputs"], CASES[cid]["published"]
    assert i["tp"] * i["pp"] * i["dp"] == i["n_accel"]
    assert p["achieved_tflops_per_gpu"] * i["n_accel"] / 1e3 == pytest.approx(
        p["aggregate_pflops"], rel=0.012
    )
    assert p["achieved_tflops_per_gpu"] / 312 == pytest.approx(p["fraction_of_peak"], abs=0.006)
    L, h, V, s = i["layers"], i["hidden"], i["vocab"], i["seq_len"]
    params = 12 * L * h**2 * (1 + 13 / (12 * h) + (V + s) / (12 * L * h))  # eq. 2
    # the table rounds to 0.1 B
    assert params / 1e9 == pytest.approx(i["params_billion"], rel=0.01, abs=0.05)


@pytest.mark.parametrize("cid", sorted(_of("narayanan2021-table2-")))
def test_narayanan_table2_training_days(cid):
    i, p = CASES[cid]["inputs"], CASES[cid]["published"]
    seconds = (
        8
        * i["tokens"]
        * i["params_billion"]
        * 1e9
        / (i["n_accel"] * p["achieved_tflops_per_gpu"] * 1e12)
    )  # eq. 4
    assert seconds / 86400 == pytest.approx(p["training_days_300b_tokens"], rel=0.06)
    assert i["model_parallel"] * i["dp"] == i["n_accel"]


def test_narayanan_training_time_estimates():
    i, p = (
        CASES["narayanan2021-gpt3-training-time"]["inputs"],
        CASES["narayanan2021-gpt3-training-time"]["published"],
    )
    days = (
        8 * i["tokens"] * i["params"] / (i["n_accel"] * i["achieved_tflops_per_gpu"] * 1e12) / 86400
    )
    assert days == pytest.approx(p["days"], rel=0.02)
    days_1t = (
        8
        * i["tokens_1t"]
        * i["params_1t"]
        / (i["n_accel_1t"] * i["achieved_tflops_per_gpu_1t"] * 1e12)
        / 86400
    )
    assert days_1t == pytest.approx(p["days_1t"], rel=0.02)


@pytest.mark.parametrize("cid", sorted(_of("smith2022-")))
def test_mtnlg_tflops_follow_from_the_iteration_time(cid):
    i, p = CASES[cid]["inputs"], CASES[cid]["published"]
    assert i["tp"] * i["pp"] * i["dp"] == i["n_accel"] == 8 * i["nodes"]
    B, s, L, h, V = i["global_batch"], i["seq_len"], i["layers"], i["hidden"], 51200
    flops = 96 * B * s * L * h**2 * (1 + s / (6 * h) + V / (16 * L * h))  # Narayanan eq. 3
    tflops = flops / (i["n_accel"] * p["iteration_time_s"]) / 1e12
    assert tflops == pytest.approx(p["achieved_tflops_per_gpu"], rel=0.01)


@pytest.mark.parametrize("cid", sorted(_of("llm-analysis-")))
def test_llm_analysis_cases(cid):
    i, p = CASES[cid]["inputs"], CASES[cid]["published"]
    assert i["tp"] * i["pp"] * i["dp"] == i["n_accel"]
    parts = ("weight_bytes", "gradient_bytes", "optimizer_bytes", "activation_bytes")
    assert all(p[k] > 0 for k in parts)
    if "total_bytes" in p:
        assert sum(p[k] for k in parts) == pytest.approx(p["total_bytes"], rel=1e-9)
        assert p["total_bytes"] / 1e9 == pytest.approx(p["total_gb_as_quoted_in_issue"], abs=0.05)


def test_llm_analysis_issue_figures():
    """Issue 16 quotes 62.8 GB (ZeRO-0, no recompute), 19.5 GB (ZeRO-1, full), 3.8 GB (ZeRO-3)."""
    tag = "llm-analysis-v022-gpt3-175b-tp8-pp8-dp16-"
    quoted = {"zero0-none": 62.8, "zero1-full": 19.5, "zero3-full": 3.8}
    for k, gb in quoted.items():
        assert CASES[tag + k]["published"]["total_gb_as_quoted_in_issue"] == gb


def test_bloom_layout():
    i, p = CASES["bloom-176b-layout"]["inputs"], CASES["bloom-176b-layout"]["published"]
    assert i["tp"] * i["pp"] * i["dp"] == i["n_accel"] == 384
    h = i["hidden"]
    assert 12 * h**2 + 13 * h == p["params_per_layer"]
    assert i["vocab"] * h == p["embedding_params"]
    total = i["layers"] * p["params_per_layer"] + p["embedding_params"]
    assert total == pytest.approx(176e9, rel=0.01)
    assert i["global_batch"] / p["iteration_time_s"] == pytest.approx(p["samples_per_s"], rel=0.01)
