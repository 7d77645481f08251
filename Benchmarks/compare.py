"""Side-by-side benchmark of `forecast series` against the Python peers, in one run.

    python3 Benchmarks/compare.py [--datasets a,b,c] [--reps 3] [--work /tmp/tf-bench]

Datasets (as in shared/bench/README.md): a = 1,000 series x 120 months (seed 1), b = 10,000 x 240
(seed 2), c = 100,000 x 240 (seed 3, 584 MB); all from 2001-01. Other layouts of c (not in the
default run): c-month = c's rows ordered by month (every series' January, then every February...),
c-shuffled-missing = the generator's --shuffle --missing 0.01 (the issue's equality check). Generated with the shared
generator when ../shared/bench is beside the repository (else Benchmarks/gen_readings_fallback.py,
and only the Swift tool and the shell baselines are timed). The peers run when their virtualenv
exists (bash ../shared/bench/setup.sh /tmp/peer-venv; override with PEER_PYTHON).

For each dataset, after one `cat` to warm the page cache, every command runs --reps times; the
table shows the median wall time (including process start) and peak RSS (/usr/bin/time), MB/s, and the ratios to the
faster numpy peer and to `wc -l`. Results are checked equal to peer_numpy's at rtol 1e-9 on
forecast_sum, lower95, upper95 and slope (the shared check_equal.py, on the peer's columns).
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed for the Python peers only.
"""
import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
bench = os.environ.get("BENCH", os.path.join(root, "..", "shared", "bench"))
peer_python = os.environ.get("PEER_PYTHON", "/tmp/peer-venv/bin/python")
datasets = {"a": (1000, 120, 1), "b": (10000, 240, 2), "c": (100000, 240, 3),
            "c-month": (100000, 240, 3), "c-shuffled-missing": (100000, 240, 3)}

parser = argparse.ArgumentParser()
parser.add_argument("--datasets", default="a,b,c")
parser.add_argument("--reps", type=int, default=3)
parser.add_argument("--work", default="/tmp/tf-bench")
args = parser.parse_args()
os.makedirs(args.work, exist_ok=True)

have_shared = os.path.exists(os.path.join(bench, "gen_readings.py"))
have_peers = have_shared and os.path.exists(peer_python)
binary = os.path.join(root, ".build", "release", "forecast")
subprocess.run(["swift", "build", "-c", "release", "--product", "forecast"], cwd=root, check=True,
               stdout=subprocess.DEVNULL)


def timed(command, env=None):
    """Wall seconds (perf_counter around the whole command) and peak RSS in MB (/usr/bin/time %M)."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "TIME %M"] + command, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    line = [l for l in result.stderr.splitlines() if l.startswith("TIME ")][-1].split()
    return wall, float(line[1]) / 1024


def peer_env():
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    return env


rows = []
for name in args.datasets.split(","):
    series, months, seed = datasets[name]
    path = os.path.join(args.work, f"{name}.csv")
    if not os.path.exists(path):
        generator = os.path.join(bench, "gen_readings.py") if have_shared else os.path.join(here, "gen_readings_fallback.py")
        options = ["--shuffle", "--missing", "0.01"] if name == "c-shuffled-missing" else []
        source = path if name != "c-month" else os.path.join(args.work, "c-by-metric.tmp.csv")
        subprocess.run([sys.executable, generator, "--series", str(series), "--months", str(months),
                        "--start", "2001-01", "--seed", str(seed), "--out", source] + options, check=True, stdout=subprocess.DEVNULL)
        if name == "c-month":
            # The generator writes series by series; the same rows, month by month.
            with open(source, "rb") as handle:
                header = handle.readline()
                lines = handle.read().split(b"\n")
            if lines and lines[-1] == b"":
                lines.pop()
            with open(path, "wb") as handle:
                handle.write(header)
                for month in range(months):
                    handle.write(b"\n".join(lines[month::months]) + b"\n")
            os.remove(source)
    size_mb = os.path.getsize(path) / 1e6
    subprocess.run(["cat", path], stdout=subprocess.DEVNULL, check=True)
    ours = os.path.join(args.work, f"{name}.swift.csv")
    commands = [
        ("wc -l", ["wc", "-l", path], None),
        ("forecast series", [binary, "series", path, "--intervals", "ols", "--output", ours], None),
    ]
    if have_peers:
        commands += [
            ("peer_numpy (pandas)", [peer_python, os.path.join(bench, "peer_numpy.py"), path,
                                     os.path.join(args.work, f"{name}.pandas.csv")], peer_env()),
            ("peer_numpy (polars)", [peer_python, os.path.join(bench, "peer_numpy.py"), path,
                                     os.path.join(args.work, f"{name}.polars.csv"), "--reader", "polars"], peer_env()),
        ]
    measured = {}
    for label, command, env in commands:
        runs = [timed(command, env) for _ in range(args.reps)]
        measured[label] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
    equal = "not checked (no peer)"
    if have_peers:
        projected = os.path.join(args.work, f"{name}.swift.projected.csv")
        with open(ours) as source, open(projected, "w", newline="") as target:
            reader = csv.DictReader(source)
            writer = csv.writer(target)
            writer.writerow(["metric", "forecast_sum", "lower95", "upper95", "slope"])
            for row in reader:
                writer.writerow([row["metric"], row["forecast_sum"], row["lower95"], row["upper95"], row["slope"]])
        check = subprocess.run([sys.executable, os.path.join(bench, "check_equal.py"), projected,
                                os.path.join(args.work, f"{name}.pandas.csv"), "--rtol", "1e-9"],
                               capture_output=True, text=True)
        equal = "equal to peer_numpy at rtol 1e-9" if check.returncode == 0 else "DIFFERENT: " + check.stdout[-300:]
    fastest_peer = min((v[0] for k, v in measured.items() if k.startswith("peer")), default=None)
    for label, (wall, rss) in measured.items():
        rows.append((name, f"{series:,} x {months}", f"{size_mb:.1f}", label, wall, size_mb / wall if wall else float("inf"), rss,
                     (fastest_peer / wall) if fastest_peer and label == "forecast series" else None,
                     (wall / measured["wc -l"][0]) if label == "forecast series" and measured["wc -l"][0] > 0 else None))
    print(f"{name}: {equal}", file=sys.stderr)

print("| dataset | series x months | CSV MB | command | wall s | MB/s | peak RSS MB | speed-up vs faster peer | x wc -l |")
print("|---|---|---:|---|---:|---:|---:|---:|---:|")
for name, shape, size, label, wall, rate, rss, speedup, versus_wc in rows:
    print(f"| {name} | {shape} | {size} | {label} | {wall:.3f} | {rate:.0f} | {rss:.0f} | "
          f"{'' if speedup is None else f'{speedup:.1f}x'} | {'' if versus_wc is None else f'{versus_wc:.1f}'} |")
