import RealModule

/// The regularized incomplete beta function I_x(a, b) and its complement.
///
/// Two methods cover the parameter space:
///
/// - The continued fraction of Numerical Recipes §6.4 (eq. 6.4.5; also DiDonato & Morris 1992,
///   ACM TOMS 18(3) 360–373, "BFRAC"), evaluated by the modified Lentz algorithm (Thompson &
///   Barnett 1986). It converges quickly for x < (a + 1)/(a + b + 2); beyond that point the
///   symmetry I_x(a, b) = 1 − I_{1−x}(b, a) is used, so the quantity computed directly is always
///   the smaller, relatively accurate one. Its cost grows like √max(a, b) near that switch point.
/// - For b = ½ and large a, the case of the Student t distribution with many degrees of freedom,
///   an expansion in incomplete gamma functions (see ``halfExpansion(a:_:)``), which costs a
///   handful of terms for any a up to 1e308.
enum IncompleteBeta {
    /// The smallest `a` for which ``halfExpansion(a:_:)`` is used when `b = ½`.
    static let expansionMinimumA = 25.0
    /// The largest `−log x` for which ``halfExpansion(a:_:)`` is used: its terms shrink like
    /// `(−log x / 2π)^{2k}`, so this keeps about twelve terms enough.
    static let expansionMaximumLogArgument = 1.5

    /// `(I_x(a, b), 1 − I_x(a, b))`, each accurate relative to its own size.
    ///
    /// - Parameters:
    ///   - a: a > 0, finite.
    ///   - b: b > 0, finite.
    ///   - argument: x with its complement and logarithms.
    static func evaluate(a: Double, b: Double, _ argument: BetaArgument) -> (lower: Double, upper: Double) {
        if argument.logX == -.infinity { return (0, 1) }
        if argument.logY == -.infinity { return (1, 0) }
        if a == 0.5 && b != 0.5 {
            let swapped = evaluate(a: b, b: a, argument.complement)
            return (swapped.upper, swapped.lower)
        }
        // Compare on whichever of x, y is smaller, so that x within one ulp of 1 still decides.
        let useComplement = argument.x > 0.5
            ? argument.y < (b + 1) / (a + b + 2)
            : argument.x >= (a + 1) / (a + b + 2)
        if useComplement {
            let upper = continuedFraction(a: b, b: a, argument.complement)
            return (1 - upper, upper)
        }
        if b == 0.5 && a >= expansionMinimumA && -argument.logX <= expansionMaximumLogArgument {
            let lower = halfExpansion(a: a, argument)
            return (lower, 1 - lower)
        }
        let lower = continuedFraction(a: a, b: b, argument)
        // Near x = 1 the fraction's denominators 1 + d₂ₘ₊₁ D cancel down to about y, costing a
        // relative error near ε / y. The complement's fraction has no such cancellation and,
        // subtracted from 1, costs ε / I; so when I exceeds y it is the better route.
        if argument.y < 0.1 && lower > argument.y {
            let upper = continuedFraction(a: b, b: a, argument.complement)
            return (1 - upper, upper)
        }
        return (lower, 1 - lower)
    }

    /// I_x(a, b) by its continued fraction; accurate when x < (a + 1)/(a + b + 2).
    ///
    /// Formula (Numerical Recipes 3rd ed. eq. 6.4.5):
    /// `I_x(a, b) = x^a y^b / (a B(a, b)) · 1 / (1 + d₁ / (1 + d₂ / (1 + …)))` with
    /// `d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))` and
    /// `d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m))`.
    /// The coefficients are formed as products of ratios so that none overflows for a, b near
    /// 1e308. The fraction stops when a step changes it by less than one ulp, or after
    /// ``maximumIterations(a:b:)`` steps.
    static func continuedFraction(a: Double, b: Double, _ argument: BetaArgument) -> Double {
        let front = prefactor(a: a, b: b, argument) / a
        if front == 0 || !front.isFinite { return front }
        let x = argument.x
        let tiny = 1e-300
        // Modified Lentz: f = b₀ + a₁/(b₁ + a₂/(b₂ + …)) with b₀ = bⱼ = 1 and aⱼ = dⱼ.
        var f = 1.0, c = 1.0, d = 0.0
        let limit = maximumIterations(a: a, b: b)
        var j = 1
        while j <= limit {
            let coefficient: Double
            if j % 2 == 1 {
                let m = Double((j - 1) / 2)
                coefficient = -((a + m) / (a + 2 * m)) * ((a + b + m) / (a + 2 * m + 1)) * x
            } else {
                let m = Double(j / 2)
                coefficient = (m / (a + 2 * m - 1)) * ((b - m) / (a + 2 * m)) * x
            }
            d = 1 + coefficient * d
            if Swift.abs(d) < tiny { d = tiny }
            d = 1 / d
            c = 1 + coefficient / c
            if Swift.abs(c) < tiny { c = tiny }
            let step = c * d
            f *= step
            if Swift.abs(step - 1) <= Double.ulpOfOne { break }
            j += 1
        }
        return front / f
    }

    /// A cap on continued-fraction steps: generous next to the √max(a, b) it needs in the worst
    /// case, and finite so that no input can loop forever.
    static func maximumIterations(a: Double, b: Double) -> Int {
        let typical = 20 * Swift.max(a, b).squareRoot()
        return 200 + Int(Swift.min(typical, 1_000_000))
    }

    /// `x^a y^b / B(a, b)`, the factor in front of both the continued fraction and the density.
    ///
    /// When one parameter is below 8 and the other above, `log Γ(large + small) − log Γ(large)`
    /// is taken from Stirling's series (see ``LogGamma/logRatio(_:shiftedBy:)``). When a, b ≥ 8
    /// the powers and the beta function are combined around the mode
    /// `x₀ = a / (a + b)` (the method of DiDonato & Morris 1992, §3, "BRCOMP"):
    /// `x^a y^b / B(a, b) = √(ab / (2π(a + b))) · exp(−a φ(−λ/a) − b φ(λ/b) − Δ)`, where
    /// `λ = a − (a + b) x`, `φ(z) = z − log(1 + z)` and `Δ = R(a) + R(b) − R(a + b)` collects the
    /// Stirling remainders. This avoids subtracting `log Γ` values of size `a log a`. When both
    /// are below 8 the logarithms are added directly with ``LogGamma/logBeta(_:_:)``.
    static func prefactor(a: Double, b: Double, _ argument: BetaArgument) -> Double {
        let small = Swift.min(a, b), large = Swift.max(a, b)
        if large < LogGamma.stirlingThreshold {
            return Double.exp(a * argument.logX + b * argument.logY - LogGamma.logBeta(a, b))
        }
        if small < LogGamma.stirlingThreshold {
            // With `v` the variable paired with the small parameter and `w` the other:
            // v^small w^large / B = exp(large log w + small log(large · v) − log Γ(small) + c),
            // c = log Γ(large + small) − log Γ(large) − small log(large), which is small. Forming
            // large · v before the logarithm avoids cancelling small·log v against
            // small·log(large), two terms of size 345 when large = 1e300.
            let (logV, v, logW) = a < b
                ? (argument.logX, argument.x, argument.logY)
                : (argument.logY, argument.y, argument.logX)
            let product = large * v
            let logProduct = product.isNormal && v.isNormal
                ? Double.log(product) : Double.log(large) + logV
            let correction = (large + small - 0.5) * Double.log(onePlus: small / large) - small
                + LogGamma.stirlingRemainder(large + small) - LogGamma.stirlingRemainder(large)
            return Double.exp(large * logW + small * logProduct - Double.logGamma(small) + correction)
        }
        // λ from whichever of x, y is nearer its mode, to avoid cancellation.
        let lambda = a > b ? (a + b) * argument.y - b : a - (a + b) * argument.x
        let relativeX = -lambda / a  // x / x₀ − 1
        let relativeY = lambda / b   // y / y₀ − 1
        let excessX = Swift.abs(relativeX) <= 0.5
            ? logExcess(relativeX)
            : relativeX - (argument.logX + Double.log(onePlus: b / a))
        let excessY = Swift.abs(relativeY) <= 0.5
            ? logExcess(relativeY)
            : relativeY - (argument.logY + Double.log(onePlus: a / b))
        let stirling = LogGamma.stirlingRemainder(a) + LogGamma.stirlingRemainder(b)
            - LogGamma.stirlingRemainder(a + b)
        let scale = (a * (b / (a + b)) / (2 * Double.pi)).squareRoot()
        return scale * Double.exp(-(a * excessX + b * excessY) - stirling)
    }

    /// `z − log(1 + z)` without cancellation for small |z|.
    ///
    /// For |z| ≤ ½, with `w = z / (2 + z)` so that `log(1 + z) = 2 atanh w`:
    /// `z − log(1 + z) = z w − 2 (w³/3 + w⁵/5 + …)`; |w| ≤ ⅓ there, so the series converges fast.
    static func logExcess(_ z: Double) -> Double {
        guard Swift.abs(z) <= 0.5 else { return z - Double.log(onePlus: z) }
        let w = z / (2 + z)
        let w2 = w * w
        var power = w * w2
        var sum = 0.0
        var k = 3.0
        while k < 80 {
            let term = power / k
            sum += term
            if Swift.abs(term) <= Double.ulpOfOne * Swift.abs(sum) { break }
            power *= w2
            k += 2
        }
        return z * w - 2 * sum
    }

    /// I_x(a, ½) for large a, by an expansion in incomplete gamma functions.
    ///
    /// Derivation (the idea of DiDonato & Morris 1992, §4 "BGRAT", and Temme 1987, specialised to
    /// b = ½): substituting s = e^{−w} in the beta integral gives
    /// `I_x(a, b) = 1/B(a, b) ∫_u^∞ e^{−aw} (1 − e^{−w})^{b−1} dw` with u = −log x. Writing
    /// `1 − e^{−w} = e^{−w/2} · w · sinh(w/2)/(w/2)` and `T = a + (b − 1)/2`,
    /// `e^{−aw}(1 − e^{−w})^{b−1} = e^{−Tw} w^{b−1} g(w)` with the even function
    /// `g(w) = (sinh(w/2)/(w/2))^{b−1} = Σ gₖ w^{2k}` (radius 2π). Integrating term by term,
    /// `I_x(a, b) = 1/B(a, b) Σ gₖ Γ(b + 2k, Tu) / T^{b+2k}`.
    /// For b = ½, `Γ(½, z) = √π erfc(√z)`, higher orders follow from
    /// `Γ(s + 1, z) = s Γ(s, z) + z^s e^{−z}` (all terms positive, so the recursion is stable),
    /// and `Γ(a + ½) / (Γ(a) √T)` is taken from ``LogGamma/halfShiftRatio(_:)``. Relative to the
    /// leading term the k-th term is of order `(u/2π)^{2k}` or `(2k)!/(2πT)^{2k}`, whichever is
    /// larger, so a dozen terms reach full precision for u ≤ 1.5 and a ≥ 25. The leading term
    /// alone is the normal limit `½ erfc(√((ν/2 − ¼) log(1 + t²/ν)))` of the t distribution.
    static func halfExpansion(a: Double, _ argument: BetaArgument) -> Double {
        let t = a - 0.25
        let u = -argument.logX
        // For subnormal u (x within rounding of 1), log u ≈ log y keeps the digits u has lost.
        let z = u.isNormal ? t * u : Double.exp(Double.log(t) + argument.logY)
        let leading = Double.exp(LogGamma.halfShiftRatio(a) - 0.5 * Double.log(onePlus: -0.25 / a))
        let rootZ = z.squareRoot()
        var gammaTerm = Double.erfc(rootZ)                   // Γ(½ + 2k, z) / (√π T^{2k})
        var powerTerm = rootZ * Double.exp(-z) / Double.pi.squareRoot()  // z^{½+2k} e^{−z} / (√π T^{2k})
        let coefficients = halfExpansionCoefficients
        var sum = gammaTerm
        let inverseT2 = 1 / (t * t)
        let uOverT = u / t
        for k in 1..<coefficients.count {
            let s = 2 * Double(k - 1) + 0.5
            gammaTerm = (s + 1) * s * inverseT2 * gammaTerm + (s + 1) * inverseT2 * powerTerm
                + uOverT * powerTerm
            powerTerm *= u * u
            let term = coefficients[k] * gammaTerm
            sum += term
            if Swift.abs(term) <= 0.25 * Double.ulpOfOne * sum { break }
        }
        return leading * sum
    }

    /// Taylor coefficients gₖ of `(sinh(w/2)/(w/2))^{−½} = Σ gₖ w^{2k}`.
    ///
    /// With `f(y) = sinh(w/2)/(w/2) = Σ yʲ / (4ʲ (2j + 1)!)`, y = w², the power `f^β` follows from
    /// `f P′ = β f′ P` (J. C. P. Miller's recurrence, Knuth TAOCP vol. 2 §4.7):
    /// `n cₙ = Σ_{k=1}^{n} ((β + 1) k − n) fₖ cₙ₋ₖ`, here with β = −½.
    static let halfExpansionCoefficients: [Double] = {
        let count = 24
        var f = [1.0]
        var factorial = 1.0
        for j in 1..<count {
            factorial *= Double(2 * j) * Double(2 * j + 1)
            f.append(1 / (Double.pow(4, Double(j)) * factorial))
        }
        let beta = -0.5
        var c = [1.0]
        for n in 1..<count {
            var total = 0.0
            for k in 1...n {
                total += ((beta + 1) * Double(k) - Double(n)) * f[k] * c[n - k]
            }
            c.append(total / Double(n))
        }
        return c
    }()
}
