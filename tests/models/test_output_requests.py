# SPDX-License-Identifier: BSD-3-Clause
"""`outputs=`: a name asked twice is one output, converted to another currency once; names
that are not strings are a TypeError naming the position."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc

PRICE = "input_price_per_query"
TWICE = ["cached_input_price_per_query", PRICE, PRICE]


@pytest.mark.parametrize("backend", ["cpu", "reference"])
@pytest.mark.parametrize("words", [50.0, np.array([50.0, 80.0])])
def test_a_money_output_asked_twice_is_converted_once(backend: str, words: object) -> None:
    once = lc.query(prompt_words=words, outputs=PRICE, currency="JPY", backend=backend)
    usd = lc.query(prompt_words=words, outputs=PRICE, backend=backend)
    twice = lc.query(prompt_words=words, outputs=TWICE, currency="JPY", backend=backend)
    assert list(twice.keys()) == TWICE[:2]
    np.testing.assert_array_equal(twice[PRICE], once[PRICE])
    np.testing.assert_allclose(once[PRICE], np.asarray(usd[PRICE]) * once.fx_rate, rtol=1e-15)
    assert once.fx_rate > 100  # the JPY rate: a second conversion could not hide


def test_duplicates_in_simulate_are_one_output() -> None:
    sim = lc.simulate(
        "query", {"prompt_words": lc.dist.uniform(40, 60)}, outputs=[PRICE, PRICE], n=300, seed=3
    )
    assert list(sim.keys()) == [PRICE]


@pytest.mark.parametrize(
    ("outputs", "message"),
    [
        ([1], r"outputs\[0\] must be an output name \(str\), not 1"),
        ([PRICE, None], r"outputs\[1\] must be an output name \(str\), not None"),
        ([[PRICE]], r"outputs\[0\] must be an output name"),
        (5, "outputs must be an output name or a list of names, not 5"),
    ],
)
@pytest.mark.parametrize("backend", ["cpu", "reference"])
def test_names_that_are_not_strings_are_a_type_error(
    outputs: object, message: str, backend: str
) -> None:
    with pytest.raises(TypeError, match=message):
        lc.query(outputs=outputs, backend=backend)
