# SPDX-License-Identifier: BSD-3-Clause
"""What the harnesses share: the exception contract, fuzzed values, and the backend
comparison.

The contract: a public function may raise ValueError (InvalidInputError, JSON and TOML decode
errors are ValueErrors), KeyError (UnknownNameError for unknown names and ids), TypeError, or
BackendUnavailable for a backend asked for by name that cannot run here; it may warn. Anything
else that escapes (OverflowError, ZeroDivisionError, AttributeError, IndexError,
RecursionError, MemoryError, SystemError, FloatingPointError, ...) is a bug, and so is a
crash of the process (the sanitizer build, .ci/sanitize, catches memory errors behind one).
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import llmcore as lc

CONTRACT: tuple[type[BaseException], ...] = (
    ValueError,
    KeyError,
    TypeError,
    lc.BackendUnavailable,
)


class ContractViolation(AssertionError):
    """Raised by a harness when a call broke the contract without raising (e.g. the compiled
    backend and the reference disagree)."""


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fn(*args, **kwargs), or the contract exception it raised; warnings are allowed and
    silenced. Any other exception propagates: the fuzzer reports it as a crash."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                return fn(*args, **kwargs)
    except CONTRACT as exc:
        return exc


def signature(exc: BaseException) -> str:
    """Exception type, file and function of the innermost frame inside llmcore (else the
    innermost frame): one line per distinct bug, whatever input reached it, that survives
    edits elsewhere in the file."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}llmcore{os.sep}" in f.filename] or frames
    if not ours:
        return f"{type(exc).__name__} in ?"
    named = [f for f in ours if not f.name.startswith("<")] or ours  # not <listcomp>
    return f"{type(exc).__name__} in {Path(ours[-1].filename).name}:{named[-1].name}"


def known() -> dict[str, str]:
    """fuzz/known.txt: signature -> note, for bugs found and reported but not yet fixed."""
    path = Path(__file__).with_name("known.txt")
    out = {}
    for line in path.read_text("utf-8").splitlines() if path.exists() else []:
        sig, _, note = line.partition("#")
        if sig.strip():
            out[sig.strip()] = note.strip()
    return out


def harness(test: Callable[[bytes], None]) -> Callable[[bytes], None]:
    """Wrap a TestOneInput. Without LLMCORE_FUZZ_KEEP_GOING an exception outside the contract
    propagates: libFuzzer stops and writes the input as ``crash-<sha1>``. With
    LLMCORE_FUZZ_KEEP_GOING=DIR the run goes on: the first input of each distinct signature
    is written to DIR as ``crash-<sha1>`` with the traceback beside it (``.txt``) and one line
    on stderr; a signature listed in fuzz/known.txt is written as ``known-<sha1>`` instead,
    which fuzz/run.sh reports without failing."""
    keep = os.environ.get("LLMCORE_FUZZ_KEEP_GOING")
    listed = known()
    seen: set[str] = set()

    def run(data: bytes) -> None:
        try:
            test(data)
        except Exception as exc:
            if not keep:
                raise
            sig = signature(exc)
            if sig in seen:
                return
            seen.add(sig)
            prefix = "known" if sig in listed else "crash"
            name = Path(keep) / f"{prefix}-{hashlib.sha1(data).hexdigest()}"
            name.parent.mkdir(parents=True, exist_ok=True)
            name.write_bytes(data)
            text = "".join(traceback.format_exception(exc))
            name.with_suffix(".txt").write_text(f"{sig}\n\n{text}")
            print(f"\n==== llmcore fuzz: {prefix}: {sig}: {exc!r:.300} -> {name}", file=sys.stderr)

    return run


# Floats every numeric input should meet: NaN, ±inf, ±0, subnormals, the normal limits,
# negatives, integers past 2**53, and ordinary values.
SPECIAL_FLOATS = [
    math.nan,
    math.inf,
    -math.inf,
    0.0,
    -0.0,
    5e-324,
    1.5e-323,
    2.2250738585072014e-308,
    1e-300,
    1e-12,
    0.3,
    0.5,
    1.0,
    -1.0,
    2.0,
    7.0,
    1024.0,
    1e9,
    7e10,
    3e11,
    1e15,
    2.0**53 + 2,
    2.0**63,
    1e100,
    1e300,
    1.7976931348623157e308,
    -1e308,
]
# Python ints a float() cannot hold, or that a C long cannot.
BIG_INTS = [2**63, -(2**63) - 1, 2**64, 10**30, 10**400, -(10**400)]

DTYPES = [
    np.float64,
    np.float32,
    np.float16,
    np.longdouble,
    np.int8,
    np.int16,
    np.int32,
    np.int64,
    np.uint8,
    np.uint16,
    np.uint32,
    np.uint64,
    np.bool_,
    np.complex128,
    np.object_,
    "datetime64[s]",
    "timedelta64[ms]",
    "U8",
]


def fuzz_float(fdp: Any) -> float:
    k = fdp.ConsumeIntInRange(0, 3)
    if k == 0:
        return float(fdp.PickValueInList(SPECIAL_FLOATS))
    if k == 1:
        return float(fdp.ConsumeFloat())  # any double, NaN and inf included
    if k == 2:
        return float(fdp.ConsumeRegularFloat())
    return float(fdp.PickValueInList(SPECIAL_FLOATS)) * fdp.ConsumeFloatInRange(0.5, 2.0)


def fuzz_array(fdp: Any, n: int) -> np.ndarray:
    """n fuzzed floats as an array of a fuzzed dtype, layout and shape."""
    a = np.array([fuzz_float(fdp) for _ in range(n)], dtype=float)
    dtype = fdp.PickValueInList(DTYPES)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.suppress(ValueError, TypeError, OverflowError):
            a = a.astype(dtype)  # NaN to datetime and the like fail: keep float64
    layout = fdp.ConsumeIntInRange(0, 5)
    if layout == 1 and a.size:
        a = a[::-1]  # negative stride
    elif layout == 2:
        a = np.repeat(a, 2)[::2]  # non-contiguous
    elif layout == 3 and a.size % 2 == 0 and a.size:
        a = np.asfortranarray(a.reshape(2, -1))
    elif layout == 4 and a.size:
        a = np.ma.masked_array(a, mask=[fdp.ConsumeBool() for _ in range(a.size)])
    elif layout == 5:
        a = a.reshape((1, -1) if fdp.ConsumeBool() else (-1, 1))  # broadcasts
    return a


def fuzz_value(fdp: Any, ids: list[str]) -> Any:
    """A value for one input: numbers of every kind, arrays, catalog ids, junk."""
    k = fdp.ConsumeIntInRange(0, 13)
    if k <= 3:
        return fuzz_float(fdp)
    if k == 4:
        return fdp.ConsumeInt(fdp.ConsumeIntInRange(1, 16))
    if k == 5:
        return fdp.PickValueInList(BIG_INTS)
    if k == 6:
        return fdp.ConsumeBool()
    if k == 7:
        return fdp.PickValueInList(ids) if ids else fdp.ConsumeUnicode(8)
    if k == 8:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 12))
    if k == 9:
        return None
    if k == 10:
        return [fuzz_float(fdp) for _ in range(fdp.ConsumeIntInRange(0, 5))]
    if k == 11:
        return np.array(fuzz_float(fdp))  # 0-d
    if k == 12:
        return [
            fdp.PickValueInList(ids) if ids else "x" for _ in range(fdp.ConsumeIntInRange(0, 4))
        ]
    return fuzz_array(fdp, fdp.ConsumeIntInRange(0, 9))


def moderate(v: Any) -> bool:
    """Every number in `v` finite and 0 or within 1e-100..1e100 in magnitude, so the two
    backends, which may associate a product differently, cannot differ by an overflow or an
    underflow."""
    if isinstance(v, str) or v is None:
        return True
    try:
        a = np.asarray(v, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return True  # not a number: both backends must reject it the same way
    if np.ma.isMaskedArray(v):
        return False
    a = np.abs(a[np.isfinite(a)]) if a.size else a
    if a.size != np.asarray(v, dtype=float).size:
        return False
    return bool(np.all((a == 0) | ((a > 1e-100) & (a < 1e100))))


def same_outcome(got: Any, ref: Any, what: str, rtol: float = 1e-9) -> None:
    """The compiled backend's outcome `got` against the reference's `ref`: the same exception
    type, or the same outputs with equal NaN positions and values within `rtol`."""
    if isinstance(got, BaseException) or isinstance(ref, BaseException):
        if type(got) is not type(ref):
            raise ContractViolation(f"{what}: cpu gave {got!r}, reference {ref!r}")
        return
    if list(got) != list(ref):
        raise ContractViolation(f"{what}: outputs {list(got)} vs reference {list(ref)}")
    for key in ref:
        a, b = np.asarray(got[key], dtype=float), np.asarray(ref[key], dtype=float)
        if a.shape != b.shape:
            raise ContractViolation(f"{what}: {key} shape {a.shape} vs reference {b.shape}")
        if not np.array_equal(np.isnan(a), np.isnan(b)):
            raise ContractViolation(f"{what}: {key} NaN at other places: {a} vs {b}")
        ok = np.isclose(a, b, rtol=rtol, atol=1e-300, equal_nan=True)
        if not ok.all():
            raise ContractViolation(f"{what}: {key} = {a} vs reference {b}")
