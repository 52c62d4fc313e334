# SPDX-License-Identifier: BSD-3-Clause
"""Philox4x32-10: published known-answer vectors (Random123 kat_vectors) on the compiled core
and the pure-Python reference; raw words of the two agree exactly on any counter and key."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmcore._engine import backends as _backends
from llmcore.reference import philox as ref

KAT = [  # (counter, key, expected) from Random123's tests/kat_vectors, philox4x32_10
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((0xFFFFFFFF,) * 4, (0xFFFFFFFF,) * 2, (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    (
        (0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
        (0xA4093822, 0x299F31D0),
        (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1),
    ),
]

u32 = st.integers(0, 2**32 - 1)


@pytest.mark.parametrize("ctr,key,want", KAT)
def test_reference_known_answers(ctr, key, want):
    assert ref.philox4x32_10(ctr, key) == want
    got = ref.philox4x32_10_np(*[np.array([c]) for c in ctr], *key)
    assert tuple(int(w[0]) for w in got) == want


@pytest.mark.parametrize("ctr,key,want", KAT)
def test_compiled_known_answers(ctr, key, want):
    core = _backends.core()
    got = core.philox4x32_10(np.array([ctr], np.uint32), np.array(key, np.uint32))
    assert tuple(int(w) for w in got[0]) == want


@given(st.lists(st.tuples(u32, u32, u32, u32), min_size=1, max_size=20), u32, u32)
def test_compiled_words_equal_reference(ctrs, k0, k1):
    core = _backends.core()
    got = core.philox4x32_10(np.array(ctrs, np.uint32), np.array([k0, k1], np.uint32))
    for c, row in zip(ctrs, got):
        assert tuple(int(w) for w in row) == ref.philox4x32_10(c, (k0, k1))


@given(st.integers(0, 2**63 - 1), st.integers(0, 2**32 - 1), u32, u32)
def test_uniform_in_open_interval_and_from_words(index, slot, k0, k1):
    u = ref.uniforms(np.array([index], np.uint64), slot, 0, (k0, k1))[0]
    w = ref.philox4x32_10((index & 0xFFFFFFFF, index >> 32, slot, 0), (k0, k1))
    assert u == ((w[0] >> 6) * 2**26 + (w[1] >> 6) + 0.5) / 2**52
    assert 0.0 < u < 1.0


def test_uniform_extremes_stay_inside():
    # all-zero and all-one words give the smallest and largest uniform
    assert (0 + 0.5) / 2**52 > 0
    top = ((2**26 - 1) * 2**26 + 2**26 - 1 + 0.5) / 2**52
    assert top < 1.0


@given(st.integers(0, 2**55 // 256), st.integers(0, 2**32 - 1), st.integers(1, 300))
def test_compiled_uniforms_at_large_indices_equal_reference(block, seed, count):
    # the 64-bit scenario index is split over two counter words: check far from 0
    from llmcore._models import get_model
    from llmcore.mc import dist
    from llmcore.mc.study import build_study

    model = get_model("training")
    inputs = {"params": 1e9, "tokens": 1e10, "peak_flop_per_s": 1e15, "mfu": dist.uniform(0, 1)}
    study = build_study(model, inputs, seed)
    core = _backends.core()
    ins = [np.empty(count) if n == "mfu" else None for n in model.input_names]
    core.simulate_samples(
        _backends.model_id("training"),
        study.spec,
        block * 256,
        count,
        [None] * len(model.outputs),
        ins,
        None,
        1,
    )
    key = tuple(int(k) for k in study.spec[5])
    want = ref.uniforms(
        np.arange(block * 256, block * 256 + count, dtype=np.uint64),
        model.input_names.index("mfu"),
        0,
        key,
    )
    np.testing.assert_array_equal(ins[model.input_names.index("mfu")], want)
