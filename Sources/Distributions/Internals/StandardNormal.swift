import RealModule

/// Tail probabilities and quantiles of the standard normal distribution N(0, 1).
enum StandardNormal {
    /// 1/√2 rounded to double, and the rounding error, so that z/√2 can be carried to about
    /// 32 significant digits.
    static let inverseRootTwo = 0.7071067811865476
    static let inverseRootTwoError = -4.8336466567264565e-17
    /// log(1/√(2π)).
    static let logInverseRootTwoPi = -0.9189385332046728

    /// `log φ(z) = −z²/2 − ½ log 2π`.
    static func logDensity(_ z: Double) -> Double {
        -0.5 * z * z + logInverseRootTwoPi
    }

    /// P(Z > z) with a relative error of a few ulps, also deep in the upper tail.
    ///
    /// Formula: `P(Z > z) = ½ erfc(z/√2)` (Abramowitz & Stegun 26.2.29). Rounding z/√2 costs a
    /// relative error of about `z² ε` in the result (3e-13 at z = 37), because
    /// `d log erfc(h) / dh ≈ −2h`. The product is therefore split exactly with a fused
    /// multiply-add, `z/√2 = h + δ`, and the first-order correction
    /// `erfc(h + δ) = erfc(h) (1 − δ M(h))`, `M(h) = 2e^{−h²} / (√π erfc(h))`, is applied; for
    /// h > 5, M comes from the asymptotic series of erfc (A&S 7.1.23), which also avoids
    /// underflow of e^{−h²}.
    static func upperTail(_ z: Double) -> Double {
        if z.isNaN { return z }
        if z.isInfinite { return z > 0 ? 0 : 1 }
        let h = z * inverseRootTwo
        // z/√2 − h: the rounding error of the product, exact by a fused multiply-add, plus the
        // error of the rounded constant.
        let residual = (-h).addingProduct(z, inverseRootTwo) + z * inverseRootTwoError
        let complementary = Double.erfc(h)
        if complementary == 0 { return 0 }
        let mills: Double
        if h > 5 {
            let w = 1 / (h * h)
            mills = 2 * h / (1 + w * (-0.5 + w * (0.75 + w * (-1.875 + w * 6.5625))))
        } else {
            mills = 1.1283791670955126 * Double.exp(-h * h) / complementary
        }
        return 0.5 * complementary * (1 - residual * mills)
    }

    /// P(Z ≤ z), see ``upperTail(_:)``.
    static func lowerTail(_ z: Double) -> Double { upperTail(-z) }

    /// The z with P(Z ≤ z) = p, for p in (0, 1).
    ///
    /// For p within ¼ of ½ the equation `½ erf(z/√2) = p − ½` (the difference is exact there) is
    /// solved, so quantiles near 0 keep their relative accuracy. Otherwise the smaller tail
    /// probability q = min(p, 1 − p) is matched in log space, `log P(Z > s) = log q`. Both use
    /// Halley's method from a starting value accurate to about 5e-4 (the inverse-error-function
    /// series, A&S 7.1 / Carlitz 1963, and A&S 26.2.23), so two or three steps reach the
    /// rounding floor; the loop is capped.
    static func quantile(_ p: Double) -> Double {
        if p == 0.5 { return 0 }
        let tail = Swift.min(p, 1 - p)
        let magnitude = tail >= 0.25 ? centralMagnitude(0.5 - tail) : tailMagnitude(tail)
        return p < 0.5 ? -magnitude : magnitude
    }

    /// The s ≥ 0 with P(0 < Z ≤ s) = c, for c in [0, ¼].
    static func centralMagnitude(_ c: Double) -> Double {
        if c == 0 { return 0 }
        // erfinv(y) = (√π/2)(y + (π/12) y³ + (7π²/480) y⁵ + (127π³/40320) y⁷ + …), y = 2c.
        let y = 2 * c, y2 = y * y
        let pi = Double.pi
        var s = 1.2533141373155003 * y  // √2 · √π/2 = √(π/2)
            * (1 + y2 * (pi / 12 + y2 * (7 * pi * pi / 480 + y2 * (127 * pi * pi * pi / 40320))))
        for _ in 0..<10 {
            let excess = 0.5 * Double.erf(s * inverseRootTwo) - c
            let density = Double.exp(logDensity(s))
            // Halley for G(s) = ½ erf(s/√2) − c, with G′ = φ(s), G″ = −s φ(s).
            let step = -(excess / density) / (1 + excess * s / (2 * density))
            s += step
            if Swift.abs(step) <= 4 * Double.ulpOfOne * s { break }
        }
        return s
    }

    /// The s > 0 with P(Z > s) = q, for q in (0, ¼).
    static func tailMagnitude(_ q: Double) -> Double {
        // A&S 26.2.23 (Hastings): |error| < 4.5e-4.
        let w = (-2 * Double.log(q)).squareRoot()
        var s = w - (2.515517 + w * (0.802853 + w * 0.010328))
            / (1 + w * (1.432788 + w * (0.189269 + w * 0.001308)))
        let logTarget = Double.log(q)
        for _ in 0..<20 {
            let upper = upperTail(s)
            // ψ(s) = log P(Z > s) − log q; ψ′ = −M, ψ″ = −M (M − s), M = φ(s)/P(Z > s).
            let psi = Double.log(upper) - logTarget
            let mills = Double.exp(logDensity(s) - Double.log(upper))
            let newton = psi / mills
            let factor = 1 + psi * (mills - s) / (2 * mills)
            let step = (factor >= 0.5 && factor <= 2) ? newton / factor : newton
            s += step
            if Swift.abs(step) <= 4 * Double.ulpOfOne * s { break }
        }
        return s
    }
}
