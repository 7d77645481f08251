import Distributions
import Testing

/// Structural properties of the normal distribution.
@Suite("Normal properties")
struct NormalPropertyTests {
    static let probabilities: [Double] = [1e-300, 1e-200, 1e-50, 1e-12, 1e-4, 0.01, 0.1, 0.24, 0.26,
                                          0.4, 0.4999999999, 0.5000000001, 0.7, 0.9, 0.999, 1 - 1e-12, 1 - 1e-16]

    @Test func cdfOfQuantileReturnsTheProbabilityInBothTails() {
        let normal = NormalDistribution()
        for p in Self.probabilities {
            let x = normal.quantile(p)
            let (computed, target) = p < 0.5 ? (normal.cdf(x), p) : (normal.survival(x), 1 - p)
            // The tail's relative sensitivity to x is x · M(x) ≈ x², up to 1400 at p = 1e-300.
            let tolerance = 4e-16 * Swift.max(1, x * x)
            #expect(relativeError(computed, target) <= tolerance, "p=\(p) x=\(x)")
        }
    }

    @Test func cdfOfNegatedArgumentEqualsSurvival() {
        let normal = NormalDistribution()
        for x in [0, 1e-10, 0.5, 1.3, 5, 20, 37] {
            #expect(normal.cdf(-x) == normal.survival(x))
        }
        // p and 1 − p both exact in binary, so the quantiles must mirror exactly.
        for p in [0.0625, 0.375, 0.4921875, 1.0 / 1024] {
            #expect(normal.quantile(p) == -normal.quantile(1 - p), "p=\(p)")
        }
    }

    @Test func locationAndScaleShiftAndStretch() {
        let standard = NormalDistribution()
        for (mu, sigma) in [(10.0, 2.0), (-3, 0.01), (1e4, 250)] {
            let normal = NormalDistribution(mean: mu, standardDeviation: sigma)
            for p in [1e-20, 0.05, 0.5, 0.93] {
                let expected = mu + sigma * standard.quantile(p)
                let tolerance = 1e-14 * (Swift.abs(mu) + sigma * Swift.abs(standard.quantile(p)))
                #expect(Swift.abs(normal.quantile(p) - expected) <= tolerance)
            }
            for z in [-20.0, -1, 0, 2.5] {
                #expect(relativeError(normal.cdf(mu + sigma * z), standard.cdf(z)) <= 1e-12)
                #expect(relativeError(normal.density(mu + sigma * z), standard.density(z) / sigma) <= 1e-12)
            }
            let interval = normal.interval(level: 0.95)
            // The ends are rounded at the size of μ, so the width is good to about ε |μ| / σ.
            #expect(relativeError(interval.width, 2 * sigma * 1.959963984540054) <= 1e-15 * (1 + Swift.abs(mu) / sigma))
            #expect(Swift.abs((interval.lower + interval.upper) / 2 - mu) <= 1e-15 * Swift.abs(mu))
        }
    }

    @Test func cdfIsMonotoneAndQuantileIncreasing() {
        let normal = NormalDistribution()
        var previous = 0.0
        for x in stride(from: -39.0, through: 9, by: 0.05) {
            let cdf = normal.cdf(x)
            #expect(cdf >= previous, "x=\(x)")
            previous = cdf
        }
        var previousQuantile = -Double.infinity
        for p in stride(from: 0.0005, to: 1, by: 0.0005) {
            let q = normal.quantile(p)
            #expect(q > previousQuantile, "p=\(p)")
            previousQuantile = q
        }
    }

    @Test func edgeArgumentsGiveExactLimits() {
        let normal = NormalDistribution(mean: 2, standardDeviation: 3)
        #expect(normal.quantile(0) == -.infinity)
        #expect(normal.quantile(1) == .infinity)
        #expect(normal.quantile(0.5) == 2)
        #expect(normal.cdf(-.infinity) == 0)
        #expect(normal.cdf(.infinity) == 1)
        #expect(normal.survival(.infinity) == 0)
        #expect(normal.density(.infinity) == 0)
        #expect(normal.cdf(.nan).isNaN)
        #expect(normal.interval(level: 0).width == 0)
        #expect(normal.interval(level: 1).width == .infinity)
    }

    @Test func quantileRejectsNaN() async {
        await #expect(processExitsWith: .failure) {
            _ = NormalDistribution().quantile(.nan)
        }
    }
}
