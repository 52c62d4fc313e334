# SPDX-License-Identifier: BSD-3-Clause
"""The llmcore command line, in-process and as an installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from llmcore.cli import main


def test_training_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "training",
                "--params",
                "175e9",
                "--tokens",
                "300e9",
                "--hardware",
                "tpu-v4",
                "--mfu",
                "0.462",
                "--price-per-accel-hour",
                "2.03",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("cloud_cost"))
    assert "1,398,072" in line and line.rstrip().endswith("USD")


def test_json_and_arrays(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "inference",
                "--params",
                "175e9,70e9",
                "--hardware",
                "a100-80gb",
                "--json",
                "--outputs",
                "cost_per_1k_tokens",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["units"] == {"cost_per_1k_tokens": "USD"}
    assert len(data["outputs"]["cost_per_1k_tokens"]) == 2


def test_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["training", "--params", "-1", "--tokens", "1e9", "--hardware", "v100"]) == 2
    assert "'params'" in capsys.readouterr().err
    assert main(["training", "--params", "1e9", "--tokens", "1e9", "--hardware", "v10"]) == 2
    assert "v100" in capsys.readouterr().err


def test_report_json_and_backends(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--json", "-n", "2000", "--quiet", "--out", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = [r for s in data["sections"] for r in s["rows"]]
    cost = next(r for r in rows if r["quantity"].startswith("cloud cost on TPU v4"))
    assert cost["published"] == 1_398_072 and abs(cost["rel_error"]) < 1e-6
    assert main(["backends"]) == 0
    assert "reference" in capsys.readouterr().out


def test_python_dash_m_and_console_script(tmp_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "llmcore", "query", "--samples", "5"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "price_per_query" in out
    exe = shutil.which("llmcore", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("console script not on PATH")
    out = subprocess.run(
        [exe, "report", "-n", "2000", "--quiet", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "1.398 M" in out  # the report's number format (report/format.py)


def test_currency_and_equivalents(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "deployment",
                "--measured_energy_kwh",
                "914",
                "--measured_queries",
                "230768",
                "--region",
                "tokyo",
                "--currency",
                "JPY",
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["units"]["electricity_cost_per_query"] == "JPY"
    assert 0.14 < data["outputs"]["electricity_cost_per_query"] < 0.17  # seed: about 0.16 JPY
    assert main(["equivalents", "--co2_kg", "85000", "--region", "eu", "--json"]) == 0
    km = json.loads(capsys.readouterr().out)["outputs"]["car_km"]
    assert 650_000 < km < 750_000  # seed: about 700,000 km in a new EU car
