# SPDX-License-Identifier: BSD-3-Clause
"""Numbers written as text, with SI-style count suffixes: ``7B``, ``1.4T``, ``2.5k``.

The suffixes are powers of 1000, as llm tools write parameter and token counts
(Hugging Face model names, llm-analysis): ``k``/``K`` 1e3, ``M`` 1e6, ``B``/``b`` and
``G``/``g`` 1e9, ``T``/``t`` 1e12, ``P`` 1e15. A lowercase ``m`` (milli or mega?) and a
lowercase ``p`` (pico or peta?) are refused rather than guessed. Plain numbers (``7e9``,
``0.4``, ``1_000``) read as ``float()`` reads them. The suffix moves the exponent, so the
digits are rounded once (``1.4T`` is ``float("1.4e12")``, not ``1.4 * 1e12``).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["SUFFIXES", "SUFFIX_HELP", "parse_number", "parse_numbers"]

#: suffix -> power of ten
SUFFIXES: dict[str, int] = {
    "k": 3,
    "K": 3,
    "M": 6,
    "B": 9,
    "b": 9,
    "G": 9,
    "g": 9,
    "T": 12,
    "t": 12,
    "P": 15,
}
_AMBIGUOUS = {"m": "milli or mega? write M for 1e6 or 1e-3", "p": "pico or peta? write P or 1e-12"}
SUFFIX_HELP = "k=1e3, M=1e6, B/G=1e9, T=1e12, P=1e15"
_FORM = re.compile(r"^\s*([+-]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z]+)\s*$")


def parse_number(text: Any) -> float:
    """`text` as a float; numbers pass through. Raises ValueError naming the text."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    if not isinstance(text, str):
        raise ValueError(f"could not read {text!r} as a number")
    m = _FORM.match(text)
    if m is None:
        try:
            return float(text)
        except ValueError:
            raise ValueError(
                f"could not read {text!r} as a number (suffixes: {SUFFIX_HELP})"
            ) from None
    mantissa, suffix = m.groups()
    if suffix in _AMBIGUOUS:
        raise ValueError(f"could not read {text!r} as a number: {suffix!r} is {_AMBIGUOUS[suffix]}")
    if suffix not in SUFFIXES:
        raise ValueError(
            f"could not read {text!r} as a number: unknown suffix {suffix!r} "
            f"(suffixes: {SUFFIX_HELP})"
        )
    sig, _, exp = mantissa.replace("_", "").lower().partition("e")
    try:
        # the exponent moved, the digits kept: float() rounds once, correctly (inf past range)
        return float(f"{sig}e{int(exp or 0) + SUFFIXES[suffix]}")
    except ValueError:  # an exponent of thousands of digits
        raise ValueError(f"could not read {text!r} as a number") from None


def parse_numbers(text: str) -> list[float]:
    """Comma-separated numbers (``"7B,13B"``); empty parts are skipped. Raises ValueError
    when there is none or one cannot be read."""
    parts = [p for p in text.split(",") if p.strip()]
    if not parts:
        raise ValueError(f"no number in {text!r}")
    return [parse_number(p) for p in parts]
