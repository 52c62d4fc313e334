# SPDX-License-Identifier: BSD-3-Clause
"""Status bits a reference formula may return under the key "_status" (an int array).

Same positions as cpp/include/llmcore/status.hpp and llmcore._models.STATUS_BITS; restated
here so that the oracle depends on nothing but numpy.
"""

from __future__ import annotations

NON_FINITE = 1 << 0
UNREACHABLE_TARGET = 1 << 1
DOES_NOT_FIT = 1 << 2
# A requested output is NaN because an input the scenario lacks (a catalog row without the
# field: NaN in an input marked absent-able) feeds it: absent, not a numerical failure.
MISSING_INPUT = 1 << 3
# Inputs that are each valid contradict one another (parallelism: params below its
# embeddings): the outputs that need them are NaN, not numbers that look right.
INCONSISTENT_INPUTS = 1 << 4
