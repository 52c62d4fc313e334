# SPDX-License-Identifier: BSD-3-Clause
"""Write seed corpora for the atheris harnesses from the repository's real files.

    python fuzz/seeds.py OUT_DIR     # -> OUT_DIR/loaders/*, OUT_DIR/api/* (created)

Loaders: every built-in catalog TOML as a catalog file (and as JSON, and as CSV of its
kind), the LiteLLM and Hugging Face test files, a grid file and the example scenario; each
prefixed with the two bytes fuzz_loaders.py reads (reader, kind). API: a few byte strings
that reach each branch of fuzz_api.py.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "python" / "llmcore" / "catalog" / "data"

GRID = b"""model = "training"
chunk_size = 4
[inputs]
tokens = 2e12
hardware = "a100-80gb"
[grid]
params = [7e9, 13e9, 70e9]
mfu = {linspace = [0.3, 0.6, 3]}
n_accel = {logspace = [0, 3, 2]}
[zip]
pue = [1.1, 1.2]
region = ["sweden", "tokyo"]
"""


def _kinds() -> list[str]:
    from llmcore import catalog  # the installed llmcore (the source tree has no _core)

    return catalog.kinds()


def _write(out: Path, data: bytes) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def _csv(rows: dict[str, dict[str, object]]) -> bytes:
    fields = ["id", *sorted({k for r in rows.values() for k in r})]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fields)
    w.writeheader()
    for rid, r in rows.items():
        w.writerow({"id": rid, **{k: str(v) for k, v in r.items()}})
    return buf.getvalue().encode()


def main(out_dir: str) -> None:
    out = Path(out_dir)
    kinds = _kinds()
    loaders = out / "loaders"
    for f in sorted(DATA.glob("*.toml")):
        text = f.read_bytes()
        kind = f.stem
        k = bytes([kinds.index(kind) if kind in kinds else 0])
        rows = tomllib.loads(text.decode())
        first = dict(list(rows.items())[:3])  # small seeds mutate faster
        _write(loaders, b"\x00\x00" + text)
        _write(
            loaders,
            b"\x00\x00"
            + f"[{kind}.{next(iter(rows))}]\n".encode()
            + b"\n".join(
                f"{a} = {json.dumps(v, default=str)}".encode()
                for a, v in next(iter(rows.values())).items()
            ),
        )
        _write(loaders, b"\x01\x00" + json.dumps({kind: first}, default=str).encode())
        _write(loaders, b"\x02" + k + _csv(first))
    for f in sorted((ROOT / "tests" / "data").glob("*.json")):
        target = b"\x03\x01" if "litellm" in f.name else b"\x04\x01"
        _write(loaders, target + f.read_bytes())
    _write(loaders, b"\x05\x00" + GRID)
    _write(loaders, b"\x07\x02" + GRID)
    for f in sorted((ROOT / "examples").glob("*.toml")):
        text = f.read_bytes().replace(b"n = 1e6", b"n = 300")
        _write(loaders, b"\x06\x00" + text)
        _write(loaders, b"\x07\x00" + text)
        _write(loaders, b"\x07\x01" + text)
    api = out / "api"
    for first in range(10):
        _write(api, bytes([first, 0, 1, 2, 3, 4, 5, 6, 7]) * 8)
    (out / "loaders.dict").write_text("".join(f'"{_escape(w)}"\n' for w in _words(kinds)))


def _escape(word: str) -> str:
    """libFuzzer's dictionary escapes: printable ASCII as it is, other bytes as \\xAB."""
    return "".join(
        chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\x{b:02X}" for b in word.encode()
    )


def _words(kinds: list[str]) -> list[str]:
    """libFuzzer dictionary for the file readers: every input, output and catalog field name,
    the file formats' own keys, and tokens of TOML, JSON and CSV."""
    import llmcore as lc
    from llmcore import catalog

    words = set(kinds) | set(catalog.KEYWORDS)
    for m in lc.models():
        words |= {m.name, *m.input_names, *(o.name for o in m.outputs)}
    for k in kinds:
        for rid in catalog.list(k)[:5]:
            words |= set(catalog.get(k, rid))
    words |= {"model", "chunk_size", "inputs", "grid", "zip", "linspace", "logspace", "catalog"}
    words |= {"n", "seed", "outputs", "quantiles", "correlation", "thresholds", "dist", "ids"}
    words |= {"uniform", "loguniform", "normal", "lognormal", "ci", "triangular", "pert"}
    words |= {"choice", "empirical", "rows", "values", "samples", "lo", "hi", "mode", "mean"}
    words |= {"sd", "mu", "sigma", "p", "all", "source", "date", "id", "kind"}
    words |= {"input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost"}
    words |= {"max_tokens", "num_hidden_layers", "hidden_size", "num_attention_heads"}
    words |= {"num_key_value_heads", "intermediate_size", "num_local_experts", "vocab_size"}
    words |= {"num_experts_per_tok", "max_position_embeddings", "tie_word_embeddings"}
    words |= {"model_type", "hidden_act", "n_layer", "n_embd", "_name_or_path", "sample_spec"}
    words |= {" = ", "[", "]", "[[", "]]", "{", "}", '"', ",", "\n", "nan", "inf", "-inf"}
    words |= {"1e308", "1e400", "-0.0", "5e-324", "true", "false", "null", "NaN", "Infinity"}
    words |= {"1979-05-27", "1979-05-27T07:32:00Z", "0x7fffffffffffffff", "9223372036854775808"}
    words |= {"1" + "0" * 400, "[" * 64, "{a=" * 32}  # past float range; deep nesting
    return sorted(words)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "fuzz-corpus")
