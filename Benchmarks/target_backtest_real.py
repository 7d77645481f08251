#!/usr/bin/env python3
"""Target-mode backtest on real monthly series (standard library only).

For every positive series of ../shared/data/real-monthly/ with at least five full calendar
years, a growth target is made whose rate is the median of the series' own yearly growth (so
that about half of the past years met it: the event is as uncertain as it gets). Series are
grouped by their last full year L; each group becomes one targets file for year L + 1, and
`forecast backtest --targets` replays the years before it. Scores are pooled over the groups
(Brier weighted by forecasts; the climatological reference from the pooled base rate).

Usage: python3 Benchmarks/target_backtest_real.py [path/to/forecast] [--intervals ols]
"""
import csv, glob, json, os, statistics, subprocess, sys, tempfile, collections

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = next((a for a in sys.argv[1:] if not a.startswith("--")), os.path.join(root, ".build/release/forecast"))
extra = [a for a in sys.argv[1:] if a.startswith("--")]
extra = extra + (["ols"] if extra and extra[-1] == "--intervals" else [])
files = [f for f in glob.glob(os.path.join(root, "..", "shared", "data", "real-monthly", "*.csv")) if "titles" not in f]

series = collections.defaultdict(dict)
for path in files:
    for row in csv.DictReader(open(path)):
        if row["value"] not in ("", "NA"):
            year, month = map(int, row["period"][:7].split("-"))
            series[row["metric"]][(year, month)] = float(row["value"])

groups = collections.defaultdict(list)
for metric, values in series.items():
    if min(values.values()) <= 0:
        continue
    years = sorted({y for y, _ in values if all((y, m) in values for m in range(1, 13))})
    if len(years) < 5:
        continue
    last = years[-1]
    totals = {y: sum(values[(y, m)] for m in range(1, 13)) for y in years}
    growths = [100 * (totals[y] / totals[y - 1] - 1) for y in years if y - 1 in totals]
    groups[last].append((metric, round(statistics.median(growths), 6)))

pooled = collections.Counter()
bins = collections.defaultdict(lambda: [0, 0.0, 0.0])
months = collections.defaultdict(lambda: [0, 0.0, 0.0, 0.0])
targets_total = 0
with tempfile.TemporaryDirectory() as work:
    for last, members in sorted(groups.items()):
        ids = {metric: f"m{i}" for i, (metric, _) in enumerate(members)}
        readings = os.path.join(work, f"readings-{last}.csv")
        with open(readings, "w", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["metric", "period", "value"])
            for metric, _ in members:
                for (y, m), v in sorted(series[metric].items()):
                    if y <= last:
                        writer.writerow([ids[metric], f"{y:04d}-{m:02d}", repr(v)])
        targets = os.path.join(work, f"targets-{last}.yaml")
        with open(targets, "w") as out:
            out.write(f"year: {last + 1}\nmetrics:\n")
            for metric, _ in members:
                out.write(f"  - {{id: {ids[metric]}, unit: x, reading: flow}}\n")
            out.write("targets:\n")
            for metric, growth in members:
                out.write(f"  - {{id: t-{ids[metric]}, title: \"{metric}\", metric: {ids[metric]}, kind: growth, value: {growth}}}\n")
        result = subprocess.run([binary, "backtest", "--targets", targets, "--readings", readings, "--format", "json"] + extra,
                                capture_output=True, text=True)
        if result.returncode != 0:
            print(f"group {last}: {result.stderr.strip()[:200]}", file=sys.stderr)
            continue
        d = json.loads(result.stdout)
        n = d["cases"]
        targets_total += d["targets"]
        pooled["cases"] += n
        pooled["brier"] += n * d["brier"]
        pooled["met"] += n * d["baseRate"]
        pooled["in80"] += n * d["coverage80"]
        pooled["in95"] += n * d["coverage95"]
        for b in d["reliability"]:
            key = (b["lower"], b["upper"])
            bins[key][0] += b["count"]
            bins[key][1] += b["count"] * b["meanProbability"]
            bins[key][2] += b["count"] * b["observedFrequency"]
        for g in d["byMonthsRemaining"]:
            months[g["months"]][0] += g["count"]
            months[g["months"]][1] += g["count"] * g["brier"]
            months[g["months"]][2] += g["count"] * g["coverage80"]
            months[g["months"]][3] += g["count"] * g["coverage95"]

n = pooled["cases"]
base = pooled["met"] / n
brier = pooled["brier"] / n
print(f"{targets_total} growth targets on real series, {n} replayed forecasts")
print(f"Brier {brier:.3f}; climatology {base * (1 - base):.3f} (base rate {100 * base:.1f}%); skill {1 - brier / (base * (1 - base)):.2f}")
print(f"coverage {100 * pooled['in80'] / n:.1f}% (80%), {100 * pooled['in95'] / n:.1f}% (95%)")
print("P(met) bin  forecasts  mean P  share met")
for (lo, hi), (count, p, o) in sorted(bins.items()):
    print(f"{lo:.1f}-{hi:.1f} {count:10d} {100 * p / count:6.1f}% {100 * o / count:8.1f}%")
print("months left  forecasts  Brier  cov80  cov95")
for m, (count, b, c80, c95) in sorted(months.items()):
    print(f"{m:11d} {count:10d} {b / count:6.3f} {100 * c80 / count:5.1f}% {100 * c95 / count:5.1f}%")
