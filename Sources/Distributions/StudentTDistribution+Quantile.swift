import RealModule

extension StudentTDistribution {
    /// The quantile function: the x with P(X ≤ x) = p.
    ///
    /// Method: with q = min(p, 1 − p) (exact in floating point), find s ≥ 0 with
    /// `P(T ≤ −s) = q` for q < ¼, or `P(0 < T ≤ s) = ½ − q` (again exact) for q ≥ ¼, and return
    /// `μ ∓ σ s`. Solving for the smaller of the two probabilities keeps the relative accuracy
    /// in both tails and near the median.
    ///
    /// - ν = 1: `s = cot(πq)` (Cauchy), ν = 2: `s = (1 − 2q) / √(2q(1 − q))` (closed forms from
    ///   the finite series of A&S 26.7.3–26.7.4 for ν = 1 and 2, inverted).
    /// - Otherwise the equation is solved for v = log s by Halley's method on the logarithm of the
    ///   probability, which is close to linear in v in heavy tails and close to quadratic in
    ///   normal-like ones. The start is the better of a Cornish–Fisher expansion around the normal
    ///   quantile (A&S 26.7.5, to order ν⁻⁴) and the power-law tail `I_x(a, ½) ≈ x^a / (a B(a, ½))`
    ///   (the idea of Hill 1970, CACM algorithm 396), or the slope at 0 near the median. Every
    ///   evaluation narrows a bracket; a step that leaves it is replaced by bisection; iterations
    ///   stop when the relative step in s is below 1e-15, when steps stop shrinking at the
    ///   rounding floor, or after 100 steps.
    ///
    /// - Parameter p: a probability in [0, 1].
    /// - Returns: the quantile; p = 0 gives −∞ and p = 1 gives +∞, p = ½ gives μ.
    /// - Precondition: p is in [0, 1] (NaN is a programming error).
    ///
    /// ## Edge cases
    /// For ν < 1 and small p the quantile may exceed the range of Double and is then ±∞.
    ///
    /// ## Error bounds
    /// Within 1e-13 relative of 50-digit mpmath references (tested at 1e-10) for ν ≥ 1 and
    /// p in [1e-12, 1 − 1e-12], before the final `μ + σ s`, which adds one rounding.
    public func quantile(_ p: Double) -> Double {
        precondition(p >= 0 && p <= 1, "quantile: p must be in [0, 1], got \(p)")
        if p == 0.5 { return location }
        let magnitude = scale * Self.standardQuantileMagnitude(degreesOfFreedom, lowerTail: Swift.min(p, 1 - p))
        return p < 0.5 ? location - magnitude : location + magnitude
    }

    /// The s ≥ 0 with P(T ≤ −s) = q for standard t, q in [0, ½].
    static func standardQuantileMagnitude(_ nu: Double, lowerTail q: Double) -> Double {
        if q == 0 { return .infinity }
        if q == 0.5 { return 0 }
        let pi = Double.pi
        if nu == 1 {
            if q >= 0.25 { return Double.tan(pi * (0.5 - q)) }
            // cot(πq) = 1/(πq) − πq/3 − …; the division first keeps tiny q from overflowing early.
            if q < 1e-8 { return (1 / pi) / q - pi * q / 3 }
            return 1 / Double.tan(pi * q)
        }
        if nu == 2 {
            return (1 - 2 * q) / ((2 * q).squareRoot() * (1 - q).squareRoot())
        }
        let solver = QuantileSolver(nu: nu, lowerTail: q)
        return solver.solve()
    }
}

/// Halley's method for the standard t quantile, in log–log coordinates.
///
/// The unknown is v = log s and the equation is φ(v) = log P(v) − log target = 0, where P is
/// the tail probability `P(T ≤ −s)` (decreasing in s) or the central one `P(0 < T ≤ s)`
/// (increasing). With the elasticity `e = s f(s) / P(s)` and `κ = (ν+1) s² / (ν + s²)`
/// (from `f′(s) / f(s) = −(ν+1) s / (ν + s²)`):
/// tail: `φ′ = −e`, `φ″ = −e (1 − κ + e)`; central: `φ′ = e`, `φ″ = e (1 − κ − e)`.
struct QuantileSolver {
    let nu: Double
    let isTail: Bool
    let logTarget: Double
    let target: Double

    init(nu: Double, lowerTail q: Double) {
        self.nu = nu
        isTail = q < 0.25
        target = isTail ? q : 0.5 - q
        logTarget = Double.log(target)
    }

    struct Evaluation {
        var v: Double
        var phi: Double
        var slope: Double
        var curvature: Double
    }

    func evaluate(_ v: Double) -> Evaluation {
        let s = Double.exp(v)
        let tails = StudentTDistribution.standardTails(nu, magnitude: s, logMagnitude: v)
        let probability = isTail ? tails.tail : tails.central
        let phi = Double.log(probability) - logTarget
        let argument = StudentTDistribution.argument(nu, s: s, logS: v)
        let logDensity = StudentTDistribution.logStandardDensity(nu, argument)
        let elasticity = Double.exp(v + logDensity - Double.log(probability))
        // κ = (ν + 1) y with y = s²/(ν + s²).
        let kappa = (nu + 1) * argument.y
        if isTail {
            return Evaluation(v: v, phi: phi, slope: -elasticity,
                              curvature: -elasticity * (1 - kappa + elasticity))
        }
        return Evaluation(v: v, phi: phi, slope: elasticity,
                          curvature: elasticity * (1 - kappa - elasticity))
    }

    /// Starting points for v, best first after evaluation.
    func startingValues() -> [Double] {
        var starts: [Double] = []
        let q = isTail ? target : 0.5 - target
        let a = 0.5 * nu
        // Cornish–Fisher (A&S 26.7.5): t = z + g₁/ν + g₂/ν² + g₃/ν³ + g₄/ν⁴, odd in z.
        let z = -StandardNormal.quantile(q)
        let z2 = z * z
        let g1 = z * (z2 + 1) / 4
        let g2 = z * ((5 * z2 + 16) * z2 + 3) / 96
        let g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384
        let g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160
        let cornishFisher = z + (g1 + (g2 + (g3 + g4 / nu) / nu) / nu) / nu
        if cornishFisher > 0 && cornishFisher.isFinite { starts.append(Double.log(cornishFisher)) }
        if isTail {
            // ½ I_x(a, ½) ≈ x^a / (2a B(a, ½)) for small x, so
            // a log x = log 2q + ½ log a + ½ log π − halfShiftRatio(a), and s² = ν (1/x − 1).
            let logX = (Double.log(2 * q) + 0.5 * Double.log(a) + 0.5723649429247001
                        - LogGamma.halfShiftRatio(a)) / a
            let oddsFromX = Double.expMinusOne(-logX)
            let v = 0.5 * (Double.log(nu) + (oddsFromX.isFinite ? Double.log(oddsFromX) : -logX))
            if v.isFinite { starts.append(v) }
        } else {
            // P(0 < T ≤ s) ≈ s f(0) near the median.
            let v = logTarget - StudentTDistribution.logDensityAtZero(nu)
            if v.isFinite { starts.append(v) }
        }
        return starts
    }

    func solve() -> Double {
        let candidates = startingValues().map(evaluate)
        guard var current = candidates.min(by: { Swift.abs($0.phi).isLess(than: Swift.abs($1.phi)) })
        else { return .nan }
        var lower = -Double.infinity, upper = Double.infinity
        var previousStep = Double.infinity
        for iteration in 0..<100 {
            let phi = current.phi
            if phi == 0 { break }
            // φ > 0 means the probability is too large: s must grow in the tail, shrink centrally.
            if (phi > 0) == isTail {
                lower = Swift.max(lower, current.v)
            } else if !phi.isNaN {
                upper = Swift.min(upper, current.v)
            }
            var step = Double.nan
            if phi.isFinite && current.slope.isFinite && current.slope != 0 {
                let newton = -phi / current.slope
                let factor = 1 - phi * current.curvature / (2 * current.slope * current.slope)
                step = (factor >= 0.5 && factor <= 2) ? newton / factor : newton
            }
            // A step below 1e-15 in v is a relative step below 1e-15 in s: converged.
            if Swift.abs(step) <= 1e-15 { current.v += step; break }
            var next = current.v + step
            if !(next >= lower && next <= upper) {
                if lower.isFinite && upper.isFinite {
                    next = 0.5 * (lower + upper)
                } else if upper.isFinite {
                    next = upper - 4
                } else if lower.isFinite {
                    next = lower + 4
                } else {
                    break
                }
            }
            let change = Swift.abs(next - current.v)
            // At the rounding floor steps stop shrinking; take the latest point and stop.
            if iteration >= 3 && change < 1e-11 && change >= previousStep { break }
            if lower.isFinite && upper.isFinite && upper - lower <= 1e-15 { current.v = next; break }
            previousStep = change
            current = evaluate(next)
        }
        return Double.exp(current.v)
    }
}
