import RealModule

/// Logarithms of gamma-function ratios that stay accurate when the arguments are large.
///
/// `Double.logGamma(a)` is accurate to a few ulps *of its value*, and its value grows like
/// `a log a`. A difference such as `log Γ(a + b) − log Γ(a)` computed from two calls therefore
/// carries an absolute error near `ε · a log a` (about 1e-9 at a = 1e6) even though the
/// difference itself is modest. The helpers here subtract Stirling's series analytically instead,
/// so the error stays near `ε` times the size of the result.
enum LogGamma {
    /// Below this argument the remainder of Stirling's series is taken from `Double.logGamma`.
    static let stirlingThreshold = 8.0

    /// The remainder of Stirling's series, `log Γ(z) − [(z − ½) log z − z + ½ log 2π]`.
    ///
    /// Formula: the asymptotic series `Σ B₂ₖ / (2k (2k − 1) z²ᵏ⁻¹)` with Bernoulli numbers B₂ₖ
    /// (Abramowitz & Stegun 6.1.40). Eight terms are used; at z = 8 the first omitted term is
    /// below 1e-17 relative.
    ///
    /// - Parameter z: an argument ≥ 8; smaller arguments use the defining difference.
    /// - Returns: the remainder, about `1 / (12 z)`.
    static func stirlingRemainder(_ z: Double) -> Double {
        guard z >= stirlingThreshold else {
            return Double.logGamma(z) - ((z - 0.5) * Double.log(z) - z + halfLogTwoPi)
        }
        let w = 1 / (z * z)
        // B₂ₖ / (2k (2k − 1)) for k = 1 … 8, innermost last.
        let series = 1.0 / 12 + w * (-1.0 / 360 + w * (1.0 / 1260 + w * (-1.0 / 1680
            + w * (1.0 / 1188 + w * (-691.0 / 360_360 + w * (1.0 / 156
            + w * (-3617.0 / 122_400)))))))
        return series / z
    }

    /// `log Γ(a + b) − log Γ(a)`, accurate in absolute terms for any a, b > 0.
    ///
    /// For a ≥ 8 Stirling's formula is subtracted term by term:
    /// `b log a + (a + b − ½) log1p(b / a) − b + R(a + b) − R(a)`, where R is
    /// ``stirlingRemainder(_:)``; the large `a log a` parts cancel exactly in the algebra rather than
    /// in floating point.
    static func logRatio(_ a: Double, shiftedBy b: Double) -> Double {
        guard a >= stirlingThreshold else {
            return Double.logGamma(a + b) - Double.logGamma(a)
        }
        return b * Double.log(a) + (a + b - 0.5) * Double.log(onePlus: b / a) - b
            + stirlingRemainder(a + b) - stirlingRemainder(a)
    }

    /// `log Γ(a + ½) − log Γ(a) − ½ log a`, which tends to 0 like `−1 / (8a)`.
    ///
    /// It sets the Student t density's normalising constant and the large-ν expansion. For
    /// a ≥ 8 it is `a log1p(1 / (2a)) − ½ + R(a + ½) − R(a)` (see ``logRatio(_:shiftedBy:)``),
    /// which stays accurate when `a` is 1e300.
    static func halfShiftRatio(_ a: Double) -> Double {
        guard a >= stirlingThreshold else {
            return Double.logGamma(a + 0.5) - Double.logGamma(a) - 0.5 * Double.log(a)
        }
        return a * Double.log(onePlus: 0.5 / a) - 0.5
            + stirlingRemainder(a + 0.5) - stirlingRemainder(a)
    }

    /// `log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b)`, accurate when either argument is large.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let small = Swift.min(a, b), large = Swift.max(a, b)
        if large < stirlingThreshold {
            return Double.logGamma(a) + Double.logGamma(b) - Double.logGamma(a + b)
        }
        if small < stirlingThreshold {
            return Double.logGamma(small) - logRatio(large, shiftedBy: small)
        }
        // Both large: (a − ½) log a + (b − ½) log b − (a + b − ½) log(a + b) + ½ log 2π + ΔR,
        // with the dominant terms regrouped around the larger argument.
        let logSum = Double.log(large + small)
        return -(large - 0.5) * Double.log(onePlus: small / large)
            + (small - 0.5) * (Double.log(small) - logSum)
            + halfLogTwoPi - 0.5 * logSum
            + stirlingRemainder(small) + stirlingRemainder(large) - stirlingRemainder(small + large)
    }

    /// ½ log 2π.
    static let halfLogTwoPi = 0.918_938_533_204_672_741_78
}
