# SPDX-License-Identifier: BSD-3-Clause
"""Parsing user data files (TOML, JSON) with every failure a ValueError naming the file.

The standard parsers recurse once per nesting level, so a hostile file of a few kilobytes
("[[[[...") raises RecursionError, and json turns a 5000-digit integer into a ValueError
about Python's int limits; both are reported here as "not valid TOML/JSON"."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["as_float", "parse_json", "parse_toml", "read_text"]


def read_text(path: str | Path) -> str:
    """The file's text (UTF-8, a byte order mark dropped); unreadable → ValueError."""
    p = Path(path)
    try:
        return p.read_text("utf-8-sig")
    except OSError as exc:
        raise ValueError(f"cannot read {p}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def parse_toml(text: str, origin: str | Path) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{origin}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ValueError(f"{origin}: not valid TOML: nested too deeply") from None


def parse_json(text: str, origin: str | Path) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{origin}: not valid JSON: {exc}") from None
    except RecursionError:
        raise ValueError(f"{origin}: not valid JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more digits than int() converts
        raise ValueError(f"{origin}: not valid JSON: {exc}") from None


def as_float(value: int | float, where: str) -> float:
    """`value` as a finite float; an integer beyond float's range (10**400) is a ValueError
    naming `where`, not an OverflowError."""
    try:
        f = float(value)
    except OverflowError:
        digits = int(int(value).bit_length() * math.log10(2)) + 1  # str() fails past 4300
        raise ValueError(
            f"{where}: an integer of about {digits} digits is beyond a float's range (1.8e308)"
        ) from None
    if not math.isfinite(f):
        raise ValueError(f"{where}: {value!r} must be finite")
    return f
