# SPDX-License-Identifier: BSD-3-Clause
"""The `embedding` and `finetune` sub-commands, generated from their metadata."""

from __future__ import annotations

import json

import pytest

from llmcore.cli import main


def test_finetune_help_lists_the_method(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["finetune", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--finetune_method" in out and "--lora_rank" in out and "--hardware" in out


def test_embedding_ratio_and_finetune_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--tokens", "1e9", "--tokens-per-s", "9000", "--price-per-accel-hour", "1.2"]
    api = ["--api-price-per-1k-tokens", "0.0004", "--json"]
    assert main(["embedding", *args, *api]) == 0
    data = json.loads(capsys.readouterr().out)
    # 0.0004 $/1k against 1.20 $/h / (9000 x 3600) tokens/h x 1000
    assert data["outputs"]["api_to_self_hosted_ratio"] == pytest.approx(0.0004 / (1.2 / 32_400))
    ft = ["--params", "13e9", "--n-layers", "40", "--d-model", "5120", "--tokens", "1e6"]
    assert main(["finetune", *ft, "--finetune-method", "lora", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outputs"]["trainable_params"] == 40 * 2 * 2 * 8 * 5120
    assert "cost" not in data["outputs"]  # no hardware, no price: absent, not 0
