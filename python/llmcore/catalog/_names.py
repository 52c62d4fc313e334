# SPDX-License-Identifier: BSD-3-Clause
"""Ids and aliases: one kind's lookup index (matching key -> stored id), checked for clashes.

Ids and aliases are matched by ``llmcore._util.match.norm`` (case folded; spaces, ``_`` and
``-`` one separator); stored ids stay as written. Aliases come from a row's ``aliases``
field and from the built-in table ``data/aliases.toml`` (kind -> id -> aliases).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from llmcore._util.errors import InvalidInputError
from llmcore._util.match import norm

__all__ = ["ALIAS_FILE", "Index", "alias_table", "build_index"]

ALIAS_FILE = "aliases.toml"
_TABLE_ORIGIN = f"built-in {ALIAS_FILE}"


@dataclass
class Index:
    keys: dict[str, str] = field(default_factory=dict)  # norm(id or alias) -> stored id
    aliases: dict[str, list[str]] = field(default_factory=dict)  # id -> its aliases
    shadowed: list[str] = field(default_factory=list)  # aliases an added row's id took over


@functools.cache
def alias_table() -> dict[str, dict[str, list[str]]]:
    """kind -> id -> aliases, from ``data/aliases.toml``."""
    path = resources.files(__package__).joinpath("data").joinpath(ALIAS_FILE)
    data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    out: dict[str, dict[str, list[str]]] = {}
    for kind, rows in data.items():
        if not isinstance(rows, dict):
            raise TypeError(f"{_TABLE_ORIGIN}: [{kind}] must be a table of id = [aliases]")
        for rid, names in rows.items():
            where = f"{_TABLE_ORIGIN}: {kind}/{rid}"
            out.setdefault(kind, {})[rid] = check_aliases(names, where)
    return out


def check_aliases(names: Any, where: str) -> list[str]:
    """`names` as a list of aliases: non-empty strings (TypeError naming `where` if not)."""
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, (list, tuple)) or not all(
        isinstance(a, str) and a.strip() for a in names
    ):
        raise TypeError(f"{where}: 'aliases' must be a list of non-empty strings, got {names!r}")
    return [a.strip() for a in names]


def build_index(
    kind: str,
    rows: Mapping[str, Mapping[str, Any]],
    origins: Mapping[str, str],
    table: Mapping[str, Sequence[str]],
    added: Collection[str] | None,
) -> Index:
    """The index of one kind's `rows`, with their ``aliases`` fields and the `table`'s.

    `added` holds the ids of rows being added now (None: built-in rows, where every clash is
    an error). Two ids with one key, and an alias naming two rows, are errors. An alias that
    is another row's id is an error when the built-in data or an added row's own ``aliases``
    says so; an added row whose id is an existing alias takes that name over (listed in
    ``shadowed``, for the override warning). Table entries for ids not loaded are ignored.
    """
    idx = Index()
    for rid in rows:
        k = norm(rid)
        if k in idx.keys:
            other = idx.keys[k]
            raise InvalidInputError(
                f"catalog {kind}: ids {other!r} ({origins.get(other, '?')}) and {rid!r} "
                f"({origins.get(rid, '?')}) differ only in case or separators; ids are "
                "matched ignoring case, spaces, '_' and '-', so one must go",
                input="id",
                value=rid,
            )
        idx.keys[k] = rid
    from_table: dict[str, Sequence[str]] = {norm(t): names for t, names in table.items()}
    claimed: dict[str, tuple[str, str]] = {}  # alias key -> (row id, where the alias is from)
    for rid, row in rows.items():
        mine = [(a, origins.get(rid, "?"), True) for a in row.get("aliases", ())]
        mine += [(a, _TABLE_ORIGIN, False) for a in from_table.get(norm(rid), ())]
        kept: list[str] = []
        for alias, where, own_field in mine:
            k = norm(alias)
            if k in claimed and claimed[k][0] != rid:
                other, other_where = claimed[k]
                raise InvalidInputError(
                    f"catalog {kind}: alias {alias!r} of {kind}/{rid} ({where}) also names "
                    f"{kind}/{other} ({other_where}); an alias must name one row",
                    input="aliases",
                    value=alias,
                )
            owner = idx.keys.get(k)
            if owner is not None and owner != rid and k not in claimed:  # another row's id
                if added is None or (own_field and rid in added):
                    raise InvalidInputError(
                        f"catalog {kind}: alias {alias!r} of {kind}/{rid} ({where}) is the id "
                        f"of {kind}/{owner} ({origins.get(owner, '?')}); an alias must name "
                        "one row",
                        input="aliases",
                        value=alias,
                    )
                if owner in added:
                    idx.shadowed.append(f"{kind}/{owner} takes the name {alias!r} of {kind}/{rid}")
                continue
            if k != norm(rid) and k not in claimed:
                claimed[k] = (rid, where)
                idx.keys[k] = rid
                kept.append(alias)
        if kept:
            idx.aliases[rid] = kept
    return idx
