# SPDX-License-Identifier: BSD-3-Clause
"""Scrambled Sobol' uniforms (``sampler="sobol"``), transcribed from the published methods on
Python ints and numpy uint64 arrays; shares no code with the compiled core.

* Points: Sobol' (1967) with Joe and Kuo's new-joe-kuo-6.21201 direction numbers (SIAM J.
  Sci. Comput. 30, 2008; table in ``sobol_joe_kuo.py``) in 64-bit fixed point; point i is
  the XOR of the direction numbers of i's set bits (no Gray-code order). Dimension 0 is van
  der Corput's.
* llmcore's dimensions: input slot s < 256 -> s, catalog-row slot 1024 + p -> 256 + p
  (p < 16); stream 1 (Sobol' B) adds 272.
* Scrambling: Burley, "Practical Hash-based Owen Scrambling", JCGT 9(4) 2020: nested uniform
  scramble = reverse bits, Laine-Karras permutation, reverse bits, on the upper 32 bits with
  the seed's upper word and on the lower 32 bits with hash(seed lower word ^ hash(upper
  bits)); the seed is the first two words of Philox4x32-10 at counter (slot, stream,
  0x50B0150B, 0) under the run's key.
* Uniform: the top 52 bits b, u = (b + 0.5) / 2^52 (as the Philox path's words).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from llmcore.reference.philox import philox4x32_10
from llmcore.reference.sobol_joe_kuo import JOE_KUO

__all__ = ["dimension", "directions", "points", "scramble", "seed", "uniforms"]

BITS = 64
SLOTS, ROW_SLOTS, ROWS_BASE = 256, 16, 1024
HALF = SLOTS + ROW_SLOTS
TAG = 0x50B0150B
_M32 = 0xFFFFFFFF
_U32 = np.uint64(_M32)


def dimension(slot: int, stream: int) -> int:
    """The Sobol' dimension of an input slot and stream (ValueError where there is none)."""
    if 0 <= slot < SLOTS:
        base = slot
    elif 0 <= slot - ROWS_BASE < ROW_SLOTS:
        base = SLOTS + slot - ROWS_BASE
    else:
        raise ValueError(f"slot {slot} has no Sobol' dimension")
    if stream not in (0, 1):
        raise ValueError(f"sampler='sobol' has streams 0 and 1, not {stream}")
    return base + stream * HALF


@cache
def directions(dim: int) -> tuple[int, ...]:
    """V_0 .. V_63 of a dimension, as 64-bit integers (V_k belongs to index bit k)."""
    if dim == 0:
        return tuple(1 << (BITS - 1 - k) for k in range(BITS))
    f = [int(t) for t in JOE_KUO.split("\n")[dim - 1].split()]
    assert f[0] == dim + 1, "Joe-Kuo rows are numbered from dimension 2"
    s, a, m = f[1], f[2], f[3:]
    # Joe and Kuo: m_j = 2 a_1 m_{j-1} ^ 4 a_2 m_{j-2} ^ ... ^ 2^s m_{j-s} ^ m_{j-s}
    for j in range(s, BITS):
        mj = m[j - s] ^ (m[j - s] << s)
        for k in range(1, s):
            if (a >> (s - 1 - k)) & 1:
                mj ^= m[j - k] << k
        m.append(mj)
    return tuple(m[k] << (BITS - 1 - k) for k in range(BITS))


def points(index: np.ndarray, dim: int) -> np.ndarray:
    """Unscrambled 64-bit points (uint64) of scenario indices in one dimension."""
    idx = np.asarray(index, dtype=np.uint64)
    x = np.zeros(idx.shape, dtype=np.uint64)
    for k, v in enumerate(directions(dim)):
        bit = (idx >> np.uint64(k)) & np.uint64(1)
        x ^= bit * np.uint64(v)
    return x


def _reverse32(x: np.ndarray) -> np.ndarray:
    out = np.zeros_like(x)
    for k in range(32):
        out |= ((x >> np.uint64(k)) & np.uint64(1)) << np.uint64(31 - k)
    return out


def _mul32(x: np.ndarray, c: int) -> np.ndarray:
    # low 32 bits of x * c: split c so no uint64 product overflows
    lo, hi = np.uint64(c & 0xFFFF), np.uint64(c >> 16)
    return (x * lo + (((x * hi) & _U32) << np.uint64(16))) & _U32


def _laine_karras(x: np.ndarray, seed: np.ndarray) -> np.ndarray:
    x = (x + seed) & _U32
    for c in (0x6C50B47C, 0xB82F1E52, 0xC7AFE638, 0x8D22F6E6):
        x ^= _mul32(x, c)
    return x


def _hash32(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(17))
    x = _mul32(x, 0xED5AD4BB)
    x ^= x >> np.uint64(11)
    x = _mul32(x, 0xAC4C1B2B)
    x ^= x >> np.uint64(15)
    x = _mul32(x, 0x31848BAB)
    x ^= x >> np.uint64(14)
    return x


def _nested(x: np.ndarray, seed: np.ndarray) -> np.ndarray:
    return _reverse32(_laine_karras(_reverse32(x), seed))


def scramble(x: np.ndarray, seed_word: int) -> np.ndarray:
    """Owen scrambling (Burley's hash) of 64-bit points with a 64-bit seed."""
    x = np.asarray(x, dtype=np.uint64)
    hi, lo = x >> np.uint64(32), x & _U32
    s_hi = np.full(x.shape, seed_word >> 32, dtype=np.uint64)
    s_lo = np.full(x.shape, seed_word & _M32, dtype=np.uint64)
    hi2 = _nested(hi, s_hi)
    lo2 = _nested(lo, _hash32(s_lo ^ _hash32(hi)))
    return (hi2 << np.uint64(32)) | lo2


def seed(slot: int, stream: int, key: tuple[int, int]) -> int:
    """The 64-bit scramble seed of (slot, stream) under a Philox key."""
    w = philox4x32_10((slot, stream, TAG, 0), key)
    return (w[0] << 32) | w[1]


def uniforms(index: np.ndarray, slot: int, stream: int, key: tuple[int, int]) -> np.ndarray:
    """Scrambled Sobol' uniforms in (0, 1) of scenario indices for one input slot."""
    x = scramble(points(index, dimension(slot, stream)), seed(slot, stream, key))
    return ((x >> np.uint64(12)).astype(np.float64) + 0.5) * 2.0**-52
