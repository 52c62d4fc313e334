# SPDX-License-Identifier: BSD-3-Clause
"""How many fewer scenarios scrambled Sobol' points need than random draws (issue 19).

On the seeds' studies (tests/harness.py MC_TRAINING and the README's simulate example, with
its copula), per output: the root-mean-square error of the mean and of the 95th percentile
over `--seeds` seeds at n = 2^8 .. 2^`--max-log2`, for sampler="random" and "sobol", against
a 2^`--truth-log2` Sobol' run. Each curve is fitted as rmse = c·n^slope (log-log least
squares). "error_ratio" is measured: random's RMSE over Sobol's at the same n. "n_ratio" is
the n random draws need to reach the error Sobol' reaches at n, over n, from the random
fit (slope about -1/2, the CLT's); "extrapolated" marks where that n lies past the largest
n measured. The truth's own error makes Sobol's RMSE look larger, never smaller.
Writes bench/results/qmc.json (with machine and commit). Run:
``python bench/bench_qmc.py`` (about a minute on 2 shared cores).
"""

from __future__ import annotations

import argparse
import math

import numpy as np

import llmcore as lc
from harness import write
from llmcore import dist

MC_TRAINING = {  # tests/harness.py
    "params": dist.loguniform(1e9, 1e11),
    "tokens": dist.lognormal(np.log(3e11), 0.3),
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.4, 0.6]),
    "mfu": dist.uniform(0.3, 0.55),
    "pue": dist.triangular(1.05, 1.1, 1.4),
    "grid_gco2_per_kwh": dist.ci(50, 600),
    "n_accel": dist.choice([256, 512, 1024]),
    "electricity_price_per_kwh": dist.normal(0.1, 0.02, lo=0.01),
    "embodied_kgco2_per_accel": dist.pert(100, 150, 400),
}
README = {  # README.md "Monte Carlo"
    "params": 175e9,
    "tokens": 300e9,
    "hardware": dist.rows("hardware", ["a100-80gb", "h100-sxm"], p=[0.5, 0.5]),
    "n_accel": 1024,
    "mfu": dist.uniform(0.3, 0.55),
    "pue": dist.triangular(1.05, 1.1, 1.4),
    "grid_gco2_per_kwh": dist.ci(50, 600),
}
STUDIES = {
    "mc_training": (MC_TRAINING, None),
    "readme": (README, {("mfu", "pue"): -0.3}),
}
OUTPUTS = ["cloud_cost", "co2_kg"]
STATS = {"mean": lambda s: s.mean, "p95": lambda s: s.quantile(0.95)}


def _run(inputs, corr, n: int, seed: int, sampler: str):
    return lc.simulate(
        "training",
        inputs,
        n=n,
        seed=seed,
        outputs=OUTPUTS,
        quantiles=(0.95,),
        correlation=corr,
        sampler=sampler,
        progress=False,
    )


def _fit(ns: list[int], rmse: list[float]) -> tuple[float, float]:
    slope, icpt = np.polyfit(np.log(ns), np.log(rmse), 1)
    return float(slope), float(icpt)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seeds", type=int, default=32)
    ap.add_argument("--max-log2", type=int, default=16)
    ap.add_argument("--truth-log2", type=int, default=22)
    args = ap.parse_args()
    ns = [1 << m for m in range(8, args.max_log2 + 1)]
    out: dict = {"seeds": args.seeds, "n": ns, "truth_n": 1 << args.truth_log2, "studies": {}}
    for study, (inputs, corr) in STUDIES.items():
        truth_run = _run(inputs, corr, 1 << args.truth_log2, 12345, "sobol")
        est = {
            sampler: {n: [_run(inputs, corr, n, s, sampler) for s in range(args.seeds)] for n in ns}
            for sampler in ("random", "sobol")
        }
        rows = {}
        for o in OUTPUTS:
            for stat, get in STATS.items():
                truth = get(truth_run[o])
                rmse = {
                    sampler: [
                        math.sqrt(np.mean([(get(r[o]) - truth) ** 2 for r in est[sampler][n]]))
                        for n in ns
                    ]
                    for sampler in est
                }
                fits = {sampler: _fit(ns, rmse[sampler]) for sampler in rmse}
                b_r, a_r = fits["random"]
                # n random draws need for Sobol's error at n: exp((log e - a_r) / b_r)
                need = [math.exp((math.log(e) - a_r) / b_r) for e in rmse["sobol"]]
                rows[f"{o}.{stat}"] = {
                    "truth": truth,
                    "rmse_random": rmse["random"],
                    "rmse_sobol": rmse["sobol"],
                    "rel_rmse_random": [e / abs(truth) for e in rmse["random"]],
                    "rel_rmse_sobol": [e / abs(truth) for e in rmse["sobol"]],
                    "slope_random": b_r,
                    "slope_sobol": fits["sobol"][0],
                    "error_ratio": [r / s for r, s in zip(rmse["random"], rmse["sobol"])],
                    "n_ratio": [m / n for m, n in zip(need, ns)],
                    "extrapolated": [m > ns[-1] for m in need],
                }
                print(
                    f"{study:12s} {o:10s} {stat:4s} slope random {b_r:+.2f} sobol "
                    f"{fits['sobol'][0]:+.2f}; rmse ratio at n={ns[-1]}: "
                    f"{rows[f'{o}.{stat}']['error_ratio'][-1]:.1f}x; scenarios saved "
                    f"{rows[f'{o}.{stat}']['n_ratio'][-1]:.3g}x"
                    + (" (extrapolated)" if rows[f"{o}.{stat}"]["extrapolated"][-1] else "")
                )
        out["studies"][study] = rows
    print(write("qmc", out))


if __name__ == "__main__":
    main()
