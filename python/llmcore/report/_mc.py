# SPDX-License-Identifier: BSD-3-Clause
"""Small helpers shared by the report sections: Monte Carlo rows and figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from llmcore.mc.simulate import simulate
from llmcore.report import plots
from llmcore.report.document import Figure, Row

__all__ = ["Context", "dist_figure", "mc_row", "point_row"]

LEVELS = (0.05, 0.5, 0.95)


@dataclass
class Context:
    """What every section gets: Monte Carlo size, seed and backend."""

    n: int
    seed: int
    backend: str = "auto"

    def simulate(self, model: str, inputs: dict[str, Any], outputs: list[str], salt: int) -> Any:
        # a different stream per analysis, reproducible from the report's seed
        return simulate(
            model,
            inputs,
            n=self.n,
            seed=self.seed * 1000 + salt,
            outputs=outputs,
            quantiles=LEVELS,
            backend=self.backend,
        )


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
) -> Row:
    q = np.asarray(sim[output].quantile(list(LEVELS)), dtype=float) * scale
    return Row(
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


def point_row(
    quantity: str,
    unit: str,
    value: float,
    scale: float = 1.0,
    published: float | None = None,
    source: str = "",
    note: str = "",
) -> Row:
    return Row(quantity, unit, value * scale, published=published, source=source, note=note)


def dist_figure(
    sim: Any,
    output: str,
    name: str,
    caption: str,
    xlabel: str,
    scale: float = 1.0,
    published: float | None = None,
) -> Figure:
    counts, edges = sim[output].histogram
    q = np.asarray(sim[output].quantile(list(LEVELS)), dtype=float) * scale
    marks = {"p05": q[0], "median": q[1], "p95": q[2]}
    png = plots.distribution(
        np.asarray(edges) * scale, np.asarray(counts), marks, caption, xlabel, published=published
    )
    return Figure(name, caption, png)
