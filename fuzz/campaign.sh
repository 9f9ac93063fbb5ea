#!/usr/bin/env bash
# The long fuzzing campaign (outside CI): every target for RUNS executions
# (default 10 million), growing the kept corpus in fuzz/corpus/<target>,
# then minimising it. Prints one line of figures per target and writes the
# full libFuzzer log to target/fuzz-campaign/<target>.log.
#
#   bash fuzz/campaign.sh                 # every target, 10 M runs each
#   RUNS=1000000 bash fuzz/campaign.sh csv rule
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Runs without AddressSanitizer (`-s none`): the core forbids unsafe code,
# so the sanitizer finds nothing there and costs 3-5x the speed. Debug
# assertions and overflow checks stay on (`-a`): an arithmetic overflow the
# code did not check is a crash, not a silently wrapped number.
set -euo pipefail
cd "$(dirname "$0")"
runs="${RUNS:-10000000}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(period rule contract csv area dataset dhis2_csv xml state)
logs=../target/fuzz-campaign
mkdir -p "$logs"
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  started=$SECONDS
  # -timeout: an input that runs for over 10 s is a finding (unbounded work).
  cargo +nightly fuzz run -O -a -s none "$target" "corpus/$target" -- \
    -runs="$runs" -max_len="${MAX_LEN:-1024}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$logs/$target.log" 2>&1 || { echo "$target: failed, see $logs/$target.log" >&2; exit 1; }
  before=$(find "corpus/$target" -type f | wc -l)
  cargo +nightly fuzz cmin -O -a -s none "$target" "corpus/$target" >"$logs/$target.cmin.log" 2>&1
  after=$(find "corpus/$target" -type f | wc -l)
  done_line=$(grep -E '^#[0-9]+\s+DONE' "$logs/$target.log" | tail -1)
  execs=$(grep -oP 'stat::number_of_executed_units: \K[0-9]+' "$logs/$target.log")
  rate=$(grep -oP 'stat::average_exec_per_sec: +\K[0-9]+' "$logs/$target.log")
  cov=$(grep -oP 'cov: \K[0-9]+' <<<"$done_line")
  pcs=$(grep -oP 'Loaded 1 PC tables \(\K[0-9]+' "$logs/$target.log" | head -1)
  ft=$(grep -oP 'ft: \K[0-9]+' <<<"$done_line")
  echo "$target: $execs executions in $((SECONDS - started)) s ($rate/s), coverage $cov of $pcs instrumented edges, $ft features, corpus $before -> $after inputs after cmin, crashes $(find "artifacts/$target" -type f 2>/dev/null | wc -l)"
done
