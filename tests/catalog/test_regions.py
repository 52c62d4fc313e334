# SPDX-License-Identifier: BSD-3-Clause
"""The regions catalog at the field's scale (issue 14): every country from one source, US
states, cloud regions of the three big providers, and the seed's historical rows kept apart."""

from __future__ import annotations

import re

import pytest

from llmcore import catalog
from llmcore.catalog._validate import PLAUSIBLE

OWID = "carbon-intensity-electricity"  # the one source every country row names


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def _rows():
    return {rid: catalog.get("regions", rid) for rid in catalog.list("regions")}


def test_every_country_from_one_source_and_mostly_one_year():
    countries = {
        rid: r
        for rid, r in _rows().items()
        if len(r.get("iso_code", "")) == 3 or r.get("iso_code") == "OWID_KOS"
    }
    assert len(countries) >= 200
    for rid, r in countries.items():
        assert OWID in r["source"], rid
        assert "Ember (2025)" in r["source"] or "Ember/OWID 2025 release" in r["source"], rid
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rid), rid
    years = [r["date"] for r in countries.values()]
    assert years.count("2023") >= 170  # the rest say which earlier year the file holds
    assert all(y <= "2023" for y in years)


def test_us_states_from_egrid():
    states = {rid: r for rid, r in _rows().items() if r.get("iso_code", "").startswith("US-")}
    assert len(states) >= 50  # 50 states and DC
    for rid, r in states.items():
        assert rid.startswith("us-"), rid
        assert "eGRID2023" in r["source"] and r["date"] == "2023", rid
        lb = float(re.search(r"STC2ERTA ([0-9.]+) lb/MWh", r["source"]).group(1))
        assert r["grid_gco2_per_kwh"] == pytest.approx(lb * 0.45359237, abs=0.05), rid


def test_cloud_regions_of_three_providers_map_to_a_grid():
    rows = _rows()
    cloud = {rid: r for rid, r in rows.items() if "cloud_provider" in r}
    by = {
        p: [rid for rid, r in cloud.items() if r["cloud_provider"] == p]
        for p in ("aws", "gcp", "azure")
    }
    assert len(cloud) >= 30 and all(len(v) >= 10 for v in by.values()), {
        k: len(v) for k, v in by.items()
    }
    for rid, r in cloud.items():
        assert 1 <= r["pue"] <= PLAUSIBLE["pue"][1], rid
        if r["cloud_provider"] == "gcp":
            assert "region-carbon-info" in r["source"] and 0 <= r["cfe_fraction"] <= 1, rid
            continue
        g = rows[r["grid_region"]]  # AWS and Azure carry their location's grid figure
        assert r["grid_gco2_per_kwh"] == pytest.approx(g["grid_gco2_per_kwh"], abs=0.05), rid
        assert r["grid_region"] in r["source"], rid
    assert rows["us-east-1"]["grid_region"] == rows["eastus"]["grid_region"] == "us-virginia"
    assert rows["westus3"]["grid_region"] == "us-arizona"


def test_the_seed_rows_are_historical_and_the_plain_ids_current():
    sweden, estonia = catalog.get("regions", "sweden"), catalog.get("regions", "estonia")
    s_seed, e_seed = catalog.get("regions", "sweden-seed"), catalog.get("regions", "estonia-seed")
    assert (s_seed["grid_gco2_per_kwh"], e_seed["grid_gco2_per_kwh"]) == (13, 780)
    for r in (s_seed, e_seed):
        assert "historical" in r["name"] and "SPEC §8" in r["source"]
    # current lifecycle figures: about 10x apart, not 60x
    assert 30 < sweden["grid_gco2_per_kwh"] < 50 and 350 < estonia["grid_gco2_per_kwh"] < 450
    assert 8 < estonia["grid_gco2_per_kwh"] / sweden["grid_gco2_per_kwh"] < 12


# Spot values as they stand in the source file (OWID grapher carbon-intensity-electricity,
# Ember 2025 release, copy at twsaf1-sys/math_331_cryptocurrency_project@7149bf4), year 2023.
SOURCE_2023 = {
    "france": 55.27541,
    "sweden": 38.392212,
    "poland": 655.2752,
    "estonia": 388.03418,
    "germany": 371.31064,
    "united-states": 392.848,
    "india": 713.0127,
}
# eGRID2023 STC2ERTA, lb/MWh
EGRID_2023 = {"us-virginia": 539.599, "us-california": 394.769, "us-west-virginia": 1968.869}
# GoogleCloudPlatform/region-carbon-info data/yearly/2024.csv
GCP_2024 = {
    "us-central1": (412.72, 0.87),
    "europe-north1": (39.32, 0.98),
    "asia-south1": (678.76, 0.09),
}


@pytest.mark.parametrize("rid", sorted(SOURCE_2023))
def test_country_spot_values_match_the_source_file(rid):
    row = catalog.get("regions", rid)
    assert row["date"] == "2023"
    assert row["grid_gco2_per_kwh"] == pytest.approx(SOURCE_2023[rid], abs=0.05)


def test_state_and_gcp_spot_values_match_their_files():
    for rid, lb in EGRID_2023.items():
        v = catalog.get("regions", rid)["grid_gco2_per_kwh"]
        assert v == pytest.approx(lb * 0.45359237, abs=0.05), rid
    for rid, (g, cfe) in GCP_2024.items():
        row = catalog.get("regions", rid)
        assert (row["grid_gco2_per_kwh"], row["cfe_fraction"]) == (g, cfe), rid


def test_a_cloud_region_fills_pue_and_a_country_leaves_the_default():
    import llmcore as lc

    base = dict(
        params=1e9, tokens=2e10, hardware="h100-sxm", mfu=0.4, electricity_price_per_kwh=0.1
    )
    cloud = lc.training(**base, region="eastus")
    country = lc.training(**base, region="france")
    assert cloud.assumptions["pue"]["value"] == 1.18
    assert country.assumptions["pue"]["source"] == "default"
