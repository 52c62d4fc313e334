# SPDX-License-Identifier: BSD-3-Clause
"""Small helpers shared by the report sections: Monte Carlo rows and figures, and the means
to explain a published figure that misses a row (`implied`, `against_range`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from llmcore.mc.simulate import simulate
from llmcore.report import plots
from llmcore.report.document import TOLERANCE, Figure, Row
from llmcore.report.format import num

__all__ = [
    "SOBOL_NOTE",
    "Context",
    "Explain",
    "against_range",
    "dist_figure",
    "implied",
    "mc_row",
    "point_row",
    "sobol_confs",
    "sobol_rows",
]

# Turns a row whose published figure misses (row.missed) into a sentence from its numbers,
# or None when the numbers do not explain it (the row then says "not explained").
Explain = Callable[[Row], "str | None"]

LEVELS = (0.05, 0.5, 0.95)


@dataclass
class Context:
    """What every section gets: Monte Carlo size, seed and backend."""

    n: int
    seed: int
    backend: str = "auto"
    # source -> {input: value} of the values the analyses' simulations assumed (not given)
    assumed: dict[str, dict[str, Any]] = field(default_factory=dict)

    def simulate(self, model: str, inputs: dict[str, Any], outputs: list[str], salt: int) -> Any:
        # a different stream per analysis, reproducible from the report's seed
        sim = simulate(
            model,
            inputs,
            n=self.n,
            seed=self.seed * 1000 + salt,
            outputs=outputs,
            quantiles=LEVELS,
            backend=self.backend,
        )
        for name, a in sim.assumptions.items():
            self.assumed.setdefault(a["source"], {})[name] = a["value"]
        return sim

    def assumed_lines(self) -> list[str]:
        """The values assumed since the last call, one line per source, and forget them."""

        def show(v: Any) -> str:
            return num(v) if isinstance(v, float) else str(v)

        lines = [
            f"{'defaults' if src == 'default' else src}: "
            + ", ".join(f"{k} = {show(v)}" for k, v in vals.items())
            for src, vals in sorted(self.assumed.items(), key=lambda kv: kv[0] != "default")
        ]
        self.assumed = {}
        return lines


def mc_row(
    sim: Any,
    output: str,
    quantity: str,
    unit: str,
    value: float,
    scale: float = 1.0,
    published: float | None = None,
    source: str = "",
    note: str = "",
    explain: Explain | None = None,
) -> Row:
    q = np.asarray(sim[output].quantile(list(LEVELS)), dtype=float) * scale
    row = Row(
        quantity,
        unit,
        value * scale,
        float(q[0]),
        float(q[1]),
        float(q[2]),
        published,
        source,
        note,
    )
    return _explained(row, explain)


def point_row(
    quantity: str,
    unit: str,
    value: float,
    scale: float = 1.0,
    published: float | None = None,
    source: str = "",
    note: str = "",
    tolerance: float = TOLERANCE,
    explain: Explain | None = None,
) -> Row:
    row = Row(
        quantity,
        unit,
        value * scale,
        published=published,
        source=source,
        note=note,
        tolerance=tolerance,
    )
    return _explained(row, explain)


# What the p05 and p95 columns of Sobol rows mean: said once per section
SOBOL_NOTE = (
    "Sobol rows: p05 and p95 bound the 90 % confidence interval of the total index's "
    "estimate (batch means), not a spread over scenarios; S1 ± its 95 % half-width, "
    "'≈ 0' when it is indistinguishable from zero"
)
# A 95 % half-width times this is the 90 % one (normal approximation): the p05-p95 columns
Z90_OVER_Z95 = 1.6448536269514722 / 1.959963984540054


def sobol_index(v: float, conf: float) -> str:
    """An index estimate as text: "≈ 0" when it is indistinguishable from zero (a negative
    estimate, or within its 95 % half-width of 0), else its value ± the half-width."""
    if not np.isfinite(v):
        return num(v)
    if v <= 0 or (np.isfinite(conf) and v <= conf):
        return "≈ 0"
    return f"{num(v, 2)} ± {num(conf, 1)}" if np.isfinite(conf) else num(v, 2)


def sobol_rows(sens: Any, output: str, label: str = "") -> tuple[list[str], list[Row]]:
    """One row per factor of a sensitivity result, largest total effect first: the total
    index ST with its 90 % confidence interval (batch means) in the p05 and p95 columns,
    clipped to [0, 1] where an index lies, and the first-order S1 in the note. Returns the
    factor names in that order and the rows."""
    t = sens[output]
    factors = list(sens.factors)
    st, ct = np.asarray(t["ST"], float), np.asarray(t["ST_conf"], float)
    s1, c1 = np.asarray(t["S1"], float), np.asarray(t["S1_conf"], float)
    order = sorted(range(len(factors)), key=lambda j: -st[j])
    rows = []
    for j in order:
        half = ct[j] * Z90_OVER_Z95
        value = max(float(st[j]), 0.0)
        rows.append(
            Row(
                f"{label}{factors[j]}: total effect ST",
                "share",
                value,
                float(np.clip(st[j] - half, 0.0, 1.0)),
                value,
                float(np.clip(st[j] + half, 0.0, 1.0)),
                note=f"first order S1 {sobol_index(float(s1[j]), float(c1[j]))}",
            )
        )
    return [factors[j] for j in order], rows


def sobol_confs(sens: Any, output: str, names: list[str]) -> tuple[list[float], list[float]]:
    """The 95 % half-widths of S1 and ST of `names`, in that order (for the tornado)."""
    t, at = sens[output], {f: j for j, f in enumerate(sens.factors)}
    return (
        [float(t["S1_conf"][at[f]]) for f in names],
        [float(t["ST_conf"][at[f]]) for f in names],
    )


def _explained(row: Row, explain: Explain | None) -> Row:
    """The row, with `explain`'s sentence when its published figure misses."""
    if explain is not None and row.missed:
        row.explanation = explain(row) or ""
    return row


def implied(
    f: Callable[[np.ndarray], Any], target: float, lo: float, hi: float, rounds: int = 4
) -> float | None:
    """The x in [lo, hi] (0 < lo < hi) at which f(x) == target, for f vectorised over x
    (an estimator's output as a function of one of its inputs, the others held); None when
    f does not cross the target there. Searched on log grids, refined around the first
    crossing."""
    a, b = float(lo), float(hi)
    for _ in range(rounds):
        x = np.geomspace(a, b, 65)
        y = np.asarray(f(x), dtype=float).reshape(x.shape) - target
        ok = np.isfinite(y[:-1]) & np.isfinite(y[1:])
        cross = np.nonzero(ok & (np.sign(y[:-1]) * np.sign(y[1:]) <= 0))[0]
        if cross.size == 0:
            return None
        k = int(cross[0])
        a, b = float(x[k]), float(x[k + 1])
        ya, yb = float(y[k]), float(y[k + 1])
    return a if ya == yb else a + (b - a) * ya / (ya - yb)


def against_range(
    label: str, x: float, lo: float, hi: float, unit: str = "", scale: float = 1.0
) -> str:
    """The sentence "<label> ≈ x<unit>, below the assumed lo–hi<unit>" (or above, inside)."""
    where = "below" if x < lo else "above" if x > hi else "inside"
    return (
        f"{label} ≈ {num(x * scale, 3)}{unit}, {where} the assumed "
        f"{num(lo * scale, 3)}–{num(hi * scale, 3)}{unit}"
    )


def dist_figure(
    sim: Any,
    output: str,
    name: str,
    caption: str,
    xlabel: str,
    scale: float = 1.0,
    published: float | None = None,
    log: bool = True,
    bounds: tuple[float, float] | None = None,
    row: Row | None = None,
) -> Figure:
    """The output's histogram with its p05, median and p95 and the published figure;
    `log=False` (and `bounds`, e.g. (0, 1) for a fraction) for a linear axis. Given the
    `row` the figure illustrates, its published figure is drawn, and when it lies outside
    the interval the caption says so and why (the row's verdict)."""
    if row is not None and published is None:
        published = row.published
    counts, edges = sim[output].histogram
    q = np.asarray(sim[output].quantile(list(LEVELS)), dtype=float) * scale
    marks = {"p05": q[0], "median": q[1], "p95": q[2]}
    png = plots.distribution(
        np.asarray(edges) * scale,
        np.asarray(counts),
        marks,
        caption,
        xlabel,
        published=published,
        log=log,
        bounds=bounds,
    )
    if row is not None and row.missed:
        caption += f". The published {num(row.published)} {row.unit} is {row.check}: {row.verdict}"
    return Figure(name, caption, png)
