# SPDX-License-Identifier: BSD-3-Clause
from __future__ import annotations

import os
import sysconfig
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import llmcore
from llmcore._engine import backends as _backends

from .harness import all_backends, compiled_backends

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile(
    "dev", max_examples=40, deadline=None, print_blob=True, suppress_health_check=_SUPPRESS
)
settings.register_profile(
    "ci",
    max_examples=80,
    deadline=None,
    print_blob=True,
    derandomize=True,
    suppress_health_check=_SUPPRESS,
)
settings.register_profile(
    "nightly", max_examples=2000, deadline=None, print_blob=True, suppress_health_check=_SUPPRESS
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REQUIRE_CUDA = os.environ.get("LLMCORE_REQUIRE_CUDA", "") not in ("", "0")
# .ci/wheel sets it: the tests must exercise the installed wheel, not a source tree.
EXPECT_INSTALLED = os.environ.get("LLMCORE_EXPECT_INSTALLED", "") not in ("", "0")


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


def pytest_report_header(config: pytest.Config) -> str:
    return f"llmcore {llmcore.__version__} from {Path(llmcore.__file__).parent}"


def pytest_configure(config: pytest.Config) -> None:
    """The GPU canary: a run that must exercise CUDA fails at once, with one line, where no
    device can be used, instead of skipping its CUDA tests and passing. Likewise a run that
    must test the installed package (LLMCORE_EXPECT_INSTALLED=1) fails if llmcore comes from
    anywhere but site-packages."""
    site = Path(sysconfig.get_paths()["platlib"]).resolve()
    here = Path(llmcore.__file__).resolve()
    if EXPECT_INSTALLED and site not in here.parents:
        raise pytest.UsageError(
            f"LLMCORE_EXPECT_INSTALLED=1 but llmcore was imported from {here}, not from {site}"
        )
    if REQUIRE_CUDA and "cuda" not in compiled_backends():
        info = {b.name: b for b in _backends.backends(details=True)}
        why = info["cuda"].detail if "cuda" in info else "this build has no CUDA backend"
        raise pytest.UsageError(f"LLMCORE_REQUIRE_CUDA=1 but CUDA cannot run here: {why}")


@pytest.fixture
def simd_levels():
    """The SIMD levels this CPU runs (0 baseline, 1 AVX2, 2 AVX-512), as an iterator that
    forces each in turn; the best level is restored afterwards."""
    core = _backends.core()
    best = core.mc_simd(-1)

    def levels():
        for level in range(best + 1):
            assert core.mc_simd(level) == level
            yield level

    yield levels
    core.mc_simd(-1)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    has_cuda = "cuda" in compiled_backends()
    for item in items:
        if item.get_closest_marker("cuda") is not None and not has_cuda:
            item.add_marker(pytest.mark.skip(reason="no CUDA device"))
