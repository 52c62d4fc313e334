# SPDX-License-Identifier: BSD-3-Clause
"""matplotlib figures for the report, rendered off-screen (Agg) to PNG bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["contour", "distribution", "lines", "tornado"]


def _fig(width: float = 6.0, height: float = 3.6) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), dpi=100)
    return fig, ax


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def distribution(
    edges: np.ndarray,
    counts: np.ndarray,
    marks: dict[str, float],
    title: str,
    xlabel: str,
    published: float | None = None,
    log: bool = True,
) -> bytes:
    """A histogram (bin edges and counts) with quantile marks and the published value.

    Bins need not have equal widths (the Monte Carlo summaries use log-linear bins), so bars
    show density: the share of scenarios per unit of ln x (per unit of x on a linear axis).
    """
    fig, ax = _fig()
    widths = np.diff(edges)
    log = log and edges[0] > 0
    span = np.log(edges[1:] / edges[:-1]) if log else widths
    density = np.asarray(counts, float) / max(float(np.sum(counts)), 1.0) / span
    ax.bar(edges[:-1], density, width=widths, align="edge", color="#7aa6c2", edgecolor="none")
    for label, x in marks.items():
        ax.axvline(x, color="#333", ls="--", lw=1)
        ax.text(x, ax.get_ylim()[1] * 0.95, f" {label}", fontsize=8, va="top")
    if published is not None:
        ax.axvline(published, color="#c0392b", lw=2, label="published")
        ax.legend(fontsize=8)
    if log:
        ax.set_xscale("log")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density per unit ln x" if log else "density")
    return _png(fig)


def tornado(
    names: Sequence[str], first: Sequence[float], total: Sequence[float], title: str
) -> bytes:
    """Sobol indices as horizontal bars, largest total effect on top."""
    order = np.argsort(total)
    fig, ax = _fig(6.0, 0.45 * len(names) + 1.2)
    y = np.arange(len(names))
    ax.barh(y, np.asarray(total)[order], color="#e3a34a", label="total (ST)")
    ax.barh(y, np.asarray(first)[order], height=0.45, color="#2c6e91", label="first order (S1)")
    ax.set_yticks(y, [names[k] for k in order], fontsize=8)
    ax.set_xlabel("share of output variance")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return _png(fig)


def lines(
    x: np.ndarray,
    ys: dict[str, np.ndarray],
    title: str,
    xlabel: str,
    ylabel: str,
    logx: bool = True,
    logy: bool = True,
) -> bytes:
    fig, ax = _fig()
    for label, y in ys.items():
        ax.plot(x, y, marker="o", ms=3, label=label)
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return _png(fig)


def contour(
    x: np.ndarray,
    y: np.ndarray,
    z: np.ndarray,
    title: str,
    xlabel: str,
    ylabel: str,
    points: dict[str, tuple[float, float]] | None = None,
) -> bytes:
    fig, ax = _fig()
    cs = ax.contour(x, y, z, levels=12, cmap="viridis")
    ax.clabel(cs, fontsize=7)
    for label, (px, py) in (points or {}).items():
        ax.plot(px, py, "o", color="#c0392b")
        ax.annotate(label, (px, py), fontsize=8, xytext=(4, 4), textcoords="offset points")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return _png(fig)


def bars(
    labels: Sequence[str], values: Sequence[float], title: str, ylabel: str, logy: bool = False
) -> bytes:
    fig, ax = _fig()
    ax.bar(range(len(labels)), values, color="#2c6e91")
    ax.set_xticks(range(len(labels)), labels, rotation=20, fontsize=8)
    if logy:
        ax.set_yscale("log")
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel)
    return _png(fig)
