"""A scenario's own flag (unreachable target, a lifecycle without its CO2) answers only for the
outputs it leaves NaN; every other output is still checked (issue 13 item 5)."""

from __future__ import annotations

import numpy as np
import pytest

import llmcore as lc
from llmcore import dist
from llmcore._engine import backends as _backends
from llmcore._models import MODELS

from ..harness import all_backends

BACKENDS = all_backends()
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


@pytest.mark.skipif("cpu" not in lc.backends(), reason="compiled core missing")
def test_core_and_metadata_name_the_same_flagged_outputs() -> None:
    core = {m: dict(bits) for m, bits in _backends.core().flagged_outputs().items()}
    meta = {m.name: {b: tuple(o) for b, o in m.flagged} for m in MODELS.values() if m.flagged}
    assert core == meta
    assert "scaling" in meta and "lifecycle" in meta
    for m in MODELS.values():
        for _bit, names in m.flagged:
            assert set(names) <= set(m.output_names)


@pytest.mark.parametrize("backend", BACKENDS)
def test_overflow_beside_an_unreachable_target_is_non_finite(backend: str) -> None:
    with pytest.warns(RuntimeWarning, match="non-finite|not finite"):
        r = lc.evaluate(
            "scaling", {"params": 1e200, "tokens": 1e200, "target_loss": 0.1}, backend=backend
        )
    assert np.isinf(r["train_flop"])
    assert np.isnan(r["min_compute_for_loss"])
    assert r.status_counts["unreachable_target"] == 1
    assert r.status_counts["non_finite"] == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_unreachable_target_alone_is_not_non_finite(backend: str) -> None:
    r = lc.evaluate(
        "scaling",
        {"params": 1e9, "tokens": 1e11, "target_loss": 0.1},
        outputs=["train_flop", "min_compute_for_loss"],
        backend=backend,
    )
    assert r.status_counts == {**r.status_counts, "unreachable_target": 1, "non_finite": 0}


@pytest.mark.parametrize("backend", BACKENDS)
def test_batches_count_per_output(backend: str) -> None:
    params = np.array([1e9, 1e200, 1e9, 1e200])
    target = np.array([0.1, 0.1, 3.0, 3.0])  # unreachable, unreachable, reachable, reachable
    r = lc.evaluate(
        "scaling", {"params": params, "tokens": 1e200, "target_loss": target}, backend=backend
    )
    assert r.status_counts["unreachable_target"] == 2
    # train_flop overflows where params = 1e200 (rows 1 and 3), whatever the target.
    assert r.status_counts["non_finite"] == 2


def test_monte_carlo_counts_overflow_beside_an_unreachable_target() -> None:
    inputs = {
        "params": dist.loguniform(1e100, 1e300),
        "tokens": 1e200,
        "target_loss": dist.uniform(0.5, 2.5),
    }
    outs = ["train_flop", "min_compute_for_loss"]
    counts = [
        lc.simulate("scaling", inputs, n=4000, seed=3, outputs=outs, backend=b).status_counts
        for b in BACKENDS
    ]
    sens = [
        lc.sensitivity("scaling", inputs, n=512, seed=3, outputs=outs, backend=b).status_counts
        for b in BACKENDS
    ]
    for c in (counts, sens):
        assert all(x == c[0] for x in c), c
        assert c[0]["unreachable_target"] > 0 and c[0]["non_finite"] > 0
