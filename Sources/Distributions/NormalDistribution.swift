import RealModule

/// The normal (Gaussian) distribution N(μ, σ²).
///
/// The large-sample limit of ``StudentTDistribution``, used when the error variance is known or
/// the degrees of freedom are effectively infinite. Density
/// `f(x) = exp(−z²/2) / (σ √(2π))`, `z = (x − μ)/σ` (Abramowitz & Stegun 26.2.1).
///
/// ```swift
/// let z = NormalDistribution()
/// z.quantile(0.975)   // 1.959963984540054
/// z.survival(5)       // 2.866515718791939e-07
/// ```
///
/// ## Error bounds
/// Measured against 50-digit mpmath references (`Fixtures/reference/normal.csv`): `cdf` and
/// `survival` within a few ulps down to 1e-300, `quantile` within a few ulps for p from
/// 1e-300 to 1 − 1e-16; the tests enforce 1e-12 relative.
public struct NormalDistribution: Sendable, Hashable {
    /// The mean μ.
    public let mean: Double
    /// The standard deviation σ > 0.
    public let standardDeviation: Double

    /// A normal distribution.
    ///
    /// - Parameters:
    ///   - mean: μ, finite; 0 by default.
    ///   - standardDeviation: σ > 0 and finite; 1 by default.
    /// - Precondition: the parameters are in range; violating it is a programming error.
    public init(mean: Double = 0, standardDeviation: Double = 1) {
        precondition(mean.isFinite, "NormalDistribution: mean must be finite, got \(mean)")
        precondition(standardDeviation > 0 && standardDeviation.isFinite,
                     "NormalDistribution: standardDeviation must be finite and > 0, got \(standardDeviation)")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// The probability density `exp(−z²/2) / (σ √(2π))` at x, with z = (x − μ)/σ.
    ///
    /// - Parameter x: any value.
    /// - Returns: f(x) ≥ 0; ±∞ gives 0 and NaN gives NaN.
    ///
    /// ## Error bounds
    /// About `z² ε` relative, from rounding z².
    public func density(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return Double.exp(StandardNormal.logDensity(z)) / standardDeviation
    }

    /// The cumulative distribution function P(X ≤ x) = ½ erfc(−z/√2), z = (x − μ)/σ.
    ///
    /// Formula: A&S 26.2.29 with `Double.erfc` from RealModule; the rounding of z/√2 is corrected
    /// to first order (see `StandardNormal.upperTail`), which matters far in the tail.
    ///
    /// - Parameter x: any value.
    /// - Returns: P(X ≤ x) in [0, 1].
    ///
    /// ## Edge cases
    /// −∞ gives 0, +∞ gives 1, NaN gives NaN. Below about z = −37.5 the result is subnormal and
    /// loses precision gradually; below z ≈ −38.5 it is 0.
    ///
    /// ## Error bounds
    /// A few ulps relative (tested at 1e-12 against mpmath down to 1e-300).
    public func cdf(_ x: Double) -> Double {
        StandardNormal.lowerTail((x - mean) / standardDeviation)
    }

    /// The survival function P(X > x) = ½ erfc(z/√2), accurate in the upper tail.
    ///
    /// - Parameter x: any value.
    /// - Returns: P(X > x) in [0, 1]; −∞ gives 1, +∞ gives 0, NaN gives NaN.
    ///
    /// ## Error bounds
    /// As for ``cdf(_:)``, mirrored.
    public func survival(_ x: Double) -> Double {
        StandardNormal.upperTail((x - mean) / standardDeviation)
    }

    /// The quantile function: the x with P(X ≤ x) = p.
    ///
    /// Method: for p within ¼ of ½, Halley's method on `½ erf(z/√2) = p − ½` from the
    /// inverse-error-function series; otherwise Halley's method on
    /// `log P(Z > s) = log min(p, 1 − p)` from A&S 26.2.23 (error < 4.5e-4), so each tail is
    /// solved with relative accuracy. Both loops are capped at a few steps. (Wichura's AS 241
    /// would give the same accuracy without iteration; the iteration is shorter to verify.)
    ///
    /// - Parameter p: a probability in [0, 1].
    /// - Returns: μ + σ z_p; p = 0 gives −∞, p = 1 gives +∞.
    /// - Precondition: p is in [0, 1] (NaN is a programming error).
    ///
    /// ## Edge cases
    /// p below the normal range of Double (about 2.2e-308) loses precision gradually.
    ///
    /// ## Error bounds
    /// A few ulps relative for p in [1e-300, 1 − 1e-16] (tested at 1e-12), before the final
    /// `μ + σ z`.
    public func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "quantile: p must be in [0, 1], got \(p)")
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        return mean + standardDeviation * StandardNormal.quantile(p)
    }

    /// The central interval holding probability `level`: μ ± σ z, z the (1 + level)/2 quantile.
    ///
    /// - Parameter level: the coverage in [0, 1], e.g. 0.95 for μ ± 1.96 σ.
    /// - Returns: the interval, symmetric about μ; level 0 gives [μ, μ], level 1 gives (−∞, ∞).
    /// - Precondition: `level` is in [0, 1].
    public func interval(level: Double) -> Interval {
        precondition(level >= 0 && level <= 1, "interval(level:): level must be in [0, 1], got \(level)")
        let tail = (1 - level) / 2
        let z = tail == 0 ? Double.infinity : -StandardNormal.quantile(tail)
        let halfWidth = standardDeviation * z
        return Interval(level: level, lower: mean - halfWidth, upper: mean + halfWidth)
    }
}
