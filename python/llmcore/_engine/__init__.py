# SPDX-License-Identifier: BSD-3-Clause
"""The engine layer: the only users of the compiled core (backends.py imports it).

Backend choice, device arrays, the resolved batch and its range checks, runs on the CPU,
CUDA or the reference, and Monte Carlo execution (scenario ranges, fold segments, exact
quantile passes). Everything above calls these; nothing here imports estimate/, mc/ or
higher (.importlinter)."""
