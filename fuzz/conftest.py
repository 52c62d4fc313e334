# SPDX-License-Identifier: BSD-3-Clause
"""pytest set-up for fuzz/test_arrays.py: the harness helpers (fuzz/common.py) and the
repository's test strategies (tests/strategies.py) importable."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for p in (HERE, HERE.parent):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))
