"""Hostile data files: every failure is a ValueError/TypeError naming the file or field,
never OverflowError, RecursionError, ZeroDivisionError or AttributeError (issue 13 item 7)."""

from __future__ import annotations

import json
import warnings

import pytest

import llmcore as lc
from llmcore import imports
from llmcore.cli.main import main
from llmcore.tables.sweep import load_grid

HUGE = "9" * 400  # beyond a float's range, yet an int Python converts
DEEP = 100_000


@pytest.fixture(autouse=True)
def _fresh_catalog():
    yield
    lc.catalog.reset()


def test_huge_integer_in_catalog_toml(tmp_path):
    f = tmp_path / "hw.toml"
    f.write_text(f"[x1]\npeak_flop_per_s = {HUGE}\nsource = 's'\ndate = '2024-01'\n")
    with pytest.raises(lc.InvalidInputError, match=r"peak_flop_per_s.*401 digits"):
        lc.catalog.load(f, kind="hardware")


def test_too_many_digits_in_catalog_json(tmp_path):
    f = tmp_path / "hw.json"
    f.write_text('{"x1": {"peak_flop_per_s": ' + "9" * 5000 + ', "source": "s", "date": "2024"}}')
    with pytest.raises(ValueError, match=r"hw\.json: not valid JSON"):
        lc.catalog.load(f, kind="hardware")


def test_number_field_given_as_unconvertible_text_in_csv(tmp_path):
    f = tmp_path / "hw.csv"
    f.write_text("id,peak_flop_per_s,source,date\nx2," + "9" * 5000 + ",s,2024\n")
    with pytest.raises(TypeError, match="'peak_flop_per_s' must be a number"):
        lc.catalog.load(f, kind="hardware")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.toml", "a = " + "[" * DEEP + "]" * DEEP),
        ("deep.json", '{"a":' * DEEP + "1" + "}" * DEEP),
    ],
)
def test_deeply_nested_files(tmp_path, name, text):
    f = tmp_path / name
    f.write_text(text)
    with pytest.raises(ValueError, match="nested too deeply"):
        lc.catalog.load(f)
    if name.endswith(".json"):
        with pytest.raises(ValueError, match="nested too deeply"):
            imports.litellm_prices(f, register=False)
        with pytest.raises(ValueError, match="nested too deeply"):
            imports.hf_config(f, register=False)
    else:
        with pytest.raises(ValueError, match="nested too deeply"):
            load_grid(f)


def test_deeply_nested_scenario_file_is_one_line_from_the_cli(tmp_path, capsys):
    f = tmp_path / "deep.toml"
    f.write_text("a = " + "[" * DEEP + "]" * DEEP)
    assert main(["simulate", str(f)]) == 2
    err = capsys.readouterr().err
    assert "nested too deeply" in err and "Traceback" not in err


def test_file_that_is_not_utf8(tmp_path):
    f = tmp_path / "bin.toml"
    f.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ValueError, match="not UTF-8"):
        lc.catalog.load(f)


def test_add_rows_that_are_not_a_dict():
    with pytest.raises(TypeError, match="must be a dict of id -> row, not list"):
        lc.catalog.add("hardware", [1])  # type: ignore[arg-type]


def _config(tmp_path, **over):
    cfg = {
        "hidden_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "vocab_size": 100,
        "intermediate_size": 128,
    }
    cfg.update(over)
    f = tmp_path / "config.json"
    f.write_text(json.dumps(cfg))
    return f


def test_hf_config_huge_and_zero_dimensions(tmp_path):
    f = tmp_path / "big.json"
    f.write_text('{"hidden_size": ' + HUGE + ', "num_hidden_layers": 2}')
    with pytest.raises(ValueError, match=r"hidden_size: an integer of about 401 digits"):
        imports.hf_config(f, register=False)
    with pytest.raises(ValueError, match=r"hidden_size .* of at least 1"):
        imports.hf_config(_config(tmp_path, hidden_size=0), register=False)
    with pytest.raises(ValueError, match="num_attention_heads = -2 must be >= 0"):
        imports.hf_config(_config(tmp_path, num_attention_heads=-2), register=False)
    assert imports.hf_config(_config(tmp_path), register=False)["params"] > 0


def test_litellm_entry_with_a_huge_price_is_skipped_not_fatal(tmp_path):
    f = tmp_path / "prices.json"
    f.write_text(
        '{"m1": {"input_cost_per_token": ' + HUGE + ', "output_cost_per_token": 1e-6},'
        ' "m2": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}}'
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = imports.litellm_prices(f, register=False)
    assert list(rows) == ["m2"]
    assert any("'m1'" in str(w.message) and "401 digits" in str(w.message) for w in caught)


def test_csv_row_longer_than_its_header(tmp_path):
    # found by fuzz/fuzz_loaders.py: csv.DictReader files the extra cells under the key None
    f = tmp_path / "x.csv"
    f.write_text("id,source,date\na,b,2024,extra\n")
    with pytest.raises(ValueError, match=r"x\.csv: line 2 has 4 cells, the header 3"):
        lc.catalog.load(f, kind="hardware")


def test_fx_row_without_its_rate(tmp_path):
    f = tmp_path / "fx.toml"
    f.write_text("[XYZ]\nsource = 's'\ndate = '2024'\n")
    lc.catalog.load(f, kind="fx")
    with pytest.raises(lc.InvalidInputError, match="fx/XYZ has no units_per_usd"):
        lc.training(params=7e9, tokens=1e11, hardware="a100-80gb", currency="XYZ")
