"""Reading a large Excel workbook: `forecast readings check` beside pandas.read_excel (openpyxl), in one run.

    python3 Benchmarks/workbook_compare.py [--forecast .build/release/forecast] [--rows 100000] [--reps 3] [--work /tmp/tf-workbook]

Makes (once, seeded) a long-form readings workbook of --rows rows (500 metrics x 200 months from
2008-01, values with two decimals; dates as Excel dates) with openpyxl's write-only writer, and
the same readings as CSV. Then, alternately --reps times: `forecast readings check` on the
workbook and on the CSV, and pandas.read_excel(engine="openpyxl") on the workbook (what a Python
user would run instead). Prints the median wall time (process start included) and peak RSS
(/usr/bin/time) of each, and the ratios. The peer runs in the virtualenv of
../shared/bench/setup.sh with openpyxl and pandas (PEER_PYTHON, default /tmp/peer-venv/bin/python).
"""
import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
peer_python = os.environ.get("PEER_PYTHON", "/tmp/peer-venv/bin/python")

MAKE = r'''
import csv, datetime, random, sys
import openpyxl
rows, workbook, table = int(sys.argv[1]), sys.argv[2], sys.argv[3]
random.seed(1)
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("data")
sheet.append(["metric", "period", "value"])
with open(table, "w", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(["metric", "period", "value"])
    for index in range(rows):
        metric, month = divmod(index, 200)
        year, month = 2008 + month // 12, month % 12 + 1
        value = round(random.uniform(100, 10000), 2)
        sheet.append([f"metric-{metric:04d}", datetime.datetime(year, month, 1), value])
        writer.writerow([f"metric-{metric:04d}", f"{year}-{month:02d}", value])
book.save(workbook)
'''

PEER = r'''
import sys, pandas
frame = pandas.read_excel(sys.argv[1], engine="openpyxl")
print(len(frame))
'''


def timed(command):
    """Wall seconds and peak RSS in MB of one run (process start included)."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return wall, int(result.stderr.strip().splitlines()[-1]) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--forecast", default=os.path.join(root, ".build", "release", "forecast"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--work", default="/tmp/tf-workbook")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    workbook = os.path.join(args.work, f"readings-{args.rows}.xlsx")
    table = os.path.join(args.work, f"readings-{args.rows}.csv")
    if not os.path.exists(workbook):
        subprocess.run([peer_python, "-c", MAKE, str(args.rows), workbook, table], check=True)
    commands = {
        "forecast readings check (.xlsx)": [args.forecast, "readings", "check", workbook],
        "forecast readings check (.csv)": [args.forecast, "readings", "check", table],
        "pandas.read_excel, openpyxl (.xlsx)": [peer_python, "-c", PEER, workbook],
    }
    results = {name: [] for name in commands}
    for _ in range(args.reps):
        for name, command in commands.items():
            results[name].append(timed(command))
    print(f"{args.rows:,} rows; workbook {os.path.getsize(workbook) / 1e6:.1f} MB, CSV {os.path.getsize(table) / 1e6:.1f} MB; median of {args.reps}")
    peer = statistics.median(wall for wall, _ in results["pandas.read_excel, openpyxl (.xlsx)"])
    print(f"{'command':40} {'wall s':>8} {'peak MB':>8} {'pandas / this':>14}")
    for name, runs in results.items():
        wall = statistics.median(w for w, _ in runs)
        memory = statistics.median(m for _, m in runs)
        print(f"{name:40} {wall:8.2f} {memory:8.0f} {peer / wall:13.1f}x")


if __name__ == "__main__":
    main()
