import RealModule

/// Seeded standard normal and chi-square draws for the simulations (multivariate-t paths of a
/// log model's year sum), at a fraction of the cost of one Box–Muller transform per normal and
/// one normal per degree of freedom.
///
/// - Normals: Marsaglia's polar form of the Box–Muller transform (Marsaglia & Bray 1964): with
///   u, v uniform on (−1, 1) and 0 < r² = u² + v² < 1 (else drawn again; π/4 are kept),
///   u·√(−2 ln r²/r²) and v·√(−2 ln r²/r²) are two independent standard normals, and both are
///   used — no sine or cosine.
/// - χ²_ν = 2·Γ(ν/2, 1): for ν ≥ 2 by Marsaglia & Tsang's squeeze method for Gamma(a), a ≥ 1
///   ("A simple method for generating gamma variables", ACM TOMS 26(3), 2000): with d = a − 1/3,
///   c = 1/√(9d), x standard normal and v = (1 + cx)³ > 0, accept d·v when
///   u < 1 − 0.0331x⁴ or ln u < x²/2 + d(1 − v + ln v); about one normal per draw instead of ν.
///   For ν = 1, the square of one normal.
///
/// Summing ν squared normals per path made a target backtest of the Gulou fixture spend 96% of
/// its time in the simulation (ν is up to 59 with the 60-month window).
public struct GaussianSampler: Sendable {
    private var generator: SplitMix64
    private var spare: Double?

    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// A uniform draw in (0, 1).
    public mutating func uniform() -> Double {
        Double.random(in: Double.leastNormalMagnitude..<1, using: &generator)
    }

    /// A standard normal draw.
    public mutating func normal() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        while true {
            let u = 2 * Double.random(in: 0..<1, using: &generator) - 1
            let v = 2 * Double.random(in: 0..<1, using: &generator) - 1
            let r2 = u * u + v * v
            guard r2 > 0, r2 < 1 else { continue }
            let factor = Double.sqrt(-2 * Double.log(r2) / r2)
            spare = v * factor
            return u * factor
        }
    }

    /// A chi-square draw with `degreesOfFreedom` (≥ 1) degrees of freedom.
    public mutating func chiSquare(degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom >= 1, "chi-square needs at least one degree of freedom")
        if degreesOfFreedom == 1 {
            let x = normal()
            return x * x
        }
        let d = Double(degreesOfFreedom) / 2 - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = normal()
            var v = 1 + c * x
            if v <= 0 { continue }
            v = v * v * v
            let u = uniform()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 || Double.log(u) < x2 / 2 + d * (1 - v + Double.log(v)) {
                return 2 * d * v
            }
        }
    }
}
