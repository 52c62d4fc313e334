# SPDX-License-Identifier: BSD-3-Clause
"""Every models.toml row's published parameter counts against the count from its dimensions."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore import catalog, imports

ROWS = catalog.list("models")
TOL = 0.01  # the published figure and the count from dimensions agree within 1 %


def _tolerance(row):
    tol = row.get("count_tolerance", TOL)
    assert tol <= 0.08, "a looser tolerance needs a reason in source"
    if tol > TOL:
        # a row allowed more than 1 % says why in its source
        assert any(w in row["source"] for w in ("two figures", "vision", "count_tolerance"))
    return tol


def test_the_catalog_covers_the_field():
    assert len(ROWS) >= 60
    for rid in ("gpt-3", "chinchilla-70b", "llama-2-7b", "llama-2-13b", "llama-2-70b"):
        assert rid in ROWS  # ids the validation cases and other tests use
    families = ("llama-3.1", "llama-4", "mistral", "mixtral", "qwen2.5", "qwen3", "deepseek")
    families += ("gemma-2", "gemma-3", "phi-3", "phi-4", "olmo-2", "falcon", "gpt-oss", "command")
    for fam in families:
        assert any(r.startswith(fam) for r in ROWS), fam


@pytest.mark.parametrize("rid", ROWS)
def test_published_params_agree_with_the_dimensions(rid):
    """lc.architecture(model=id), the row filling the estimator's inputs (its position
    encoding included), gives the row's published params and active_params, on the compiled
    core and on the reference transcription."""
    row = catalog.get("models", rid)
    assert row["source"] and row["date"]
    tol = _tolerance(row)
    for backend in ("cpu", "reference"):
        r = lc.architecture(model=rid, backend=backend)
        params, active = float(r["params"]), float(r["active_params"])
        assert params == pytest.approx(row["params"], rel=tol), backend
        if "active_params" in row:
            assert active == pytest.approx(row["active_params"], rel=tol), backend
            assert row["active_params"] < row["params"]
        else:
            assert active == params  # a dense row


def test_agreement_summary():
    """How many rows agree within 1 %, and the worst error (printed with -s): all rows at
    once, each scenario filled from its own row (a field a row lacks is absent there)."""
    ids = np.array(ROWS)
    r = lc.architecture(model=ids)
    published = np.array([catalog.get("models", x)["params"] for x in ROWS])
    active_pub = np.array([catalog.get("models", x).get("active_params", np.nan) for x in ROWS])
    err = np.abs(r["params"] / published - 1)
    err_a = np.abs(r["active_params"] / active_pub - 1)
    err = np.where(np.isnan(err_a), err, np.maximum(err, err_a))
    for k, rid in enumerate(ROWS):  # the same numbers as one row at a time
        one = lc.architecture(model=rid)
        assert r["params"][k] == one["params"] and r["active_params"][k] == one["active_params"]
    within = int((err <= TOL).sum())
    worst = int(np.argmax(err))
    print(f"\n{within}/{len(err)} rows within 1 %; worst {ROWS[worst]} {err[worst]:.2%}")
    assert within >= 60


@pytest.mark.parametrize("rid", ROWS)
def test_kv_fraction_is_the_kv_width(rid):
    row = catalog.get("models", rid)
    if "kv_lora_rank" in row:
        want = (row["kv_lora_rank"] + row["qk_rope_head_dim"]) / (2 * row["d_model"])
    else:
        hd = row.get("head_dim", row["d_model"] / row["n_heads"])
        want = row["n_kv_heads"] * hd / row["d_model"]
    assert row["kv_fraction"] == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("rid", ROWS)
def test_kv_cache_follows_kv_fraction(rid):
    """The estimator's KV cache per token is serving's 2·n_layers·d_model·kv_fraction elements
    (for latent attention the latent and the rotary key it computes from their widths)."""
    row = catalog.get("models", rid)
    r = lc.architecture(model=rid, kv_bytes_per_elem=1)
    want = 2 * row["n_layers"] * row["d_model"] * row["kv_fraction"]
    assert float(r["kv_bytes_per_token"]) == pytest.approx(want, rel=1e-12)


def test_model_params_is_the_estimator():
    """imports.model_params (hf_config's count) is lc.architecture on the row's fields."""
    for rid in ("gpt-3", "llama-3.1-8b", "deepseek-v3", "llama-4-maverick", "gemma-3-27b"):
        row = catalog.get("models", rid)
        r = lc.architecture(model=rid)
        assert imports.model_params(row) == (float(r["params"]), float(r["active_params"]))
    # the position field decides the table: seq_len x d_model more when learned
    base = {"n_layers": 1, "d_model": 4, "seq_len": 5}
    learned, _ = imports.model_params({**base, "position": "learned"})
    rotary, _ = imports.model_params({**base, "position": "rotary"})
    assert learned - rotary == 5 * 4
    with pytest.raises(ValueError, match="n_layers"):
        imports.model_params({"d_model": 4})
    with pytest.raises(TypeError, match="ffn_mult"):
        imports.model_params({**base, "ffn_mult": "4"})


def test_position_must_be_known():
    row = {"n_layers": 1, "d_model": 4, "position": "learnt", "source": "s", "date": "2024"}
    with pytest.raises(lc.InvalidInputError, match="position"):
        catalog.add("models", {"bad-position": row}, origin="test")


def test_monte_carlo_row_draws_count_as_evaluate_does():
    """dist.rows("models", ...) fills each scenario from its row: the position field and the
    defaults of fields the row lacks (moe_layer_freq, ...) as for lc.architecture(model=id)."""
    ids = ["llama-3.1-8b", "deepseek-v3", "llama-4-maverick"]
    r = lc.simulate(
        "architecture",
        {"model": lc.dist.rows("models", ids)},
        n=300,
        seed=3,
        outputs=["params", "active_params"],
        samples=True,
    )
    assert r.status_counts["missing_input"] == 0
    want = {float(lc.architecture(model=x)["params"]) for x in ids}
    got = set(np.unique(r["params"].samples).tolist())
    assert got == want
    fixed = lc.simulate("architecture", {"model": "llama-3.1-8b"}, n=4, seed=3, samples=True)
    assert fixed["params"].samples[0] == float(lc.architecture(model="llama-3.1-8b")["params"])
