# SPDX-License-Identifier: BSD-3-Clause
"""Groups of inputs as Sobol factors (SALib's ``groups``): the AB_j matrix takes every input
of group j from B at once, so S1/ST of a group are its closed and total indices.

A factor is already a set of spec rows (``fac``): the inputs that one catalog-row draw
(``dist.rows``) sets share one uniform and move together, so they are one factor named by
the catalog keyword. A group is a union of factors; naming one input of a row draw puts the
whole draw in the group (it cannot be split), and that is reported in the group's members.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["group_factors"]


def _factor_of(name: str, factors: list[str], sampled: dict[str, int], fac: np.ndarray) -> int:
    if name in factors:
        return factors.index(name)
    if name in sampled:
        return int(fac[sampled[name]])
    raise ValueError(
        f"input_groups: {name!r} is not an uncertain input; the factors are "
        f"{', '.join(factors)} (an input with a fixed value has no index)"
    )


def group_factors(
    factors: list[str],
    fac: np.ndarray,
    sampled: list[tuple[str, int]],
    input_groups: Any,
) -> tuple[list[str], np.ndarray, dict[str, list[str]]]:
    """New factor names, factor index per spec row, and group -> member factors.

    `input_groups`: {group name: [input or catalog keyword, ...]}; factors in no group stay
    factors of their own, in their place; a group takes the place of its first member."""
    if not isinstance(input_groups, Mapping) or not input_groups:
        raise TypeError(
            "input_groups must be a non-empty mapping {group: [input, ...]}, "
            f"got {input_groups!r}"
        )
    rows = dict(sampled)
    owner: dict[int, str] = {}
    members: dict[str, list[str]] = {}
    for g, names in input_groups.items():
        if not isinstance(g, str) or not g:
            raise TypeError(f"input_groups: group names must be non-empty strings, got {g!r}")
        if isinstance(names, str) or not hasattr(names, "__iter__"):
            raise TypeError(f"input_groups[{g!r}] must be a list of inputs, got {names!r}")
        names = list(names)
        if not names:
            raise ValueError(f"input_groups[{g!r}] is empty")
        for name in names:
            f = _factor_of(str(name), factors, rows, fac)
            if owner.get(f, g) != g:
                raise ValueError(
                    f"input_groups: {name!r} (factor {factors[f]!r}) is in groups "
                    f"{owner[f]!r} and {g!r}; a factor belongs to one group"
                )
            owner[f] = g
            if factors[f] not in members.setdefault(g, []):
                members[g].append(factors[f])
    new: list[str] = []
    index = np.full(len(factors), -1, np.int64)
    for f, name in enumerate(factors):
        label = owner.get(f, name)
        if f not in owner and name in members:
            raise ValueError(
                f"input_groups: group name {name!r} is also an ungrouped factor; rename it"
            )
        if label not in new:
            new.append(label)
        index[f] = new.index(label)
    fac = np.asarray(fac)
    out = np.where(fac >= 0, index[np.maximum(fac, 0)], -1).astype(fac.dtype)
    return new, out, members
