# SPDX-License-Identifier: BSD-3-Clause
"""The C++ X-macro field lists equal the Python metadata (the one source of names)."""

from __future__ import annotations

import inspect

import pytest

import llmcore as lc
from llmcore import reference
from llmcore._engine import backends as _backends
from llmcore._models import MODELS


@pytest.mark.skipif("cpu" not in lc.backends(), reason="compiled core missing")
def test_core_fields_match_metadata() -> None:
    core = [(name, tuple(ins), tuple(outs)) for name, ins, outs in _backends.core().models()]
    meta = [(m.name, m.input_names, m.output_names) for m in MODELS.values()]
    assert core == meta


def test_reference_signatures_match_metadata() -> None:
    for name, info in MODELS.items():
        fn = reference.FORMULAS[name]
        assert tuple(inspect.signature(fn).parameters) == info.input_names, name


def test_estimator_signatures_and_docs_come_from_metadata() -> None:
    for info in lc.models():
        fn = getattr(lc, info.name)
        params = inspect.signature(fn).parameters
        assert all(n in params for n in info.input_names)
        for i in info.inputs:
            assert i.name in fn.__doc__ and i.unit in fn.__doc__


def test_metadata_is_sane() -> None:
    for info in MODELS.values():
        assert len(set(info.input_names)) == len(info.input_names)
        assert len(set(info.output_names)) == len(info.output_names)
        for i in info.inputs:
            if i.default is not None:
                assert i.lo <= i.default <= i.hi, i.name
            assert i.typical[0] <= i.typical[1]
        for o in info.outputs:
            assert all(n in info.input_names for n in o.needs), o.name
