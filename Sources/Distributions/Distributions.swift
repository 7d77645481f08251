// Distributions: the Student t and normal distributions, to near full double precision.
//
// Forecast intervals and "probability the target is met" both come down to a distribution
// function or its inverse far out in a tail: a 1-in-10⁶ risk, or a t quantile with 3 degrees of
// freedom. This module provides them with relative accuracy in *both* tails, so that
// P(X > x) = 3e-9 is reported as 3e-9 rather than as 1 − 0.999999997 rounded to nothing.
//
// - `StudentTDistribution` (ν > 0, location, scale): density, cdf, survival, quantile, central
//   intervals, mean, variance. Within 1e-13 relative of 50-digit mpmath for ν ≥ 1 and
//   probabilities from 1e-300 (cdf) or 1e-12 (quantile) to 1 − 1e-12.
// - `NormalDistribution` (mean, standard deviation): the same functions, within a few ulps.
// - `Interval`: a central prediction interval (level, lower, upper, width).
// - `SpecialFunctions.regularizedIncompleteBeta(_:a:b:)`: I_x(a, b), which underlies the t.
//
// Methods, each cited where it is implemented:
// - t tails as ½ I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1), with the continued fraction of
//   Numerical Recipes §6.4 / DiDonato & Morris (1992) by the modified Lentz algorithm, the
//   complement near the centre, closed forms for ν = 1 and 2, and for ν ≥ 50 an expansion in
//   incomplete gamma functions whose leading term is the normal limit, so any ν up to 1e308
//   works without a hard switch to the normal.
// - t quantiles by Halley's method on the log tail probability in log t, from a Cornish–Fisher
//   (A&S 26.7.5) or power-tail (after Hill 1970) start, bracketed and capped.
// - normal tails from `erfc` with the rounding of x/√2 corrected; quantiles by Halley's method
//   from A&S 26.2.23.
//
// Everything is a `Sendable` value type with no shared mutable state; the special functions come
// from swift-numerics' RealModule (thread-safe, unlike C's `lgamma`). Reference values and the
// script that makes them are in `Fixtures/reference/` (make_distribution_reference.py).
