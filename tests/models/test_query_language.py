# SPDX-License-Identifier: BSD-3-Clause
"""Issue 17: tokens by language (catalog `languages`, keyword `language=`) and the
"be concise" saving (`concise_saving`) in `query`, on every backend."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore import catalog
from llmcore._util.errors import InvalidInputError


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def test_language_rows_follow_from_their_counts():
    english = catalog.get("languages", "english")
    for rid in catalog.list("languages"):
        row = catalog.get("languages", rid)
        assert row["source"] and row["date"]
        premium = row["flores_tokens"] / english["flores_tokens"]
        assert row["token_premium"] == pytest.approx(premium, abs=5e-5)
        assert row["tokens_per_char"] == pytest.approx(
            row["flores_tokens"] / row["flores_chars"], abs=5e-5
        )
        # per English-equivalent word: English's 1000 tokens per 750 words times the premium
        assert row["tokens_per_word"] == pytest.approx(1000 / 750 * premium, abs=5e-5)
    assert len(catalog.list("languages")) >= 20


def test_language_fills_tokens_per_word(backend):
    # Petrov et al. 2023 (FLORES-200, cl100k_base): Japanese 121627 tokens, English 52835
    r = lc.query(language="ja", prompt_words=75, generated_words=0, backend=backend)
    assert float(r["input_tokens"]) == pytest.approx(75 * 1000 / 750 * 121627 / 52835, rel=1e-4)
    assert r.assumptions  # the catalog row it used is reported
    en = lc.query(language="english", prompt_words=750, generated_words=0, backend=backend)
    assert float(en["input_tokens"]) == pytest.approx(1000)
    # an explicit ratio beats the row
    own = lc.query(language="ja", tokens_per_word=2.0, prompt_words=10, backend=backend)
    assert float(own["input_tokens"]) == pytest.approx(20)


def test_languages_cost_in_the_order_of_their_premiums():
    ids = ["english", "spanish", "japanese", "hindi", "burmese"]
    price = [
        float(lc.query(language=i, prompt_words=100, generated_words=300)["price_per_query"])
        for i in ids
    ]
    premium = [catalog.get("languages", i)["token_premium"] for i in ids]
    assert np.argsort(price).tolist() == np.argsort(premium).tolist()
    assert price[-1] / price[0] == pytest.approx(premium[-1] / premium[0], rel=1e-3)


def test_unknown_language_names_the_input():
    with pytest.raises(Exception, match="klingon") as e:
        lc.query(language="klingon")
    assert "language" in str(e.value)


def test_concise_saving_shortens_the_output(backend):
    # "Be concise" saved 40-90 % (llm-numbers): the output, not the prompt, gets shorter
    base = lc.query(prompt_words=50, generated_words=400, backend=backend)
    for saving in (0.4, 0.9):
        r = lc.query(prompt_words=50, generated_words=400, concise_saving=saving, backend=backend)
        assert float(r["output_tokens"]) == pytest.approx(400 * 1000 / 750 * (1 - saving))
        assert float(r["output_words"]) == pytest.approx(400 * (1 - saving))
        assert float(r["input_tokens"]) == float(base["input_tokens"])
        assert float(r["output_price_per_query"]) == pytest.approx(
            float(base["output_price_per_query"]) * (1 - saving)
        )
    # it applies to an output length given in tokens too
    r = lc.query(output_tokens_per_query=1000, concise_saving=0.5, backend=backend)
    assert float(r["output_tokens"]) == pytest.approx(500)


@pytest.mark.parametrize("bad", [1.0, -0.1, float("nan")])
def test_concise_saving_range(bad):
    with pytest.raises(InvalidInputError, match="concise_saving"):
        lc.query(concise_saving=[0.2, bad])
