# SPDX-License-Identifier: BSD-3-Clause
"""Every ```python block of the README runs (in order, each in a fresh namespace)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("k", range(len(BLOCKS)))
def test_readme_block_runs(k: int, tmp_path, monkeypatch) -> None:
    code = BLOCKS[k]
    for mod in ("pandas", "dask", "matplotlib", "distributed"):
        if re.search(rf"^\s*(import|from) {mod}\b", code, re.M):
            pytest.importorskip(mod)
    monkeypatch.chdir(tmp_path)
    # run as a script runs it: a block guarded by `if __name__ == "__main__"` runs too
    exec(compile(code, f"README.md block {k}", "exec"), {"__name__": "__main__"})


def test_readme_first_screen_has_the_two_commands() -> None:
    head = "\n".join(README.read_text(encoding="utf-8").splitlines()[:30])
    assert "pip install . && llmcore report" in head
    assert "pip install '.[test]' && pytest" in head
