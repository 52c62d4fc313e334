# SPDX-License-Identifier: BSD-3-Clause
"""`llmcore report`: content, files, plots, and the HTML page rendered in a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

pytest.importorskip("matplotlib")

from llmcore.cli.main import main
from llmcore.report import SECTIONS, build_report

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("report")
    doc = build_report(n=20_000, seed=3, out=out)
    return out, doc


def test_every_section_has_numbers_and_figures(report_dir) -> None:
    _out, doc = report_dir
    assert len(doc.sections) == len(SECTIONS) == 8
    for s in doc.sections:
        assert s.rows, s.key
        assert s.figures, s.key
        for r in s.rows:
            if r.p05 is not None:
                assert r.p05 <= r.p50 <= r.p95, (s.key, r.quantity)


def test_seed_headlines_beside_published(report_dir) -> None:
    _, doc = report_dir
    rows = {r.quantity: r for s in doc.sections for r in s.rows}
    tpu = rows["cloud cost on TPU v4 at 46.2 % MFU (the seed's case)"]
    assert tpu.value == pytest.approx(1_398_072, rel=1e-6) and tpu.published == 1_398_072
    assert rows["GPT-3 cost per 1k tokens"].rel_error == pytest.approx(0.0042, abs=1e-3)
    assert abs(rows["Chinchilla (70e9, 1.4e12) loss"].rel_error) < 0.01
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
    assert "1,398,072" in text and "report.html" in text
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
