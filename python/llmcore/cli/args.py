# SPDX-License-Identifier: BSD-3-Clause
"""The argparse converters for numbers on the command line, one place for every sub-command.

Each accepts the count suffixes of ``llmcore._util.si`` (``7B``, ``1.4T``, ``2.5k``) and
raises ``argparse.ArgumentTypeError``, so argparse prints the sub-command's usage and names
the flag and the text in its error.
"""

from __future__ import annotations

import argparse
import math

import numpy as np

from llmcore._util.si import parse_number, parse_numbers

__all__ = ["count", "number", "number_list", "whole", "wholes"]


def number(text: str) -> float:
    """One number, with an optional count suffix (``2e5``, ``200k``)."""
    try:
        return parse_number(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def number_list(text: str) -> float | np.ndarray:
    """One number, or comma-separated numbers (one scenario each) as an array."""
    try:
        vals = parse_numbers(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return vals[0] if len(vals) == 1 else np.array(vals)


def wholes(text: str) -> list[int]:
    """Comma-separated whole numbers (``1,2,4``; ``1k`` is 1000)."""
    try:
        vals = parse_numbers(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not all(math.isfinite(v) and v == int(v) for v in vals):
        raise argparse.ArgumentTypeError(f"not whole numbers: {text!r}")
    return [int(v) for v in vals]


def whole(text: str) -> int:
    """One whole number, not a list."""
    if "," in text:
        raise argparse.ArgumentTypeError(f"one whole number, not a list: {text!r}")
    return wholes(text)[0]


def count(text: str) -> int:
    """A count of scenarios: a whole number >= 1 (``1e8`` and ``100M`` accepted)."""
    v = number(text)
    if not (math.isfinite(v) and v == int(v) and v >= 1):
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(v)
