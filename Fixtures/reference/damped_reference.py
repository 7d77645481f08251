"""Reference forecasts of TargetForecast's damped trend (DampedTrend.swift), computed
independently with numpy, for Tests/TargetForecastTests/DampedTrendTests.swift.

For each series of m3-sample.csv (six M3 monthly series), the last 18 months are held out and
the damped forecast of those 18 months is computed from the rest:
  1. classical multiplicative seasonal indices (centred 2x12 moving average ratios of the latest
     five years, normalised to mean 1) when the series is positive, at least 24 months long, and seasonal: |r12| > 1.645 *
     sqrt((1 + 2 * sum_{k<12} r_k^2) / n), or month-of-year dummies on log y have a lower AICc
     than a line on log y; otherwise no adjustment;
  2. a least-squares line z = a + b t on the adjusted values of the last 60 months;
  3. level = fitted value at the last month + mean residual of the last 6 months;
  4. forecast(t) = (level + 0.5 b (t - t_last)) * index(month of t).
Run: python3 Fixtures/reference/damped_reference.py  (writes damped_expected.csv beside it)
"""
import csv, os
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
series = {}
for row in csv.DictReader(open(os.path.join(here, "m3-sample.csv"))):
    series.setdefault(row["metric"], []).append((row["period"], float(row["value"])))

def aicc(rss, n, p):
    k = p + 1
    return n * np.log(rss / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1)

def dummies_win(y, months):
    n, logs, t = len(y), np.log(y), np.arange(len(y), dtype=float)
    line = np.column_stack([np.ones(n), t])
    seasonal = np.column_stack([line] + [(np.array(months) == m).astype(float) for m in range(2, 13)])
    rss = lambda X: float(np.sum((logs - X @ np.linalg.lstsq(X, logs, rcond=None)[0]) ** 2))
    return aicc(rss(seasonal), n, 13) < aicc(rss(line), n, 2)

def indices(y, months):
    n = len(y)
    if n < 24 or np.any(y <= 0):
        return None
    d = y - y.mean()
    r = np.array([np.sum(d[k:] * d[:-k]) for k in range(1, 13)]) / np.sum(d * d)
    if abs(r[11]) <= 1.645 * np.sqrt((1 + 2 * np.sum(r[:11] ** 2)) / n) and not dummies_win(y, months):
        return None
    weights = np.r_[0.5, np.ones(11), 0.5] / 12
    sums, counts = np.zeros(13), np.zeros(13)
    # Only the ratios of the latest five years (DampedTrend.seasonalYears).
    for i in range(max(6, n - 6 - 60), n - 6):
        average = np.dot(weights, y[i - 6:i + 7])
        sums[months[i]] += y[i] / average
        counts[months[i]] += 1
    index = sums[1:] / counts[1:]
    return np.r_[1.0, index * 12 / index.sum()]

with open(os.path.join(here, "damped_expected.csv"), "w", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["metric", "h", "forecast"])
    for metric, points in series.items():
        first_year, first_month = map(int, points[0][0].split("-"))
        y = np.array([v for _, v in points])[:-18]
        n = len(y)
        month_of = lambda t: (first_month - 1 + t) % 12 + 1
        months = [month_of(t) for t in range(n)]
        idx = indices(y, months)
        s = (lambda t: idx[month_of(t)]) if idx is not None else (lambda t: 1.0)
        z = y / np.array([s(t) for t in range(n)])
        t = np.arange(n)[-60:].astype(float)
        zz = z[-60:]
        X = np.column_stack([np.ones(len(t)), t])
        (a, b), *_ = np.linalg.lstsq(X, zz, rcond=None)
        residuals = zz - (a + b * t)
        level = a + b * (n - 1) + residuals[-6:].mean()
        for h in range(1, 19):
            writer.writerow([metric, h, repr(float((level + 0.5 * b * h) * s(n - 1 + h)))])
