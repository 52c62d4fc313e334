# SPDX-License-Identifier: BSD-3-Clause
"""Rebuild python/llmcore/validation/data/mlenergy.csv from an ML.ENERGY Leaderboard checkout.

    python bench/mlenergy_extract.py /path/to/ml-energy/leaderboard [--commit 0cd52da]

Reads ``public/data/tasks/lm-arena-chat.json`` at the given commit (``git show``, so a bare
mirror works), keeps the models whose architecture llmcore's model catalog describes (the
Mamba-hybrid Nemotron rows are left out: ``serving`` has no state-space layers), and for each
(model, GPU, GPU count) keeps three batch settings: max_num_seqs 8, 64 and the largest one
measured (the smallest, a middle and the saturated regime). Architecture columns come from the
llmcore catalog row named in ``llmcore_model`` (itself sourced from each model's config.json).
The mean prompt length is not published in the leaderboard data, so ``prompt_tokens`` is left
empty (absent, not zero): see mlenergy_SOURCE.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))

from llmcore import catalog  # noqa: E402

OUT = ROOT / "python" / "llmcore" / "validation" / "data" / "mlenergy.csv"
TASK_PATH = "public/data/tasks/lm-arena-chat.json"
REPO = "github.com/ml-energy/leaderboard"

# Hugging Face id (less -FP8) -> llmcore catalog id. DeepSeek-V3.1 has DeepSeek-V3's
# architecture (same config.json dimensions); Llama 3.3 70B has Llama 3.1 70B's.
CATALOG = {
    "meta-llama/Llama-3.1-8B-Instruct": "llama-3.1-8b",
    "meta-llama/Llama-3.1-70B-Instruct": "llama-3.1-70b",
    "meta-llama/Llama-3.3-70B-Instruct": "llama-3.3-70b",
    "meta-llama/Llama-3.1-405B-Instruct": "llama-3.1-405b",
    "meta-llama/Llama-4-Scout-17B-16E-Instruct": "llama-4-scout",
    "meta-llama/Llama-4-Maverick-17B-128E-Instruct": "llama-4-maverick",
    "Qwen/Qwen3-8B": "qwen3-8b",
    "Qwen/Qwen3-14B": "qwen3-14b",
    "Qwen/Qwen3-32B": "qwen3-32b",
    "Qwen/Qwen3-30B-A3B-Instruct-2507": "qwen3-30b-a3b",
    "Qwen/Qwen3-235B-A22B-Instruct-2507": "qwen3-235b-a22b",
    "deepseek-ai/DeepSeek-V3.1": "deepseek-v3",
    "google/gemma-3-12b-it": "gemma-3-12b",
    "google/gemma-3-27b-it": "gemma-3-27b",
}
HARDWARE = {"H100": "h100-sxm", "B200": "b200"}
BYTES = {"bfloat16": 2.0, "fp8": 1.0}
KEEP_SEQS = (8, 64)

COLUMNS = [
    "id",
    "model_hf",
    "llmcore_model",
    "gpu",
    "hardware",
    "n_gpus",
    "tensor_parallel",
    "expert_parallel",
    "data_parallel",
    "weight_precision",
    "bytes_per_param",
    "max_num_seqs",
    "avg_batch",
    "prompt_tokens",
    "output_tokens",
    "j_per_token",
    "j_per_request",
    "avg_power_w_all_gpus",
    "output_tokens_per_s",
    "median_itl_ms",
    "params",
    "active_params",
    "n_layers",
    "d_model",
    "kv_fraction",
    "n_experts",
    "experts_per_token",
    "attention",
    "task",
    "source",
    "date",
]


def _git_show(repo: Path, commit: str, path: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(repo), "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
    ).stdout


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def _short_model(hf: str) -> str:
    return hf.split("/")[1].replace("-Instruct", "").replace("-2507", "")


def rows(repo: Path, commit: str) -> list[dict[str, object]]:
    full = _git(repo, "rev-parse", commit)
    date = _git(repo, "show", "-s", "--format=%cs", full)
    task = json.loads(_git_show(repo, full, TASK_PATH))
    groups: dict[tuple, list[dict]] = {}
    for r in task["configurations"]:
        base = r["model_id"].removesuffix("-FP8")
        if base not in CATALOG or r["gpu_model"] not in HARDWARE:
            continue
        key = (r["model_id"], r["gpu_model"], r["num_gpus"])
        groups.setdefault(key, []).append(r)
    out: list[dict[str, object]] = []
    for key in sorted(groups):
        confs = groups[key]
        top = max(c["max_num_seqs"] for c in confs)
        wanted = sorted({s for s in KEEP_SEQS if s <= top} | {top})
        for seqs in wanted:
            # the first configuration of that max_num_seqs (two runs exist for a few)
            c = next(c for c in confs if c["max_num_seqs"] == seqs)
            base = c["model_id"].removesuffix("-FP8")
            cid = CATALOG[base]
            row = catalog.get("models", cid)
            prec = c["weight_precision"]
            out.append(
                {
                    "id": f"{_short_model(c['model_id'])}|{c['gpu_model']}x{c['num_gpus']}"
                    f"|seqs{seqs}",
                    "model_hf": c["model_id"],
                    "llmcore_model": cid,
                    "gpu": c["gpu_model"],
                    "hardware": HARDWARE[c["gpu_model"]],
                    "n_gpus": c["num_gpus"],
                    "tensor_parallel": c["tensor_parallel"],
                    "expert_parallel": c["expert_parallel"],
                    "data_parallel": c["data_parallel"],
                    "weight_precision": prec,
                    "bytes_per_param": BYTES[prec],
                    "max_num_seqs": seqs,
                    "avg_batch": _num(c.get("avg_batch_size")),
                    "prompt_tokens": "",
                    "output_tokens": _num(c["avg_output_len"]),
                    "j_per_token": _num(c["energy_per_token_joules"]),
                    "j_per_request": _num(c["energy_per_request_joules"]),
                    "avg_power_w_all_gpus": _num(c["avg_power_watts"]),
                    "output_tokens_per_s": _num(c["output_throughput_tokens_per_sec"]),
                    "median_itl_ms": _num(c["median_itl_ms"]),
                    "params": row["params"],
                    "active_params": row.get("active_params", row["params"]),
                    "n_layers": row["n_layers"],
                    "d_model": row["d_model"],
                    "kv_fraction": _num(row["kv_fraction"]),
                    "n_experts": row.get("n_experts", ""),
                    "experts_per_token": row.get("experts_per_token", ""),
                    "attention": row.get("attention", ""),
                    "task": task["task"],
                    "source": f"ML.ENERGY Leaderboard v3, {REPO} {TASK_PATH} @{full[:7]}; "
                    f"architecture: llmcore catalog models.toml [{cid}]",
                    "date": date,
                }
            )
    return out


def _num(x: object) -> object:
    if x is None:
        return ""
    return float(f"{float(x):.6g}")  # type: ignore[arg-type]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repo", type=Path, help="ml-energy/leaderboard checkout or bare mirror")
    ap.add_argument("--commit", default="0cd52da")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    data = rows(a.repo, a.commit)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(data)
    print(f"{len(data)} rows -> {a.out}")


if __name__ == "__main__":
    main()
