# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore catalog search|show|list`` (issue 14 item 6): ranked search, every field with
aliases, source, date and origin, ids in any case, errors as one line."""

from __future__ import annotations

import json

import pytest

from llmcore import catalog
from llmcore.cli import main


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    rc = main(["catalog", *argv])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_search_h100_lists_h100_sxm_and_pcie_first(capsys):
    rc, out, err = _run(capsys, "search", "h100")
    assert rc == 0 and not err
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["kind", "id"] and set(lines[1]) == {"-", " "}
    first = [line.split()[:2] for line in lines[2:4]]
    assert sorted(first) == [["hardware", "h100-pcie"], ["hardware", "h100-sxm"]]
    assert "peak_flop_per_s=" in lines[2] and "2023" in out  # key figures and dates
    assert not any(line.split()[1] in ("h800", "v100") for line in lines[2:])


def test_search_json_carries_source_date_origin_and_figures(capsys):
    rc, out, _ = _run(capsys, "search", "SWEDEN", "--kind", "Regions", "--json")
    hits = json.loads(out)
    assert rc == 0 and hits[0]["id"] == "sweden"  # then sweden-seed, swedencentral
    h = hits[0]
    row = catalog.get("regions", "sweden")
    assert (h["source"], h["date"], h["origin"]) == (
        row["source"],
        row["date"],
        "built-in regions.toml",
    )
    assert h["figures"]["grid_gco2_per_kwh"] == row["grid_gco2_per_kwh"]
    assert h["match"] == "exact" and "se" in h["aliases"]


def test_search_without_a_match_is_exit_1_with_one_line(capsys):
    rc, out, err = _run(capsys, "search", "zzzzqqq")
    assert rc == 1 and not out
    assert len(err.strip().splitlines()) == 1 and "zzzzqqq" in err and "Traceback" not in err
    rc, out, _ = _run(capsys, "search", "zzzzqqq", "--json")
    assert rc == 1 and json.loads(out) == []


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["show", "hardware", "h100"], "did you mean 'h100-sxm', 'h100-pcie'"),
        (["search", "h100", "--kind", "hardwares"], "unknown catalog kind 'hardwares'"),
        (["search", " "], "empty"),
        (["search"], "the following arguments are required: text"),
    ],
)
def test_errors_are_one_line_exit_2(capsys, argv, says):
    rc, _, err = _run(capsys, *argv)
    lines = err.strip().splitlines()
    if lines[0].startswith("usage: llmcore catalog "):  # argument errors: the usage, one line
        lines = lines[1:]
    assert rc == 2 and len(lines) == 1 and says in err, err
    assert "Traceback" not in err


def test_show_prints_every_field_with_aliases_source_date_and_origin(capsys):
    rc, out, _ = _run(capsys, "show", "Hardware", "H100 SXM5")  # an alias, any case
    assert rc == 0
    fields = dict(line.split(None, 1) for line in out.splitlines())
    row = catalog.get("hardware", "h100-sxm")
    assert fields["id"] == "h100-sxm"
    assert set(row) <= set(fields)
    assert fields["source"] == row["source"] and fields["date"] == row["date"]
    assert fields["aliases"] == "h100-sxm5, h100-sxm5-80gb"
    assert fields["origin"] == "built-in hardware.toml"
    assert list(fields)[-3:] == ["source", "date", "origin"]


def test_show_json_names_a_user_file_as_origin(capsys, tmp_path):
    p = tmp_path / "mine.toml"
    p.write_text(
        '[hardware.my-gpu]\npeak_flop_per_s = 100e12\naliases = ["lab gpu"]\n'
        'source = "my lab"\ndate = "2024-05"\n'
    )
    catalog.load(p)
    rc, out, _ = _run(capsys, "show", "hardware", "LAB_GPU", "--json")
    row = json.loads(out)
    assert rc == 0 and row["id"] == "my-gpu" and row["origin"] == str(p)
    assert (row["source"], row["date"], row["aliases"]) == ("my lab", "2024-05", ["lab gpu"])
    assert row["peak_flop_per_s"] == 100e12


def test_list_and_show_of_a_kind_still_work(capsys):
    rc, out, _ = _run(capsys, "list")
    assert rc == 0 and "hardware" in out.split()
    rc, out, _ = _run(capsys, "list", "REGIONS", "--json")
    assert rc == 0 and json.loads(out) == catalog.list("regions")
    rc, out, _ = _run(capsys, "show", "fx", "--json")
    assert rc == 0 and [r["id"] for r in json.loads(out)] == catalog.list("fx")


def test_estimator_flags_take_ids_in_any_case(capsys):
    args = ["training", "--params", "7e9", "--tokens", "1e12", "--n-accel", "64", "--mfu", "0.4"]
    assert main([*args, "--hardware", "h100-sxm", "--region", "sweden", "--json"]) == 0
    low = json.loads(capsys.readouterr().out)
    assert main([*args, "--hardware", "H100_SXM", "--region", "Sweden", "--json"]) == 0
    up = json.loads(capsys.readouterr().out)
    assert up["outputs"] == low["outputs"]
