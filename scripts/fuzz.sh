#!/usr/bin/env bash
# Runs polc's fuzz targets (fuzz/README.md): scripts/fuzz.sh [SECONDS] [TARGET…]
# Installs the nightly toolchain and cargo-fuzz when they are missing. Seeds the
# corpora from tests/cases/ and policies/ on the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
# Inputs longer than this are cut (POLC_FUZZ_MAX_LEN): short inputs keep the
# executions per second high; long lines and deep nesting have their own cases.
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse_check fmt_roundtrip records)
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null 2>&1 || cargo +nightly install cargo-fuzz --locked
# The checker recurses per nesting level: the targets run it on the main
# thread (no 512 MiB thread per input), so that stack may grow as needed.
ulimit -s unlimited 2>/dev/null || ulimit -s 1048576 || true
for t in "${targets[@]}"; do
  corpus="fuzz/corpus/$t"
  if [ ! -d "$corpus" ]; then
    mkdir -p "$corpus"
    case "$t" in
      records)
        find tests/cases policies -name '*.ndjson' -o -name '*.json' -o -name '*.csv' |
          while read -r f; do
            # The first byte picks the reader: 0 NDJSON, 1 JSON, 2 CSV.
            case "$f" in
              *.ndjson) m='\x00' ;; *.json) m='\x01' ;; *) m='\x02' ;;
            esac
            { printf "$m"; head -c 65536 "$f"; } > "$corpus/$(echo "$f" | tr '/' '_')"
          done ;;
      *)
        find tests/cases policies -name '*.pol' | while read -r f; do
          cp "$f" "$corpus/$(echo "$f" | tr '/' '_')"
        done ;;
    esac
  fi
  echo "== $t for ${seconds}s"
  # polc has no `unsafe` code: AddressSanitizer adds little for safe Rust and
  # costs 5-10x the executions, so it is off unless POLC_FUZZ_SANITIZER=address.
  (cd fuzz && cargo +nightly fuzz run -s "${POLC_FUZZ_SANITIZER:-none}" "$t" "corpus/$t" -- \
      -max_total_time="$seconds" -max_len="${POLC_FUZZ_MAX_LEN:-4096}" -rss_limit_mb=4096 -timeout=10 \
      -print_final_stats=1) 2>&1 |
    grep -E '^(#[0-9]+\s+DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done )' || true
done
