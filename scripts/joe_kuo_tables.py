# SPDX-License-Identifier: BSD-3-Clause
"""Writes the Sobol' direction-number tables the core and the reference read, from the
Joe & Kuo file new-joe-kuo-6.21201 (https://web.maths.unsw.edu.au/~fkuo/sobol/; S. Joe and
F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional projections", SIAM J.
Sci. Comput. 30 (2008) 2635-2654), or from scipy's copy of the same numbers
(scipy/stats/_sobol_direction_numbers.npz: `poly` = the primitive polynomial with its leading
and trailing 1, `vinit` = m_1..m_s). Only the first DIMS dimensions are written (the engine's
rng/sobol.hpp kSobolDims). Run: python scripts/joe_kuo_tables.py <file or npz>.
"""

from __future__ import annotations

import sys
from pathlib import Path

DIMS = 544  # rng/sobol.hpp kSobolDims: 2 x (256 input slots + 16 catalog keywords)
ROOT = Path(__file__).resolve().parents[1]


def rows_from(path: str) -> list[tuple[int, int, list[int]]]:
    """(s, a, [m_1..m_s]) for dimensions 2..DIMS (dimension 1 is van der Corput's)."""
    if path.endswith(".npz"):
        import numpy as np

        z = np.load(path)
        out = []
        for d in range(1, DIMS):
            poly = int(z["poly"][d])
            s = poly.bit_length() - 1
            a = (poly >> 1) & ((1 << (s - 1)) - 1)
            out.append((s, a, [int(m) for m in z["vinit"][d][:s]]))
        return out
    lines = Path(path).read_text().split("\n")[1:DIMS]
    return [(int(f[1]), int(f[2]), [int(m) for m in f[3:]]) for f in (x.split() for x in lines)]


def main() -> None:
    rows = rows_from(sys.argv[1])
    text = "\n".join(f"{d} {s} {a} {' '.join(map(str, m))}" for d, (s, a, m) in enumerate(rows, 2))
    py = ROOT / "python/llmcore/reference/sobol_joe_kuo.py"
    py.write_text(
        "# SPDX-License-Identifier: BSD-3-Clause\n"
        '"""Joe & Kuo\'s new-joe-kuo-6.21201 Sobol\' direction numbers, dimensions 2..'
        f"{DIMS}, in\ntheir file's format (d s a m_1 .. m_s). "
        'Written by scripts/joe_kuo_tables.py."""\n\n'
        f'JOE_KUO = """\\\n{text}\n"""\n'
    )
    deg = max(s for s, _, _ in rows)
    body = ",\n".join("    {" + f"{s}, {a}, {{{', '.join(map(str, m))}}}" + "}" for s, a, m in rows)
    hpp = ROOT / "cpp/include/llmcore/rng/sobol_joe_kuo.hpp"
    hpp.write_text(
        "// SPDX-License-Identifier: BSD-3-Clause\n"
        "/// @file sobol_joe_kuo.hpp\n"
        f"/// @brief Joe & Kuo's new-joe-kuo-6.21201 direction numbers, dimensions 2..{DIMS}\n"
        "///        (S. Joe, F. Y. Kuo, SIAM J. Sci. Comput. 30 (2008) 2635-2654). Written by\n"
        "///        scripts/joe_kuo_tables.py; read on the host only (rng/sobol.hpp).\n"
        "#pragma once\n#include <cstdint>\n\nnamespace llmcore::rng {\n\n"
        f"constexpr int kJoeKuoMaxDegree = {deg};\n\n"
        "/// One dimension: degree s of its primitive polynomial, the polynomial's inner\n"
        "/// coefficients a (bit s-2 .. 0 = a_1 .. a_{s-1}), initial m_1 .. m_s.\n"
        "struct JoeKuoRow {\n    int s;\n    std::uint32_t a;\n"
        "    std::uint32_t m[kJoeKuoMaxDegree];\n};\n\n"
        f"constexpr JoeKuoRow kJoeKuo[{len(rows)}] = {{\n{body}}};\n\n"
        "}  // namespace llmcore::rng\n"
    )


if __name__ == "__main__":
    main()
