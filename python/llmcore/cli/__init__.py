# SPDX-License-Identifier: BSD-3-Clause
"""The ``llmcore`` command: one entry point (:func:`main`), one error handler."""

from llmcore.cli.main import main

__all__ = ["main"]
