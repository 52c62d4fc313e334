# SPDX-License-Identifier: BSD-3-Clause
"""`llmcore report`: content, files, plots, and the HTML page rendered in a real browser."""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import subprocess

import pytest

pytest.importorskip("matplotlib")

import llmcore as lc
from llmcore.cli.main import main
from llmcore.report import SECTIONS, Document, Row, Section, build_report
from llmcore.report._mc import against_range, implied, point_row
from llmcore.report.render import summary_table, write_all

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("report")
    doc = build_report(n=20_000, seed=3, out=out)
    return out, doc


def test_every_section_has_numbers_and_figures(report_dir) -> None:
    _out, doc = report_dir
    assert len(doc.sections) == len(SECTIONS) == 9
    for s in doc.sections:
        assert s.rows, s.key
        assert s.figures, s.key
        for r in s.rows:
            if r.p05 is not None:
                assert r.p05 <= r.p50 <= r.p95, (s.key, r.quantity)


def test_seed_headlines_beside_published(report_dir) -> None:
    _, doc = report_dir
    rows = {r.quantity: r for s in doc.sections for r in s.rows}
    tpu = rows["cloud cost on TPU v4 at 46.2 % MFU, 2.03 USD per chip-hour"]
    assert tpu.value == pytest.approx(1_398_072, rel=1e-6) and tpu.published == 1_398_072
    assert rows["GPT-3 cost per 1k tokens"].rel_error == pytest.approx(0.0042, abs=1e-3)
    assert abs(rows["Chinchilla (70 G parameters, 1.4 T tokens) loss"].rel_error) < 0.01
    compared = [r for r in rows.values() if r.published is not None]
    assert len(compared) >= 15


def test_files_written(report_dir) -> None:
    out, doc = report_dir
    data = json.loads((out / "report.json").read_text())
    assert data["n"] == 20_000 and len(data["sections"]) == len(doc.sections)
    md = (out / "report.md").read_text()
    pngs = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", md)
    assert len(pngs) == sum(len(s.figures) for s in doc.sections)
    for name in pngs:
        blob = (out / name).read_bytes()
        assert blob.startswith(PNG) and len(blob) > 5_000, name


def _browser() -> str | None:
    for name in ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def test_html_renders_in_a_headless_browser(report_dir) -> None:
    exe = _browser()
    if exe is None:
        pytest.skip("no headless Chromium here (.ci/run installs chromium-headless-shell)")
    out, doc = report_dir
    page = (out / "report.html").as_uri()
    dom = subprocess.run(
        [
            exe,
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--dump-dom",
            "--virtual-time-budget=10000",
            page,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    body = re.search(r"<body[^>]*>", dom.stdout)
    assert body, dom.stderr[-2000:]
    loaded = re.search(r'data-images-loaded="(\d+)"', body.group(0))
    total = re.search(r'data-images-total="(\d+)"', body.group(0))
    n_figures = sum(len(s.figures) for s in doc.sections)
    assert loaded and total and int(total.group(1)) == n_figures
    assert int(loaded.group(1)) == n_figures  # every embedded plot decoded
    shot = out / "page.png"
    subprocess.run(
        [
            exe,
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            f"--screenshot={shot}",
            "--window-size=1200,2000",
            page,
        ],
        capture_output=True,
        timeout=120,
    )
    assert shot.read_bytes().startswith(PNG) and shot.stat().st_size > 20_000


def test_cli_report(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--out", str(tmp_path), "-n", "5000", "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "1.398 M" in text and "report.html" in text
    assert (tmp_path / "report.html").stat().st_size > 50_000


def test_report_needs_no_pandas(tmp_path) -> None:
    # `pip install . && llmcore report` has numpy and matplotlib, not pandas
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "from llmcore.report import build_report\n"
        f"build_report(n=2000, out={str(tmp_path)!r})\n"
    )
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    assert (tmp_path / "report.html").exists()


# --- published figures against the intervals: flagged, and explained where derivable ---


def test_row_flag_against_interval_and_tolerance() -> None:
    inside = Row("q", "t", 10.0, 8.0, 10.0, 12.0, published=11.0)
    assert (inside.flag, inside.basis, inside.missed, inside.verdict) == (
        "inside",
        "interval",
        False,
        "",
    )
    assert Row("q", "t", 10.0, 8.0, 10.0, 12.0, published=12.5).flag == "above"
    low = Row("q", "t", 10.0, 8.0, 10.0, 12.0, published=7.0)
    assert low.flag == "below" and low.check == "below p05" and low.missed
    assert low.verdict == "outside the interval (published below it): not explained"
    # point-only rows: the row's relative tolerance (5 % unless said otherwise)
    assert Row("q", "x", 10.0, published=10.4).flag == "inside"
    off = Row("q", "x", 10.0, published=11.0)
    assert (off.flag, off.basis, off.check) == ("above", "tolerance", "above by >5 %")
    assert "not explained" in off.verdict
    assert Row("q", "x", 10.0, published=11.0, tolerance=0.2).flag == "inside"
    assert Row("q", "x", 10.0).flag is None and Row("q", "x", 10.0).check == ""
    assert Row("q", "x", math.nan, published=1.0).flag == "n/a"
    assert Row("q", "x", 1.0, math.nan, math.nan, math.nan, published=1.0).flag == "n/a"


def test_explain_runs_only_on_a_miss() -> None:
    calls: list[float] = []

    def explain(row: Row) -> str:
        calls.append(row.value)
        return f"implied x = {row.published / row.value:g}"

    hit = point_row("q", "x", 10.0, published=10.2, explain=explain)
    miss = point_row("q", "x", 10.0, published=20.0, explain=explain)
    assert calls == [10.0] and hit.explanation == "" and hit.verdict == ""
    assert miss.verdict == miss.explanation == "implied x = 2"
    nothing = point_row("q", "x", 10.0, published=20.0, explain=lambda r: None)
    assert "not explained" in nothing.verdict


def test_implied_solves_the_models_relation() -> None:
    # energy ~ 1/MFU: the MFU at which it reaches a target
    assert implied(lambda m: 100.0 / m, 400.0, 1e-3, 1.0) == pytest.approx(0.25, rel=1e-9)
    assert implied(lambda m: 100.0 / m, 50.0, 1e-3, 1.0) is None  # not reached in range
    assert against_range("MFU", 0.179, 0.25, 0.55, unit=" %", scale=100) == (
        "MFU ≈ 17.9 %, below the assumed 25–55 %"
    )


def _rows(doc) -> dict[str, Row]:
    return {r.quantity: r for s in doc.sections for r in s.rows}


def test_v100_co2_miss_states_the_implied_mfu(report_dir) -> None:
    _, doc = report_dir
    rows = _rows(doc)
    co2, energy = rows["v100: operational CO2"], rows["v100: energy"]
    assert co2.published == 552 and co2.flag == "above" and co2.check == "above p95"
    assert energy.published == 1287 and energy.flag == "above"
    # energy is proportional to 1/MFU: the MFU at which llmcore's point energy would be the
    # measured 1,287 MWh, whatever the catalog holds for the V100
    point_mfu = lc.training(params=175e9, tokens=300e9, hardware="v100").inputs["mfu"]
    expected = 100 * point_mfu * energy.value / 1287
    for row in (co2, energy):
        m = re.search(r"MFU ≈ ([\d.]+) %, (below|inside|above) the assumed 25–55 %", row.verdict)
        assert m, row.verdict
        assert float(m.group(1)) == pytest.approx(expected, rel=5e-3)
        assert m.group(2) == ("below" if expected < 25 else "inside")
        assert "not explained" not in row.verdict
    assert "429 gCO2/kWh" in co2.verdict


def test_batching_row_is_flagged_and_explained(report_dir) -> None:
    _, doc = report_dir
    row = _rows(doc)["throughput gain of a batch of 25 over 1 (llama-2-13b, A100)"]
    assert row.basis == "tolerance" and row.rel_error > row.tolerance
    assert row.flag == "below" and row.missed  # published 10x below llmcore's ~14x
    assert "2.5x as long as one request" in row.verdict and "12.5x" in row.verdict
    assert "not explained" not in row.verdict


def test_every_published_figure_is_checked_in_every_format(report_dir) -> None:
    out, doc = report_dir
    data = json.loads((out / "report.json").read_text())
    json_rows = [r for s in data["sections"] for r in s["rows"]]
    rows = [r for s in doc.sections for r in s.rows]
    assert len(json_rows) == len(rows)
    for jr, r in zip(json_rows, rows, strict=True):
        assert jr["flag"] == r.flag and jr["basis"] == r.basis and jr["verdict"] == r.verdict
        assert (jr["flag"] is None) == (jr["published"] is None)
        assert bool(jr["verdict"]) == (jr["flag"] in ("below", "above")), jr["quantity"]
    missed = [r for r in rows if r.missed]
    assert {r.quantity for r in missed} >= {
        "v100: operational CO2",
        "throughput gain of a batch of 25 over 1 (llama-2-13b, A100)",
    }
    text = summary_table(doc)
    md = (out / "report.md").read_text()
    page = (out / "report.html").read_text()
    for k, r in enumerate(missed, start=1):
        assert f"{r.check} [{k}]" in text and f"[{k}] " in text
        assert f"**{r.check}**" in md and f"**{r.verdict}**" in md
        assert f"<span class='why'>{html.escape(r.verdict)}</span>" in page
    assert page.count("<tr class='miss'>") == len(missed)
    assert "MFU ≈" in text


def test_an_unexplained_miss_is_visible_everywhere(tmp_path) -> None:
    doc = Document("t", "0", 1, 1)
    doc.sections.append(
        Section("s", "S", "", rows=[Row("odd one", "x", 1.0, 0.5, 1.0, 2.0, published=9.0)])
    )
    write_all(doc, tmp_path)
    flag = "outside the interval (published above it): not explained"
    assert flag in summary_table(doc) and "above p95 [1]" in summary_table(doc)
    assert flag in (tmp_path / "report.md").read_text()
    assert flag in (tmp_path / "report.html").read_text()
    row = json.loads((tmp_path / "report.json").read_text())["sections"][0]["rows"][0]
    assert (row["flag"], row["verdict"]) == ("above", flag)


def test_each_analysis_lists_the_values_it_assumed(report_dir) -> None:
    """Issue 12: every default and catalog value an analysis used is shown with it."""
    _out, doc = report_dir
    gpt3 = next(s for s in doc.sections if s.key == "gpt3-training")
    lines = [a for a in gpt3.assumptions if a.startswith("assumed (not given)")]
    assert any("hardware v100:" in a and "accel_purchase_price" in a for a in lines), lines
    assert any(a.startswith("assumed (not given) — defaults:") for a in lines), lines
    js = doc.as_dict()["sections"]
    assert any("assumed (not given)" in a for s in js for a in s["assumptions"])


def test_sobol_rows_carry_their_interval(report_dir) -> None:
    out, doc = report_dir
    rows = [r for s in doc.sections for r in s.rows if "total effect ST" in r.quantity]
    assert len(rows) >= 10
    for r in rows:
        assert r.p05 is not None and r.p95 is not None, r.quantity
        assert 0.0 <= r.p05 <= r.value <= r.p95 <= 1.0, r.quantity
        assert r.p05 < r.p95, r.quantity
        assert "first order S1" in r.note and "-0" not in r.note
    page = (out / "report.html").read_text()
    lines = re.findall(r"<tr><td>[^<]*total effect ST</td>(.*?)</tr>", page)
    assert len(lines) == len(rows)
    for line in lines:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", line)
        assert all(cells[k] for k in range(4)), cells  # llmcore, p05, median, p95


def test_report_cites_only_what_a_user_has(report_dir) -> None:
    out, doc = report_dir
    for name in ("report.html", "report.md", "report.json"):
        text = (out / name).read_text()
        for hidden in ("SPEC", "seed's", "seed figure", "the seed "):
            assert hidden not in text, (name, hidden)
    cases = [r for s in doc.sections for r in s.rows if "llmcore reproduce" in r.source]
    assert len(cases) >= 4
    ids = {c["id"] for c in lc.reproduce()}
    for r in cases:
        case = re.search(r"SEED-[A-Z0-9-]+", r.source)
        assert case and case.group(0) in ids, r.source


def test_a_figure_with_a_published_figure_outside_its_interval_explains_it(report_dir) -> None:
    _, doc = report_dir
    rows = {r.quantity: r for s in doc.sections for r in s.rows}
    figs = {f.name: f for s in doc.sections for f in s.figures}
    row = rows["v100: operational CO2"]
    assert row.missed
    caption = figs["gpt3_co2_v100"].caption
    assert row.check in caption and row.verdict in caption
    # a figure whose published figure lies inside says nothing of a miss
    assert not rows["BERT-base 40 J/query scaled to 176 G parameters"].missed
    assert "p95:" not in figs["bert_scaled"].caption and "p05:" not in figs["bert_scaled"].caption
