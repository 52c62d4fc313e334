# SPDX-License-Identifier: BSD-3-Clause
"""``llmcore serve`` itself: binds to loopback and says so, answers over a real socket, and
stops a Monte Carlo run whose client went away."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from llmcore.cli.main import main

from ._server import running_server

MC = {
    "params": 7e9,
    "tokens": 2e12,
    "n_accel": 1024,
    "hardware": "a100-80gb",
    "region": "us-average",
    "mfu": {"dist": "uniform", "lo": 0.3, "hi": 0.55},
}


def test_serve_help_names_loopback(capsys):
    assert main(["serve", "--help"]) == 0
    assert "127.0.0.1" in capsys.readouterr().out
    assert main(["serve", "--max-n", "0"]) == 2
    assert "--max-n" in capsys.readouterr().err


def test_real_server_and_cancel():
    with running_server("--max-n", "4e9") as (url, log):
        h = httpx.get(f"{url}/api/health").json()
        assert h["max_n"] == 4_000_000_000 and h["runs_cancelled"] == 0
        r = httpx.post(f"{url}/api/training", json={**MC, "mfu": 0.4})
        assert r.status_code == 200 and r.json()["outputs"]["flop"]["value"] == 6 * 7e9 * 2e12
        # a run far longer than the client waits: the client leaves, the run must stop
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(
                f"{url}/api/simulate",
                json={"model": "training", "n": 4_000_000_000, "seed": 1, "inputs": MC},
                timeout=1.0,
            )
        cancelled = 0
        for _ in range(600):  # polled: the run stops at its next chunk boundary
            cancelled = httpx.get(f"{url}/api/health", timeout=30).json()["runs_cancelled"]
            if cancelled:
                break
            time.sleep(0.1)
        assert cancelled == 1
        # the compute lock is free again: a new run is answered
        r = httpx.post(
            f"{url}/api/simulate",
            json={"model": "training", "n": 1000, "seed": 1, "inputs": MC},
            timeout=60,
        )
        assert r.status_code == 200
    assert "listening on 127.0.0.1 (loopback only)" in log[0]
