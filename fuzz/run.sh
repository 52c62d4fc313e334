#!/usr/bin/env bash
# Run every fuzz harness for a bounded time; exit non-zero if any found a crash.
#
#   fuzz/run.sh            # short run (CI): 60 s per harness, 3 harnesses, about 3.5 min
#   fuzz/run.sh 1800       # long run: 30 min per harness
#   FUZZ_DIR=... fuzz/run.sh 600   # keep corpora and crashes there (default: fuzz-out/)
#
# Harnesses: fuzz_loaders.py and fuzz_api.py (atheris, coverage-guided), test_arrays.py
# (hypothesis, re-run with fresh seeds until the time is spent). Needs llmcore importable
# (installed, or PYTHONPATH=python with a built _core) and fuzz/requirements.txt installed.
#
# Crashes: $FUZZ_DIR/<harness>/crashes/crash-<sha1> (the input) and crash-<sha1>.txt (the
# traceback), one per distinct bug: the atheris harnesses keep going after an exception
# outside the contract (LLMCORE_FUZZ_KEEP_GOING); a hard crash (segfault, abort), a timeout
# or running out of memory stops that harness and is written as crash-/timeout-/oom-<sha1>.
# Bugs listed in fuzz/known.txt (reported, not yet fixed) are written as known-<sha1> and
# named in the output, but do not fail the run.
# Reproduce one:  python fuzz/fuzz_loaders.py $FUZZ_DIR/loaders/crashes/crash-<sha1>
# Hypothesis failures print a reproduce_failure blob; its examples database is
# $FUZZ_DIR/arrays/hypothesis (a rerun replays failures first).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
secs="${1:-60}"
out="${FUZZ_DIR:-$here/../fuzz-out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
py="${PYTHON:-python}"

if ! "$py" -c "import atheris" 2>/dev/null; then
  echo "fuzz: atheris is not importable by $py: pip install -r fuzz/requirements.txt" >&2
  exit 1
fi
"$py" "$here/seeds.py" "$out/seeds" || { echo "fuzz: writing the seed corpora failed" >&2; exit 1; }

failed=0
atheris_run() {  # name, harness, extra libFuzzer flags...
  local name="$1" harness="$2"
  shift 2
  local dir="$out/$name"
  mkdir -p "$dir/corpus" "$dir/crashes"
  echo "== fuzz: $name for ${secs}s ($dir)"
  local rc=0
  LLMCORE_FUZZ_KEEP_GOING="$dir/crashes" "$py" "$here/$harness" \
    -max_total_time="$secs" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$dir/crashes/" "$@" "$dir/corpus" "$out/seeds/$name" \
    >"$dir/log.txt" 2>&1 || rc=$?
  grep -E "^==== llmcore fuzz|^SUMMARY|^stat::number_of_executed_units|^Done" "$dir/log.txt"
  if compgen -G "$dir/crashes/known-*.txt" >/dev/null; then
    echo "fuzz: $name: known bugs (fuzz/known.txt) met again:"
    head -q -n 1 "$dir"/crashes/known-*.txt
  fi
  if [ "$rc" -ne 0 ] || compgen -G "$dir/crashes/[!k]*" >/dev/null; then
    echo "fuzz: $name FAILED (exit $rc); crashes in $dir/crashes, log $dir/log.txt" >&2
    tail -n 30 "$dir/log.txt" >&2
    failed=1
  fi
}

atheris_run loaders fuzz_loaders.py -max_len=65536 -dict="$out/seeds/loaders.dict"
atheris_run api fuzz_api.py -max_len=4096

echo "== fuzz: arrays (hypothesis) for ${secs}s"
dir="$out/arrays"
mkdir -p "$dir"
end=$((SECONDS + secs))
round=0
while [ "$SECONDS" -lt "$end" ] || [ "$round" -eq 0 ]; do
  round=$((round + 1))
  # Each round a fresh seed; few examples per round so the time bound is kept.
  if ! (cd "$here/.." && LLMCORE_FUZZ_DB="$dir/hypothesis" LLMCORE_FUZZ_EXAMPLES="${LLMCORE_FUZZ_EXAMPLES:-25}" "$py" -m pytest -q \
      -p no:cacheprovider -x "fuzz/test_arrays.py" --hypothesis-seed="$RANDOM$round" \
      >"$dir/log-$round.txt" 2>&1); then
    echo "fuzz: arrays FAILED (round $round): $dir/log-$round.txt" >&2
    tail -n 60 "$dir/log-$round.txt" >&2
    failed=1
    break
  fi
  tail -n 1 "$dir/log-$round.txt"
done

if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED" >&2
  exit 1
fi
echo "fuzz: no crash in ${secs}s per harness"
