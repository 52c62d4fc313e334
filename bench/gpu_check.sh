#!/usr/bin/env bash
# The one-command GPU check (AGENTS.md): on a machine with an NVIDIA GPU, build llmcore with
# CUDA for that GPU only, run the CUDA tests with LLMCORE_REQUIRE_CUDA=1 (so a missing or
# unusable device fails instead of skipping), run the CUDA benchmarks, and write one JSON
# of results to bench/results/gpu_check-<UTC time>.json (and to $OUT when set, as the
# device tool collects it). Exit status: the tests' (benchmarks run even after a failure).
#
#   bash bench/gpu_check.sh              # sm_90 (H100/H200); LLMCORE_GPU_ARCH=80 for A100
#
# Uses the machine's python3 and its packages (numpy, pytest, hypothesis, CuPy,
# scikit-build-core, pybind11, cmake, ninja): nothing is downloaded, so it runs on a machine
# without network access. Budget: under 8 minutes on a fresh H100/H200 machine.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${LLMCORE_GPU_PYTHON:-python3}"
ARCH="${LLMCORE_GPU_ARCH:-90}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
LOG="$(mktemp -d)"
t0=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - t0 )) s)"; }

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu_check: no NVIDIA GPU here (nvidia-smi finds none); nothing to check" >&2
  exit 2
fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$LOG/gpu.txt"

step "build (sm_${ARCH}, CUDA required)"
export LLMCORE_REQUIRE_CUDA=1 CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)"
if ! "$PY" -m pip install --quiet --no-build-isolation --no-deps \
      -Cbuild-dir=build/gpu -Ccmake.define.LLMCORE_CUDA=ON \
      -Ccmake.define.CMAKE_CUDA_ARCHITECTURES="${ARCH}-real" . >"$LOG/build.txt" 2>&1; then
  tail -40 "$LOG/build.txt" >&2
  echo "gpu_check: the CUDA build failed" >&2
  exit 1
fi

step "CUDA tests (LLMCORE_REQUIRE_CUDA=1)"
"$PY" -m pytest -q -p no:cacheprovider --junitxml="$LOG/tests.xml" \
  tests/cuda tests/engine tests/models/test_differential.py 2>&1 | tee "$LOG/tests.txt" | tail -25
tests_rc=${PIPESTATUS[0]}

step "benchmarks"
"$PY" bench/bench_cuda.py --n 20000000 --repeat 3 2>&1 | tee "$LOG/bench_cuda.txt" | tail -20
"$PY" bench/bench_cuda_mc.py --n 3e7 --sobol-n 2e6 --runs 3 2>&1 | tee "$LOG/bench_cuda_mc.txt" | tail -20

step "results"
"$PY" - "$LOG" "$STAMP" "$tests_rc" "$t0" <<'PYEOF'
import json, pathlib, subprocess, sys, time, xml.etree.ElementTree as ET
log, stamp, rc, t0 = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
res = pathlib.Path("bench/results")
def newest(prefix):
    files = sorted(res.glob(prefix + "-*.json"))
    return json.loads(files[-1].read_text()) if files else None
suite = ET.parse(log / "tests.xml").getroot()
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
failed = [
    f"{c.get('classname')}::{c.get('name')}: {(c.find('failure') if c.find('failure') is not None else c.find('error')).get('message', '')[:300]}"
    for c in suite.iter("testcase") if c.find("failure") is not None or c.find("error") is not None
]
try:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
except OSError:
    commit = ""
doc = {
    "what": "bench/gpu_check.sh: CUDA build, CUDA tests with LLMCORE_REQUIRE_CUDA=1, GPU benchmarks",
    "when": stamp, "commit": commit or None,
    "gpu": (log / "gpu.txt").read_text().strip(),
    "tests": {k: int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")}
             | {"exit_status": rc, "failed": failed},
    "bench_cuda": newest("cuda"), "bench_cuda_mc": newest("cuda_mc"),
    "elapsed_s": round(time.time() - t0, 1),
}
out = res / f"gpu_check-{stamp}.json"
out.write_text(json.dumps(doc, indent=1))
print(f"{out}: tests {doc['tests']}, {doc['elapsed_s']} s")
PYEOF
if [ -n "${OUT:-}" ]; then
  cp "bench/results/gpu_check-${STAMP}.json" "$LOG/tests.txt" "$OUT/" 2>/dev/null || true
fi
step "done"
exit "$tests_rc"
