# SPDX-License-Identifier: BSD-3-Clause
"""Error contract (API.md): what is raised, and that messages name input, value and index."""

from __future__ import annotations

import re

import numpy as np
import pytest

import llmcore as lc
from llmcore import BackendUnavailable, InvalidInputError, UnknownNameError

BASE = dict(params=175e9, tokens=300e9, hardware="tpu-v4")


def test_bad_value_names_input_value_and_first_index(backend: str) -> None:
    mfu = np.array([0.3, 0.4, 1.5, 2.0])
    with pytest.raises(ValueError) as e:
        lc.training(mfu=mfu, backend=backend, **BASE)
    msg = str(e.value)
    assert "'mfu'" in msg and "1.5" in msg and "index 2" in msg and "(0, 1]" in msg
    assert isinstance(e.value, InvalidInputError)
    assert e.value.input == "mfu" and e.value.index == (2,) and e.value.value == 1.5


def test_first_bad_input_in_model_order_and_nd_index(backend: str) -> None:
    tokens = np.full((2, 3), 1e9)
    tokens[1, 2] = -1
    pue = np.array([1.2, 0.5, 0.9])
    with pytest.raises(InvalidInputError) as e:
        lc.training(params=1e9, tokens=tokens, pue=pue, peak_flop_per_s=1e14, backend=backend)
    assert e.value.input == "tokens" and e.value.index == (1, 2)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0, 0.0])
def test_scalar_bad_values(backend: str, bad: float) -> None:
    with pytest.raises(InvalidInputError, match="'params'"):
        lc.training(params=bad, tokens=1e9, peak_flop_per_s=1e14, backend=backend)


def test_unknown_names_suggest_the_closest() -> None:
    with pytest.raises(KeyError) as e:
        lc.training(parms=1e9, tokens=1e9, hardware="h100-sxm")
    assert isinstance(e.value, UnknownNameError)
    assert "params" in str(e.value) and e.value.suggestions[0] == "params"
    with pytest.raises(KeyError, match="a100-80gb"):
        lc.training(params=1e9, tokens=1e9, hardware="a100-80")
    with pytest.raises(KeyError, match="training"):
        lc.evaluate("trainig", {})
    with pytest.raises(KeyError, match="cloud_cost"):
        lc.training(params=1e9, tokens=1e9, hardware="v100")["cloud_costs"]
    with pytest.raises(KeyError, match="reference"):
        lc.training(params=1e9, tokens=1e9, hardware="v100", backend="referenc")


def test_wrong_types() -> None:
    with pytest.raises(TypeError, match="'params'"):
        lc.training(params="175e9", tokens=1e9, hardware="v100")
    with pytest.raises(TypeError):
        lc.training(params=np.array(["a"]), tokens=1e9, hardware="v100")
    with pytest.raises(TypeError):
        lc.training(params=True, tokens=1e9, hardware="v100")
    with pytest.raises(TypeError):
        lc.training(params=1e9, tokens=1e9, hardware=3)
    with pytest.raises(TypeError):
        lc.evaluate(3, {})


def test_missing_required_inputs() -> None:
    with pytest.raises(InvalidInputError, match=r"peak_flop_per_s.*hardware="):
        lc.training(params=1e9, tokens=1e9)
    with pytest.raises(InvalidInputError, match="params\\+tokens or accel_hours"):
        lc.training(params=1e9, hardware="v100")
    with pytest.raises(InvalidInputError, match="needs input"):
        lc.training(params=1e9, tokens=1e9, peak_flop_per_s=1e14, outputs=["energy_kwh"])


def test_shapes_that_do_not_broadcast() -> None:
    with pytest.raises(InvalidInputError, match="broadcast"):
        lc.training(params=np.ones(3) * 1e9, tokens=np.ones(4) * 1e9, hardware="v100")


def test_out_must_match(backend: str) -> None:
    with pytest.raises(InvalidInputError, match="out\\['cloud_cost'\\]"):
        lc.training(
            params=np.ones(3) * 1e9,
            tokens=1e9,
            hardware="v100",
            backend=backend,
            out={"cloud_cost": np.empty(4)},
        )


def test_out_after_invalid_input_is_documented() -> None:
    # Issue 18: the range check is fused into the compute pass (inputs read once), so out=
    # may hold the blocks computed before the error, as numpy's ufuncs leave partial results
    # (evaluate's docstring); a scenario's slot holds its own result or is left as it was.
    out = np.full(4, -7.0)
    params = np.array([1e9, 1e9, 1e9, -1.0])
    with pytest.raises(InvalidInputError, match=r"params.*\b3\b"):
        lc.training(
            params=params,
            tokens=1e9,
            hardware="v100",
            out={"cloud_cost": out},
            outputs=["cloud_cost"],
        )
    want = lc.training(params=1e9, tokens=1e9, hardware="v100", outputs=["cloud_cost"])
    assert all(v in (-7.0, float(want["cloud_cost"])) for v in out[:3]), out


def test_unknown_backend_and_unavailable_cuda() -> None:
    if "cuda" not in lc.backends():
        with pytest.raises(BackendUnavailable, match="cuda"):
            lc.training(params=1e9, tokens=1e9, hardware="v100", backend="cuda")


def test_model_keyword_is_the_catalog_preset_in_evaluate(backend: str) -> None:
    # evaluate's own first parameter is positional-only, so model= names a model preset
    a = lc.evaluate("serving", hardware="a10g", model="llama-2-13b", backend=backend)
    b = lc.serving(hardware="a10g", model="llama-2-13b", backend=backend)
    assert a["latency_s"] == b["latency_s"]


def test_out_keys_are_never_silently_ignored(backend: str) -> None:
    params = np.ones(3) * 1e9
    buf = np.full(3, -7.0)
    with pytest.raises(UnknownNameError, match="cloud_cost") as e:
        lc.evaluate(
            "training",
            {"params": params, "tokens": 1e9, "hardware": "v100"},
            out={"cloud_cst": buf},
            backend=backend,
        )
    assert e.value.suggestions[0] == "cloud_cost"
    with pytest.raises(ValueError, match="not computed") as v:
        lc.training(
            params=params,
            tokens=1e9,
            hardware="v100",
            outputs=["flop"],
            out={"cloud_cost": buf},
            backend=backend,
        )
    assert not isinstance(v.value, KeyError)
    # an output whose inputs are absent is not computed either
    with pytest.raises(ValueError, match="not computed"):
        lc.training(params=params, tokens=1e9, peak_flop_per_s=1e14, out={"energy_kwh": buf})
    with pytest.raises(TypeError, match="out= keys"):
        lc.training(params=params, tokens=1e9, hardware="v100", out={3: buf})
    assert (buf == -7.0).all()


@pytest.mark.parametrize("big", [10**400, -(10**400)])
def test_integers_beyond_double_are_out_of_range_not_overflow(big: int) -> None:
    with pytest.raises(InvalidInputError, match=r"'params'.*does not fit a double") as e:
        lc.evaluate("training", {"params": big, "tokens": 1e9, "hardware": "v100"})
    assert e.value.input == "params"
    with pytest.raises(InvalidInputError, match="'tokens'"):
        lc.training(params=1e9, tokens=big, hardware="v100")


@pytest.mark.parametrize("key", [1, None, ("params", "tokens"), 1.5])
def test_non_string_input_keys_are_a_type_error_naming_the_key(key: object) -> None:
    inputs = {key: 2, "params": 1e9, "tokens": 1e9, "hardware": "v100"}
    for model in ("training", ["training", "lifecycle"]):
        with pytest.raises(TypeError, match=re.escape(repr(key))):
            lc.evaluate(model, inputs)  # type: ignore[arg-type]


def test_empty_batches_are_validated(backend: str) -> None:
    """Issue 13 item 2: zero scenarios still check every scalar, like the reference."""
    with pytest.raises(InvalidInputError, match=r"'tokens' = -1\.0"):
        lc.training(params=np.array([]), tokens=-1.0, hardware="a100-80gb", backend=backend)
    r = lc.training(params=np.array([]), tokens=1e9, hardware="a100-80gb", backend=backend)
    assert r["flop"].shape == (0,)


def test_threads_out_of_range_is_one_clear_error() -> None:
    """Issue 13 item 7: threads=2**31 gave a 3.6 KB pybind11 signature dump."""
    for fn in (
        lambda: lc.training(params=1e9, tokens=1e9, hardware="a100-80gb", threads=2**31),
        lambda: lc.simulate(
            "training", {"params": 1e9, "tokens": 1e9, "hardware": "v100"}, n=10, threads=2**31
        ),
    ):
        with pytest.raises(ValueError, match="threads must be at most 4096, got 2147483648"):
            fn()
    with pytest.raises(TypeError, match="threads"):
        lc.training(params=1e9, tokens=1e9, hardware="a100-80gb", threads=True)


def test_masked_arrays_are_refused_not_unmasked() -> None:
    """Issue 13 item 9: the mask of a masked array was silently dropped."""
    a = np.ma.masked_array([1e9, 2e9], mask=[False, True])
    with pytest.raises(TypeError, match="masked array"):
        lc.training(params=a, tokens=1e9, hardware="a100-80gb")
