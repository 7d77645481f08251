"""Reference values for TargetForecast's exponential smoothing and Theta method
(Sources/Forecasting/ExponentialSmoothing.swift, SeriesMethods.swift), computed independently
with statsmodels, for Tests/TargetForecastTests/SmoothingMethodTests.swift.

For three M3 monthly series of m3-sample.csv, on the raw values without their last 18 months
(no seasonal adjustment: the Swift tests call the smoothing directly):
  * ETSModel(error="add", trend=None | "add" | "add" damped) fitted by maximum likelihood with
    alpha and beta in [1e-4, 0.9999] (statsmodels keeps beta <= alpha itself, as forecast::ets
    does), phi in [0.8, 0.98], and estimated initial states: its SSE, its parameters and initial states, its 18 forecasts and
    the relative forecast variances Var(e_h)/sigma^2 that statsmodels' ETSResults computes for
    those parameters (its own code, `_relative_forecast_variance`);
  * ThetaModel(period=12, deseasonalize=False, use_test=False): the 18 forecasts of the standard
    Theta method (SES plus half the OLS slope as drift, Hyndman & Billah 2003).

Run with statsmodels 0.15.0 (the version of ../shared/bench/requirements-peer.txt; for example
the virtualenv made by Benchmarks/peer_statsforecast.py's instructions):
    python Fixtures/reference/make_smoothing_reference.py   # writes smoothing-reference.json
"""
import csv, json, os, warnings
import numpy as np
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel

warnings.filterwarnings("ignore")
here = os.path.dirname(os.path.abspath(__file__))
series = {}
for row in csv.DictReader(open(os.path.join(here, "m3-sample.csv"))):
    series.setdefault(row["metric"], []).append(float(row["value"]))

chosen = sorted(series)[:3]
result = {"statsmodels": __import__("statsmodels").__version__, "series": []}
for metric in chosen:
    y = np.array(series[metric])[:-18]
    entry = {"metric": metric, "values": y.tolist(), "ets": {}}
    for name, trend, damped in [("N", None, False), ("A", "add", False), ("Ad", "add", True)]:
        bounds = {"smoothing_level": (1e-4, 0.9999)}
        if trend:
            bounds["smoothing_trend"] = (1e-4, 0.9999)
        if damped:
            bounds["damping_trend"] = (0.8, 0.98)
        model = ETSModel(y, error="add", trend=trend, damped_trend=damped, initialization_method="estimated",
                         bounds=bounds)
        fit = model.fit(disp=False, maxiter=10000)
        alpha = float(fit.params[0])
        beta = float(fit.smoothing_trend) if trend else 0.0
        phi = float(fit.damping_trend) if damped else 1.0
        sse = float(np.sum(fit.resid ** 2))
        # statsmodels' own analytic relative forecast variances (ETSResults), at its parameters.
        relative = fit._relative_forecast_variance(np.arange(1, 19))
        level0 = float(fit.initial_level)
        slope0 = float(fit.initial_trend) if trend else 0.0
        entry["ets"][name] = {"alpha": alpha, "beta": beta, "phi": phi, "level0": level0, "slope0": slope0,
                              "sse": sse, "aicc": float(fit.aicc),
                              "forecast": fit.forecast(18).tolist(),
                              "varianceRatio": list(map(float, relative))}
    theta = ThetaModel(y, period=12, deseasonalize=False, use_test=False).fit()
    entry["theta"] = {"forecast": np.asarray(theta.forecast(18)).tolist(), "alpha": [float(theta.params["alpha"])],
                      "b0": [float(theta.params["b0"])]}
    result["series"].append(entry)

with open(os.path.join(here, "smoothing-reference.json"), "w") as out:
    json.dump(result, out, indent=1)
print("wrote", os.path.join(here, "smoothing-reference.json"), "for", chosen)
