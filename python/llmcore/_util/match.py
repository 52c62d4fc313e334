# SPDX-License-Identifier: BSD-3-Clause
"""Matching names the way people type them: one normal form, and a ranking of candidates.

`norm` is the key catalog ids, aliases and names are compared by: case folded, surrounding
space dropped, and every run of spaces, ``_`` and ``-`` one ``-`` ("H100 SXM5" and
"h100_sxm5" are "h100-sxm5"). `rank` orders candidates for a typed text: an exact match
first, then ids and aliases that start with it, then texts with a word that starts with it,
then texts that contain it, then ids and aliases found inside it ("nvidia-h100-sxm-80gb"
holds "h100-sxm"), and last the near misses by edit distance.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["TIERS", "norm", "rank"]

_SEP = re.compile(r"[\s_\-]+")

# tier -> what it means (lower is better); search output names the tier of each hit
TIERS = ("exact", "prefix", "word", "substring", "inside", "near")
_INSIDE, _NEAR = 4, 5
_CUTOFF = 0.5  # difflib ratio below which a near miss is no suggestion
_MIN_INSIDE = 3  # a candidate text found inside the query counts from this many characters


def norm(text: str) -> str:
    """The matching key of a name: casefolded, separators (space, ``_``, ``-``) as one ``-``."""
    return _SEP.sub("-", text.strip().casefold())


def _word_start(q: str, t: str) -> bool:
    i = t.find(q)
    while i > 0:
        if not t[i - 1].isalnum():
            return True
        i = t.find(q, i + 1)
    return i == 0


def _tier(q: str, t: str, own: bool) -> int | None:
    if own and q == t:
        return 0
    if own and t.startswith(q):
        return 1
    if q == t or _word_start(q, t):
        return 2
    if q in t:
        return 3
    return None


def rank(
    query: str,
    names: Iterable[str],
    aliases: Mapping[str, Sequence[str]] | None = None,
    labels: Mapping[str, Sequence[str]] | None = None,
    near: bool = True,
) -> list[tuple[str, int, float]]:
    """(name, tier, closeness) for every name that matches `query`, best first (see TIERS).

    A name answers to itself and its `aliases` (all tiers) and to its `labels` (display names
    such as "NVIDIA H100 SXM5 80 GB": word-start and substring matches only). With
    `near`, names or aliases of three or more characters found inside the query, then near
    misses (difflib ratio >= 0.5 to the name or an alias) follow. Within a tier the name
    closest to the query comes first, then alphabetical order.
    """
    q = norm(query)
    if not q:
        return []
    aliases = aliases or {}
    labels = labels or {}
    scored: list[tuple[int, float, str]] = []
    for name in names:
        own = [norm(name), *(norm(a) for a in aliases.get(name, ()))]
        tiers = [t for t in (_tier(q, k, True) for k in own) if t is not None]
        tiers += [
            t for t in (_tier(q, norm(x), False) for x in labels.get(name, ())) if t is not None
        ]
        closeness = max(difflib.SequenceMatcher(None, q, k).ratio() for k in own)
        if tiers:
            tier = min(tiers)
        elif not near:
            continue
        elif any(len(k) >= _MIN_INSIDE and k in q for k in own):
            tier = _INSIDE
        elif closeness >= _CUTOFF:
            tier = _NEAR
        else:
            continue
        scored.append((tier, -closeness, name))
    scored.sort()
    return [(name, tier, -minus) for tier, minus, name in scored]
