# SPDX-License-Identifier: BSD-3-Clause
"""The interconnect catalog (issue 16): every row has its source and date, rates are per
accelerator and per direction within plausible ranges, the generations keep their published
ratios, and systems agree with the link rows they name."""

from __future__ import annotations

import pytest

from llmcore import catalog
from llmcore._util.errors import InvalidInputError
from llmcore.catalog._validate import PLAUSIBLE

KINDS = {"scale-up", "network", "system"}
RATE_FIELDS = ("intra_bw_bytes_per_s", "inter_bw_bytes_per_s", "intra_latency_s", "inter_latency_s")


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def _rows():
    return {i: catalog.get("interconnects", i) for i in catalog.list("interconnects")}


def test_the_kind_is_registered_with_its_keyword():
    assert catalog.KEYWORDS["interconnect"] == "interconnects"
    assert "interconnects" in catalog.kinds()
    assert catalog.resolve("interconnect", "NVLink 4") == "nvlink4"  # kind alias, row alias


@pytest.mark.parametrize("rid", sorted(catalog.list("interconnects")))
def test_every_row_has_provenance_and_plausible_rates(rid):
    row = catalog.get("interconnects", rid)
    assert row["source"].strip() and str(row["date"]).strip()
    assert row["kind"] in KINDS, rid
    for f in (*RATE_FIELDS, "port_bw_bits_per_s", "accel_per_node"):
        if f in row:
            lo, hi, _ = PLAUSIBLE[f]
            assert lo <= row[f] <= hi, (rid, f, row[f])
    if row["kind"] == "scale-up":
        assert "intra_bw_bytes_per_s" in row and "inter_bw_bytes_per_s" not in row, rid
    if row["kind"] == "network":
        assert "inter_bw_bytes_per_s" in row and "intra_bw_bytes_per_s" not in row, rid
        # one port per accelerator: bytes/s = line rate / 8
        assert row["inter_bw_bytes_per_s"] == pytest.approx(row["port_bw_bits_per_s"] / 8)


def test_the_issue_rows_are_there():
    need = {"nvlink3", "nvlink4", "nvlink5", "pcie4-x16", "pcie5-x16", "ib-hdr", "ib-ndr"}
    need |= {"roce-100g", "roce-200g", "roce-400g", "tpu-v4-ici", "dgx-a100", "dgx-h100"}
    assert need <= set(catalog.list("interconnects"))


def test_per_direction_rates_match_the_vendor_bidirectional_figures():
    r = _rows()
    # vendor (bidirectional) figures: A100 600 GB/s, H100 900 GB/s, B200 1.8 TB/s
    assert 2 * r["nvlink3"]["intra_bw_bytes_per_s"] == 600e9
    assert 2 * r["nvlink4"]["intra_bw_bytes_per_s"] == 900e9
    assert 2 * r["nvlink5"]["intra_bw_bytes_per_s"] == 1.8e12
    assert r["pcie5-x16"]["intra_bw_bytes_per_s"] == pytest.approx(
        2 * r["pcie4-x16"]["intra_bw_bytes_per_s"], rel=0.02
    )
    assert r["ib-ndr"]["port_bw_bits_per_s"] == 2 * r["ib-hdr"]["port_bw_bits_per_s"] == 400e9


def test_absent_figures_are_absent_not_zero():
    r = _rows()
    assert "intra_latency_s" not in r["nvlink4"]  # no published NVLink 4 latency
    assert "inter_latency_s" not in r["ib-ndr"]  # 'NDR and later didn't publish latency data'
    for rid, row in r.items():
        for f in RATE_FIELDS:
            assert row.get(f, 1) > 0, (rid, f)


@pytest.mark.parametrize("rid", ["dgx-a100", "dgx-h100", "hgx-b200"])
def test_systems_agree_with_their_links_and_hardware(rid):
    r = _rows()
    sysrow = r[rid]
    intra = r[sysrow["intra"]]
    assert sysrow["intra_bw_bytes_per_s"] == intra["intra_bw_bytes_per_s"]
    if "inter" in sysrow:
        inter = r[sysrow["inter"]]
        per_accel = inter["inter_bw_bytes_per_s"] * sysrow["inter_ports_per_node"]
        assert sysrow["inter_bw_bytes_per_s"] == per_accel / sysrow["accel_per_node"]
    hw = catalog.get("hardware", sysrow["hardware"])
    assert hw.get("accel_per_node") == sysrow["accel_per_node"]


def test_sxm_hardware_rows_carry_their_node_size_with_a_source():
    for hid in ("a100-40gb", "a100-80gb", "h100-sxm", "b200"):
        row = catalog.get("hardware", hid)
        assert row["accel_per_node"] == 8, hid
        assert "SXM" in row["name"] or "HGX" in row["name"], hid
        assert row["accel_per_node_source"].strip(), hid
    assert "accel_per_node" not in catalog.get("hardware", "h100-pcie")  # not a node form


def test_a_unit_slip_is_rejected():
    with pytest.raises(InvalidInputError, match="intra_bw_bytes_per_s"):
        catalog.add(
            "interconnects",
            {"x": {"kind": "scale-up", "intra_bw_bytes_per_s": 600, "source": "s", "date": "d"}},
        )
