# SPDX-License-Identifier: BSD-3-Clause
"""Hypothesis harness: array inputs of every dtype, shape and layout, with NaN, ±inf,
subnormals and huge values, in every layout (strided, reversed, Fortran, masked, read-only,
big-endian, unaligned), on the compiled CPU backend against the reference. Under the
sanitizer build (.ci/sanitize) it also checks the core's memory accesses.

Not part of the default ``pytest`` run (``testpaths = ["tests"]``); ``fuzz/run.sh`` runs it,
or by hand::

    LLMCORE_FUZZ_EXAMPLES=2000 pytest -p no:cacheprovider fuzz/test_arrays.py

Checks: both backends end the same way (the same exception type and message, or the same
outputs, status counts and NaN positions, values within RTOL); only contract exceptions
(common.CONTRACT) escape; the caller's arrays are left as they were.
"""

from __future__ import annotations

import contextlib
import math
import os
import warnings
from typing import Any

import numpy as np
import pytest
from common import CONTRACT, DTYPES, call
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from hypothesis.extra import numpy as hnp
from tests.strategies import inputs as valid_inputs

import llmcore as lc
from llmcore._models import MODELS

# As tests/harness.py: the same IEEE operations on both sides, -ffp-contract=off in C++; a
# product of three factors may associate differently (an ulp or two). ATOL absorbs results in
# the subnormal range, where an ulp of re-association is a large relative error, and outputs
# of the form 1 - x/y with x ~ y.
RTOL = 1e-12
ATOL = {"lifetime_saving": 1e-13}
TINY = 1e-300

settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("LLMCORE_FUZZ_EXAMPLES", "150")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    **(
        {"database": DirectoryBasedExampleDatabase(os.environ["LLMCORE_FUZZ_DB"])}
        if os.environ.get("LLMCORE_FUZZ_DB")
        else {}
    ),
)
settings.load_profile("fuzz")

SPECIAL = [
    math.nan,
    math.inf,
    -math.inf,
    -0.0,
    0.0,
    5e-324,
    2.2250738585072014e-308 / 3,  # subnormal
    2.2250738585072014e-308,
    1.7976931348623157e308,
    -1.0,
    2.0**53 + 1,
    1e300,
]
NAMES = sorted(MODELS)


def _layout(draw: Any, a: np.ndarray) -> Any:
    """The same values in another memory layout or container."""
    k = draw(st.integers(0, 7))
    if k == 1 and a.ndim == 1:
        b = np.empty(2 * a.size, dtype=a.dtype)[::2]  # strided
        b[...] = a
        return b
    if k == 2 and a.ndim == 1:
        return a[::-1].copy()[::-1]  # negative stride, same order
    if k == 3 and a.ndim == 1 and a.size % 2 == 0 and a.size:
        f = np.asfortranarray(a.reshape(2, -1))
        return f.ravel(order="K") if draw(st.booleans()) else f
    if k == 4:
        mask = draw(st.lists(st.booleans(), min_size=a.size, max_size=a.size))
        return np.ma.masked_array(a, mask=np.array(mask, dtype=bool).reshape(a.shape))
    if k == 5:
        a = a.copy()
        a.flags.writeable = False
        return a
    if k == 6 and a.dtype == np.float64:
        return a.astype(a.dtype.newbyteorder())  # big-endian float64
    if k == 7 and a.dtype != object:  # contiguous but unaligned (an odd buffer offset)
        u = np.frombuffer(bytearray(a.nbytes + 1), dtype=a.dtype, offset=1, count=a.size)
        u[...] = a.reshape(-1)
        return u.reshape(a.shape)
    return a


@st.composite
def mutated(draw: Any, model: str) -> dict[str, Any]:
    """Valid inputs for `model`, then some of them changed: a dtype, a shape, special
    values, a layout."""
    case = draw(valid_inputs(MODELS[model]))
    if not case:
        return case
    for name in draw(st.lists(st.sampled_from(sorted(case)), max_size=3, unique=True)):
        a = np.array(case[name], dtype=float)
        what = draw(st.integers(0, 4))
        if what == 0 and a.size:  # special values at random places
            a = a.copy().reshape(-1)
            for _ in range(draw(st.integers(1, 3))):
                a[draw(st.integers(0, a.size - 1))] = draw(st.sampled_from(SPECIAL))
            a = a.reshape(np.shape(case[name]))
        elif what == 1:  # another dtype
            dtype = draw(st.sampled_from(DTYPES))
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                with contextlib.suppress(ValueError, TypeError, OverflowError):
                    a = a.astype(dtype)
        elif what == 2:  # another shape: 0-d, empty, a column, a row, a mismatch
            shape = draw(st.sampled_from([(), (0,), (1,), (3,), (2, 3), (1, 1), (4, 1)]))
            a = np.resize(a, shape) if a.size else np.zeros(shape)
        elif what == 3:  # any float64 array, NaN/inf/subnormals included
            a = draw(
                hnp.arrays(
                    np.float64,
                    hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=4),
                    elements=st.floats(allow_subnormal=True, width=64),
                )
            )
        case[name] = _layout(draw, a)
    return case


def _same(got: Any, ref: Any) -> None:
    if isinstance(ref, BaseException) or isinstance(got, BaseException):
        assert type(got) is type(ref), f"cpu {got!r} vs reference {ref!r}"
        assert str(got) == str(ref), f"cpu message {got} vs reference {ref}"
        return
    assert list(got) == list(ref)
    assert got.status_counts == ref.status_counts
    for key in ref:
        a, b = np.asarray(got[key]), np.asarray(ref[key])
        assert a.shape == b.shape, key
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=key)
        np.testing.assert_allclose(
            a, b, rtol=RTOL, atol=max(ATOL.get(key, 0.0), TINY), equal_nan=True, err_msg=key
        )


def _snapshot(case: dict[str, Any]) -> dict[str, Any]:
    return {k: np.array(v, copy=True) if isinstance(v, np.ndarray) else v for k, v in case.items()}


@pytest.mark.parametrize("model", NAMES)
@given(data=st.data())
def test_cpu_matches_reference(model: str, data: Any) -> None:
    case = data.draw(mutated(model))
    before = _snapshot(case)
    got = call(lc.evaluate, model, case, backend="cpu")
    ref = call(lc.evaluate, model, case, backend="reference")
    _same(got, ref)
    for k, v in before.items():  # the caller's arrays are not written to
        if isinstance(v, np.ndarray):
            np.testing.assert_array_equal(np.asarray(case[k]), v, err_msg=k)


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**63),
    st.floats(),
    st.complex_numbers(),
    st.text(max_size=6),
    st.binary(max_size=4),
    st.lists(st.floats(), max_size=4),
    st.lists(st.lists(st.floats(), max_size=3), max_size=3),  # ragged
    st.dictionaries(st.text(max_size=3), st.floats(), max_size=2),
    st.sampled_from([np.float32(0.5), np.int8(-3), np.uint64(2**64 - 1), np.longdouble(1e4000)]),
    hnp.arrays(
        st.sampled_from([np.dtype(d) for d in DTYPES if d not in ("U8",)]),
        hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3),
    ),
)


@pytest.mark.parametrize("model", NAMES)
@given(data=st.data())
def test_anything_raises_only_contract_errors(model: str, data: Any) -> None:
    case = data.draw(valid_inputs(MODELS[model], n=data.draw(st.sampled_from([1, 3]))))
    info = MODELS[model]
    names = st.sampled_from([*info.input_names, *lc.catalog.KEYWORDS, "nope", ""])
    for _ in range(data.draw(st.integers(1, 3))):
        case[data.draw(names)] = data.draw(JUNK)
    got = call(lc.evaluate, model, case, backend="cpu")
    ref = call(lc.evaluate, model, case, backend="reference")
    # Junk may be rejected at different places (one backend's array check, the other's),
    # but both must stay inside the contract, and a result on one side needs one on the other.
    assert isinstance(got, BaseException) == isinstance(ref, BaseException), (got, ref)


@given(
    out=hnp.arrays(
        st.sampled_from([np.float64, np.float32, np.int64]),
        st.sampled_from([(), (0,), (3,), (2, 3), (3, 1)]),
    ),
    strided=st.booleans(),
)
def test_out_arrays(out: np.ndarray, strided: bool) -> None:
    if strided and out.ndim == 1:
        out = np.empty(2 * out.size, dtype=out.dtype)[::2]
    res = call(
        lc.evaluate,
        "training",
        {"params": np.full(3, 7e9), "tokens": 1e12, "hardware": "a100-80gb"},
        backend="cpu",
        out={"flop": out},
    )
    assert not isinstance(res, BaseException) or isinstance(res, CONTRACT)


@given(
    data=st.data(),
    kind=st.sampled_from(["uniform", "loguniform", "normal", "lognormal", "ci", "triangular"]),
)
def test_dist_parameters_of_every_dtype(data: Any, kind: str) -> None:
    n = {"normal": 2, "ci": 2, "triangular": 3}.get(kind, 2)
    scalars = st.one_of(
        st.floats(allow_subnormal=True),
        st.sampled_from(SPECIAL),
        st.builds(_scalar, st.sampled_from(DTYPES[:13]), st.floats(-1e3, 1e3)),
    )
    args = data.draw(st.lists(scalars, min_size=n, max_size=n))
    if data.draw(st.booleans()):  # mostly ordered: lo < hi, lo <= mode <= hi
        args = sorted(args, key=lambda v: float(v) if v == v else 0.0)
    d = call(getattr(lc.dist, kind), *args)
    if isinstance(d, BaseException):
        return
    case = {"params": 7e9, "tokens": 1e12, "mfu": d, "hardware": "a100-80gb"}
    res = call(lc.simulate, "training", case, n=256, seed=1, threads=1, backend="cpu")
    if not isinstance(res, BaseException):
        repr(res)


def _scalar(dtype: Any, x: float) -> Any:
    """x as a numpy scalar of `dtype` (wrapped around, as numpy casts)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return np.array(x).astype(dtype)[()]
