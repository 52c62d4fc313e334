# SPDX-License-Identifier: BSD-3-Clause
"""matplotlib figures for the report, rendered off-screen (Agg) to PNG bytes.

Each figure has a `draw_*` function that returns the matplotlib Axes (so a test can inspect
scales, limits and artists) and a function of the same name without the prefix that returns
the PNG bytes. Every number on a figure (tick labels, marks) uses the report's one number
format (`llmcore.report.format.num`)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np

from llmcore.report.format import num

__all__ = [
    "bars",
    "contour",
    "distribution",
    "draw_bars",
    "draw_contour",
    "draw_distribution",
    "draw_dual",
    "draw_tornado",
    "dual",
    "png",
    "tornado",
]

_BAND = "#9fc3d9"


def _fig(width: float = 6.0, height: float = 3.6, ncols: int = 1) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, ncols, figsize=(width, height), dpi=100)
    return fig, ax


def png(ax: Any) -> bytes:
    """The figure that holds `ax` as PNG bytes; closes it."""
    import matplotlib.pyplot as plt

    fig = ax.figure
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def _log_axis(axis: Any, lo: float, hi: float) -> None:
    """A log axis with a few major ticks (1, 2, 5 per decade on a short span, 1 per decade
    on a long one), labelled in the report's number format; minor ticks unlabelled."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    decades = np.log10(hi / lo) if lo > 0 and hi > lo else 10.0
    subs: tuple[float, ...] = (1.0, 2.0, 5.0) if decades <= 2.5 else (1.0,)
    axis.set_major_locator(LogLocator(base=10, subs=subs))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: num(v, 3)))
    axis.set_minor_formatter(NullFormatter())


def _num_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _pos: num(v, 3)))


def draw_distribution(
    edges: np.ndarray,
    counts: np.ndarray,
    marks: dict[str, float],
    title: str,
    xlabel: str,
    published: float | None = None,
    log: bool = True,
    bounds: tuple[float, float] | None = None,
) -> Any:
    """A histogram (bin edges and counts) with quantile marks, the p05-p95 interval shaded,
    and the published value (its legend says where it lies against the interval).

    Bins need not have equal widths (the Monte Carlo summaries use log-linear bins), so bars
    show density: the share of scenarios per unit of ln x (per unit of x on a linear axis).
    `bounds` fixes the x range (a fraction: (0, 1)); `log=False` draws a linear axis."""
    _, ax = _fig()
    edges = np.asarray(edges, float)
    widths = np.diff(edges)
    log = log and edges[0] > 0
    span = np.log(edges[1:] / edges[:-1]) if log else widths
    density = np.asarray(counts, float) / max(float(np.sum(counts)), 1.0) / span
    lo, hi = marks.get("p05"), marks.get("p95")
    if lo is not None and hi is not None:
        ax.axvspan(lo, hi, color=_BAND, alpha=0.25, lw=0, label="p05–p95")
    ax.bar(edges[:-1], density, width=widths, align="edge", color="#7aa6c2", edgecolor="none")
    for x in marks.values():
        ax.axvline(x, color="#333", ls="--", lw=1)
    if published is not None:
        where = ""
        if lo is not None and hi is not None:
            where = " (below p05)" if published < lo else " (above p95)" if published > hi else ""
        ax.axvline(published, color="#c0392b", lw=2, label=f"published {num(published, 3)}{where}")
    if log:
        ax.set_xscale("log")
    if bounds is not None:
        ax.set_xlim(*bounds)
    x0, x1 = ax.get_xlim()
    if log:
        _log_axis(ax.xaxis, x0, x1)
    else:
        _num_axis(ax.xaxis)
    # labels staggered in height so that close marks (median and p95 of a skewed output)
    # do not overlap; each says its value, and sits left of its line near the right edge
    for k, (label, x) in enumerate(marks.items()):
        at = np.log(x / x0) / np.log(x1 / x0) if log else (x - x0) / (x1 - x0)
        right = at > 0.7
        ax.text(
            x,
            0.97 - 0.09 * k,
            f" {label} {num(x, 3)} ",
            fontsize=8,
            va="top",
            ha="right" if right else "left",
            transform=ax.get_xaxis_transform(),
            bbox={"facecolor": "white", "alpha": 0.7, "lw": 0, "pad": 1},
        )
    ax.legend(fontsize=8, loc="center left" if marks else "best")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density per unit ln x" if log else "density per unit x")
    return ax


def distribution(*args: Any, **kw: Any) -> bytes:
    return png(draw_distribution(*args, **kw))


def draw_tornado(
    names: Sequence[str],
    first: Sequence[float],
    total: Sequence[float],
    title: str,
    first_conf: Sequence[float] | None = None,
    total_conf: Sequence[float] | None = None,
) -> Any:
    """Sobol indices as horizontal bars, largest total effect on top; error bars are the
    estimates' 95 % confidence half-widths. Estimates below 0 (sampling noise around a zero
    index) are drawn at 0."""
    order = np.argsort(total)
    _, ax = _fig(6.0, 0.45 * len(names) + 1.2)
    y = np.arange(len(names))

    def pick(v: Sequence[float] | None) -> Any:
        return None if v is None else np.asarray(v, float)[order]

    st, s1 = np.clip(pick(total), 0, None), np.clip(pick(first), 0, None)
    ax.barh(y, st, xerr=pick(total_conf), color="#e3a34a", label="total (ST)", capsize=3)
    ax.barh(
        y,
        s1,
        height=0.45,
        xerr=pick(first_conf),
        color="#2c6e91",
        label="first order (S1)",
        capsize=2,
    )
    ax.set_yticks(y, [names[k] for k in order], fontsize=8)
    ax.set_xlim(0, None)
    ax.set_xlabel("share of output variance (bars: 95 % confidence)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    return ax


def tornado(*args: Any, **kw: Any) -> bytes:
    return png(draw_tornado(*args, **kw))


def draw_dual(
    x: np.ndarray,
    left: tuple[str, np.ndarray],
    right: tuple[str, np.ndarray],
    title: str,
    xlabel: str,
    *,
    bands: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None,
    published: tuple[float, float, str] | None = None,
) -> Any:
    """Two quantities with different units against one x: the left one on the left y-axis,
    the right one on a second y-axis; both axes log, each labelled with its unit. `bands`:
    each quantity's (p05, p95) per x, shaded; `published`: (x, y, label) of a published
    figure of the right-hand quantity, marked. Returns the left Axes (the right one is
    `ax.right`)."""
    _, ax = _fig(height=4.4)
    (llabel, ly), (rlabel, ry) = left, right
    ax.plot(x, ly, marker="o", ms=3, color="#2c6e91", label=llabel)
    twin = ax.twinx()
    twin.plot(x, ry, marker="s", ms=3, color="#e07b00", label=rlabel)
    spans = [(ly, ly), (ry, ry)]
    if bands is not None:
        for a, (lo, hi), color in zip((ax, twin), bands, ("#2c6e91", "#e07b00")):
            a.fill_between(x, lo, hi, color=color, alpha=0.15, lw=0)
        spans = list(bands)
    if published is not None:
        px, py, plabel = published
        twin.plot([px], [py], "D", ms=6, color="#c0392b", label=plabel)
        spans[1] = (np.append(spans[1][0], py), np.append(spans[1][1], py))
    for a, label, (lo, hi), color in (
        (ax, llabel, spans[0], "#2c6e91"),
        (twin, rlabel, spans[1], "#e07b00"),
    ):
        a.set_yscale("log")
        a.set_ylabel(label, color=color)
        a.tick_params(axis="y", colors=color)
        _log_axis(a.yaxis, float(np.min(lo)), float(np.max(hi)))
    ax.set_xscale("log", base=2)
    _num_axis(ax.xaxis)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.grid(alpha=0.3)
    lines = ax.get_lines() + twin.get_lines()
    # below the axes: the two curves cross the whole plot, a legend inside hides one
    ax.legend(
        lines,
        [ln.get_label() for ln in lines],
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncol=2,
        frameon=False,
    )
    ax.right = twin
    return ax


def dual(*args: Any, **kw: Any) -> bytes:
    return png(draw_dual(*args, **kw))


def draw_contour(
    x: np.ndarray,
    y: np.ndarray,
    z: np.ndarray,
    title: str,
    xlabel: str,
    ylabel: str,
    points: dict[str, tuple[float, float]] | None = None,
) -> Any:
    """Contours of z over log-spaced x and y. The axes are made log before the contours
    and their inline labels are drawn, so the gaps cut for labels are sized on screen (cut
    on linear axes, a gap spans decades and breaks a contour). Returns the Axes; its
    ContourSet is `ax.contours`."""
    _, ax = _fig()
    ax.set_xscale("log")
    ax.set_yscale("log")
    cs = ax.contour(x, y, z, levels=12, cmap="viridis")
    ax.clabel(cs, fontsize=7, fmt=lambda v: num(v, 3))
    for label, (px, py) in (points or {}).items():
        ax.plot(px, py, "o", color="#c0392b")
        ax.annotate(label, (px, py), fontsize=8, xytext=(4, 4), textcoords="offset points")
    _log_axis(ax.xaxis, float(np.min(x)), float(np.max(x)))
    _log_axis(ax.yaxis, float(np.min(y)), float(np.max(y)))
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.contours = cs
    return ax


def contour(*args: Any, **kw: Any) -> bytes:
    return png(draw_contour(*args, **kw))


def draw_bars(
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    ylabel: str,
    logy: bool = False,
    lo: Sequence[float] | None = None,
    hi: Sequence[float] | None = None,
) -> Any:
    """Bars with, when `lo` and `hi` are given, error bars over that interval (p05-p95)."""
    _, ax = _fig()
    v = np.asarray(values, float)
    yerr = None
    if lo is not None and hi is not None:
        yerr = np.vstack([v - np.asarray(lo, float), np.asarray(hi, float) - v])
    ax.bar(range(len(labels)), v, yerr=yerr, capsize=4, color="#2c6e91", ecolor="#333")
    ax.set_xticks(range(len(labels)), labels, rotation=20, fontsize=8)
    if logy:
        ax.set_yscale("log")
        low = float(np.min(lo if lo is not None else v))
        high = float(np.max(hi if hi is not None else v))
        _log_axis(ax.yaxis, low, high)
    else:
        _num_axis(ax.yaxis)
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel)
    return ax


def bars(*args: Any, **kw: Any) -> bytes:
    return png(draw_bars(*args, **kw))
