# SPDX-License-Identifier: BSD-3-Clause
"""Every ```python block of the pages in docs/ runs (each in a fresh namespace), as the
README's do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCKS = [
    (page.name, k, code)
    for page in sorted(DOCS.glob("*.md"))
    for k, code in enumerate(re.findall(r"```python\n(.*?)```", page.read_text("utf-8"), re.S))
]


def test_there_are_pages_with_code():
    assert BLOCKS


@pytest.mark.parametrize("page,k,code", BLOCKS, ids=[f"{p}-{k}" for p, k, _ in BLOCKS])
def test_docs_block_runs(page: str, k: int, code: str, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(code, f"docs/{page} block {k}", "exec"), {"__name__": "__main__"})
