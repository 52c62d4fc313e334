"""Broadcast inputs are read one piece at a time, never copied to the full broadcast size
(issue 13 item 11)."""

from __future__ import annotations

import itertools
import tracemalloc

import numpy as np
import pytest

import llmcore as lc
from llmcore._engine.arrays import chunk_keys, column_part

pytestmark = pytest.mark.skipif("cpu" not in lc.backends(), reason="compiled core missing")


@pytest.mark.parametrize(
    ("shape", "chunk"),
    [((7,), 3), ((5, 4), 6), ((5, 4), 3), ((3, 4, 5), 7), ((3, 4, 5), 100), ((2, 9, 2), 1)],
)
def test_chunk_keys_cover_the_flat_range_in_order(shape, chunk):
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    got = []
    for start, stop, key in chunk_keys(shape, chunk):
        assert 0 < stop - start <= max(chunk, 1)
        piece = column_part(a, shape, key)
        np.testing.assert_array_equal(piece, a.reshape(-1)[start:stop])
        got.append((start, stop))
    assert [s for s, _ in got] == [0, *(e for _, e in got[:-1])]
    assert got[-1][1] == a.size


def test_pieces_of_broadcast_inputs_match_the_broadcast():
    shape = (4, 3, 5)
    col = np.arange(4.0).reshape(4, 1, 1)
    row = np.arange(5.0)
    for chunk in (1, 4, 15, 60):
        for start, stop, key in chunk_keys(shape, chunk):
            for v in (col, row):
                want = np.broadcast_to(v, shape).reshape(-1)[start:stop]
                np.testing.assert_array_equal(column_part(v, shape, key), want)


def test_outer_product_needs_about_its_result():
    a = np.logspace(9, 12, 1500)[:, None]
    b = np.logspace(10, 13, 1500)[None, :]
    lc.training(params=a[:2], tokens=b[:, :2], hardware="a100-80gb", outputs=["flop"])
    tracemalloc.start()
    try:
        r = lc.training(params=a, tokens=b, hardware="a100-80gb", outputs=["flop"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    result = r["flop"].nbytes  # 18 MB
    np.testing.assert_allclose(r["flop"], 6 * a * b)
    # Before: each broadcast input was copied whole (3 x the result). Now: the result plus
    # two pieces of at most 4 MiB each.
    assert peak < result + 10 * 2**20, (peak, result)


@pytest.mark.parametrize("with_out", [False, True])
def test_errors_in_broadcast_inputs_name_the_global_index(small_chunks, with_out):
    params = np.full((6, 1), 7e9)
    tokens = np.full((1, 5), 1e12)
    params[4, 0] = -1.0
    out = {"flop": np.zeros((6, 5))} if with_out else None
    with pytest.raises(lc.InvalidInputError, match=r"params.*index \(4, 0\)|params.*\[4, 0\]"):
        lc.training(params=params, tokens=tokens, hardware="a100-80gb", outputs=["flop"], out=out)
    if with_out:  # out= may hold blocks computed before the bad one; never wrong values
        written = out["flop"] != 0
        np.testing.assert_allclose(out["flop"][written], (6 * params * tokens)[written])


def test_broadcast_results_equal_the_materialised_ones(small_chunks):
    for shape_a, shape_b in itertools.product([(6, 1), (1, 6), (6, 6)], [(1, 6), (6, 1)]):
        a = np.logspace(9, 11, 36).reshape(6, 6)[: shape_a[0], : shape_a[1]].copy()
        b = np.logspace(10, 12, 36).reshape(6, 6)[: shape_b[0], : shape_b[1]].copy()
        got = lc.training(params=a, tokens=b, hardware="a100-80gb")
        shape = np.broadcast_shapes(a.shape, b.shape)
        full = lc.training(
            params=np.broadcast_to(a, shape).copy(),
            tokens=np.broadcast_to(b, shape).copy(),
            hardware="a100-80gb",
        )
        for k in got:
            np.testing.assert_array_equal(got[k], full[k])


def test_pieces_of_unaligned_inputs_are_aligned_copies():
    buf = np.zeros(8 * 12 + 1, np.uint8)
    a = np.frombuffer(buf.data, dtype=np.float64, count=12, offset=1).reshape(3, 4)
    assert not a.flags.aligned
    for _start, _stop, key in chunk_keys((3, 4), 4):
        assert column_part(a, (3, 4), key).flags.aligned
