# SPDX-License-Identifier: BSD-3-Clause
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import llmcore as lc
from llmcore._engine import backends as _backends

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile("dev", max_examples=40, deadline=None, print_blob=True,
                          suppress_health_check=_SUPPRESS)
settings.register_profile("ci", max_examples=80, deadline=None, print_blob=True,
                          derandomize=True, suppress_health_check=_SUPPRESS)
settings.register_profile("nightly", max_examples=2000, deadline=None, print_blob=True,
                          suppress_health_check=_SUPPRESS)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REQUIRE_CUDA = os.environ.get("LLMCORE_REQUIRE_CUDA", "") not in ("", "0")


def compiled_backends() -> list[str]:
    return list(lc.backends())


def all_backends() -> list[str]:
    return ["reference", *compiled_backends()]


@pytest.fixture(params=all_backends())
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def small_chunks():
    """Force tiny chunks and grains so small inputs cross chunk and thread boundaries."""
    old = dict(_backends.KNOBS)
    _backends.KNOBS.update(chunk=7, grain=3)
    yield
    _backends.KNOBS.update(old)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    has_cuda = "cuda" in compiled_backends()
    for item in items:
        if "cuda" in item.keywords and not has_cuda:
            if REQUIRE_CUDA:
                item.add_marker(pytest.mark.xfail(reason="LLMCORE_REQUIRE_CUDA=1 but no CUDA "
                                                  "device", strict=True, run=False))
            else:
                item.add_marker(pytest.mark.skip(reason="no CUDA device"))
