# SPDX-License-Identifier: BSD-3-Clause
"""The report's figures, inspected through the matplotlib Axes each draw_* returns."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("matplotlib")

import llmcore as lc
from llmcore.report import plots


@pytest.fixture(autouse=True)
def _close_all():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _fraction_hist() -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    rng = np.random.default_rng(0)
    x = 1 - rng.beta(1, 12, 20_000)
    counts, edges = np.histogram(x, bins=np.geomspace(x.min(), 1.0, 100))
    q = np.quantile(x, [0.05, 0.5, 0.95])
    return edges, counts, {"p05": q[0], "median": q[1], "p95": q[2]}


def test_fraction_on_a_linear_0_1_axis_with_the_interval_shaded() -> None:
    edges, counts, marks = _fraction_hist()
    ax = plots.draw_distribution(
        edges, counts, marks, "share", "fraction", log=False, bounds=(0.0, 1.0)
    )
    assert ax.get_xscale() == "linear"
    assert ax.get_xlim() == (0.0, 1.0)
    texts = [t for t in ax.texts if t.get_text().strip()]
    assert {t.get_text().split()[0] for t in texts} == {"p05", "median", "p95"}
    # median and p95 lie close together: their labels sit at different heights
    heights = [t.get_position()[1] for t in texts]
    assert len(set(heights)) == 3
    # the p05-p95 interval is drawn as a band
    assert any(p.get_label() == "p05–p95" for p in ax.patches)


def test_published_outside_the_interval_says_so_in_the_legend() -> None:
    edges, counts, marks = _fraction_hist()
    ax = plots.draw_distribution(edges, counts, marks, "t", "x", published=0.2)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("published" in s and "below p05" in s for s in labels), labels


def test_log_axis_ticks_are_few_and_in_the_report_format() -> None:
    x = np.geomspace(4.0, 75.0, 120)
    counts = np.ones(119)
    marks = {"p05": 4.7, "median": 18.2, "p95": 67.3}
    ax = plots.draw_distribution(x, counts, marks, "t", "Wh")
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    shown = [t for t in labels if t]
    assert 2 <= len(shown) <= 8, shown
    assert not any("^" in t or "times" in t for t in shown), shown  # no 2x10^1 mathtext
    minor = [t.get_text() for t in ax.xaxis.get_minorticklabels() if t.get_text()]
    assert minor == []


def _largest_break(path) -> float:
    """The longest jump (in decades, log-log) between the pieces of a contour path."""
    v, codes = np.log10(path.vertices), path.codes
    starts = np.nonzero(codes == 1)[0]
    jumps = [np.hypot(*(v[j] - v[j - 1])) for j in starts if j > 0]
    return max(jumps, default=0.0)


def test_loss_contours_are_continuous_on_log_axes() -> None:
    # the broken contour (labelled 2.00 in the report, 2.08 here): inline labels were
    # cut before the axes were made logarithmic, so one label's gap spanned over a decade
    # (on the report's old 60-point grid that break was 1.7 decades long)
    for points in (60, 241):
        n = np.logspace(9, 12.5, points)
        d = np.logspace(10, 13.5, points)
        loss = lc.scaling(params=n[None, :], tokens=d[:, None])["loss"]
        ax = plots.draw_contour(n, d, loss, "L", "N", "D")
        cs = ax.contours
        assert any(lv == pytest.approx(2.0) for lv in cs.levels)
        for level, path in zip(cs.levels, cs.get_paths(), strict=True):
            if len(path.vertices):
                assert _largest_break(path) < 0.5, (points, level)


def test_dual_axes_carry_their_own_units() -> None:
    x = 2.0 ** np.arange(0, 9)
    ax = plots.draw_dual(x, ("cost, USD", 1 / x), ("throughput, tokens/s", 40 * x), "t", "batch")
    assert ax.get_ylabel() == "cost, USD"
    assert ax.right.get_ylabel() == "throughput, tokens/s"
    assert ax.get_yscale() == ax.right.get_yscale() == "log"


def test_bars_carry_their_interval() -> None:
    ax = plots.draw_bars(
        ["a", "b"], [10.0, 100.0], "t", "t CO2", logy=True, lo=[8, 80], hi=[14, 150]
    )
    bars = [c for c in ax.containers if hasattr(c, "errorbar") and c.errorbar is not None]
    assert bars, "no error bars"
    segs = bars[0].errorbar.lines[2][0].get_segments()
    assert [tuple(s[:, 1]) for s in segs] == [(8, 14), (80, 150)]


def test_tornado_clips_negative_estimates_and_shows_confidence() -> None:
    ax = plots.draw_tornado(
        ["a", "b"],
        [0.8, -0.004],
        [0.9, 0.01],
        "t",
        first_conf=[0.05, 0.01],
        total_conf=[0.05, 0.01],
    )
    widths = [p.get_width() for p in ax.patches]
    assert min(widths) >= 0
    assert ax.get_xlim()[0] == 0
