# SPDX-License-Identifier: BSD-3-Clause
"""The reference backend works with the compiled core blocked; auto never falls back to it."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import llmcore

BLOCKED = """
import sys
sys.modules["llmcore._core"] = None  # import of the compiled core now fails
import llmcore as lc
r = lc.training(params=175e9, tokens=300e9, hardware="tpu-v4", mfu=0.462,
                price_per_accel_hour=2.03, backend="reference")
assert abs(r["cloud_cost"] - 1398071.6) < 1, r["cloud_cost"]
assert lc.backends() == [], lc.backends()
for b in ("auto", "cpu"):
    try:
        lc.training(params=1e9, tokens=1e9, hardware="v100", backend=b)
    except lc.BackendUnavailable as e:
        assert "pip install" in str(e) and e.__cause__ is not None
    else:
        raise AssertionError(b + " did not raise")
print("ok")
"""


def test_reference_runs_without_compiled_core() -> None:
    out = subprocess.run([sys.executable, "-c", BLOCKED], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_reference_never_imports_the_core() -> None:
    ref = pathlib.Path(llmcore.__file__).parent / "reference"
    for path in ref.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [a.name for a in node.names]
            assert not any("_core" in n or "_backends" in n for n in names), path
