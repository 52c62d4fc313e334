# SPDX-License-Identifier: BSD-3-Clause
"""The simulate/sensitivity sub-commands on scenario files (stand-alone entry point)."""

from __future__ import annotations

import json

import pytest

from llmcore.cli import main
from llmcore.cli.simulate import load_scenario

SCENARIO = """
model = "training"
n = 5000
seed = 3
outputs = ["cloud_cost", "co2_kg"]
quantiles = [0.1, 0.9]

[inputs]
params = 70e9
tokens = 1.4e12
hardware = {dist = "rows", ids = ["a100-80gb", "h100-sxm"], p = [0.3, 0.7]}
mfu = {dist = "uniform", lo = 0.3, hi = 0.55}
pue = {dist = "pert", lo = 1.05, mode = 1.1, hi = 1.4}
grid_gco2_per_kwh = {dist = "ci", lo = 50, hi = 600, p = 0.8}

[correlation]
"mfu,pue" = -0.3

[thresholds]
co2_kg = [1e5]
"""


@pytest.fixture
def scenario(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text(SCENARIO)
    return f


def test_load_scenario(scenario):
    sc = load_scenario(scenario)
    assert sc["model"] == "training" and sc["n"] == 5000
    assert repr(sc["inputs"]["mfu"]) == "dist.uniform(0.3, 0.55)"
    assert sc["inputs"]["hardware"].keyword == "hardware"
    assert sc["correlation"] == {("mfu", "pue"): -0.3}


def test_simulate_json_matches_api(scenario, capsys):
    import llmcore as lc

    assert main(["simulate", str(scenario), "-n", "2e3", "--seed", "9", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    sc = load_scenario(scenario)
    res = lc.simulate(
        "training",
        sc["inputs"],
        n=2000,
        seed=9,
        outputs=sc["outputs"],
        quantiles=sc["quantiles"],
        correlation=sc["correlation"],
        thresholds=sc["thresholds"],
    )
    assert out["n"] == 2000 and out["seed"] == 9
    assert out["outputs"]["co2_kg"]["mean"] == res["co2_kg"].mean
    assert out["outputs"]["cloud_cost"]["q0.9"] == res["cloud_cost"].quantile(0.9)
    assert out["outputs"]["co2_kg"]["P(>100000)"] == res["co2_kg"].prob_above(1e5)


def test_simulate_table_and_csv(scenario, tmp_path, capsys):
    assert main(["simulate", str(scenario), "--quiet"]) == 0
    assert "cloud_cost" in capsys.readouterr().out
    csv = tmp_path / "out.csv"
    assert main(["simulate", str(scenario), "--csv", str(csv)]) == 0
    head = csv.read_text().splitlines()[0]  # a plain CSV: the header first
    assert "mean" in head and "q0.1" in head


def test_sensitivity_json(scenario, capsys):
    assert main(["sensitivity", str(scenario), "-n", "1024", "--json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    # [correlation] is treated (full and independent indices), and the run says so
    assert "Mara et al." in captured.err and "Mara et al." in out["notes"][0]
    assert set(out["indices"]["cloud_cost"]) == {"hardware", "mfu", "pue", "grid_gco2_per_kwh"}
    pue = out["indices"]["cloud_cost"]["pue"]
    # the cloud bill ignores power: pue acts only through mfu, with which it is correlated
    assert pue["ST_ind"] == 0.0 and pue["ST"] > 0.0


def test_sensitivity_second_order_json(tmp_path, capsys):
    sc = tmp_path / "s.toml"
    sc.write_text(
        'model = "training"\nseed = 2\noutputs = ["co2_kg"]\n[inputs]\nparams = 7e10\n'
        'tokens = 2e12\nhardware = "h100-sxm"\ngrid_gco2_per_kwh = 300\n'
        'mfu = {dist = "uniform", lo = 0.3, hi = 0.55}\n'
        'pue = {dist = "triangular", lo = 1.05, mode = 1.1, hi = 1.4}\n'
    )
    assert main(["sensitivity", str(sc), "-n", "1024", "--json", "--second-order"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["second_order"]["co2_kg"]) == {"mfu,pue"}
    assert out["evaluations"] == 1024 * 5


@pytest.mark.parametrize(
    "text,msg",
    [
        ("n = 5\n[inputs]\nparams = 1", "missing 'model'"),
        ('model = "training"\nsed = 1', "unknown key"),
        ('model = "training"\n[inputs]\nmfu = {dist = "weibull", a = 1}', "'dist' must be one of"),
        ('model = "training"\n[inputs]\nmfu = {dist = "uniform", low = 1}', "inputs.mfu"),
        (
            'model = "training"\n[inputs]\nparams = 1e9\ntokens = 1e9\nhardware = "h100-sxn"',
            "did you mean",
        ),
        ('model = "training"\n[inputs\n', "not valid TOML"),
        # issue 13 fuzzing (a hand probe): argparse's ArgumentTypeError (not a ValueError)
        # escaped from the file's n, shown as "error: ArgumentTypeError: ..."
        ('model = "training"\nn = inf', "bad.toml: n: expected a whole number >= 1, got 'inf'"),
        ('model = "training"\nn = 0', "bad.toml: n: expected a whole number >= 1, got '0'"),
        ('model = "training"\nn = "x"', "bad.toml: n: could not read 'x' as a number"),
        # issue 13 fuzzing (a hand probe): tomllib's RecursionError on deep nesting
        ('model = "training"\na = ' + "[" * 5000 + "]" * 5000, "nested too deeply"),
        ('model = "training"\na = ' + "{b=" * 3000 + "1" + "}" * 3000, "nested too deeply"),
    ],
)
def test_scenario_errors(tmp_path, capsys, text, msg):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    assert main(["simulate", str(f)]) == 2
    err = capsys.readouterr().err
    assert msg in err and "Error:" not in err  # no exception type name in the line


def test_missing_file(capsys, tmp_path):
    assert main(["simulate", str(tmp_path / "nope.toml")]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "nope.toml" in err and "Traceback" not in err


def test_plot_needs_matplotlib(scenario, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "p.png"
    assert main(["simulate", str(scenario), "-n", "1000", "--plot", str(png)]) == 0
    assert png.stat().st_size > 0
