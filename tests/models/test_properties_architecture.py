# SPDX-License-Identifier: BSD-3-Clause
"""Properties of `architecture` (SPEC.md §3a, design/architecture_counts.md)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import llmcore as lc
from llmcore._models import MODELS

from ..strategies import inputs

INFO = MODELS["architecture"]


@given(data=st.data())
def test_parts_add_up_and_active_is_at_most_params(data: st.DataObject) -> None:
    case = data.draw(inputs(INFO))
    r = lc.architecture(**case, backend="cpu")
    parts = r["attn_params"] + r["ffn_params"] + r["norm_bias_params"] + r["embed_params"]
    np.testing.assert_allclose(r["params"], parts, rtol=1e-15)
    assert np.all(r["active_params"] <= r["params"] * (1 + 1e-12))
    assert np.all(r["active_params"] > 0)


def test_shared_experts_add_to_params_and_active_alike(backend: str) -> None:
    # DeepSeek-V3's layout: 58 mixture-of-experts layers after 3 dense ones; one more shared
    # expert (3 x 7168 x 2048) in each is used by every token
    row = lc.catalog.get("models", "deepseek-v3")
    one = lc.architecture(model="deepseek-v3", backend=backend)
    two = lc.architecture(model="deepseek-v3", n_shared_experts=2, backend=backend)
    added = 58 * 3 * 7168 * 7168 * row["moe_ffn_mult"]
    assert np.isclose(two["params"] - one["params"], added, rtol=1e-9)
    assert np.isclose(two["active_params"] - one["active_params"], added, rtol=1e-9)


def test_every_kth_layer_of_experts(backend: str) -> None:
    # Llama 4 Maverick: 48 layers, experts in every second one; all layers experts would add
    # 24 layers' worth of experts and take away 24 dense FFNs
    row = lc.catalog.get("models", "llama-4-maverick")
    half = lc.architecture(model="llama-4-maverick", backend=backend)
    every = lc.architecture(model="llama-4-maverick", moe_layer_freq=1, backend=backend)
    d = row["d_model"]
    expert = 3 * d * d * row["moe_ffn_mult"]
    moe_layer = (row["n_experts"] + row["n_shared_experts"]) * expert + d * row["n_experts"]
    dense = 3 * d * d * row["ffn_mult"]
    assert np.isclose(every["ffn_params"] - half["ffn_params"], 24 * (moe_layer - dense), rtol=1e-9)
