"""Reference values for TargetForecast's trend forecasts, computed independently with numpy + scipy.

Rerun: python3 Fixtures/reference/make_trend_reference.py  (writes trend-reference.json beside it)

What it computes, for two small datasets written out in full in the JSON (so the Swift test reads
the same numbers):

1. "monthly": 30 monthly flows (2019-01 .. 2021-06), linear trend y = a + b t.
2. "ytd-spans": flows derived from year-to-date readings with January and February reported
   together, so some observations cover two months; seasonal design (trend + month-of-year
   effects, January and February sharing the reference level because they are never observed
   apart). Weighted least squares: an observation covering k months has its design row (the sum
   of its months' rows) and its value divided by sqrt(k).

For each: the OLS/WLS coefficients (numpy.linalg.lstsq), s^2 = RSS/(n-p), and for the sum of the
months 2021-07 .. 2021-12: mean g'b, variance s^2 (h + g' (X'X)^-1 g) with g the column sums of
the future design rows, and the 10/90 and 2.5/97.5 percent quantiles from scipy.stats.t with n-p
degrees of freedom. Also the single-month prediction for 2021-12.
"""
import json
import os

import numpy as np
from scipy import stats


def months(start_year, start_month, count):
    out = []
    y, m = start_year, start_month
    for _ in range(count):
        out.append((y, m))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def linear_row(t, month):
    return [1.0, float(t)]


def seasonal_row_factory(reference_months):
    # columns: 1, t, then one per month not in the reference group, in month order
    effect_months = [m for m in range(2, 13) if m not in reference_months]

    def row(t, month):
        r = [1.0, float(t)] + [0.0] * len(effect_months)
        if month in effect_months:
            r[2 + effect_months.index(month)] = 1.0
        return r

    return row


def solve(observations, row, origin_index, future):
    rows, values = [], []
    for (start, end, value) in observations:
        k = end - start + 1
        r = np.zeros(len(row(0, 1)))
        for idx in range(start, end + 1):
            month = idx % 12 + 1
            r += np.array(row(idx - origin_index, month))
        rows.append(r / np.sqrt(k))
        values.append(value / np.sqrt(k))
    X = np.array(rows)
    y = np.array(values)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    n, p = X.shape
    resid = y - X @ beta
    s2 = float(resid @ resid) / (n - p)
    XtXinv = np.linalg.inv(X.T @ X)
    X0 = np.array([row(idx - origin_index, idx % 12 + 1) for idx in future])
    g = X0.sum(axis=0)
    h = len(future)
    mean = float(g @ beta)
    var = s2 * (h + float(g @ XtXinv @ g))
    t = stats.t(df=n - p, loc=mean, scale=np.sqrt(var))
    x1 = X0[-1]
    mean1 = float(x1 @ beta)
    var1 = s2 * (1 + float(x1 @ XtXinv @ x1))
    t1 = stats.t(df=n - p, loc=mean1, scale=np.sqrt(var1))
    return {
        "coefficients": beta.tolist(),
        "residualVariance": s2,
        "degreesOfFreedom": n - p,
        "sum": {"mean": mean, "variance": var, "q10": t.ppf(0.10), "q90": t.ppf(0.90),
                "q025": t.ppf(0.025), "q975": t.ppf(0.975)},
        "december": {"mean": mean1, "variance": var1, "q10": t1.ppf(0.10), "q90": t1.ppf(0.90)},
    }


rng = np.random.default_rng(20211)
# month index = year*12 + month - 1
def index(y, m):
    return y * 12 + m - 1

# 1. monthly flows, linear trend
obs_months = months(2019, 1, 30)
monthly = []
for i, (y, m) in enumerate(obs_months):
    value = round(1000 + 12.5 * i + rng.normal(0, 40), 2)
    monthly.append((index(y, m), index(y, m), value))
origin = monthly[0][0]
future = [index(2021, m) for m in range(7, 13)]
ref_monthly = solve(monthly, linear_row, origin, future)

# 2. ytd with Jan+Feb combined: build monthly flows with seasonality, then report ytd without January
season = {1: 0.8, 2: 0.7, 3: 1.0, 4: 1.0, 5: 1.05, 6: 1.1, 7: 1.0, 8: 1.0, 9: 1.05, 10: 1.0, 11: 1.1, 12: 1.4}
flows = {}
for (y, m) in months(2018, 1, 42):
    t = index(y, m) - index(2018, 1)
    flows[(y, m)] = round((500 + 3 * t) * season[m] + rng.normal(0, 15), 2)
ytd_readings = []
spans = []
for y in (2018, 2019, 2020, 2021):
    total = 0.0
    for m in range(1, 13):
        if (y, m) not in flows:
            break
        total += flows[(y, m)]
        if m == 1:
            continue
        ytd_readings.append({"period": f"{y}-{m:02d}", "value": round(total, 2)})
for y in (2018, 2019, 2020, 2021):
    prev = None
    for r in ytd_readings:
        ry, rm = int(r["period"][:4]), int(r["period"][5:])
        if ry != y:
            continue
        start = index(y, 1) if prev is None else index(y, prev[0] + 1)
        value = r["value"] - (prev[1] if prev else 0.0)
        spans.append((start, index(y, rm), value))
        prev = (rm, r["value"])
origin2 = spans[0][0]
ref_ytd = solve(spans, seasonal_row_factory({1, 2}), origin2, future)

out = {
    "monthly": {"readings": [{"period": f"{y}-{m:02d}", "value": v} for (y, m), (_, _, v) in zip(obs_months, monthly)],
                "model": "linear", **ref_monthly},
    "ytd-spans": {"readings": ytd_readings, "model": "seasonal", **ref_ytd},
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "trend-reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
