# SPDX-License-Identifier: BSD-3-Clause
"""Every compiled backend against the reference, for every model, on generated inputs."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import llmcore as lc
from llmcore._models import MODELS, ModelInfo

from ..harness import all_backends, assert_same_outcome, run_all_backends
from ..strategies import bad_inputs, inputs

MODEL_NAMES = list(MODELS)


@pytest.mark.parametrize("model", MODEL_NAMES)
@given(data=st.data())
def test_valid_inputs_agree(model: str, data: st.DataObject, small_chunks: None) -> None:
    case = data.draw(inputs(MODELS[model]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", lc.MissingDataWarning)  # flagged below, per scenario
        warnings.simplefilter("ignore", lc.InconsistentInputsWarning)
        results = run_all_backends(model, case, all_backends())
    for name, r in results.items():
        assert not isinstance(r, Exception), f"{name} raised {r!r} on valid inputs"
    assert_same_outcome(results, model, case)
    # no silent NaN from valid inputs: NaN only where the scenario is flagged unreachable
    ref = results["reference"]
    flagged = _flagged(MODELS[model], case, ref.shape)
    flags = ("unreachable_target", "missing_input", "inconsistent_inputs")
    assert sum(ref.status_counts[f] for f in flags) == int(flagged.sum())
    for key, v in ref.items():
        assert not np.isnan(np.broadcast_to(v, ref.shape)[~flagged]).any(), key


def _flagged(info: ModelInfo, case: dict[str, Any], shape: tuple[int, ...]) -> np.ndarray:
    """Scenarios whose target loss is at or below the fit's irreducible loss E, that
    (lifecycle) count inference without any way to its CO2, or whose parameter counts
    contradict one another (parallelism, serving): NaN outputs flagged by the model."""
    if info.name == "lifecycle":
        absent = [
            np.isnan(np.asarray(case.get(k, np.nan), float))
            for k in (
                "energy_wh_per_query",
                "co2_g_per_query",
                "cost_per_query",
                "grid_gco2_per_kwh",
            )
        ]
        counted = ~(absent[0] & absent[1] & absent[2])
        return np.broadcast_to(counted & absent[1] & (absent[0] | absent[3]), shape)
    if info.name == "parallelism":  # params below its embeddings, active outside [emb, params]
        v = {k: np.asarray(case.get(k, np.nan), float) for k in ("params", "active_params")}
        vocab = case.get("vocab_size", info.input("vocab_size").default)
        h, n_layers = np.asarray(case["d_model"], float), np.asarray(case["n_layers"], float)
        emb = np.asarray(vocab, float) * h
        total = np.where(np.isnan(v["params"]), n_layers * (12 * h**2 + 13 * h) + emb, v["params"])
        active = np.where(np.isnan(v["active_params"]), total, v["active_params"])
        return np.broadcast_to(~((emb <= active) & (active <= total)), shape)
    if info.name == "serving":  # more weights per token than the model has
        active = np.asarray(case.get("active_params", np.nan), float)
        return np.broadcast_to(active > np.asarray(case["params"], float), shape)
    if info.name == "query":
        return np.broadcast_to(_query_lacks_a_price(info, case), shape)
    if info.name == "finetune":  # LoRA without the architecture to count its adapters
        arch = [np.isnan(np.asarray(case.get(k, np.nan), float)) for k in ("n_layers", "d_model")]
        lora = np.asarray(case.get("finetune_method", 0.0), float) >= 1
        return np.broadcast_to(lora & (arch[0] | arch[1]), shape)
    if "target_loss" not in case:
        return np.zeros(shape, dtype=bool)
    e = case.get("E", info.input("E").default)
    return np.broadcast_to(np.asarray(case["target_loss"]) <= np.asarray(e), shape)


def _query_lacks_a_price(info: ModelInfo, case: dict[str, Any]) -> np.ndarray:
    """query scenarios that bill tokens at a price they lack (design/pricing.md): cache
    reads, tier rates past the threshold, a write price where only the other one is given,
    batch traffic without a discount."""

    def v(k: str) -> np.ndarray:
        d = info.input(k).default
        return np.asarray(case.get(k, np.nan if d is None else d), float)

    def absent(k: str) -> np.ndarray:
        return np.isnan(v(k))

    words = v("prompt_words") + v("links") * v("retrieved_words_per_link")
    n_in = np.where(
        absent("input_tokens_per_query"), words * v("tokens_per_word"), v("input_tokens_per_query")
    )
    out_words = v("generated_words") * v("samples") * np.maximum(v("links"), 1)
    n_out = np.where(
        absent("output_tokens_per_query"),
        out_words * v("tokens_per_word"),
        v("output_tokens_per_query"),
    )
    cached = n_in * v("cached_input_share")
    written = (n_in - cached) * v("cache_write_share")
    tier = n_in > v("long_context_threshold_tokens")

    def lacks(base: str) -> np.ndarray:
        return np.where(tier, absent(base + "_long"), absent(base))

    no_write = absent("price_per_1k_cache_write_tokens") & absent(
        "price_per_1k_cache_write_tokens_long"
    )
    lacks_in = lacks("price_per_1k_input_tokens")
    return (
        ((n_in - cached - written != 0) & lacks_in)
        | ((cached != 0) & lacks("price_per_1k_cached_input_tokens"))
        | ((written != 0) & np.where(no_write, lacks_in, lacks("price_per_1k_cache_write_tokens")))
        | ((n_out != 0) & lacks("price_per_1k_output_tokens"))
        | ((v("batch_share") > 0) & absent("batch_discount"))
    )


@pytest.mark.parametrize("model", MODEL_NAMES)
@given(data=st.data())
def test_invalid_inputs_raise_the_same(model: str, data: st.DataObject, small_chunks: None) -> None:
    case, name = data.draw(bad_inputs(MODELS[model]))
    results = run_all_backends(model, case, all_backends())
    for backend, r in results.items():
        assert isinstance(r, ValueError), f"{backend}: {r!r}"
        assert repr(name) in str(r)
    assert_same_outcome(results)
