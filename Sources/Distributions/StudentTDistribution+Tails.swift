import RealModule

/// The tail and central probabilities of the standard t distribution, shared by `cdf`,
/// `survival` and the quantile solver.
extension StudentTDistribution {
    /// Both halves of the standard t distribution at s ≥ 0: `tail = P(T ≤ −s)` and
    /// `central = P(0 < T ≤ s)`, which add up to ½.
    ///
    /// Whichever is smaller is computed directly and the other as ½ minus it, so both are
    /// relatively accurate: a small `tail` keeps its digits far out, a small `central` near 0.
    struct Tails {
        var tail: Double
        var central: Double
    }

    /// ``Tails`` at s ≥ 0, given also as log s so that magnitudes beyond the range of Double
    /// (which the quantile solver visits for very heavy tails) still work.
    ///
    /// Formula: `P(T ≤ −s) = ½ I_x(ν/2, ½)` with odds `y/x = s²/ν` (A&S 26.7.1, 26.5.27); closed
    /// forms from the finite series of A&S 26.7.3–26.7.4 for ν = 1 (`atan(1/s)/π`) and ν = 2
    /// (`½ − s/(2√(2 + s²))`).
    static func standardTails(_ nu: Double, magnitude s: Double, logMagnitude: Double? = nil) -> Tails {
        let logS = logMagnitude ?? Double.log(s)
        if s == .infinity && logMagnitude == nil { return Tails(tail: 0, central: 0.5) }
        if s == 0 { return Tails(tail: 0.5, central: 0) }
        if nu == 1 {
            if s == .infinity { return Tails(tail: Double.exp(-logS) / Double.pi, central: 0.5) }
            return Tails(tail: Double.atan(1 / s) / Double.pi, central: Double.atan(s) / Double.pi)
        }
        if nu == 2 {
            if s > 1e150 { return Tails(tail: 0.5 * Double.exp(-2 * logS), central: 0.5) }
            // ½ − s/(2w) with w = √(2 + s²), rewritten as 1/((w + s) w) to avoid cancellation.
            let w = Double.hypot(s, 2.0.squareRoot())
            return Tails(tail: 1 / ((w + s) * w), central: s / (2 * w))
        }
        let (lower, upper) = IncompleteBeta.evaluate(a: 0.5 * nu, b: 0.5, argument(nu, s: s, logS: logS))
        return Tails(tail: 0.5 * lower, central: 0.5 * upper)
    }

    /// The incomplete-beta argument for |t| = s: odds `y/x = s²/ν`.
    static func argument(_ nu: Double, s: Double, logS: Double) -> BetaArgument {
        let logOdds = 2 * logS - Double.log(nu)
        let odds = s < 1e150 ? s * s / nu : Double.exp(logOdds)
        return BetaArgument(odds: odds, logOdds: logOdds)
    }

    /// `log f(t)` of the standard t density at the argument with odds t²/ν.
    ///
    /// `log f = log Γ(ν/2 + ½) − log Γ(ν/2) − ½ log(νπ) − (ν+1)/2 · log1p(t²/ν)`, where the
    /// gamma ratio comes from ``LogGamma/halfShiftRatio(_:)`` (with a = ν/2,
    /// `log K = halfShiftRatio(a) − ½ log 2π`) and `log1p(t²/ν) = −log x`.
    static func logStandardDensity(_ nu: Double, _ argument: BetaArgument) -> Double {
        logDensityAtZero(nu) + 0.5 * (nu + 1) * argument.logX
    }

    /// log f(0) = log Γ(ν/2 + ½) − log Γ(ν/2) − ½ log(νπ).
    static func logDensityAtZero(_ nu: Double) -> Double {
        LogGamma.halfShiftRatio(0.5 * nu) - LogGamma.halfLogTwoPi
    }

    /// `1 − tail`, from whichever half is more accurate.
    static func complementOfTail(_ tails: Tails) -> Double {
        tails.tail < 0.25 ? 1 - tails.tail : 0.5 + tails.central
    }
}
