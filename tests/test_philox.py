# SPDX-License-Identifier: BSD-3-Clause
"""Philox4x32-10: published known-answer vectors (Random123 kat_vectors) on the compiled core
and the pure-Python reference; raw words of the two agree exactly on any counter and key."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from llmcore import _backends
from llmcore.reference import philox as ref

KAT = [  # (counter, key, expected) from Random123's tests/kat_vectors, philox4x32_10
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((0xFFFFFFFF,) * 4, (0xFFFFFFFF,) * 2, (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
     (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
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
