# SPDX-License-Identifier: BSD-3-Clause
"""What :func:`llmcore.sensitivity` returns: Sobol indices per output and factor, with their
95% half-widths, second-order indices per pair when asked, and the factor groups and notes
(what the estimate assumed) that a reader needs to trust them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

__all__ = ["SensitivityResult"]


class SensitivityResult(Mapping[str, Any]):
    """Mapping output -> dict of S1, S1_conf, ST, ST_conf per factor (and S2, S2_conf:
    d x d, with ``second_order=True``).

    ``S1[output][factor]``, ``ST[...]``, ``S2[output][(factor_a, factor_b)]``; ``*_conf``
    are 95% half-widths. ``to_pandas()`` gives one row per (output, factor),
    ``to_pandas(order=2)`` one per (output, factor pair); ``plot(output)`` a bar chart with
    error bars. ``groups`` maps each factor that is a group to its members; ``notes`` says
    what the estimate assumed (e.g. how correlated inputs were treated)."""

    def __init__(
        self,
        model: str,
        n: int,
        seed: int,
        backend: str,
        factors: list[str],
        table: dict[str, dict[str, np.ndarray]],
        variance: dict[str, float],
        status_counts: dict[str, int],
        *,
        evaluations: int | None = None,
        groups: dict[str, list[str]] | None = None,
        notes: list[str] | None = None,
    ):
        self.model, self.n, self.seed, self.backend = model, n, seed, backend
        self.factors, self._table, self.variance = factors, table, variance
        self.status_counts = status_counts
        self.evaluations = n * (len(factors) + 2) if evaluations is None else evaluations
        self.groups = dict(groups or {})
        self.notes = list(notes or [])

    def __getitem__(self, key: str) -> dict[str, np.ndarray]:
        return self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def _pick(self, col: str) -> dict[str, dict[str, float]]:
        return {
            o: dict(zip(self.factors, (float(x) for x in t[col]))) for o, t in self._table.items()
        }

    @property
    def S1(self) -> dict[str, dict[str, float]]:
        return self._pick("S1")

    @property
    def ST(self) -> dict[str, dict[str, float]]:
        return self._pick("ST")

    @property
    def second_order(self) -> bool:
        return all("S2" in t for t in self._table.values())

    def _pairs(self) -> list[tuple[int, int]]:
        d = len(self.factors)
        return [(j, k) for j in range(d) for k in range(j + 1, d)]

    @property
    def S2(self) -> dict[str, dict[tuple[str, str], float]]:
        """Second-order indices per output and factor pair (j before k in factor order)."""
        if not self.second_order:
            raise ValueError("no second-order indices: run sensitivity(..., second_order=True)")
        f = self.factors
        return {
            o: {(f[j], f[k]): float(t["S2"][j, k]) for j, k in self._pairs()}
            for o, t in self._table.items()
        }

    def _cols(self) -> list[str]:
        """Per-factor columns: S1, S1_conf, ST, ST_conf (and the independent indices'
        S1_ind, ... where inputs were correlated)."""
        t = next(iter(self._table.values()))
        return [c for c in t if c not in ("S2", "S2_conf")]

    def to_pandas(self, order: int = 1) -> Any:
        import pandas as pd

        if order == 2:
            _ = self.S2  # the clear error when they were not computed
            f = self.factors
            rows = [
                {
                    "output": o,
                    "factor_a": f[j],
                    "factor_b": f[k],
                    "S2": float(t["S2"][j, k]),
                    "S2_conf": float(t["S2_conf"][j, k]),
                }
                for o, t in self._table.items()
                for j, k in self._pairs()
            ]
            return pd.DataFrame(rows).set_index(["output", "factor_a", "factor_b"])
        if order != 1:
            raise ValueError(f"order must be 1 (S1, ST) or 2 (S2), got {order!r}")
        rows = [
            {"output": o, "factor": f, **{c: float(t[c][j]) for c in self._cols()}}
            for o, t in self._table.items()
            for j, f in enumerate(self.factors)
        ]
        return pd.DataFrame(rows).set_index(["output", "factor"])

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "model": self.model,
            "n": self.n,
            "seed": self.seed,
            "backend": self.backend,
            "evaluations": self.evaluations,
            "indices": {
                o: {
                    f: {c: float(t[c][j]) for c in self._cols()} for j, f in enumerate(self.factors)
                }
                for o, t in self._table.items()
            },
        }
        if self.second_order:
            f = self.factors
            out["second_order"] = {
                o: {
                    f"{f[j]},{f[k]}": {
                        "S2": float(t["S2"][j, k]),
                        "S2_conf": float(t["S2_conf"][j, k]),
                    }
                    for j, k in self._pairs()
                }
                for o, t in self._table.items()
            }
        if self.groups:
            out["groups"] = self.groups
        if self.notes:
            out["notes"] = self.notes
        return out

    def plot(self, output: str | None = None, ax: Any = None) -> Any:
        import matplotlib.pyplot as plt

        name = output or next(iter(self._table))
        t = self._table[name]
        own = ax is None
        if own:
            _, ax = plt.subplots()
        x = np.arange(len(self.factors))
        ax.bar(x - 0.2, t["S1"], 0.4, yerr=t["S1_conf"], label="first order S1")
        ax.bar(x + 0.2, t["ST"], 0.4, yerr=t["ST_conf"], label="total ST")
        ax.set_xticks(x, self.factors, rotation=45, ha="right")
        ax.set_ylabel("Sobol index")
        ax.set_title(f"{self.model}: {name} (n={self.n:,})")
        ax.legend()
        if own:
            ax.figure.tight_layout()
        return ax

    def __repr__(self) -> str:
        lines = [f"<SensitivityResult {self.model} n={self.n} backend={self.backend}>"]
        w = max(len(f) for f in self.factors)
        for o, t in self._table.items():
            lines.append(f"  {o}")
            lines += [
                f"    {f:<{w}}  S1 {t['S1'][j]:+.3f} ± {t['S1_conf'][j]:.3f}   "
                f"ST {t['ST'][j]:+.3f} ± {t['ST_conf'][j]:.3f}"
                for j, f in enumerate(self.factors)
            ]
            if "S1_ind" in t:
                lines += [
                    f"    {f:<{w}}  independent  S1 {t['S1_ind'][j]:+.3f} ± "
                    f"{t['S1_ind_conf'][j]:.3f}   ST {t['ST_ind'][j]:+.3f} ± "
                    f"{t['ST_ind_conf'][j]:.3f}"
                    for j, f in enumerate(self.factors)
                ]
            if "S2" in t:
                lines += [
                    f"    S2 {self.factors[j]} x {self.factors[k]}  "
                    f"{t['S2'][j, k]:+.3f} ± {t['S2_conf'][j, k]:.3f}"
                    for j, k in self._pairs()
                ]
        for g, members in self.groups.items():
            lines.append(f"  group {g}: {', '.join(members)}")
        lines += [f"  note: {x}" for x in self.notes]
        return "\n".join(lines)
