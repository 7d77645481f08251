#!/usr/bin/env python3
"""Generate SYNTHETIC monthly readings for the Gulou 2021 targets catalogue.

THESE NUMBERS ARE INVENTED. They are not Gulou district statistics and must never be quoted as
such. They exist so that TargetForecast has a realistic, reproducible demo and test input for
every metric in ``targets.yaml``.

What is written
---------------
``readings.csv``  long form, header ``metric,period,value``, periods 2018-01 ... 2021-06,
                  UTF-8 without BOM, LF line endings, plain decimals (no exponent), no comments.
``scenario.csv``  for every target: the intended status as of 2021-06, the generator's own
                  value at 2021-06 and its hidden 2021 outcome (the readings are generated to
                  2021-12 and cut at 2021-06), so a forecaster can be checked against the truth.

How the readings are published (as Chinese statistics are)
----------------------------------------------------------
* economic aggregates in 元 / 美元 (``ytd``): cumulative from January, January missing
  (January-February is published once, in February), rounded to 万元 (10^4 元) / 万美元;
* counts of new things (``ytd``): cumulative within the year, reset in January, January present;
* counts published month by month (``flow``): the month's own amount;
* stocks and rates (``level``): the value at the end of the month (rates within 0-100).

How they are generated (numpy ``default_rng(2021)``, one stream, fixed order)
------------------------------------------------------------------------------
* Aggregates follow a smooth exponential trend times a month-of-year profile (February small,
  December large), times a 2020 Q1 COVID dip (February -40 %, March -22 %, ... scaled per
  sector), times log-normal noise. The trend growth r is chosen so that the 2021 total grows
  by the scenario's growth g over the (dipped) 2020 total: (1 + g)(1 - d) = 1 + r, d being the
  profile-weighted 2020 dip. The 2020 total is set to a plausible magnitude (GDP ~ 1,900 亿元).
* Within-year counts have explicit yearly totals (2018-2021). Each year's total is spread over
  the months by a profile (back-loaded completions, front-loaded project starts, graduates in
  June-July, ...) with noise; small counts are drawn multinomially, so they stay integers, and
  large amounts get their round design totals jittered by about 1 %.
  The first half of 2021 keeps the pace the history implies (the mean past January-June share
  of the year times the 2021 total), so a seasonal forecaster can see where the year is going;
  where a target is meant to be "achieved" (or a project is lumpy) it is pinned instead.
* Stocks and rates follow hand-made paths (piecewise take-up, yearly batch certification of
  high-tech enterprises, seasonal PM2.5, ...) with noise, clipped to their natural bounds.

Each target has an intended status as of 2021-06 (achieved / on-track / at-risk / off-track,
or n/a for thresholds still missing). The script checks every generated outcome against its
intended status with explicit tolerances and stops if one does not hold.

Usage: ``python3 generate_readings.py`` (standard library + numpy; writes next to this file).
"""

from __future__ import annotations

import csv
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(2021)

YEARS = [2018, 2019, 2020, 2021]
LAST_PUBLISHED = (2021, 6)  # readings are cut here; the rest of 2021 is the hidden outcome


def profile(*weights: float) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    assert w.shape == (12,)
    return w / w.sum()


PROFILES = {
    # economic flows: Spring Festival February small, year-end December large
    "econ": profile(7.2, 6.0, 8.3, 8.0, 8.2, 9.0, 8.0, 8.0, 8.6, 8.1, 8.6, 12.0),
    # investment: slow start, heavy December
    "investment": profile(4, 4, 8, 8, 8.5, 10, 8, 8, 9, 8.5, 9, 15),
    # tax revenue: January large (annual settlements), otherwise even
    "revenue": profile(11, 6, 9, 9, 9, 8.5, 8, 7.5, 8, 8.5, 7.5, 8),
    # tourism: spring and National Day holidays, quiet winter
    "tourism": profile(6.5, 7.5, 7.5, 9.5, 10, 7.5, 8.5, 9, 8, 11, 7.5, 7.5),
    # household income: flat with year-end bonuses
    "income": profile(8.0, 7.6, 8.2, 8.2, 8.2, 8.4, 8.2, 8.2, 8.4, 8.3, 8.3, 10.0),
    "even": profile(*[1] * 12),
    # completions, road openings, assessments: done at year end
    "backloaded": profile(2, 2, 5, 6, 7, 8, 7, 7, 9, 10, 13, 24),
    # project starts: the spring "抢开工" campaign
    "frontloaded": profile(4, 6, 14, 14, 12, 10, 8, 7, 7, 6, 6, 6),
    # construction volumes (floor space, renovation)
    "construction": profile(3, 3, 6, 7, 8, 9, 8, 8, 9, 10, 12, 17),
    # graduates: registered around graduation
    "graduates": profile(2, 2, 4, 4, 5, 14, 24, 12, 8, 6, 4, 3),
    # recognitions announced in batches late in the year
    "q4batch": profile(0.5, 0.5, 1, 1, 1, 2, 1, 1, 2, 4, 8, 10),
    # cultural events: quiet around Spring Festival, busy in autumn and December
    "events": profile(6, 5, 8, 9, 9, 8, 8, 7, 9, 10, 9, 12),
}

# 2020 COVID dip, fraction of output lost per month at scale 1.0 (January-June 2020)
COVID_DIP = np.array([0.05, 0.40, 0.22, 0.10, 0.05, 0.02, 0, 0, 0, 0, 0, 0])


def covid_factors(scale: float) -> np.ndarray:
    return np.clip(1.0 - scale * COVID_DIP, 0.05, None)


# --------------------------------------------------------------------------------------------
# Scenario: every target's intended status as of 2021-06 (README.md shows the same table).
# --------------------------------------------------------------------------------------------
STATUS = {
    "t2-silicon-alley-new-floor-space": "achieved",
    "t3-new-engineering-research-centres": "at-risk",
    "t3-new-maker-spaces-incubators": "achieved",
    "t4-high-tech-enterprises": "at-risk",
    "t4-tech-services-income": "on-track",
    "t5-new-unicorn-gazelle-enterprises": "on-track",
    "t7-invention-patents-held": "on-track",
    "t7-pct-patent-applications": "off-track",
    "t11-gdp": "on-track",
    "t12-general-budget-revenue": "at-risk",
    "t13-fixed-asset-investment": "off-track",
    "t14-retail-sales": "on-track",
    "t15-high-end-commerce-income": "at-risk",
    "t16-software-it-income": "on-track",
    "t17-culture-tourism-income": "off-track",
    "t18-finance-income": "off-track",
    "t19-biomedicine-health-income": "on-track",
    "t22-foreign-investment-utilised": "on-track",
    "t23-old-office-buildings-renovated": "on-track",
    "t23-new-billion-yuan-buildings": "on-track",
    "t23-new-feature-buildings": "on-track",
    "t24-continuing-projects-completed": "at-risk",
    "t24-new-projects-started": "achieved",
    "t24-reserve-projects-matured": "off-track",
    "t25-blockchain-base-chains": "achieved",
    "t25-blockchain-application-chains": "on-track",
    "t25-blockchain-application-scenarios": "at-risk",
    "t25-blockchain-enterprises-introduced": "achieved",
    "t26-roads-opened": "at-risk",
    "t26-shipping-leaders-introduced": "on-track",
    "t26-shipping-services-income": "at-risk",
    "t27-land-parcels-cleared": "on-track",
    "t27-land-parcels-listed": "off-track",
    "t27-land-parcels-expropriation-started": "achieved",
    "t27-mufu-town-floor-space-started": "on-track",
    "t27-huayang-park-floor-space-started": "off-track",
    "t27-tiebei-carrier-investment": "off-track",
    "t28-nanyi-new-industrial-floor-space": "on-track",
    "t30-energy-intensity": "n/a",
    "t30-pm25-concentration": "n/a",
    "t30-worse-than-class-v-water-share": "n/a",
    "t38-old-residential-renovated": "on-track",
    "t39-new-pocket-parks": "achieved",
    "t39-waterlogging-areas-remedied": "at-risk",
    "t41-mechanised-cleaning-rate": "on-track",
    "t42-waste-sorting-model-communities": "at-risk",
    "t42-waste-sorting-covered-communities": "on-track",
    "t43-per-capita-disposable-income": "at-risk",
    "t44-registered-unemployment-rate": "n/a",
    "t45-new-urban-jobs": "on-track",
    "t45-hard-to-employ-assisted": "at-risk",
    "t45-graduates-employed": "on-track",
    "t45-graduate-startups": "off-track",
    "t46-new-insured-persons": "achieved",
    "t48-classroom-lighting-coverage": "at-risk",
    "t49-maternal-child-clinics-built": "at-risk",
    "t49-new-mother-baby-rooms": "on-track",
    "t49-new-infant-care-institutions": "on-track",
    "t50-home-ageing-adaptations": "off-track",
    "t50-smoke-alarms-installed": "achieved",
    "t50-new-elderly-care-beds": "at-risk",
    "t50-new-nursing-beds": "on-track",
    "t51-cultural-sports-events": "on-track",
    "t51-culture-cloud-visits": "on-track",
    "t57-highrise-fire-safety-upgrades": "at-risk",
    "t60-cctv-cameras-installed": "off-track",
    "t72-public-operating-expenses": "on-track",
}

# --------------------------------------------------------------------------------------------
# Aggregates with a trend: metric -> (2020 total, intended 2021 growth, COVID scale, profile,
# monthly noise sd of log value). Growth targets compare the 2021 total with the 2020 total.
# --------------------------------------------------------------------------------------------
TREND_AGGREGATES = {
    "gdp": (1.90e11, 0.090, 0.50, "econ", 0.012),
    "general-budget-revenue": (1.52e10, 0.053, 0.40, "revenue", 0.020),
    "fixed-asset-investment": (3.30e10, 0.020, 0.80, "investment", 0.040),
    "retail-sales": (7.10e10, 0.125, 1.30, "econ", 0.015),
    "high-end-commerce-income": (2.30e11, 0.102, 0.80, "econ", 0.012),
    "software-it-income": (6.80e10, 0.170, 0.30, "econ", 0.015),
    "culture-tourism-income": (1.50e10, 0.030, 1.00, "tourism", 0.030),
    "finance-income": (4.20e10, 0.110, 0.20, "econ", 0.015),
    "biomedicine-health-income": (8.50e9, 0.210, 0.20, "econ", 0.020),
    "tech-services-income": (4.60e10, 0.135, 0.40, "econ", 0.015),
    "shipping-services-income": (1.25e10, 0.103, 0.60, "econ", 0.012),
    # per-capita disposable income (元 per person, year to date); its growth is set just below
    # the GDP's realised growth (item 43 "in step with the economy" is then at risk)
    "per-capita-disposable-income": (72600.0, None, 0.30, "income", 0.004),
}
INCOME_GAP = -0.004  # income growth = GDP growth - 0.4 percentage points

# --------------------------------------------------------------------------------------------
# Within-year counts and project volumes: metric -> dict(years=(2018, 2019, 2020, 2021 totals),
# profile, h1=pinned Jan-Jun 2021 amount or None, noise sd (continuous) or None (multinomial
# integers), covid scale for 2020, integer rounding).
# --------------------------------------------------------------------------------------------
def spec(years, prof, h1=None, sd=None, covid=0.0, lumpy=False):
    return dict(years=years, profile=prof, h1=h1, sd=sd, covid=covid, lumpy=lumpy)


YEARLY_FLOWS = {
    "silicon-alley-new-floor-space": spec((78000, 92000, 85000, 165000), "construction", h1=112000, sd=0.6),
    "new-engineering-research-centres": spec((2, 1, 2, 2), "q4batch"),
    "new-maker-spaces-incubators": spec((3, 4, 3, 5), "even", h1=4),
    "new-unicorn-gazelle-enterprises": spec((2, 3, 3, 4), "even", h1=2),
    "pct-patent-applications": spec((96, 108, 117, 122), "econ", covid=0.5),
    "foreign-investment-utilised": spec((2.35e8, 2.60e8, 2.72e8, 3.45e8), "econ", sd=0.30, covid=0.6),
    "old-office-buildings-renovated": spec((120000, 150000, 170000, 232000), "construction", sd=0.25, covid=0.8),
    "new-billion-yuan-buildings": spec((2, 3, 3, 4), "backloaded", h1=2),
    "new-feature-buildings": spec((1, 2, 2, 3), "even", h1=1),
    "continuing-projects-completed": spec((52, 58, 55, 61), "backloaded"),
    "new-projects-started": spec((30, 33, 27, 38), "frontloaded", h1=35, covid=1.0),
    "reserve-projects-matured": spec((40, 44, 38, 41), "even"),
    "blockchain-base-chains": spec((0, 0, 1, 1), "even", h1=1),
    "blockchain-application-chains": spec((0, 1, 3, 5), "even", h1=2),
    "blockchain-application-scenarios": spec((0, 3, 8, 12), "even"),
    "blockchain-enterprises-introduced": spec((6, 9, 12, 24), "even", h1=16),
    "roads-opened": spec((3, 4, 3, 4), "backloaded", h1=1),
    "shipping-leaders-introduced": spec((1, 2, 2, 3), "even", h1=1),
    "land-parcels-cleared": spec((4, 5, 5, 7), "even", h1=4),
    "land-parcels-listed": spec((3, 4, 2, 3), "even", h1=1),
    "land-parcels-expropriation-started": spec((2, 2, 3, 3), "even", h1=3),
    "mufu-town-floor-space-started": spec((0, 60000, 45000, 110000), "construction", h1=60000, sd=0.9, lumpy=True),
    "huayang-park-floor-space-started": spec((0, 0, 15000, 20000), "construction", h1=0, sd=0.9, lumpy=True),
    "tiebei-carrier-investment": spec((6.5e8, 8.2e8, 7.6e8, 8.6e8), "investment", sd=0.20, covid=0.8),
    "nanyi-new-industrial-floor-space": spec((30000, 42000, 38000, 56000), "construction", sd=0.40),
    "old-residential-renovated": spec((420000, 560000, 690000, 905000), "construction", sd=0.15, covid=0.8),
    "new-pocket-parks": spec((3500, 4200, 3800, 7400), "frontloaded", h1=5600, sd=0.40),
    "waterlogging-areas-remedied": spec((2, 3, 2, 2), "frontloaded", h1=1),
    "waste-sorting-model-communities": spec((0, 25, 36, 38), "backloaded"),
    "new-urban-jobs": spec((27200, 28600, 25900, 31300), "econ", sd=0.05, covid=1.0),
    "hard-to-employ-assisted": spec((1850, 1920, 1780, 1910), "econ", sd=0.08, covid=1.0),
    "graduates-employed": spec((49500, 53000, 54800, 61500), "graduates", sd=0.05),
    "graduate-startups": spec((790, 860, 760, 840), "econ", sd=0.10, covid=1.0),
    "new-insured-persons": spec((11500, 12800, 14200, 19500), "frontloaded", h1=10600, sd=0.08),
    "maternal-child-clinics-built": spec((1, 1, 0, 1), "backloaded", h1=0),
    "new-mother-baby-rooms": spec((4, 5, 6, 6), "even", h1=3),
    "new-infant-care-institutions": spec((0, 2, 3, 4), "even", h1=2),
    "home-ageing-adaptations": spec((180, 240, 260, 290), "backloaded"),
    "smoke-alarms-installed": spec((900, 1500, 1800, 2900), "frontloaded", h1=2150, sd=0.25),
    "new-elderly-care-beds": spec((350, 430, 370, 395), "construction", sd=0.35),
    "new-nursing-beds": spec((140, 190, 210, 235), "construction", sd=0.35),
    "cultural-sports-events": spec((3050, 3300, 2150, 3350), "events", sd=0.06, covid=2.2),
    "culture-cloud-visits": spec((420000, 640000, 980000, 1180000), "even", sd=0.08),
    "highrise-fire-safety-upgrades": spec((20, 35, 42, 49), "backloaded"),
    "cctv-cameras-installed": spec((600, 800, 900, 1050), "even", sd=0.25),
    "public-operating-expenses": spec((6.6e8, 6.8e8, 6.2e8, 5.25e8), "econ", sd=0.06),
}

MONEY_ROUNDING = {"元": 10_000, "美元": 10_000}  # published in 万元 / 万美元


# --------------------------------------------------------------------------------------------
# Generators: every function returns 48 monthly values (2018-01 ... 2021-12).
# --------------------------------------------------------------------------------------------
def trend_aggregate(total2020: float, growth: float, covid: float, prof: str, sd: float) -> np.ndarray:
    w = PROFILES[prof]
    dip = covid_factors(covid)
    d = 1.0 - float(np.dot(w, dip))  # share of 2020 lost to the dip
    r = (1.0 + growth) * (1.0 - d) - 1.0  # underlying trend growth per year
    t = np.arange(48)
    trend = (1.0 + r) ** (t / 12.0)
    season = np.tile(w * 12.0, 4)
    covid_row = np.ones(48)
    covid_row[24:36] = dip
    shape = trend * season * covid_row
    scale = total2020 / shape[24:36].sum()
    noise = np.exp(rng.normal(0.0, sd, 48))
    return scale * shape * noise


def allocate(total: float, weights: np.ndarray, sd, lumpy: bool, integer: bool) -> np.ndarray:
    """Spread `total` over months with the given weights (any length), with noise."""
    n = len(weights)
    if total == 0:
        return np.zeros(n)
    p = weights / weights.sum()
    if sd is None:  # small integer counts: multinomial keeps them integers and exact
        return rng.multinomial(int(round(total)), p).astype(float)
    if lumpy:  # a few big deliveries: two to three months carry everything
        k = min(n, int(rng.integers(2, 4)))
        months = rng.choice(n, size=k, replace=False, p=p)
        x = np.zeros(n)
        x[months] = rng.dirichlet(np.ones(k) * 2.0)
    else:
        x = p * np.exp(rng.normal(0.0, sd, n))
    x = total * x / x.sum()
    if integer:
        x = np.round(x)
        x[np.argmax(x)] += round(total) - x.sum()  # keep the stated total exact
    return x


def yearly_flow(s: dict, integer: bool) -> np.ndarray:
    w = PROFILES[s["profile"]]
    out = []
    for year, total in zip(YEARS, s["years"]):
        wy = w * (covid_factors(s["covid"]) if year == 2020 else 1.0)
        # large amounts: jitter the round design totals by about 1% so they do not look designed
        jitter = 1.0 if s["sd"] is None else float(np.exp(rng.normal(0.0, 0.01)))
        total = total * jitter
        if year == 2021:
            if s["h1"] is not None:
                h1 = s["h1"] * jitter
            else:  # keep the pace the history implies: H1 = mean past H1 share x year total
                shares = [y[:6].sum() / y.sum() for y in out if y.sum() > 0]
                h1 = total * float(np.mean(shares))
                h1 = round(h1) if (integer or s["sd"] is None) else h1
            out.append(np.concatenate([allocate(h1, wy[:6], s["sd"], s["lumpy"], integer),
                                       allocate(total - h1, wy[6:], s["sd"], s["lumpy"], integer)]))
        else:
            out.append(allocate(total, wy, s["sd"], s["lumpy"], integer))
    return np.concatenate(out)


def high_tech_enterprises() -> np.ndarray:
    """Stock of certified high-tech enterprises: slow expiries during the year, batch
    certification announced in November-December."""
    year_end = {2017: 318, 2018: 385, 2019: 455, 2020: 528, 2021: 597}
    v = []
    for y in YEARS:
        start, end = year_end[y - 1], year_end[y]
        expiry = 0.6
        nov_base = start - expiry * 10
        for m in range(1, 13):
            if m <= 10:
                x = start - expiry * m + rng.normal(0, 1.0)
            elif m == 11:
                x = nov_base + 0.3 * (end - nov_base)
            else:
                x = end
            v.append(round(x))
    return np.array(v, dtype=float)


def invention_patents_held() -> np.ndarray:
    inc = {2018: 85, 2019: 95, 2020: 105, 2021: 116}
    level = 5200.0
    v = []
    for y in YEARS:
        for _ in range(12):
            level += max(0.0, rng.normal(inc[y], 14))
            v.append(round(level))
    return np.array(v, dtype=float)


def mechanised_cleaning_rate() -> np.ndarray:
    t = np.arange(48)
    x = 88.0 + 0.19 * t - 0.0005 * t**2 + rng.normal(0, 0.12, 48)
    return np.clip(np.round(x, 1), 0, 99.5)


def waste_sorting_covered() -> np.ndarray:
    """Take-up towards all 913 residential communities: slow pilots, then the push before
    Nanjing's mandatory sorting (November 2020), the last few reached in autumn 2021."""
    anchors_t = [0, 12, 24, 34, 35, 41, 45, 47]
    anchors_v = [180, 260, 520, 840, 862, 898, 913, 913]
    x = np.interp(np.arange(48), anchors_t, anchors_v) + rng.normal(0, 2.0, 48)
    return np.maximum.accumulate(np.minimum(913.0, np.round(x)))


def classroom_lighting_coverage() -> np.ndarray:
    v, level = [], 20.0
    for i in range(48):
        step = 0.4 if i < 24 else (3.5 if i < 36 else 2.2)
        level += step + rng.normal(0, 0.15)
        v.append(min(100.0, round(level, 1)))
    return np.array(v)


def registered_unemployment_rate() -> np.ndarray:
    t = np.arange(48)
    base = 1.85 + 0.003 * t
    bump = np.zeros(48)
    bump[24:36] = [0.05, 0.25, 0.45, 0.55, 0.55, 0.50, 0.42, 0.35, 0.30, 0.25, 0.22, 0.20]
    bump[36:] = np.linspace(0.15, 0.0, 12)
    return np.round(base + bump + rng.normal(0, 0.03, 48), 2)


def energy_intensity() -> np.ndarray:
    """Year-to-date energy use per unit of GDP, 克标准煤/元 (= 0.01 吨标准煤/万元)."""
    t = np.arange(48)
    season = np.tile([1.05, 1.06, 1.03, 1.0, 0.99, 1.0, 1.02, 1.03, 1.0, 0.98, 0.98, 0.97], 4)
    x = 16.8 * (1 - 0.035) ** (t / 12) * season
    x[25:29] *= [1.07, 1.05, 1.02, 1.01]  # GDP fell faster than energy use in early 2020
    return np.round(x * np.exp(rng.normal(0, 0.008, 48)), 2)


def pm25_concentration() -> np.ndarray:
    annual = {2018: 43.0, 2019: 40.0, 2020: 31.0, 2021: 29.0}
    season = np.array([1.55, 1.30, 1.15, 0.95, 0.85, 0.70, 0.55, 0.60, 0.75, 0.95, 1.25, 1.50])
    season = season / season.mean()
    x = np.concatenate([annual[y] * season for y in YEARS])
    return np.round(x * np.exp(rng.normal(0, 0.08, 48)), 1)


def worse_than_class_v_share() -> np.ndarray:
    """Share of the district's 24 monitored sections worse than class V, %."""
    mean_bad = {2018: 3.0, 2019: 1.8, 2020: 0.8, 2021: 0.3}
    k = np.concatenate([rng.poisson(mean_bad[y], 12) for y in YEARS])
    return np.round(100.0 * np.minimum(k, 24) / 24.0, 1)


LEVEL_DECIMALS = {  # everything else is published as whole numbers
    "mechanised-cleaning-rate": 1,
    "classroom-lighting-coverage": 1,
    "registered-unemployment-rate": 2,
    "energy-intensity": 2,
    "pm25-concentration": 1,
    "worse-than-class-v-water-share": 1,
}

LEVELS = {
    "high-tech-enterprises": high_tech_enterprises,
    "invention-patents-held": invention_patents_held,
    "mechanised-cleaning-rate": mechanised_cleaning_rate,
    "waste-sorting-covered-communities": waste_sorting_covered,
    "classroom-lighting-coverage": classroom_lighting_coverage,
    "registered-unemployment-rate": registered_unemployment_rate,
    "energy-intensity": energy_intensity,
    "pm25-concentration": pm25_concentration,
    "worse-than-class-v-water-share": worse_than_class_v_share,
}


# --------------------------------------------------------------------------------------------
# Catalogue (read without PyYAML so the generator needs only the standard library + numpy)
# --------------------------------------------------------------------------------------------
def read_catalogue(path: str):
    """Read the metric catalogue and the target fields this script needs from targets.yaml.

    A deliberately small reader for the file's block style (top-level keys, lists of
    ``- key: value`` mappings, trailing `` # comments``); flow lists are kept as strings.
    """
    lists: dict[str, list[dict[str, str]]] = {"metrics": [], "targets": []}
    section, current = None, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            line = raw.split(" #", 1)[0].rstrip()
            if not raw.startswith(" "):  # a top-level key: year, metrics, targets
                section, current = line.split(":", 1)[0], None
                continue
            text = line.strip()
            if text.startswith("- "):
                current = {}
                lists[section].append(current)
                text = text[2:]
            key, value = text.split(":", 1)
            current[key.strip()] = value.strip().strip('"')
    return {m["id"]: m for m in lists["metrics"]}, lists["targets"]


# --------------------------------------------------------------------------------------------
def months():
    return [(y, m) for y in YEARS for m in range(1, 13)]


def fmt(value: float, decimals: int) -> str:
    if decimals == 0:
        return str(int(round(value)))
    return f"{value:.{decimals}f}"


def main() -> int:
    metrics, targets = read_catalogue(os.path.join(HERE, "targets.yaml"))
    series: dict[str, np.ndarray] = {}  # metric -> 48 monthly flows or levels

    gdp_growth = None
    for mid, (total2020, growth, covid, prof, sd) in TREND_AGGREGATES.items():
        if growth is None:
            growth = gdp_growth + INCOME_GAP
        series[mid] = trend_aggregate(total2020, growth, covid, prof, sd)
        if mid == "gdp":
            x = series[mid]
            gdp_growth = x[36:48].sum() / x[24:36].sum() - 1.0
    for mid, s in YEARLY_FLOWS.items():
        money = metrics[mid]["unit"] in MONEY_ROUNDING
        series[mid] = yearly_flow(s, integer=not money)
    for mid, fn in LEVELS.items():
        series[mid] = fn()

    missing = set(metrics) - set(series)
    extra = set(series) - set(metrics)
    if missing or extra:
        sys.exit(f"metrics without a generator: {sorted(missing)}; generators without a metric: {sorted(extra)}")

    # ---- publish -----------------------------------------------------------------------
    cut = months().index(LAST_PUBLISHED) + 1
    rows = []
    published: dict[str, dict[str, float]] = {}
    for mid, meta in metrics.items():  # catalogue order
        x = series[mid]
        kind, unit = meta["reading"], meta["unit"]
        money = unit in MONEY_ROUNDING
        if kind == "ytd":
            values = np.concatenate([np.cumsum(x[i : i + 12]) for i in range(0, 48, 12)])
        else:
            values = x.copy()
        if money:
            step = MONEY_ROUNDING[unit] if x.max() > 1e6 else 1  # per-capita income in whole 元
            values = np.round(values / step) * step
        decimals = LEVEL_DECIMALS.get(mid, 0) if kind == "level" else 0
        published[mid] = {}
        for i, (y, m) in enumerate(months()[:cut]):
            if kind == "ytd" and money and m == 1:
                continue  # January-February published together
            v = float(values[i])
            if not math.isfinite(v):
                sys.exit(f"{mid} {y}-{m:02d}: not finite")
            period = f"{y}-{m:02d}"
            rows.append((mid, period, fmt(v, decimals)))
            published[mid][period] = v

    with open(os.path.join(HERE, "readings.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["metric", "period", "value"])
        w.writerows(rows)

    # The same readings as a statistics bureau exports them: the metric's Chinese name (not the
    # catalogue's id), Chinese headers and periods, and the January-February combined report
    # labelled 1-2月. Input of the extract -> link -> run chain (no hand-made ids involved).
    with open(os.path.join(HERE, "readings-by-name.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["指标名称", "时间", "数值"])
        for mid, period, value in rows:
            y, m = int(period[:4]), int(period[5:])
            combined = m == 2 and f"{y}-01" not in published[mid]
            label = f"{y}年1-2月" if combined else f"{y}年{m}月"
            w.writerow([metrics[mid].get("name", mid), label, value])

    # ---- scenario truth and checks -------------------------------------------------------
    def year_total(mid, y):
        i = YEARS.index(y) * 12
        return float(series[mid][i : i + 12].sum())

    def h1(mid, y):
        i = YEARS.index(y) * 12
        return float(series[mid][i : i + 6].sum())

    out, failures = [], []
    for t in targets:
        tid, kind, mid = t["id"], t["kind"], t["metric"]
        value = None if t["value"] in ("null", "") else float(t["value"])
        intended = STATUS[tid]
        x = series[mid]
        if kind in ("growth", "reduction"):
            as_of = (h1(mid, 2021) / h1(mid, 2020) - 1) * 100
            outcome = (year_total(mid, 2021) / year_total(mid, 2020) - 1) * 100
            if kind == "reduction":
                as_of, outcome = -as_of, -outcome
            gap, unit = outcome - value, "% growth" if kind == "growth" else "% cut"
        elif kind == "relative":
            vs = t["versus"]
            g = lambda m, f: (f(m, 2021) / f(m, 2020) - 1) * 100
            as_of = g(mid, h1) - g(vs, h1)
            outcome = g(mid, year_total) - g(vs, year_total)
            gap, unit = outcome - value, "pp growth gap"
        elif kind in ("total", "milestone"):
            as_of, outcome = h1(mid, 2021), year_total(mid, 2021)
            gap, unit = outcome - value, metrics[mid]["unit"]
        elif kind == "ceiling" and t.get("at") == "average":
            as_of, outcome = float(x[36:42].mean()), float(x[36:48].mean())
            gap, unit = None, metrics[mid]["unit"] + " (mean)"
        else:  # level, ratio, ceiling at the deadline
            as_of, outcome = float(x[41]), float(x[47])
            gap = None if value is None else outcome - value
            unit = metrics[mid]["unit"]

        ok = True
        if intended == "n/a":
            ok = value is None
        elif intended == "achieved":
            ok = kind in ("total", "milestone") and as_of >= value
        else:
            pp = kind in ("growth", "reduction", "relative", "ratio")
            small = not pp and value <= 10
            rel = gap if pp else gap / value
            if intended == "on-track":
                ok = gap >= 1 if small else rel >= (0.5 if kind == "ratio" else 1.5 if pp else 0.03)
                if kind == "level" and value == float(np.max(x)):
                    ok = gap >= 0  # the threshold is the ceiling of the stock (913 of 913)
                if kind in ("total", "milestone"):
                    ok = ok and as_of < value  # otherwise it would be achieved
            elif intended == "at-risk":
                ok = -1 <= gap <= 0 if small else (-2.5 <= rel <= 1.0 if pp else -0.06 <= rel <= 0.03)
                if kind in ("total", "milestone"):
                    ok = ok and as_of < value
            elif intended == "off-track":
                ok = gap <= -1 if small else rel <= (-3.0 if pp else -0.10)
        if ok and kind in ("total", "milestone") and value > 10 and intended != "achieved":
            # the pace a seasonal forecaster sees must tell the same story as the outcome
            shares = [h1(mid, y) / year_total(mid, y) for y in YEARS[:3] if year_total(mid, y) > 0]
            pace = as_of / float(np.mean(shares)) / value
            ok = {"on-track": pace >= 1.0, "at-risk": 0.85 <= pace <= 1.1, "off-track": pace <= 0.92}[intended]
        if not ok:
            failures.append(f"{tid}: intended {intended}, as of 2021-06 {as_of:.2f}, outcome {outcome:.2f}, threshold {value}")
        # small counts (threshold <= 10) cannot separate on-track from at-risk after six months
        firm = intended != "n/a" and not (kind in ("total", "milestone") and value <= 10 and intended != "achieved")
        out.append((tid, kind, "" if value is None else t["value"], intended, "yes" if firm else "no",
                    round(as_of, 2), round(outcome, 2), unit))

    with open(os.path.join(HERE, "scenario.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["target", "kind", "threshold", "intended_status", "firm", "as_of_2021_06", "outcome_2021", "measure"])
        w.writerows(out)

    unknown = set(STATUS) - {t["id"] for t in targets}
    if unknown or len(STATUS) != len(targets):
        failures.append(f"STATUS does not match the catalogue: {sorted(unknown)}")
    print(f"wrote {len(rows)} readings for {len(published)} metrics and {len(out)} scenario rows")
    if failures:
        print("scenario check FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print("scenario check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
