# SPDX-License-Identifier: BSD-3-Clause
"""The calculator page in a real headless Chromium (Debian's chromium-headless-shell,
driven by playwright's Python package; no browser download): fill the form, read the
answer, compare it with the Python API's for the same inputs, take a screenshot.

The screenshots go to $LLMCORE_SERVE_SCREENSHOTS when set (to look at), else to tmp_path."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytest.importorskip("httpx")
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

import llmcore as lc
from llmcore.report.format import with_unit

from ._server import running_server

GIVEN = {
    "params": 13e9,
    "tokens": 2e12,
    "n_accel": 512,
    "hardware": "h100-sxm",
    "region": "us-average",
}


def _browser_path() -> str:
    for name in ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no headless Chromium here (.ci/run installs chromium-headless-shell)")


@pytest.fixture(scope="module")
def page():
    exe = _browser_path()
    with running_server() as (url, _), playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1300, "height": 1000})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(url + "/")
        pg.wait_for_selector("#in-params")
        yield pg
        browser.close()
        assert not errors, errors


def _shots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("LLMCORE_SERVE_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def _fill(pg, values: dict) -> None:
    for k, v in values.items():
        pg.fill(f"#in-{k}", str(v))


def test_point_answer_equals_python_api(page, tmp_path):
    page.click("button[data-model=training]")
    _fill(page, GIVEN)
    page.click("#go")
    page.wait_for_selector("#answer:not([hidden])")
    want = lc.training(**GIVEN)
    for name in ("cloud_cost", "energy_kwh", "wall_days"):
        row = page.locator(f"#outputs tr[data-output={name}]")
        assert json.loads(row.get_attribute("data-value")) == want[name]
        assert row.locator("td.value").inner_text() == with_unit(want[name], want.units[name])
    src = page.locator("#assumptions tbody tr", has_text="peak_flop_per_s").inner_text()
    assert "hardware h100-sxm" in src
    assert "lc.training(" in page.text_content("#repro-python")
    shot = _shots(tmp_path) / "serve-training.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_uncertain_answer_equals_python_api(page, tmp_path):
    page.click("button[data-model=training]")
    _fill(page, GIVEN)
    page.click("#more summary")
    page.check("#in-mfu-ranged")
    page.fill("#in-mfu-lo", "0.3")
    page.fill("#in-mfu-hi", "0.55")
    page.check("#in-pue-ranged")
    page.fill("#in-pue-lo", "1.05")
    page.fill("#in-pue-hi", "1.4")
    page.fill("#n", "20000")
    page.fill("#seed", "11")
    page.click("#go")
    page.wait_for_selector("#sobol-fig:not([hidden])")
    page.click("#outputs tr[data-output=co2_kg]")
    inputs = {**GIVEN, "mfu": lc.dist.uniform(0.3, 0.55), "pue": lc.dist.uniform(1.05, 1.4)}
    want = lc.simulate("training", inputs, n=20_000, seed=11)["co2_kg"]
    row = page.locator("#outputs tr[data-output=co2_kg]")
    assert json.loads(row.get_attribute("data-value")) == want.mean
    lo, hi = want.quantile(0.05), want.quantile(0.95)
    assert row.locator("td.interval").inner_text() == (
        f"{with_unit(lo, 'kg')} – {with_unit(hi, 'kg')}"
    )
    assert page.locator("#dist rect").count() > 5  # the histogram's bars
    drivers = page.locator("#sobol text").all_text_contents()
    assert "mfu" in drivers and "pue" in drivers
    shot = _shots(tmp_path) / "serve-uncertain.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_bad_input_is_shown_not_sent(page):
    page.click("button[data-model=training]")
    page.fill("#in-params", "7B")
    page.click("#go")
    page.wait_for_selector("#error:not([hidden])")
    assert "params" in page.inner_text("#error")
    page.fill("#in-params", "7e9")
    page.fill("#in-hardware", "a100")
    page.click("#go")
    page.wait_for_function("document.querySelector('#error').textContent.includes('a100-80gb')")
    assert "unknown hardware id" in page.inner_text("#error")
