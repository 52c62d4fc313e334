# SPDX-License-Identifier: BSD-3-Clause
"""User catalog files and provenance (issue 13 item 10): override warnings, typed source and
date, CSV with a byte order mark."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest

from llmcore import catalog

ROW = 'peak_flop_per_s = 312e12\nprice_per_accel_hour = 2.5\nsource = "contract"\n'


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def test_overriding_a_builtin_row_warns_naming_kind_id_and_file(tmp_path):
    p = tmp_path / "ours.toml"
    p.write_text(f'[hardware.a100-80gb]\n{ROW}date = "2024"\n[hardware.new-gpu]\n{ROW}date = "1"\n')
    with pytest.warns(catalog.CatalogOverrideWarning) as rec:
        catalog.load(p)
    assert len(rec) == 1
    msg = str(rec[0].message)
    assert "hardware/a100-80gb" in msg and str(p) in msg and "hardware.toml" in msg
    assert "new-gpu" not in msg
    assert issubclass(catalog.CatalogOverrideWarning, UserWarning)
    assert catalog.get("hardware", "a100-80gb")["price_per_accel_hour"] == 2.5
    with warnings.catch_warnings():  # the same file again replaces its own rows: no warning
        warnings.simplefilter("error")
        catalog.load(p)
    with pytest.warns(catalog.CatalogOverrideWarning, match=r"fx/EUR .*built-in fx\.toml"):
        catalog.add("fx", {"EUR": {"units_per_usd": 0.9, "source": "bank", "date": "2024"}})
    other = tmp_path / "other.toml"
    other.write_text(f'[hardware.new-gpu]\n{ROW}date = "2"\n')
    with pytest.warns(catalog.CatalogOverrideWarning, match=r"new-gpu \(was from .*ours\.toml"):
        catalog.load(other)


def test_new_rows_and_repeated_add_do_not_warn():
    row = {"peak_flop_per_s": 1e14, "source": "s", "date": "2024"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        catalog.add("hardware", {"mine": row}, origin="setup")
        catalog.add("hardware", {"mine": {**row, "peak_flop_per_s": 2e14}}, origin="setup")
    assert catalog.get("hardware", "mine")["peak_flop_per_s"] == 2e14


def test_hf_import_over_an_existing_model_id_warns(tmp_path):
    from llmcore import imports

    rid = catalog.list("models")[0]
    cfg = tmp_path / "config.json"
    cfg.write_text('{"num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4}')
    with pytest.warns(catalog.CatalogOverrideWarning, match=f"models/{rid}"):
        imports.hf_config(cfg, id=rid, date="2024")


@pytest.mark.parametrize(
    "source, date",
    [('"s"', "2024-05-01"), ('"s"', "2024-05-01T10:00:00"), ('"s"', '"2024-05"')],
)
def test_source_and_date_types_accepted(tmp_path, source, date):
    p = tmp_path / "x.toml"
    p.write_text(f"[hardware.x]\npeak_flop_per_s = 1e14\nsource = {source}\ndate = {date}\n")
    catalog.load(p)
    row = catalog.get("hardware", "x")
    assert isinstance(row["date"], str) and row["date"].startswith("2024-05")


def test_add_stores_dates_as_iso_strings():
    catalog.add(
        "hardware",
        {
            "d": {"peak_flop_per_s": 1e14, "source": "s", "date": dt.date(2024, 5, 1)},
            "t": {"peak_flop_per_s": 1e14, "source": "s", "date": dt.datetime(2024, 5, 1, 9)},
        },
    )
    assert catalog.get("hardware", "d")["date"] == "2024-05-01"
    assert catalog.get("hardware", "t")["date"] == "2024-05-01T09:00:00"


@pytest.mark.parametrize(
    "source, date, err",
    [
        ("1", '"2024"', TypeError),
        ('"s"', "0", TypeError),
        ('"s"', "2024.5", TypeError),
        ('"s"', "true", TypeError),
        ("true", '"2024"', TypeError),
        ('"s"', '""', ValueError),
        ('"  "', '"2024"', ValueError),
        ('"s"', "[2024]", TypeError),
    ],
)
def test_source_and_date_types_rejected(tmp_path, source, date, err):
    p = tmp_path / "x.toml"
    p.write_text(f"[hardware.x]\npeak_flop_per_s = 1e14\nsource = {source}\ndate = {date}\n")
    with pytest.raises(err, match=r"source|date"):
        catalog.load(p)
    assert "x" not in catalog.list("hardware")


def test_csv_with_byte_order_mark_and_numeric_looking_date(tmp_path):
    c = tmp_path / "regions.csv"
    c.write_bytes("id,grid_gco2_per_kwh,source,date\nmy-dc,20,PPA,2024\n".encode("utf-8-sig"))
    assert catalog.load(c, kind="regions") == ["regions/my-dc"]
    row = catalog.get("regions", "my-dc")
    assert row["grid_gco2_per_kwh"] == 20 and row["date"] == "2024" and row["source"] == "PPA"
    j = tmp_path / "regions.json"
    j.write_bytes(
        '{"j": {"grid_gco2_per_kwh": 5, "source": "s", "date": "2024"}}'.encode("utf-8-sig")
    )
    assert catalog.load(j, kind="regions") == ["regions/j"]
