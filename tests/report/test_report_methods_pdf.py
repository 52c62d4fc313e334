# SPDX-License-Identifier: BSD-3-Clause
"""`llmcore report`: links to the methodology pages, the roofline's bands and published
mark, and ``--format pdf``."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from llmcore._models import MODELS
from llmcore.cli.main import main
from llmcore.report import SECTIONS, build_report, plots
from llmcore.report.build import METHODS
from llmcore.report.pdf import PdfError, find_browser, html_to_pdf
from llmcore.report.render import to_html, to_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def doc():
    return build_report(n=2000, seed=5, docs_url="https://example.org/llmcore/")


def test_every_section_names_the_estimators_it_calls(doc) -> None:
    keys = {s.key for s in doc.sections}
    assert set(METHODS) == keys
    by_key = {s.key: s for s in doc.sections}
    for section in SECTIONS:
        source = inspect.getsource(section)
        key = re.search(r'Section\(\s*"([^"]+)"', source)
        assert key, section.__name__
        methods = METHODS[key.group(1)]
        assert methods and by_key[key.group(1)].methods == methods
        for m in methods:
            assert m in MODELS and (DOCS / "methodology" / f"{m}.md").exists()
            # the analysis really uses it: a call, or a simulation of it
            assert f"est.{m}(" in source or f'"{m}"' in source, (section.__name__, m)


def test_links_with_a_docs_url(doc) -> None:
    page = to_html(doc)
    assert "<a href='https://example.org/llmcore/methodology/training.html'>training</a>" in page
    md = to_markdown(doc)
    assert "[serving](https://example.org/llmcore/methodology/serving.html)" in md
    data = doc.as_dict()
    first = data["sections"][0]["methods"][0]
    assert first == {
        "estimator": "training",
        "page": "docs/methodology/training.md",
        "url": "https://example.org/llmcore/methodology/training.html",
    }


def test_without_a_docs_url_pages_are_named_not_linked(doc) -> None:
    doc.docs_url = None
    try:
        page = to_html(doc)
        assert "methodology/training.html" not in page
        assert "training (<code>docs/methodology/training.md</code>)" in page
        assert "`docs/methodology/scaling.md`" in to_markdown(doc)
        assert "SPEC" not in page
    finally:
        doc.docs_url = "https://example.org/llmcore/"


def test_dual_axes_draw_bands_and_the_published_mark() -> None:
    x = 2.0 ** np.arange(4)
    y = np.array([4.0, 2.0, 1.0, 0.5])
    ax = plots.draw_dual(
        x,
        ("cost", y),
        ("rate", 1 / y),
        "t",
        "x",
        bands=((y * 0.8, y * 1.2), (0.8 / y, 1.2 / y)),
        published=(3.0, 50.0, "published"),
    )
    assert len(ax.collections) == 1 and len(ax.right.collections) == 1  # one band each
    marks = [ln for ln in ax.right.get_lines() if ln.get_label() == "published"]
    assert marks and marks[0].get_xydata().tolist() == [[3.0, 50.0]]
    assert ax.right.get_ylim()[1] >= 50.0  # the mark is inside the axis
    import matplotlib.pyplot as plt

    plt.close(ax.figure)


def test_roofline_figure_states_its_bands(doc) -> None:
    s = next(s for s in doc.sections if s.key == "breakeven")
    fig = next(f for f in s.figures if f.name == "serving_roofline")
    assert "p05-p95" in fig.caption and "published" in fig.caption
    assert any("roofline bands" in a for a in s.assumptions)


def test_pdf_without_a_browser_says_what_to_install(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("LLMCORE_BROWSER", "no-such-browser-here")
    assert find_browser() is None
    with pytest.raises(PdfError, match="headless Chromium"):
        html_to_pdf(tmp_path / "report.html", tmp_path / "report.pdf")
    code = main(["report", "--out", str(tmp_path), "-n", "1000", "--quiet", "--format", "pdf"])
    assert code == 2 and not (tmp_path / "report.html").exists()  # refused before the work


def test_format_pdf_writes_a_pdf_with_pages(tmp_path, capsys) -> None:
    if find_browser() is None:
        pytest.skip("no headless Chromium here (.ci/run installs chromium-headless-shell)")
    out = tmp_path / "r"
    argv = ["report", "--out", str(out), "-n", "2000", "--quiet", "--format", "pdf"]
    assert main([*argv, "--docs-url", "../site"]) == 0
    assert "report.pdf" in capsys.readouterr().out
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 3, pages  # nine analyses with tables and plots do not fit on fewer
    assert not list(out.glob(".*.tmp"))  # no half-written file left behind
    data = json.loads((out / "report.json").read_text())
    assert data["docs_url"] == "../site"
    assert data["sections"][0]["methods"][0]["url"] == "../site/methodology/training.html"
