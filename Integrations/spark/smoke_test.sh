#!/usr/bin/env bash
# Smoke test of the Spark integration, bounded to a few minutes: PySpark in local[2] runs
# forecast_spark.py on a generated 5,000-series file (shuffled rows, 1% missing) and its result
# must equal the single-machine `forecast series` output to 1e-9 relative.
# Usage: bash Integrations/spark/smoke_test.sh [FORECAST_BINARY]   (default .build/debug/forecast)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
binary="${1:-$root/.build/debug/forecast}"
venv="${SPARK_VENV:-/tmp/tf-spark-venv}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v java >/dev/null; then
    echo "spark smoke test: installing Java 17 (openjdk-17-jre-headless)" >&2
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyspark, numpy" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pyspark==4.3.0 numpy
fi

python3 "$root/Benchmarks/gen_readings_fallback.py" --series 5000 --months 60 --start 2016-01 --seed 10 \
    --shuffle --missing 0.01 --out "$work/readings.csv"
start=$(date +%s%N)
"$binary" series "$work/readings.csv" --intervals ols --output "$work/single.csv"
single=$(( ($(date +%s%N) - start) / 1000000 ))
start=$(date +%s%N)
"$venv/bin/python" "$root/Integrations/spark/forecast_spark.py" --master "local[2]" --partitions 4 \
    --binary "$binary" --output "$work/spark.csv" "$work/readings.csv" 2> "$work/spark.log" \
    || { tail -40 "$work/spark.log" >&2; exit 1; }
spark=$(( ($(date +%s%N) - start) / 1000000 ))
python3 - "$work/single.csv" "$work/spark.csv" <<'PY'
import csv, sys
def rows(path):
    with open(path) as f:
        return list(csv.reader(f))
a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert a[0] == b[0], f"headers differ: {a[0]} vs {b[0]}"
assert [r[:3] for r in a] == [r[:3] for r in b], "metrics, models or observation counts differ"
worst = 0.0
for x, y in zip(a[1:], b[1:]):
    for u, v in zip(x[3:], y[3:]):
        if u == "" or v == "":
            assert u == v, f"{x[0]}: empty cell in one output only"
            continue
        u, v = float(u), float(v)
        worst = max(worst, abs(u - v) / max(abs(u), 1e-300))
assert worst <= 1e-9, f"largest relative difference {worst}"
print(f"spark smoke test: {len(a) - 1} series equal to the single-machine output (largest relative difference {worst:.1e})")
PY
echo "spark smoke test: single machine ${single} ms, Spark local[2] ${spark} ms (including the JVM's start)"
