#!/usr/bin/env bash
# Builds the libFuzzer targets (address sanitizer on) and runs each for SECONDS (default 30),
# seeded from Fixtures/ with a dictionary of CSV/YAML tokens. A crash stops with its input saved
# as Fuzz/crashes/<target>-crash-*; keep such inputs as regression tests in Fixtures/malformed/.
# An input that runs over 25 s counts as a hang (saved as Fuzz/crashes/<target>-timeout-*).
# Usage: bash Fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
seconds="${1:-30}"
shift || true
targets=("${@:-FuzzReadings FuzzTargetsFile FuzzTargetsExtract FuzzSeriesReader FuzzWorkbook}")
targets=(${targets[*]})
cd "$here"
swift build -c debug -Xswiftc -sanitize=fuzzer,address >/dev/null
mkdir -p crashes
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
    corpus="$work/$target"
    mkdir -p "$corpus"
    case "$target" in
        FuzzTargetsFile) cp "$root"/Fixtures/malformed/*.yaml "$root"/Fixtures/malformed/*.json "$root"/Fixtures/malformed/targets-table-*.csv "$corpus"/
                         head -c 6000 "$root/Fixtures/workbooks/targets-table.csv" > "$corpus/targets-table-head.csv"
                         head -c 6000 "$root/Fixtures/gulou-2021/targets.yaml" > "$corpus/gulou-head.yaml" ;;
        FuzzTargetsExtract) cp "$root"/Fixtures/extraction/*.txt "$corpus"/
                            head -c 6000 "$root/Fixtures/gulou-2021/document.txt" > "$corpus/gulou-head.txt"
                            tail -c 6000 "$root/Fixtures/gulou-2021/document.txt" > "$corpus/gulou-tail.txt" ;;
        FuzzWorkbook) cp "$root"/Fixtures/malformed/xlsx-*.xlsx "$root"/Fixtures/workbooks/wide-two-sheets.xlsx "$corpus"/
                      # The sheet XML (and shared strings after a NUL) of each: seeds of the XML-only form.
                      cp "$here"/seeds/FuzzWorkbook/*.xml "$corpus"/ ;;
        *) cp "$root"/Fixtures/readings/* "$root"/Fixtures/malformed/*.csv "$corpus"/
           head -c 8000 "$root/Fixtures/gulou-2021/readings.csv" > "$corpus/gulou-head.csv" ;;
    esac
    echo "fuzz: $target for ${seconds}s" >&2
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$here/.build/debug/$target" "$corpus" \
        -dict="$here/tokens.dict" -max_total_time="$seconds" -max_len=8192 -timeout=25 -artifact_prefix="$here/crashes/$target-" \
        -print_final_stats=1 2>&1 | grep -E "stat::number_of_executed_units|ERROR|Done" | sed "s/^/  $target: /" >&2
done
echo "fuzz: no crash in ${#targets[@]} targets" >&2
