# SPDX-License-Identifier: BSD-3-Clause
"""CLI parity with the Python API (issue 20, item 3): every keyword a flag, counts with SI
suffixes, the sub-command's usage on argument errors, shell completion, and --json / --csv
/ --parquet wherever a table comes out, the files carrying their context."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

import llmcore as lc
from llmcore import catalog
from llmcore._models import MODELS
from llmcore._util.si import parse_number, parse_numbers
from llmcore.catalog._files import read_tables
from llmcore.cli import main
from llmcore.cli.completion import script, tree
from llmcore.cli.main import build_parser
from llmcore.tables.files import read_context

#: Python keywords with no flag: a buffer to write into has no meaning on a command line.
_NOT_FLAGS = {"out"}


def _flags(command: str) -> set[str]:
    return set(tree(build_parser())[command]["flags"])


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_python_keyword_is_a_flag(name: str) -> None:
    fn = getattr(lc, name)
    flags = _flags(name)
    params = set(inspect.signature(fn).parameters) - _NOT_FLAGS
    missing = sorted(p for p in params if f"--{p}" not in flags)
    assert not missing, f"llmcore {name} lacks flags for {missing}"
    # the catalog keywords are exactly those catalog.applies() says the estimator takes
    info = MODELS[name]
    kws = {k for k in catalog.KEYWORDS if f"--{k}" in flags and k not in info.input_names}
    assert kws == {k for k in catalog.KEYWORDS if catalog.applies(k, info)} - set(info.input_names)


def test_equivalents_keywords_are_flags() -> None:
    params = set(inspect.signature(lc.equivalents).parameters)
    assert not sorted(p for p in params if f"--{p}" not in _flags("equivalents"))


def test_plan_keywords_are_flags() -> None:
    """plan(model, n_accel=, top=, the degrees, backend=, **parallelism inputs and catalog
    keywords): each a flag (dp follows from the others, so plan refuses it)."""
    info = MODELS["parallelism"]
    names = set(inspect.signature(lc.plan).parameters) - {"inputs"}
    names |= set(info.input_names) - {"dp"}
    names |= {k for k in catalog.KEYWORDS if catalog.applies(k, info)}
    flags = _flags("plan")
    assert not sorted(n for n in names if f"--{n}" not in flags)


def test_plan_from_dimensions_and_an_instance(capsys) -> None:
    dims = ["--params", "7B", "--n-layers", "32", "--d-model", "4096", "--n-heads", "32"]
    rows = _json(capsys, ["plan", "--n-accel", "8", *dims, "--instance", "p4d.24xlarge"])
    ref = lc.plan(
        n_accel=8, params=7e9, n_layers=32, d_model=4096, n_heads=32, instance="p4d.24xlarge"
    )
    assert [r["step_s"] for r in rows] == pytest.approx([r["step_s"] for r in ref], rel=1e-12)


def _json(capsys, argv: list[str]) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_prices_and_instance_flags_match_the_python_api(capsys) -> None:
    pid = next(i for i in catalog.list("api_prices") if i.startswith("openai/gpt-4o@"))
    got = _json(capsys, ["query", "--prices", pid, "--prompt-words", "300"])
    ref = lc.query(prices=pid, prompt_words=300)
    assert got["outputs"]["cost_per_query"] == pytest.approx(ref["cost_per_query"], rel=1e-12)
    got = _json(capsys, ["inference", "--instance", "p4d.24xlarge", "--params", "7B"])
    ref = lc.inference(instance="p4d.24xlarge", params=7e9)
    assert got["outputs"] == pytest.approx({k: float(v) for k, v in ref.items()}, rel=1e-12)
    got = _json(capsys, ["training", "--model", "llama-2-7b", "--hardware", "a100-80gb"])
    ref = lc.training(model="llama-2-7b", hardware="a100-80gb")
    assert got["outputs"]["flop"] == pytest.approx(ref["flop"], rel=1e-12)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7B", 7e9),
        ("7b", 7e9),
        ("15T", 1.5e13),
        ("1.4T", 1.4e12),
        ("2.5k", 2500.0),
        ("2.5K", 2500.0),
        ("3M", 3e6),
        ("1G", 1e9),
        ("2P", 2e15),
        (" 13 B ", 13e9),
        ("1_000k", 1e6),
        ("7e9", 7e9),
        ("0.4", 0.4),
        ("-2k", -2000.0),
        (".5T", 5e11),
    ],
)
def test_si_suffixes(text: str, value: float) -> None:
    assert parse_number(text) == value  # exact: 1.4T is the float nearest 1.4e12


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("13m", "milli or mega"),
        ("3p", "pico or peta"),
        ("7X", "unknown suffix 'X'"),
        ("7BB", "unknown suffix 'BB'"),
        ("seven", "could not read 'seven'"),
        ("1e3k", None),  # an exponent and a suffix: allowed, 1e6
    ],
)
def test_si_errors_name_the_text(text: str, says: str | None) -> None:
    if says is None:
        assert parse_number(text) == 1e6
        return
    with pytest.raises(ValueError, match=says):
        parse_number(text)


def test_si_extremes() -> None:
    assert parse_number("1e400k") == float("inf") and parse_number("1e-400k") == 0.0
    assert parse_number("64.519k") == 64519.0 != 64.519 * 1e3  # rounded once, not twice
    with pytest.raises(ValueError, match="could not read"):
        parse_number("1e" + "9" * 5000 + "k")


def test_si_lists() -> None:
    assert parse_numbers("7B,13B, 70B") == [7e9, 13e9, 70e9]
    with pytest.raises(ValueError, match="no number"):
        parse_numbers(" , ")


def test_counts_on_the_command_line(capsys) -> None:
    got = _json(
        capsys, ["training", "--params", "7B,13B", "--tokens", "1.4T", "--hardware", "a100-80gb"]
    )
    ref = lc.training(params=np.array([7e9, 13e9]), tokens=1.4e12, hardware="a100-80gb")
    assert got["outputs"]["flop"] == pytest.approx(list(ref["flop"]), rel=1e-15)


def test_bad_count_names_flag_and_value_with_usage(capsys) -> None:
    rc = main(["training", "--params", "7m", "--tokens", "1T"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 2 and "Traceback" not in "\n".join(err)
    assert err[0].startswith("usage: llmcore training")
    assert "argument --params" in err[1] and "'7m'" in err[1] and "milli or mega" in err[1]


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["training", "--bogus", "1"], "usage: llmcore training"),
        (["catalog", "list", "--bogus"], "usage: llmcore catalog list"),
        (["plan", "--model", "llama-2-7b"], "usage: llmcore plan"),
        (["simulate"], "usage: llmcore simulate"),
        (["completion", "tcsh"], "usage: llmcore completion"),
    ],
)
def test_argument_errors_show_the_sub_command_usage(capsys, argv, usage) -> None:
    rc = main(argv)
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 2, err
    assert err[0].startswith(usage + " ") or err[0] == usage
    assert err[1].startswith(usage.removeprefix("usage: ") + ": error: ")


def test_completion_bash_names_every_command_and_flag(capsys) -> None:
    assert main(["completion", "bash"]) == 0
    text = capsys.readouterr().out
    t = tree(build_parser())
    for cmd in t[""]["commands"]:
        assert f"'{cmd}'" in text
    for flag in ("--params", "--tokens", "--hardware", "--instance", "--csv", "--parquet"):
        assert flag in text
    assert all(f in text for f in t["training"]["flags"])
    assert "complete -o default -F _llmcore llmcore" in text
    assert "h100-sxm" in text  # catalog ids after --hardware


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_completion_bash_completes(tmp_path) -> None:
    f = tmp_path / "c.sh"
    f.write_text(script("bash", build_parser()))

    def complete(*words: str) -> list[str]:
        arr = " ".join(f"'{w}'" for w in ("llmcore", *words))
        cmd = f"source {f}; COMP_WORDS=({arr}); COMP_CWORD={len(words)}; _llmcore; "
        cmd += 'printf "%s\\n" "${COMPREPLY[@]}"'
        out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, check=True)
        return out.stdout.split()

    assert complete("trai") == ["training"]
    assert "--hardware" in complete("training", "--hard")
    assert complete("training", "--hardware", "h1") == ["h100-pcie", "h100-sxm"]
    assert complete("catalog", "se") == ["search"]
    assert complete("completion", "f") == ["fish"]


def test_completion_zsh_and_fish(capsys) -> None:
    assert main(["completion", "zsh"]) == 0
    zsh = capsys.readouterr().out
    assert zsh.startswith("#compdef llmcore") and "bashcompinit" in zsh and "_llmcore" in zsh
    assert main(["completion", "fish"]) == 0
    fish = capsys.readouterr().out
    assert "-a 'training'" in fish and "-l params" in fish and "-l instance" in fish


_SCENARIO = """model = "training"
n = "4k"
seed = 1
[inputs]
params = "7B"
tokens = "1T"
hardware = "a100-80gb"
region = "us-average"
mfu = {dist = "uniform", lo = 0.3, hi = 0.5}
"""


def _commands(tmp_path):
    sc = tmp_path / "s.toml"
    sc.write_text(_SCENARIO)
    return {
        "training": ["training", "--params", "7B", "--tokens", "1T", "--hardware", "a100-80gb"],
        "equivalents": ["equivalents", "--energy-kwh", "1k", "--region", "france"],
        "plan": ["plan", "--model", "llama-2-7b", "--gpus", "8", "--hardware", "a100-80gb"],
        "simulate": ["simulate", str(sc), "--quiet"],
        "sensitivity": ["sensitivity", str(sc), "--quiet", "-n", "1k"],
        "catalog list": ["catalog", "list", "hardware"],
        "catalog show": ["catalog", "show", "hardware"],
        "catalog search": ["catalog", "search", "h100"],
        "reproduce": ["reproduce", "--no-seeds"],
    }


@pytest.mark.parametrize(
    "command",
    [
        "training",
        "equivalents",
        "plan",
        "simulate",
        "sensitivity",
        "catalog list",
        "catalog show",
        "catalog search",
        "reproduce",
    ],
)
def test_table_commands_write_csv_and_parquet_with_context(tmp_path, capsys, command) -> None:
    pytest.importorskip("pyarrow")
    argv = _commands(tmp_path)[command]
    flags = _flags(command)
    assert {"--json", "--csv", "--parquet"} <= flags
    csv, pq = tmp_path / "t.csv", tmp_path / "t.parquet"
    rc = main([*argv, "--csv", str(csv), "--parquet", str(pq)])
    assert rc in (0, 1)  # reproduce: 1 when a case is off
    out = capsys.readouterr()
    assert not out.out.strip()  # the table went to the files
    a, b = pd.read_csv(csv), pd.read_parquet(pq)
    assert len(a) == len(b) > 0 and list(a.columns) == list(b.columns)
    ca, cb = read_context(csv), read_context(pq)
    assert ca is not None and cb is not None
    assert ca["llmcore_version"] == cb["llmcore_version"] == lc.__version__
    assert ca == cb
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp


def test_estimator_file_context(tmp_path, capsys) -> None:
    pq = tmp_path / "t.parquet"
    pytest.importorskip("pyarrow")
    argv = ["training", "--params", "7B,13B", "--tokens", "1T", "--hardware", "a100-80gb"]
    assert main([*argv, "--region", "france", "--parquet", str(pq)]) == 0
    doc = read_context(pq)
    assert doc["model"] == "training" and doc["units"]["co2_kg"] == "kg"
    assert doc["fixed_inputs"]["hardware"] == "a100-80gb" and doc["fixed_inputs"]["tokens"] == 1e12
    assert doc["fixed_inputs"]["params"] == "per row"
    dates = {r["id"]: r["date"] for r in doc["catalog"]}
    assert dates == {
        "a100-80gb": catalog.get("hardware", "a100-80gb")["date"],
        "france": catalog.get("regions", "france")["date"],
    }
    assert doc["assumptions"]["mfu"]["source"] == "default"
    df = pd.read_parquet(pq)
    assert list(df.params) == [7e9, 13e9]


def test_simulate_csv_keeps_the_output_names(tmp_path, capsys) -> None:
    sc = tmp_path / "s.toml"
    sc.write_text(_SCENARIO)
    csv = tmp_path / "s.csv"
    assert main(["simulate", str(sc), "--quiet", "--csv", str(csv)]) == 0
    df = pd.read_csv(csv)
    assert "co2_kg" in set(df.output) and "mean" in df.columns
    doc = read_context(csv)
    assert doc["n"] == 4000 and doc["fixed_inputs"]["params"] == 7e9
    assert "mfu" in doc["uncertain"]


def test_scenario_numbers_as_text(tmp_path, capsys) -> None:
    from llmcore.cli.simulate import load_scenario

    sc = tmp_path / "s.toml"
    sc.write_text(_SCENARIO.replace("lo = 0.3", 'lo = "0.3"'))
    got = load_scenario(sc)
    assert got["inputs"]["params"] == 7e9 and got["inputs"]["tokens"] == 1e12
    assert got["inputs"]["hardware"] == "a100-80gb"
    sc.write_text(_SCENARIO.replace('"7B"', '"7 bn"'))
    assert main(["simulate", str(sc)]) == 2
    err = capsys.readouterr().err
    assert "inputs.params" in err and "'7 bn'" in err


def test_help_documents_the_file_formats(capsys) -> None:
    assert main(["simulate", "--help"]) == 0
    text = capsys.readouterr().out
    assert "[inputs]" in text and "[correlation]" in text and '{dist = "uniform"' in text
    assert "llmcore.cli.simulate docs" not in text
    assert main(["sweep", "--help"]) == 0
    text = capsys.readouterr().out
    assert "[grid]" in text and "[zip]" in text and "linspace" in text


def test_sweep_flags(tmp_path, capsys) -> None:
    pytest.importorskip("pyarrow")
    g = tmp_path / "g.toml"
    g.write_text(
        'model = "training"\n[inputs]\ntokens = "1T"\nhardware = "h100-sxm"\n'
        '[grid]\nparams = ["7B", "13B"]\n'
    )
    out = tmp_path / "r.data"
    argv = ["sweep", str(g), "--parquet", str(out), "--outputs", "flop,energy_kwh", "--quiet"]
    assert main(argv) == 0
    df = pd.read_parquet(out)
    assert list(df.columns) == ["params", "tokens", "hardware", "flop", "energy_kwh"]
    assert read_context(out)["outputs"] == ["flop", "energy_kwh"]
    assert main(["sweep", str(g), "--csv", str(tmp_path / "r.txt"), "--quiet"]) == 0
    assert pd.read_csv(tmp_path / "r.txt").flop[1] == pytest.approx(
        lc.training(params=13e9, tokens=1e12, hardware="h100-sxm")["flop"]
    )
    assert main(["sweep", str(g), "--quiet"]) == 2  # one of -o, --csv, --parquet


def test_a_written_catalog_csv_loads_back(tmp_path, capsys) -> None:
    csv = tmp_path / "hw.csv"
    assert main(["catalog", "show", "hardware", "h100-sxm", "--csv", str(csv)]) == 0
    assert (tmp_path / "hw.csv.llmcore.json").exists()  # the context beside the plain CSV
    got = read_tables(csv, "hardware")["hardware"]["h100-sxm"]  # catalog.load's reader
    want = catalog.get("hardware", "h100-sxm")
    assert got["peak_flop_per_s"] == want["peak_flop_per_s"] and got["date"] == want["date"]
