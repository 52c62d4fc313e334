# SPDX-License-Identifier: BSD-3-Clause
"""Composition: lc.evaluate([...]) feeds outputs to later models' inputs."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore.estimate.chain import RENAMES

TRAIN = {"params": 175e9, "tokens": 300e9, "hardware": "a100-80gb", "region": "us-average"}


def test_training_into_lifecycle(backend: str) -> None:
    chain = lc.evaluate(
        ["training", "lifecycle"],
        {**TRAIN, "queries_per_day": 1e6, "energy_wh_per_query": 0.3},
        backend=backend,
    )
    t = lc.training(**TRAIN, backend=backend)
    direct = lc.lifecycle(
        train_energy_kwh=t["energy_kwh"],
        train_co2_kg=t["total_co2_kg"],
        train_cost=t["cloud_cost"],
        queries_per_day=1e6,
        energy_wh_per_query=0.3,
        region="us-average",
        backend=backend,
    )
    for k in direct:
        assert chain[k] == direct[k], k
    # every model's outputs are in the result; a clash resolves to the later model
    assert chain["cloud_cost"] == t["cloud_cost"]
    assert chain["total_co2_kg"] == direct["total_co2_kg"]
    assert chain["training.total_co2_kg"] == t["total_co2_kg"]
    assert chain.results["training"]["flop"] == t["flop"]
    assert chain.models == ["training", "lifecycle"]


def test_architecture_into_serving_and_training(backend: str) -> None:
    dims = {"n_layers": 96, "d_model": 12288, "vocab_size": 51200, "seq_len": 2048}
    chain = lc.evaluate(
        ["architecture", "serving", "training"],
        {**dims, "hardware": "a100-80gb", "n_accel": 8, "tokens": 300e9},
        backend=backend,
    )
    arch = lc.architecture(**dims, backend=backend)
    assert chain["weight_bytes"] == 2 * arch["params"]
    assert chain["kv_bytes_per_token"] == arch["kv_bytes_per_token"]
    t = lc.training(
        params=arch["params"],
        attention_flop_per_token=arch["attention_flop_per_token"],
        tokens=300e9,
        hardware="a100-80gb",
        n_accel=8,
        backend=backend,
    )
    assert chain["flop"] == t["flop"]


def test_arrays_broadcast_through_the_chain(backend: str) -> None:
    pw = np.array([200.0, 400.0])
    chain = lc.evaluate(
        ["serving", "lifecycle"],
        {
            "model": "llama-2-7b",
            "hardware": "a100-80gb",
            "accel_power_w": pw,
            "queries_per_day": np.array([[1e3], [1e6]]),
        },
        region="us-average",  # serving's CO2 per query reaches lifecycle
        backend=backend,
    )
    assert chain["total_energy_kwh"].shape == (2, 2)
    s = lc.serving(model="llama-2-7b", hardware="a100-80gb", accel_power_w=pw, backend=backend)
    np.testing.assert_allclose(
        chain["total_energy_kwh"][1], 1e6 * 365 * s["energy_wh_per_query"] / 1000
    )


def test_explicit_inputs_beat_fed_outputs(backend: str) -> None:
    chain = lc.evaluate(
        ["training", "lifecycle"],
        {**TRAIN, "train_energy_kwh": 5.0, "queries_per_day": 1.0},
        backend=backend,
    )
    assert chain["total_energy_kwh"] == 5.0


def test_unknown_input_and_model() -> None:
    with pytest.raises(lc.UnknownNameError, match="queries_per_day"):
        lc.evaluate(["training", "lifecycle"], {**TRAIN, "queries_per_dya": 1.0})
    with pytest.raises(lc.UnknownNameError, match="lifecycle"):
        lc.evaluate(["training", "lifecycl"], TRAIN)
    with pytest.raises(ValueError):
        lc.evaluate([], {})
    with pytest.raises(lc.UnknownNameError):
        lc.evaluate(["training", "lifecycle"], {**TRAIN, "queries_per_day": 1.0})["nope"]


def test_outputs_filter() -> None:
    chain = lc.evaluate(
        ["training", "lifecycle"], {**TRAIN, "queries_per_day": 1.0}, outputs=["flop", "car_km"]
    )
    assert list(chain) == ["flop", "car_km"]
    assert chain.units == {"flop": "FLOP", "car_km": "km"}


def test_renames_point_at_real_names() -> None:
    from llmcore._models import MODELS

    for producer, mapping in RENAMES.items():
        for out, inp in mapping.items():
            assert out in MODELS[producer].output_names
            assert any(inp in m.input_names for m in MODELS.values())
