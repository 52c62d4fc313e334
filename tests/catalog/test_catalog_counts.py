# SPDX-License-Identifier: BSD-3-Clause
"""Issue 14's counts hold: enough rows of each kind, and the accelerator families it names.

Countries (>= 200), US states (>= 50) and cloud regions (>= 30 across AWS/GCP/Azure) are
counted in tests/catalog/test_regions.py and not repeated here.
"""

from __future__ import annotations

from collections import Counter

import pytest

from llmcore import catalog


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def test_at_least_sixty_models():
    assert len(catalog.list("models")) >= 60


def test_at_least_a_hundred_dated_api_prices():
    dated = [i for i in catalog.list("api_prices") if catalog.get("api_prices", i).get("date")]
    assert len(dated) >= 100


# The families the issue names: data-centre GPUs through Blackwell and MI325X, TPUs through
# v6e, Trainium and Inferentia, Gaudi, and the consumer / workstation cards.
HARDWARE_FAMILIES = {
    "nvidia-datacentre": {"a100-80gb", "h100-sxm", "h200", "b200", "b300", "gb200", "l4", "l40s"},
    "amd": {"mi300x", "mi325x", "mi355x"},
    "google-tpu": {"tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e"},
    "aws": {"trainium", "inferentia2"},
    "intel": {"gaudi2", "gaudi3"},
    "consumer": {"rtx-3090", "rtx-4090", "rtx-5090", "rtx-6000-ada"},
}


@pytest.mark.parametrize("family", sorted(HARDWARE_FAMILIES))
def test_hardware_covers_the_named_families(family):
    missing = HARDWARE_FAMILIES[family] - set(catalog.list("hardware"))
    assert not missing, f"{family}: no hardware row for {sorted(missing)}"


def test_at_least_forty_instances_across_the_three_clouds():
    rows = [catalog.get("instances", i) for i in catalog.list("instances")]
    by = Counter(r.get("provider") for r in rows)
    assert sum(by[p] for p in ("aws", "gcp", "azure")) >= 40, by
    assert all(by[p] >= 8 for p in ("aws", "gcp", "azure")), by
    # every instance says which cloud sells it, or is a system bought for on-premises use
    for r in rows:
        assert r.get("provider") in {"aws", "gcp", "azure"} or (
            r.get("provider") == "on-premises" and r.get("pricing") == "purchase"
        ), r
        catalog.get("hardware", r["accelerator"])


def test_on_premises_systems_carry_a_purchase_price_and_their_power():
    rows = {i: catalog.get("instances", i) for i in catalog.list("instances")}
    systems = {i: r for i, r in rows.items() if r.get("pricing") == "purchase"}
    assert "dgx-h100" in systems
    for rid, r in systems.items():
        assert "price_per_hour" not in r, rid  # bought, not rented: no hourly price
        assert r["accel_purchase_price"] * r["n_accel"] == pytest.approx(
            r["system_purchase_price"]
        ), rid
        assert (
            r["system_power_w"]
            > r["n_accel"] * catalog.get("hardware", r["accelerator"])["accel_power_w"]
        ), rid  # the box draws more than its accelerators
