# SPDX-License-Identifier: BSD-3-Clause
"""Finding catalog rows (issue 14 item 6): ids matched ignoring case and separators wherever
an id is accepted, aliases (row field and data/aliases.toml) with clashes as errors,
suggestions ranked prefix/substring before edit distance, catalog.search, to_pandas."""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest

import llmcore as lc
from llmcore import catalog
from llmcore._util.errors import closest
from llmcore._util.match import norm, rank
from llmcore.catalog._names import alias_table
from llmcore.mc import dist

ROW = {"peak_flop_per_s": 100e12, "source": "my lab", "date": "2024"}


@pytest.fixture(autouse=True)
def _fresh_catalog():
    catalog.reset()
    yield
    catalog.reset()


def _spellings(rid: str) -> list[str]:
    return [rid.upper(), rid.title(), rid.replace("-", "_"), rid.replace("-", " ").upper()]


# --- matching key and ranking -------------------------------------------------------------


def test_norm_folds_case_and_separators():
    assert norm("H100 SXM5") == norm("h100_sxm5") == norm(" h100--SXM5 ") == "h100-sxm5"
    assert norm("p4d.24xlarge") == "p4d.24xlarge"  # dots are not separators
    assert norm("Straße") == norm("STRASSE")  # casefold, not lower


def test_rank_tiers_in_order():
    names = ["h100-sxm", "h100-pcie", "h800", "v100", "p100", "gh100x", "a100"]
    got = rank("h100", names, labels={"a100": ["NVIDIA H100 lookalike"]})
    tiers = {n: t for n, t, _ in got}
    assert tiers["h100-sxm"] == tiers["h100-pcie"] == 1  # prefix
    assert tiers["a100"] == 2  # a word of its label starts with it
    assert tiers["gh100x"] == 3  # substring
    assert tiers["h800"] == tiers["v100"] == 5  # near misses last
    assert [t for _, t, _ in got] == sorted(t for _, t, _ in got)
    assert rank("H100_SXM", names)[0][:2] == ("h100-sxm", 0)  # exact up to case and separators
    assert rank("nvidia-h100-sxm-80gb", names)[0][:2] == ("h100-sxm", 4)  # inside the query
    assert rank("h100", names, near=False)[-1][1] == 3
    assert rank("", names) == []


def test_closest_puts_case_matches_and_prefixes_first():
    assert closest("PARAMS", ["params", "param_count", "parallel"])[0] == "params"
    assert closest("cloud", ["cloud_cost", "co2_kg", "could"])[0] == "cloud_cost"


# --- ids: case-insensitive, stored spelling kept ------------------------------------------


@pytest.mark.parametrize("kind", catalog.kinds())
def test_every_id_is_found_in_other_case_and_separators(kind):
    for rid in catalog.list(kind):
        for s in _spellings(rid):
            assert catalog.resolve(kind, s) == rid, (kind, s)
            assert catalog.get(kind, s)["id"] == rid
    assert catalog.list(kind.upper()) == catalog.list(kind)


def test_kinds_ignore_case_and_separators():
    assert catalog.list("API-Prices") == catalog.list("api_prices")
    assert catalog.list("Hardware") == catalog.list("hardware")
    assert catalog.list("REGION") == catalog.list("regions")
    with pytest.raises(lc.UnknownNameError, match="did you mean 'hardware'"):
        catalog.list("hardwares")


def test_the_issue_examples():
    assert catalog.get("hardware", "H100-SXM")["id"] == "h100-sxm"
    assert catalog.get("regions", "Sweden")["id"] == "sweden"
    assert catalog.fx_rate("eur") == catalog.fx_rate("EUR")


def test_estimator_keywords_ignore_case():
    base = dict(params=7e9, tokens=1e12, n_accel=64, mfu=0.4, pue=1.1)
    low = lc.training(**base, hardware="h100-sxm", region="sweden")
    up = lc.training(**base, hardware="H100_SXM", region="Sweden")
    for k in ("cloud_cost", "co2_kg", "energy_kwh", "wall_days"):
        assert up[k] == low[k], k
    assert lc.training(**base, hardware="H100 SXM5", region="SE")["co2_kg"] == low["co2_kg"]
    i_low = lc.training(params=7e9, tokens=1e12, mfu=0.4, instance="p4d.24xlarge")
    i_up = lc.training(params=7e9, tokens=1e12, mfu=0.4, instance="P4D.24XLARGE")
    assert i_up["cloud_cost"] == i_low["cloud_cost"]
    q = dict(samples=5, prompt_words=500, generated_words=200)
    assert lc.query(**q, prices="GPT-4o-2024-08")["cost_per_query"] == pytest.approx(
        lc.query(**q, prices="gpt-4o-2024-08")["cost_per_query"], rel=0
    )
    assert (
        lc.scaling(params=70e9, tokens=1.4e12, fit="Chinchilla")["loss"]
        == (lc.scaling(params=70e9, tokens=1.4e12, fit="chinchilla")["loss"])
    )
    a = lc.architecture(model="Llama-2-7B")
    assert a["params"] == lc.architecture(model="llama2-7b")["params"]  # an alias
    assert a["params"] == lc.architecture(model="llama-2-7b")["params"]
    eur = lc.training(**base, hardware="h100-sxm", currency="eur")
    assert eur.currency == "EUR"
    eur2 = lc.training(**base, hardware="h100-sxm", currency="Eur")
    assert eur2["cloud_cost"] == eur["cloud_cost"] and eur2.currency == "EUR"
    with pytest.raises(lc.UnknownNameError):  # currencies are ISO codes: no aliases
        lc.training(**base, hardware="h100-sxm", currency="euro")


def test_arrays_of_ids_ignore_case_per_scenario():
    base = dict(params=7e9, tokens=1e12, n_accel=64, mfu=0.4)
    low = lc.training(**base, hardware=np.array(["h100-sxm", "a100-80gb", "v100"]))
    mixed = lc.training(
        **base, hardware=np.array(["H100_SXM", "A100-80GB", "Tesla V100 SXM2 16GB"])
    )
    np.testing.assert_array_equal(mixed["cloud_cost"], low["cloud_cost"])
    np.testing.assert_array_equal(mixed["wall_days"], low["wall_days"])
    with pytest.raises(lc.UnknownNameError, match="did you mean 'h100-sxm', 'h100-pcie'"):
        lc.training(**base, hardware=np.array(["h100-sxm", "h100"]))


def test_tables_take_ids_in_any_case():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "params": [7e9, 13e9, 70e9],
            "tokens": [2e12, 2e12, 2e12],
            "hardware": ["A100-80GB", "h100_sxm", "H100 SXM5"],
            "region": ["SWEDEN", "Tokyo", "us"],
        }
    )
    want = df.assign(hardware=["a100-80gb", "h100-sxm", "h100-sxm"])
    want = want.assign(region=["sweden", "tokyo", "us-average"])
    got = lc.evaluate_table(df, model="training", n_accel=64, mfu=0.4)
    ref = lc.evaluate_table(want, model="training", n_accel=64, mfu=0.4)
    for c in ("cloud_cost", "co2_kg"):
        np.testing.assert_array_equal(got[c].to_numpy(), ref[c].to_numpy())


def test_monte_carlo_rows_and_choice_ignore_case():
    assert dist.rows("hardware", ["H100-SXM", "a100_80gb"]).ids == ("h100-sxm", "a100-80gb")
    args = dict(n=2000, seed=3, outputs=["cloud_cost"])
    inputs = dict(params=7e9, tokens=1e12, n_accel=64, mfu=0.4)
    low = lc.simulate(
        "training", {**inputs, "hardware": dist.choice(["h100-sxm", "a100-80gb"])}, **args
    )
    up = lc.simulate(
        "training", {**inputs, "hardware": dist.choice(["H100-SXM", "A100 80GB"])}, **args
    )
    assert up["cloud_cost"].mean == low["cloud_cost"].mean
    assert up["cloud_cost"].quantile(0.9) == low["cloud_cost"].quantile(0.9)
    with pytest.raises(KeyError, match="did you mean 'h100-sxm'"):
        dist.rows("hardware", ["h100"])


# --- suggestions --------------------------------------------------------------------------


def test_h100_suggests_the_h100_rows_before_h800_and_v100():
    with pytest.raises(lc.UnknownNameError) as e:
        catalog.get("hardware", "h100")
    s = e.value.suggestions
    assert set(s[:2]) == {"h100-sxm", "h100-pcie"}
    assert all(x not in s[:2] for x in ("h800", "v100", "p100"))
    catalog.add("hardware", {"h100-nvl": {**ROW, "name": "NVIDIA H100 NVL 94 GB"}})
    with pytest.raises(lc.UnknownNameError) as e:
        catalog.get("hardware", "H100")
    assert set(e.value.suggestions) == {"h100-sxm", "h100-pcie", "h100-nvl"}


def test_suggestions_use_aliases_and_names():
    with pytest.raises(lc.UnknownNameError) as e:
        catalog.get("hardware", "instinct")  # a word of mi300x's alias and name
    assert e.value.suggestions[0] == "mi300x"
    with pytest.raises(lc.UnknownNameError) as e:
        catalog.get("regions", "virginia")  # us-virginia's id; in us-east-1's name only
    assert e.value.suggestions[0] == "us-virginia"
    for rid in e.value.suggestions:  # the rest by id word or name (eastus: "Virginia")
        row = catalog.get("regions", rid)
        assert "virginia" in rid or "virginia" in str(row.get("name", "")).lower(), rid


# --- aliases ------------------------------------------------------------------------------


def test_alias_table_names_existing_rows_only_and_resolves():
    table = alias_table()  # data/aliases.toml
    assert set(table) <= set(catalog.kinds())
    n = 0
    for kind, rows in table.items():
        for rid, names in rows.items():
            assert rid in catalog.list(kind), f"aliases.toml: {kind}/{rid} is no row"
            assert catalog.aliases(kind, rid) == names
            for a in names:
                assert catalog.resolve(kind, a) == rid
                assert catalog.resolve(kind, a.upper().replace("-", " ")) == rid
                n += 1
    assert n >= 30


def test_ambiguous_names_are_no_aliases():
    for kind, rid in [("hardware", "h100"), ("hardware", "a100"), ("hardware", "tpu")]:
        with pytest.raises(lc.UnknownNameError):
            catalog.resolve(kind, rid)


def test_aliases_on_user_rows_toml_and_csv(tmp_path):
    t = tmp_path / "mine.toml"
    t.write_text(
        '[hardware.my-gpu]\npeak_flop_per_s = 100e12\naliases = ["Lab GPU", "lab_gpu_v2"]\n'
        'source = "my lab"\ndate = "2024"\n'
    )
    catalog.load(t)
    assert catalog.resolve("hardware", "LAB-GPU") == "my-gpu"
    assert catalog.resolve("hardware", "lab gpu v2") == "my-gpu"
    assert catalog.aliases("hardware", "lab-gpu") == ["Lab GPU", "lab_gpu_v2"]
    c = tmp_path / "mine.csv"
    c.write_text("id,grid_gco2_per_kwh,aliases,source,date\nmy-dc,50,dc one; 4090,ops,2024\n")
    catalog.load(c, kind="regions")
    assert catalog.resolve("regions", "DC ONE") == "my-dc"
    assert catalog.resolve("regions", "4090") == "my-dc"  # a numeric alias stays text
    assert catalog.origin("regions", "dc-one") == str(c)


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        (
            {"x1": {**ROW, "aliases": ["a100-80gb"]}},
            "alias 'a100-80gb' of hardware/x1 .* is the id",
        ),
        ({"x1": {**ROW, "aliases": ["h100-sxm5"]}}, "also names hardware/h100-sxm"),
        (
            {"x1": {**ROW, "aliases": ["dup"]}, "x2": {**ROW, "aliases": ["DUP"]}},
            "alias 'DUP' of hardware/x2 .* also names hardware/x1",
        ),
        ({"x1": {**ROW, "aliases": ["x2"]}, "x2": ROW}, "is the id of hardware/x2"),
        ({"My-GPU": ROW, "my_gpu": ROW}, "ids 'My-GPU' .* and 'my_gpu' .* differ only in case"),
    ],
)
def test_clashes_are_errors_and_add_nothing(rows, match):
    before = catalog.list("hardware")
    with pytest.raises(lc.InvalidInputError, match=match):
        catalog.add("hardware", rows)
    assert catalog.list("hardware") == before


@pytest.mark.parametrize("bad", [[1, 2], [""], {"a": 1}, ["ok", None]])
def test_aliases_must_be_strings(bad):
    with pytest.raises(TypeError, match="'aliases' must be a list of non-empty strings"):
        catalog.add("hardware", {"x1": {**ROW, "aliases": bad}})


def test_a_user_row_in_other_case_replaces_the_row_with_a_warning():
    with pytest.warns(catalog.CatalogOverrideWarning, match=r"hardware/A100-80GB \(was a100-80gb"):
        catalog.add("hardware", {"A100-80GB": {**ROW, "price_per_accel_hour": 2.5}})
    ids = catalog.list("hardware")
    assert "A100-80GB" in ids and "a100-80gb" not in ids
    assert catalog.get("hardware", "a100-80gb")["price_per_accel_hour"] == 2.5
    assert catalog.get("hardware", "a100-80gb")["id"] == "A100-80GB"
    assert catalog.resolve("hardware", "a100-sxm4-80gb") == "A100-80GB"  # table alias follows
    assert catalog.origin("hardware", "a100-80gb") == "add()"
    with warnings.catch_warnings():  # the same origin again: no warning
        warnings.simplefilter("error")
        catalog.add("hardware", {"a100-80GB": ROW})


def test_a_user_row_named_like_an_alias_takes_the_name_with_a_warning():
    with pytest.warns(catalog.CatalogOverrideWarning, match="regions/se takes the name 'se'"):
        catalog.add("regions", {"se": {"grid_gco2_per_kwh": 40, "source": "x", "date": "2024"}})
    assert catalog.resolve("regions", "SE") == "se"
    assert catalog.resolve("regions", "swe") == "sweden"  # its other aliases stay
    assert "se" not in catalog.aliases("regions", "sweden")


def test_instances_name_their_accelerator_in_any_case():
    catalog.add(
        "instances",
        {"my-box": {"accelerator": "H100 SXM5", "n_accel": 8, "source": "x", "date": "2024"}},
    )
    f = catalog.fill_fields("instances", "MY-BOX")
    assert f["peak_flop_per_s"] == catalog.get("hardware", "h100-sxm")["peak_flop_per_s"]


def test_litellm_names_equal_up_to_case_keep_the_first(tmp_path):
    from llmcore import imports

    entry = '{"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6}'
    p = tmp_path / "prices.json"
    p.write_text(f'{{"vendor/model_router": {entry}, "vendor/Model-Router": {entry}}}')
    with pytest.warns(
        imports.CatalogImportWarning,
        match="the same id as an earlier entry up to case.*as 'vendor/model_router'",
    ):
        rows = imports.litellm_prices(p, date="2025-01")
    assert list(rows) == ["vendor/model_router"]
    assert catalog.resolve("api_prices", "VENDOR/MODEL ROUTER") == "vendor/model_router"


# --- search -------------------------------------------------------------------------------


def test_search_h100_finds_the_h100_rows_first():
    hits = catalog.search("h100")
    assert {(h["kind"], h["id"]) for h in hits[:2]} == {
        ("hardware", "h100-sxm"),
        ("hardware", "h100-pcie"),
    }
    assert all(h["match"] == "prefix" for h in hits[:2])
    ids = [h["id"] for h in hits]
    assert "h800" not in ids and "v100" not in ids  # near misses only when nothing matches
    assert "p5.48xlarge" in ids  # its accelerator is h100-sxm
    first = hits[0]
    row = catalog.get(first["kind"], first["id"])
    assert (first["source"], first["date"]) == (row["source"], row["date"])
    assert first["origin"] == "built-in hardware.toml"


def test_search_by_alias_name_and_kind():
    assert catalog.search("Sweden")[0]["id"] == "sweden"
    assert catalog.search("SWE")[0]["id"] == "sweden"  # alias, exact
    hits = [h["id"] for h in catalog.search("virginia")]
    assert hits[0] == "us-virginia" and "us-east-1" in hits  # id word, then name
    assert {h["kind"] for h in catalog.search("a100", kind="instances")} == {"instances"}
    near = catalog.search("h10O", kind="hardware")
    assert near and all(h["match"] == "near" for h in near)
    assert catalog.search("zzzzqqq") == []
    with pytest.raises(lc.InvalidInputError, match="empty"):
        catalog.search("  ")
    with pytest.raises(lc.UnknownNameError):
        catalog.search("h100", kind="hardwares")


# --- to_pandas ----------------------------------------------------------------------------


def test_to_pandas_columns_and_origin(tmp_path):
    pd = pytest.importorskip("pandas")
    t = tmp_path / "mine.toml"
    t.write_text('[hardware.my-gpu]\npeak_flop_per_s = 100e12\nsource = "lab"\ndate = "2024"\n')
    catalog.load(t)
    df = catalog.to_pandas("Hardware")
    assert isinstance(df, pd.DataFrame) and df.index.name == "id"
    assert list(df.columns[-4:]) == ["aliases", "source", "date", "origin"]
    assert set(df.index) == set(catalog.list("hardware"))
    assert df.loc["h100-sxm", "aliases"] == ["h100-sxm5", "h100-sxm5-80gb"]
    assert df.loc["my-gpu", "origin"] == str(t)
    assert df.loc["h100-sxm", "origin"] == "built-in hardware.toml"
    assert np.isnan(df.loc["my-gpu", "accel_power_w"])  # absent, not 0
    fields = {f for rid in catalog.list("hardware") for f in catalog.get("hardware", rid)}
    assert fields - {"id"} <= set(df.columns)


def test_to_pandas_without_pandas_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"to_pandas\(\) needs pandas.*pip install pandas"):
        catalog.to_pandas("hardware")
