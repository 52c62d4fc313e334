# SPDX-License-Identifier: BSD-3-Clause
"""Off-site water, primary energy, ADPe and market-based factors of the regions catalog, and the
host power of systems (issue 15, items 1-3): one source per field, carried to states and cloud
regions as the rows say, nothing invented where the source has only a world fall-back."""

from __future__ import annotations

import pytest

from llmcore import catalog
from llmcore._util.errors import InvalidInputError
from llmcore.catalog._validate import PLAUSIBLE, check_row

FIELDS = ("grid_water_l_per_kwh", "primary_energy_mj_per_kwh", "adpe_kgsbeq_per_kwh")
ECO = "EcoLogits 0.11.3 ecologits/data/electricity_mixes.json"


def _zones(codes: str) -> set[str]:
    return set(codes.split())


# The zones of EcoLogits 0.11.3 ecologits/data/electricity_mixes.json (PyPI wheel) whose value
# is not flagged as the world fall-back ("electricity-mix-wue-world", "-pe-world",
# "-adpe-world"); WOR (world) and EEE (Europe) are not countries.
WATER_ZONES = _zones(
    "ARG AUS AUT BEL BGR BRA CAN CHE CHL CHN CYP CZE DEU DNK ESP EST FIN FRA GBR GRC HUN IDN "
    "IND IRL ISL ITA JPN KOR LTU LUX LVA MEX MLT MYS NLD NOR NZL POL PRT ROU RUS SVK SVN SWE "
    "THA TUR TWN UKR USA"
)
PE_ADPE_ZONES = _zones(
    "AGO ALB ARE ARG ARM AUS AUT AZE BEL BEN BGD BGR BHR BIH BLR BOL BRA BRN BWA CAN CHE CHL "
    "CHN CIV CMR COD COG COL CRI CUB CYP CZE DEU DNK DOM DZA ECU EGY ERI ESP EST ETH FIN FRA "
    "GAB GBR GEO GHA GIB GRC GTM HKG HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR "
    "JPN KAZ KEN KGZ KHM KOR KWT LBN LBY LKA LTU LUX LVA MAR MDA MEX MKD MLT MMR MNG MOZ MYS "
    "NAM NGA NIC NLD NOR NPL NZL OMN PAK PAN PER PHL POL PRK PRT PRY QAT ROU RUS SAU SDN SEN "
    "SGP SLV SRB SVK SVN SWE SYR TGO THA TJK TKM TTO TUN TUR TWN TZA UKR URY USA UZB VEN VNM "
    "YEM ZAF ZMB ZWE"
)

# Spot values read in that file: zone -> (wue L/kWh, pe MJ/kWh, adpe kg Sb eq/kWh); None where
# the file gives only the world fall-back (3.908) for water.
SPOT = {
    "france": ("FRA", 3.6737, 9.3135, 4.858e-08),
    "united-states": ("USA", 3.1321, 9.6884, 9.855e-08),
    "brazil": ("BRA", 18.6033, 1.7701, 1.0962e-07),
    "singapore": ("SGP", None, 10.3089, 1.985e-08),
}


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def _rows():
    return {rid: catalog.get("regions", rid) for rid in catalog.list("regions")}


def _countries(rows):
    return {
        rid: r
        for rid, r in rows.items()
        if len(r.get("iso_code", "")) == 3 and not rid.endswith("-seed")
    }


def test_every_country_in_the_source_has_its_fields_and_no_other_has_them():
    countries = _countries(_rows())
    by_iso = {r["iso_code"]: rid for rid, r in countries.items()}
    assert len(by_iso) == len(countries)  # one row per ISO code
    assert set(by_iso) >= PE_ADPE_ZONES and WATER_ZONES <= PE_ADPE_ZONES
    for iso, rid in by_iso.items():
        r = countries[rid]
        has = {f for f in FIELDS if f in r}
        want = set()
        if iso in PE_ADPE_ZONES:
            want |= {"primary_energy_mj_per_kwh", "adpe_kgsbeq_per_kwh"}
        if iso in WATER_ZONES:
            want.add("grid_water_l_per_kwh")
        assert has == want, (rid, has, want)
        if want:
            assert f"{ECO} zone {iso}" in r["source"], rid
        if iso in PE_ADPE_ZONES - WATER_ZONES:
            assert "world fall-back" in r["source"], rid
    assert sum("grid_water_l_per_kwh" in r for r in countries.values()) == 49
    assert sum("adpe_kgsbeq_per_kwh" in r for r in countries.values()) == 136


def test_values_are_in_range_and_never_zero():
    for rid, r in _rows().items():
        for f in (*FIELDS, "market_gco2_per_kwh"):
            if f in r:
                lo, hi, _ = PLAUSIBLE[f]
                assert lo <= r[f] <= hi, (rid, f, r[f])
                if f != "market_gco2_per_kwh":  # a published market-based 0 is the one zero
                    assert r[f] > 0, (rid, f)


@pytest.mark.parametrize("rid", sorted(SPOT))
def test_spot_values_match_the_source_file(rid):
    iso, water, pe, adpe = SPOT[rid]
    r = catalog.get("regions", rid)
    assert r["iso_code"] == iso
    if water is None:
        assert "grid_water_l_per_kwh" not in r
    else:
        assert r["grid_water_l_per_kwh"] == pytest.approx(water, rel=1e-9)
    assert r["primary_energy_mj_per_kwh"] == pytest.approx(pe, rel=1e-9)
    assert r["adpe_kgsbeq_per_kwh"] == pytest.approx(adpe, rel=1e-9)


def test_hydro_grids_use_more_water_and_less_non_renewable_energy():
    # the shape of the two indicators (see the file header): reservoir evaporation raises water,
    # ADEME's "fossil resource use" leaves renewables out
    norway, brazil = catalog.get("regions", "norway"), catalog.get("regions", "brazil")
    germany, poland = catalog.get("regions", "germany"), catalog.get("regions", "poland")
    for hydro in (norway, brazil):
        for thermal in (germany, poland):
            assert hydro["grid_water_l_per_kwh"] > thermal["grid_water_l_per_kwh"]
            assert hydro["primary_energy_mj_per_kwh"] < thermal["primary_energy_mj_per_kwh"]


def test_states_and_cloud_regions_carry_the_factors_they_name():
    rows = _rows()
    usa = rows["united-states"]
    states = {rid: r for rid, r in rows.items() if r.get("iso_code", "").startswith("US-")}
    assert len(states) >= 50
    for rid, r in [*states.items(), ("us-average", rows["us-average"])]:
        assert all(r[f] == usa[f] for f in FIELDS), rid
        if rid != "us-average":
            assert "not this state's own" in r["source"], rid
    cloud = {rid: r for rid, r in rows.items() if "cloud_provider" in r}
    for rid, r in cloud.items():
        if "grid_region" in r:  # AWS and Azure: their grid row's factors
            g = rows[r["grid_region"]]
        else:  # GCP: the country the row names
            assert r["cloud_provider"] == "gcp"
            g = rows[r["source"].split("those of regions/")[1].split(",")[0]]
        for f in FIELDS:
            assert r.get(f) == g.get(f), (rid, f)
    assert rows["eastus"]["grid_water_l_per_kwh"] == usa["grid_water_l_per_kwh"]
    assert rows["europe-west9"]["adpe_kgsbeq_per_kwh"] == rows["france"]["adpe_kgsbeq_per_kwh"]
    assert rows["eu-north-1"]["grid_water_l_per_kwh"] == rows["sweden"]["grid_water_l_per_kwh"]


def test_market_based_factor_only_where_published():
    rows = _rows()
    market = {rid for rid, r in rows.items() if "market_gco2_per_kwh" in r}
    assert market == {"meta-2024-market"}
    r = rows["meta-2024-market"]
    assert r["market_gco2_per_kwh"] == 0 and "grid_gco2_per_kwh" not in r
    assert "market-based greenhouse gas emissions for training were 0 tons" in r["source"]


def test_host_power_of_a_system_is_its_maximum_less_the_accelerators():
    dgx = catalog.get("instances", "dgx-h100")
    tdp = catalog.get("hardware", dgx["accelerator"])["accel_power_w"]
    n = dgx["n_accel"]
    assert dgx["host_power_w"] == pytest.approx((dgx["system_power_w"] - n * tdp) / n)
    assert "MAXIMUM" in dgx["source"]
    rows = {rid: catalog.get("instances", rid) for rid in catalog.list("instances")}
    assert {rid for rid, r in rows.items() if "host_power_w" in r} == {"dgx-h100"}


@pytest.mark.parametrize(
    ("field", "slip"),
    [
        ("adpe_kgsbeq_per_kwh", 0.05),  # mg Sb eq given as kg
        ("primary_energy_mj_per_kwh", 3600.0),  # kJ given as MJ
        ("grid_water_l_per_kwh", 3140.0),  # mL given as L
        ("accel_idle_fraction", 70.0),  # watts given as a fraction
    ],
)
def test_unit_slips_are_caught(field, slip):
    row = {field: slip, "source": "test", "date": "2024"}
    with pytest.raises(InvalidInputError, match=field):
        check_row("regions", "slip", row, "test.toml")
