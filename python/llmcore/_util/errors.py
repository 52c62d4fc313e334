# SPDX-License-Identifier: BSD-3-Clause
"""The exception types of the public contract (API.md, "Errors")."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence

from llmcore._util.match import rank

__all__ = [
    "BackendUnavailable",
    "InvalidInputError",
    "UnknownNameError",
    "closest",
    "user_stacklevel",
]


class InvalidInputError(ValueError):
    """A value outside its documented range, or a bad shape.

    Attributes
    ----------
    input : str
        The input's name.
    value : float
        The first offending value.
    index : tuple of int or None
        Where it is (None for a scalar input).
    """

    def __init__(self, message: str, *, input: str, value: object = None, index: object = None):
        super().__init__(message)
        self.input = input
        self.value = value
        self.index = index


class UnknownNameError(KeyError):
    """An unknown input name, model name, catalog kind or catalog id."""

    def __init__(self, message: str, *, name: str, suggestions: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.name = name
        self.suggestions = list(suggestions)

    def __str__(self) -> str:  # KeyError would repr() the message; keep it readable
        return self.message


class BackendUnavailable(RuntimeError):
    """A backend was asked for by name but cannot run here."""


def closest(
    name: str,
    candidates: Iterable[str],
    n: int = 3,
    aliases: Mapping[str, Sequence[str]] | None = None,
    labels: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """The valid names nearest to `name`, best first: the same name up to case and separators,
    then names (or their `aliases`) that start with it, names with a word (or `labels`, such
    as display names) that starts with it or contains it, then near misses by edit distance
    (``llmcore._util.match.rank``)."""
    return [c for c, _, _ in rank(name, candidates, aliases, labels)[:n]]


def unknown(
    what: str,
    name: str,
    candidates: Iterable[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
    labels: Mapping[str, Sequence[str]] | None = None,
) -> UnknownNameError:
    cands = sorted(candidates)
    near = closest(name, cands, aliases=aliases, labels=labels)
    hint = f"; did you mean {', '.join(repr(c) for c in near)}?" if near else ""
    listing = "" if near else f"; valid: {', '.join(cands[:12])}{' …' if len(cands) > 12 else ''}"
    return UnknownNameError(f"unknown {what} {name!r}{hint}{listing}", name=name, suggestions=near)


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def user_stacklevel() -> int:
    """The ``warnings.warn`` stacklevel, counted from its caller, of the first frame outside
    llmcore: a warning points at the user's line however deep the package's call chain."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(
        _PACKAGE + os.sep
    ):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level
