"""Seeded generator of long-form readings (metric,period,value) for the side-by-side benchmark,
used only when the shared generator (shared/bench/gen_readings.py) is not beside the repository.
Same format as the shared one: metrics m000000…, periods YYYY-MM from --start, values with at
most 6 significant digits; trend + month-of-year pattern + noise per series. numpy only.

python3 gen_readings_fallback.py --series 1000 --months 120 --start 2001-01 --seed 1 --out a.csv
"""
import argparse

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--series", type=int, required=True)
parser.add_argument("--months", type=int, required=True)
parser.add_argument("--start", default="2001-01")
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--out", required=True)
parser.add_argument("--shuffle", action="store_true", help="write the rows in random order")
parser.add_argument("--missing", type=float, default=0.0, help="drop this share of rows at random")
args = parser.parse_args()

rng = np.random.default_rng(args.seed)
year, month = map(int, args.start.split("-"))
periods = []
for i in range(args.months):
    m = month - 1 + i
    periods.append(f"{year + m // 12}-{m % 12 + 1:02d}")
calendar = np.array([(month - 1 + i) % 12 for i in range(args.months)])
t = np.arange(args.months)
lines = []
for s in range(args.series):
    level = 10 ** rng.uniform(2, 9)
    slope = level * rng.normal(0.002, 0.004)
    season = level * rng.normal(0, 0.05, 12)
    values = level + slope * t + season[calendar] + rng.normal(0, 0.02 * level, args.months)
    name = f"m{s:06d}"
    lines.extend(f"{name},{p},{float(f'{v:.6g}')!r}\n" for p, v in zip(periods, values))
# Separate streams, so shuffling and dropping do not change the values.
if args.missing > 0:
    keep = np.random.default_rng(args.seed + 1).random(len(lines)) >= args.missing
    lines = [line for line, k in zip(lines, keep) if k]
if args.shuffle:
    order = np.random.default_rng(args.seed + 2).permutation(len(lines))
    lines = [lines[i] for i in order]
with open(args.out, "w") as f:
    f.write("metric,period,value\n")
    f.writelines(lines)
