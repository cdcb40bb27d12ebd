#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 10) on the stable toolchain,
# without a sanitizer (-s none: ASan needs nightly or RUSTC_BOOTSTRAP=1, see fuzz/Cargo.toml):
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# First replays fuzz/regressions/TARGET (every input a fuzzer once crashed on), then fuzzes from
# seeds made by fuzz/seeds.py. Builds, corpora and crash inputs live under target/.
# Installs cargo-fuzz into target/tools when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-10}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(decode_bytes mutate_notification round_trip client_answers)
TOOLS="$PWD/target/tools"
export PATH="$TOOLS/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz into $TOOLS"
  cargo install --locked --quiet cargo-fuzz --version 0.13.2 --root "$TOOLS"
fi
python3 fuzz/seeds.py target/fuzz-corpus
FUZZ=(cargo fuzz run -s none --target-dir target/fuzz)
cargo fuzz build -s none --target-dir target/fuzz
for target in "${TARGETS[@]}"; do
  mkdir -p "target/fuzz-artifacts/$target"
  if [ -d "fuzz/regressions/$target" ]; then
    "${FUZZ[@]}" "$target" "fuzz/regressions/$target" -- -runs=0 >"target/fuzz-artifacts/$target.replay.log" 2>&1 \
      || { tail -n 40 "target/fuzz-artifacts/$target.replay.log"; echo "a fuzz/regressions/$target input fails again"; exit 1; }
    echo "$target: $(ls "fuzz/regressions/$target" | wc -l) regression inputs replayed"
  fi
  log="target/fuzz-artifacts/$target.log"
  status=0
  "${FUZZ[@]}" "$target" "target/fuzz-corpus/$target" -- \
    -max_total_time="$SECONDS_EACH" -artifact_prefix="target/fuzz-artifacts/$target/" \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  # libFuzzer's progress lines stay in the log; its summary and any failure are shown.
  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|panicked|SUMMARY|ERROR' "$log" \
    | sed "s/^/$target: /" || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log"
    echo "fuzz target $target failed: the input is in target/fuzz-artifacts/$target"
    exit 1
  fi
done
