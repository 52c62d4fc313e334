# SPDX-License-Identifier: BSD-3-Clause
"""One version everywhere (RELEASING.md): the installed distribution's metadata (the wheel's
file name carries the same string), ``lc.__version__``, ``llmcore --version``, the compiled
core's ``build_info()`` and the newest version heading of CHANGELOG.md all agree."""

from __future__ import annotations

import contextlib
import importlib.metadata as md
import re
import subprocess
import sys
from pathlib import Path

import pytest

import llmcore as lc
from llmcore._engine import backends as _backends
from llmcore.cli import main

# The CPU wheel is `llmcore`, the CUDA wheel `llmcore-cuda13` (RELEASING.md); both install
# the package `llmcore`.
DISTRIBUTIONS = ("llmcore", "llmcore-cuda13")
ROOT = Path(__file__).resolve().parents[2]  # the checkout, or .ci/wheel's copy of the tests
CHANGELOG = ROOT / "CHANGELOG.md"
CITATION = ROOT / "CITATION.cff"


def _installed() -> list[str]:
    found = []
    for name in DISTRIBUTIONS:
        with contextlib.suppress(md.PackageNotFoundError):
            found.append(md.version(name))
    return found


def test_package_version_is_the_distribution_version() -> None:
    assert _installed() == [lc.__version__]
    assert lc.__version__ != "0.0.0+unknown"


def test_compiled_core_has_the_same_version() -> None:
    assert _backends.core().build_info()["version"] == lc.__version__


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"llmcore {lc.__version__}\n"


def test_cli_version_in_a_fresh_process() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "llmcore", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"llmcore {lc.__version__}"


def test_changelog_names_this_version() -> None:
    """The newest numbered section of CHANGELOG.md is this version (Keep a Changelog:
    `## [X.Y.Z] - YYYY-MM-DD`, or `- Unreleased` until the release is tagged)."""
    if not CHANGELOG.exists():
        pytest.skip("no CHANGELOG.md beside the tests")
    text = CHANGELOG.read_text(encoding="utf-8")
    numbered = re.findall(r"^## \[(\d[^\]]*)\]", text, re.M)
    assert numbered, "CHANGELOG.md has no version section"
    assert numbered[0] == lc.__version__.split("+")[0]


def test_citation_names_this_version() -> None:
    if not CITATION.exists():
        pytest.skip("no CITATION.cff beside the tests")
    m = re.search(r'^version: "?([^"\n]+?)"?$', CITATION.read_text(encoding="utf-8"), re.M)
    assert m is not None, "CITATION.cff has no version"
    assert m.group(1) == lc.__version__.split("+")[0]
