#!/usr/bin/env python3
"""Reference values for the Distributions module, computed with mpmath at 50 significant digits.

Writes, next to this script:
  student-t.csv  Student t (location 0, scale 1): cdf, survival and density at grids of
                 (degrees of freedom, t), and quantile at grids of (degrees of freedom, p).
  normal.csv     Standard normal: cdf, survival, density and quantile.

Each row is `function,degrees_of_freedom,argument,expected` (normal.csv has no degrees of
freedom column). Arguments are written with 17 significant digits, so they read back as the
exact double that the reference was computed for; expected values are the 50-digit results
rounded to 17 significant digits. Values below 1e-300 are written as they are (a t tail below
1e-400 is written as 0); readers treat all of them as "underflows".

How to rerun (from the package root; needs only mpmath, e.g. `pip install mpmath==1.3.0`):

    python3 Fixtures/reference/make_distribution_reference.py
    python3 Fixtures/reference/make_distribution_reference.py --check-scipy   # optional

The output is deterministic (the random rows use a fixed seed). Every row is self-checked
before it is written: t probabilities from the incomplete beta function are compared with an
independent hypergeometric formula, and every quantile q is checked by cdf(q) = p. With
--check-scipy, scipy.stats (if installed) is compared against the table and the largest
relative differences are printed; scipy is not used to make the table.

Methods (all at 50+ digits, raising the working precision when a tail probability is tiny):
  * t lower tail P(T <= -s) = I_x(nu/2, 1/2) / 2 with x = nu/(nu + s^2)   (A&S 26.7.1, 26.5.27),
    or 1/2 - I_y(1/2, nu/2) / 2 with y = s^2/(nu + s^2) when x > 0.9, via mpmath.betainc.
  * check: P(T <= t) = 1/2 + t Gamma((nu+1)/2) / (sqrt(nu pi) Gamma(nu/2))
                              * 2F1(1/2, (nu+1)/2; 3/2; -t^2/nu)   (a standard identity),
    evaluated with mpmath.hyp2f1 at a precision high enough to survive the cancellation.
  * t quantile: bisection then Newton's method on log P(T <= -s) = log min(p, 1-p) in log s.
  * normal: P(Z <= x) = erfc(-x/sqrt 2)/2, quantile -sqrt(2) erfcinv-style via erfinv at
    high precision, checked by the cdf.
"""

import argparse
import os
import random
import sys

import mpmath as mp

DIGITS = 50
mp.mp.dps = DIGITS
HERE = os.path.dirname(os.path.abspath(__file__))

# Degrees of freedom: the required grid, plus points around nu = 50 (where the Swift code
# changes method), intermediate values and very large ones.
REQUIRED_NU = [1, 1.5, 2, 3, 4, 5, 10, 30, 100, 1000, 1e6]
EXTRA_NU = [2.5, 7, 49, 50, 51, 300, 1e4, 1e5, 1e7, 1e9, 1e12]
NU_VALUES = REQUIRED_NU + EXTRA_NU

P_VALUES = [1e-12, 1e-8, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3,
            0.4999999999, 0.5, 0.5000000001, 0.7, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999,
            1 - 1e-8, 1 - 1e-12]
T_VALUES = [-1e3, -50, -10, -5, -2.5, -2, -1, -0.5, -0.1, -1e-5, 0,
            1e-5, 0.1, 0.5, 1, 2, 2.5, 5, 10, 50, 1e3]
DENSITY_T_VALUES = [-50, -5, -1, 0, 0.1, 2.5, 10]

NORMAL_X = [-38, -37.5, -37, -30, -20, -10, -8, -5, -3, -2, -1.959963984540054, -1, -0.5,
            -1e-3, -1e-10, 0, 1e-10, 1e-3, 0.5, 1, 2, 3, 5, 8, 10, 20]
NORMAL_P = [1e-300, 1e-250, 1e-200, 1e-100, 1e-50, 1e-20, 1e-12, 1e-8, 1e-4, 0.001, 0.01,
            0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4999999999, 0.5, 0.5000000001, 0.7, 0.75,
            0.9, 0.975, 0.99, 1 - 1e-8, 1 - 1e-12, 1 - 1e-16]

SEED = 20240611
HALF = mp.mpf(1) / 2


def fmt(value):
    """17 significant digits; exact zero as 0."""
    value = mp.mpf(value)
    if value == 0:
        return "0"
    return mp.nstr(value, 17, strip_zeros=False, min_fixed=-4, max_fixed=17)


def arg(x):
    """A double argument with 17 significant digits (reads back exactly)."""
    return "%.17g" % x


# ---------------------------------------------------------------- Student t

def t_log10_density(nu, s):
    nu = mp.mpf(nu)
    s = mp.mpf(s)
    log_f = (mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2) - mp.log(nu * mp.pi) / 2
             - (nu + 1) / 2 * mp.log1p(s * s / nu))
    return log_f / mp.log(10)


def t_density(nu, t):
    with mp.workdps(DIGITS + 20):
        return mp.mpf(10) ** t_log10_density(nu, t)


def extra_digits(nu, s):
    """Digits to add so that a tail probability near the density's size keeps 50 digits."""
    return max(0, int(-t_log10_density(nu, s))) + 20


def t_tail(nu, s):
    """P(T <= -s) for s >= 0, by the incomplete beta function."""
    nu = mp.mpf(nu)
    s = abs(mp.mpf(s))
    if s == 0:
        return HALF
    if t_log10_density(nu, s) < -400:
        return None  # far below the range of Double; not worth 400+ digits
    with mp.workdps(DIGITS + extra_digits(nu, s)):
        a = nu / 2
        x = nu / (nu + s * s)
        y = s * s / (nu + s * s)
        if x <= mp.mpf("0.9"):
            value = mp.betainc(a, HALF, 0, x, regularized=True) / 2
        else:
            value = HALF - mp.betainc(HALF, a, 0, y, regularized=True) / 2
    return +value


def t_tail_check(nu, s):
    """P(T <= -s) by the 2F1 identity, an independent route for the self-check."""
    nu = mp.mpf(nu)
    s = abs(mp.mpf(s))
    with mp.workdps(DIGITS + extra_digits(nu, s) + 20):
        c = mp.exp(mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2)) / mp.sqrt(nu * mp.pi)
        value = HALF - s * c * mp.hyp2f1(HALF, (nu + 1) / 2, mp.mpf(3) / 2, -s * s / nu)
    return +value


def t_cdf(nu, t):
    t = mp.mpf(t)
    tail = t_tail(nu, t)
    if t <= 0:
        return tail
    return None if tail is None else 1 - tail


def t_quantile(nu, p):
    p = mp.mpf(p)
    if p == HALF:
        return mp.mpf(0)
    q = min(p, 1 - p)
    target = mp.log(q)

    def phi(v):  # decreasing in v = log s
        return mp.log(t_tail(nu, mp.exp(v))) - target

    low, high = mp.mpf(-40), mp.mpf(1)
    while phi(high) > 0:
        low, high = high, 2 * high
    for _ in range(40):
        middle = (low + high) / 2
        if phi(middle) > 0:
            low = middle
        else:
            high = middle
    v = (low + high) / 2
    for _ in range(60):
        s = mp.exp(v)
        tail = t_tail(nu, s)
        step = (mp.log(tail) - target) / (s * t_density(nu, s) / tail)
        v += step
        if abs(step) < mp.mpf(10) ** (-(DIGITS - 5)):
            break
    s = mp.exp(v)
    residual = abs(t_tail(nu, s) - q) / q
    assert residual < mp.mpf(10) ** (-(DIGITS - 10)), (nu, p, residual)
    return -s if p < HALF else s


def check_t_tail(nu, s, value):
    if value is None or s == 0:
        return
    other = t_tail_check(nu, s)
    relative = abs(other - value) / value
    assert relative < mp.mpf(10) ** (-(DIGITS - 10)), ("2F1 disagrees", nu, s, relative)


# ---------------------------------------------------------------- normal

def normal_cdf(x):
    with mp.workdps(DIGITS + 20):
        return +(mp.erfc(-mp.mpf(x) / mp.sqrt(2)) / 2)


def normal_quantile(p):
    p = mp.mpf(p)
    if p == HALF:
        return mp.mpf(0)
    with mp.workdps(DIGITS + 360):  # 1 - 2p must keep its digits for p = 1e-300
        z = mp.sqrt(2) * mp.erfinv(2 * p - 1)
        q = min(p, 1 - p)
        assert abs(normal_cdf(-abs(z)) - q) / q < mp.mpf(10) ** (-(DIGITS - 10)), p
    return +z


def normal_density(x):
    x = mp.mpf(x)
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


# ---------------------------------------------------------------- tables

def student_t_rows(rng):
    rows = []
    cases = [(nu, t) for nu in NU_VALUES for t in T_VALUES]
    for _ in range(200):
        nu = float(10 ** rng.uniform(0, 12))
        t = rng.choice([-1, 1]) * float(10 ** rng.uniform(-5, 3))
        cases.append((nu, t))
    for nu, t in cases:
        tail = t_tail(nu, abs(t))
        check_t_tail(nu, abs(t), tail)
        if tail is None:  # the tail is below 1e-400: written as 0
            cdf = "0" if t < 0 else "1"
            survival = "0" if t > 0 else "1"
        else:
            cdf = fmt(tail if t <= 0 else 1 - tail)
            survival = fmt(tail if t >= 0 else 1 - tail)
        rows.append(("cdf", arg(nu), arg(t), cdf))
        rows.append(("survival", arg(nu), arg(t), survival))
    for nu in NU_VALUES:
        for t in DENSITY_T_VALUES:
            rows.append(("density", arg(nu), arg(t), fmt(t_density(nu, t))))
    quantile_cases = [(nu, p) for nu in NU_VALUES for p in P_VALUES]
    for _ in range(150):
        nu = float(10 ** rng.uniform(0, 12))
        p = float(10 ** rng.uniform(-12, -0.30103))
        if rng.random() < 0.5:
            p = 1 - p
        quantile_cases.append((nu, p))
    for nu, p in quantile_cases:
        rows.append(("quantile", arg(nu), arg(p), fmt(t_quantile(nu, p))))
    return rows


def normal_rows(rng):
    rows = []
    xs = NORMAL_X + [rng.uniform(-37, 9) for _ in range(100)]
    for x in xs:
        rows.append(("cdf", arg(x), fmt(normal_cdf(x))))
        rows.append(("survival", arg(x), fmt(normal_cdf(-x))))
    for x in NORMAL_X:
        rows.append(("density", arg(x), fmt(normal_density(x))))
    ps = NORMAL_P + [10 ** rng.uniform(-300, -0.30103) for _ in range(100)]
    ps += [rng.uniform(0.2, 0.8) for _ in range(30)]
    for p in ps:
        rows.append(("quantile", arg(p), fmt(normal_quantile(p))))
    return rows


HEADER_T = """\
# Student t reference values (location 0, scale 1), 50-digit mpmath, rounded to 17 digits.
# Made by make_distribution_reference.py in this folder; rerun it rather than editing by hand.
# argument is t for cdf/survival/density and p for quantile. Expected values below 1e-300 are
# below the normal range of Double (0 stands for a tail below 1e-400).
function,degrees_of_freedom,argument,expected
"""

HEADER_NORMAL = """\
# Standard normal reference values, 50-digit mpmath, rounded to 17 digits.
# Made by make_distribution_reference.py in this folder; rerun it rather than editing by hand.
# argument is x for cdf/survival/density and p for quantile.
function,argument,expected
"""


def write(path, header, rows):
    with open(path, "w", newline="\n") as out:
        out.write(header)
        for row in rows:
            out.write(",".join(row) + "\n")
    print("wrote %s (%d rows)" % (os.path.relpath(path), len(rows)))


def read(path):
    rows = []
    with open(path) as source:
        for line in source:
            if line.startswith("#") or line.startswith("function"):
                continue
            rows.append(line.strip().split(","))
    return rows


def check_scipy():
    try:
        import scipy.stats as stats
    except ImportError:
        print("scipy is not installed; skipping the comparison")
        return
    worst = {}

    def note(key, got, expected, where):
        expected = float(expected)
        if abs(expected) < 1e-300:
            return
        error = abs(got - expected) / abs(expected) if expected != 0 else abs(got)
        if error > worst.get(key, (0, ""))[0]:
            worst[key] = (error, where)

    for function, nu, x, expected in read(os.path.join(HERE, "student-t.csv")):
        distribution = stats.t(float(nu))
        got = {"cdf": distribution.cdf, "survival": distribution.sf,
               "density": distribution.pdf, "quantile": distribution.ppf}[function](float(x))
        where = "nu=%s arg=%s" % (nu, x)
        note("t " + function, float(got), expected, where)
        if function == "quantile" and abs(float(x) - 0.5) > 1e-6:
            note("t quantile, |p - 1/2| > 1e-6", float(got), expected, where)
    for function, x, expected in read(os.path.join(HERE, "normal.csv")):
        distribution = stats.norm()
        got = {"cdf": distribution.cdf, "survival": distribution.sf,
               "density": distribution.pdf, "quantile": distribution.ppf}[function](float(x))
        note("normal " + function, float(got), expected, "arg=%s" % x)
    for key in sorted(worst):
        print("scipy vs mpmath, %-30s max relative difference %.2e (%s)" % ((key,) + worst[key]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check-scipy", action="store_true",
                        help="after writing, compare scipy.stats with the tables")
    options = parser.parse_args()
    rng = random.Random(SEED)
    write(os.path.join(HERE, "student-t.csv"), HEADER_T, student_t_rows(rng))
    write(os.path.join(HERE, "normal.csv"), HEADER_NORMAL, normal_rows(rng))
    if options.check_scipy:
        check_scipy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
