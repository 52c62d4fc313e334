# SPDX-License-Identifier: BSD-3-Clause
"""Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3",
SC'11), transcribed from the paper: slow, obviously correct, no compiled code.

`philox4x32_10` works on Python ints, one counter at a time (the known-answer tests use it);
`philox4x32_10_np` is the same arithmetic on numpy uint64 arrays (checked against the scalar
one) so that the reference Monte Carlo path can draw thousands of scenarios.
"""

from __future__ import annotations

import numpy as np

__all__ = ["M0", "M1", "W0", "W1", "philox4x32_10", "philox4x32_10_np", "uniforms"]

M0, M1 = 0xD2511F53, 0xCD9E8D57  # round multipliers
W0, W1 = 0x9E3779B9, 0xBB67AE85  # Weyl key increments (golden ratio, sqrt(3) - 1)
MASK = 0xFFFFFFFF


def philox4x32_10(ctr: tuple[int, int, int, int], key: tuple[int, int]) -> tuple[int, ...]:
    """Four 32-bit output words for one 128-bit counter and 64-bit key."""
    c0, c1, c2, c3 = (int(c) & MASK for c in ctr)
    k0, k1 = (int(k) & MASK for k in key)
    for r in range(10):
        if r:
            k0, k1 = (k0 + W0) & MASK, (k1 + W1) & MASK
        p0, p1 = M0 * c0, M1 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0, p1 & MASK, (p0 >> 32) ^ c3 ^ k1, p0 & MASK)
    return (c0, c1, c2, c3)


def philox4x32_10_np(c0, c1, c2, c3, k0: int, k1: int) -> tuple[np.ndarray, ...]:
    """The same for arrays of counter words (broadcast); returns four uint64 arrays."""
    m = np.uint64(MASK)
    c = [np.asarray(x, dtype=np.uint64) & m for x in np.broadcast_arrays(c0, c1, c2, c3)]
    k0, k1 = int(k0) & MASK, int(k1) & MASK
    for r in range(10):
        if r:
            k0, k1 = (k0 + W0) & MASK, (k1 + W1) & MASK
        p0 = np.uint64(M0) * c[0]  # < 2^64: no overflow
        p1 = np.uint64(M1) * c[2]
        c = [
            (p1 >> np.uint64(32)) ^ c[1] ^ np.uint64(k0),
            p1 & m,
            (p0 >> np.uint64(32)) ^ c[3] ^ np.uint64(k1),
            p0 & m,
        ]
    return tuple(c)


def uniforms(index: np.ndarray, slot: int, stream: int, key: tuple[int, int]) -> np.ndarray:
    """llmcore's uniform in (0, 1) for scenario indices `index`: counter = (index lo, index hi,
    slot, stream); u = ((w0 >> 6)·2^26 + (w1 >> 6) + 0.5) / 2^52, exactly."""
    idx = np.asarray(index, dtype=np.uint64)
    w = philox4x32_10_np(idx & np.uint64(MASK), idx >> np.uint64(32), slot, stream, *key)
    a = (w[0] >> np.uint64(6)).astype(np.float64)
    b = (w[1] >> np.uint64(6)).astype(np.float64)
    return (a * 67108864.0 + b + 0.5) * 2.0**-52
