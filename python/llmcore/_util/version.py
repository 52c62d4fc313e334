# SPDX-License-Identifier: BSD-3-Clause
from __future__ import annotations


def version() -> str:
    try:
        from llmcore._version import __version__
    except ImportError:  # source tree without a build
        return "0.0.0+unknown"
    return __version__
