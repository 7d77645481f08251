import Distributions
import Testing

/// The simulations' sampler against the normal and chi-square laws: moments, and quantiles
/// against published chi-square tables (Abramowitz & Stegun, Table 26.8; NIST/SEMATECH
/// e-Handbook §1.3.6.7.4).
@Suite("Gaussian and chi-square sampling")
struct GaussianSamplerTests {
    static let draws = 200_000

    @Test func normalDrawsHaveMeanZeroVarianceOneAndNormalTails() {
        var sampler = GaussianSampler(seed: 42)
        let values = (0..<Self.draws).map { _ in sampler.normal() }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        // Standard errors: 1/√n = 0.0022 for the mean, √(2/n) = 0.0032 for the variance.
        #expect(abs(mean) < 0.01 && abs(variance - 1) < 0.015)
        let beyond = Double(values.count { abs($0) > 1.959964 }) / Double(values.count)
        #expect(abs(beyond - 0.05) < 0.003, "P(|Z| > 1.96) = \(beyond)")
    }

    @Test func sameSeedGivesTheSameDraws() {
        var a = GaussianSampler(seed: 7), b = GaussianSampler(seed: 7)
        let first = (0..<100).map { _ in a.chiSquare(degreesOfFreedom: 9) + a.normal() }
        let second = (0..<100).map { _ in b.chiSquare(degreesOfFreedom: 9) + b.normal() }
        #expect(first == second)
    }

    /// (ν, p, the published p-quantile of χ²_ν).
    static let table: [(Int, Double, Double)] = [
        (1, 0.95, 3.841), (2, 0.5, 1.386), (5, 0.05, 1.145), (5, 0.95, 11.070),
        (10, 0.05, 3.940), (10, 0.95, 18.307), (30, 0.5, 29.336), (45, 0.025, 28.366), (45, 0.975, 65.410),
    ]

    @Test(arguments: [1, 2, 5, 10, 30, 45])
    func chiSquareDrawsHaveMeanNuAndVarianceTwoNu(nu: Int) {
        var sampler = GaussianSampler(seed: UInt64(nu))
        let values = (0..<Self.draws).map { _ in sampler.chiSquare(degreesOfFreedom: nu) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        let n = Double(nu)
        // Five standard errors: √(2ν/draws) for the mean; the variance's is about 2ν·√((2 + 12/ν)/draws).
        #expect(abs(mean - n) < 5 * (2 * n / Double(Self.draws)).squareRoot(), "mean \(mean) for ν = \(nu)")
        #expect(abs(variance - 2 * n) < 5 * 2 * n * ((2 + 12 / n) / Double(Self.draws)).squareRoot(), "variance \(variance) for ν = \(nu)")
        #expect(values.allSatisfy { $0 > 0 && $0.isFinite })
        for (tableNu, p, quantile) in Self.table where tableNu == nu {
            // The share of draws below the published quantile is p, within five binomial standard errors.
            let share = Double(values.count { $0 <= quantile }) / Double(values.count)
            #expect(abs(share - p) < 5 * (p * (1 - p) / Double(Self.draws)).squareRoot(), "P(χ²_\(nu) ≤ \(quantile)) = \(share), expected \(p)")
        }
    }
}
