import Distributions
import Testing

/// Structural properties of the Student t distribution, on grids wider than the reference table.
@Suite("Student t properties")
struct StudentTPropertyTests {
    static let degreesOfFreedom: [Double] = [1, 1.5, 2, 2.5, 3, 4, 5, 10, 30, 49.5, 50.5, 100, 1000, 1e5, 1e6, 1e9]
    static let probabilities: [Double] = [1e-300, 1e-100, 1e-30, 1e-12, 1e-8, 1e-4, 0.01, 0.05, 0.2, 0.25,
                                          0.3, 0.45, 0.4999999, 0.5000001, 0.7, 0.9, 0.99, 1 - 1e-8, 1 - 1e-12]

    @Test(arguments: degreesOfFreedom)
    func cdfOfQuantileReturnsTheProbability(nu: Double) {
        let t = StudentTDistribution(degreesOfFreedom: nu)
        for p in Self.probabilities {
            let x = t.quantile(p)
            if !x.isFinite { continue }  // heavy tails at p = 1e-300 overflow for small ν
            // Compare the smaller tail so that relative accuracy is tested in both tails.
            let (computed, target) = p < 0.5 ? (t.cdf(x), p) : (t.survival(x), 1 - p)
            #expect(relativeError(computed, target) <= 1e-11, "ν=\(nu) p=\(p) x=\(x)")
        }
    }

    @Test(arguments: degreesOfFreedom)
    func cdfOfNegatedArgumentEqualsSurvival(nu: Double) {
        let t = StudentTDistribution(degreesOfFreedom: nu)
        for x in [0, 1e-8, 0.3, 1, 1.7, 4, 20, 300, 1e6] {
            #expect(t.cdf(-x) == t.survival(x), "ν=\(nu) x=\(x)")
            #expect(Swift.abs(t.cdf(x) + t.survival(x) - 1) <= 2 * Double.ulpOfOne)
        }
    }

    @Test func quantileIsLocationPlusScaleTimesStandardQuantile() {
        for (nu, mu, sigma) in [(3.0, 10.0, 2.0), (7.5, -4.0, 0.25), (200, 1e3, 30), (1, 0.5, 1e-3)] {
            let standard = StudentTDistribution(degreesOfFreedom: nu)
            let shifted = StudentTDistribution(degreesOfFreedom: nu, location: mu, scale: sigma)
            for p in [1e-9, 0.01, 0.3, 0.5, 0.8, 0.999] {
                let expected = mu + sigma * standard.quantile(p)
                let tolerance = 1e-14 * (Swift.abs(mu) + sigma * Swift.abs(standard.quantile(p)))
                #expect(Swift.abs(shifted.quantile(p) - expected) <= tolerance, "ν=\(nu) μ=\(mu) σ=\(sigma) p=\(p)")
            }
            for z in [-30.0, -2, -0.5, 0, 1, 6] {
                #expect(relativeError(shifted.cdf(mu + sigma * z), standard.cdf(z)) <= 1e-12)
                #expect(relativeError(shifted.survival(mu + sigma * z), standard.survival(z)) <= 1e-12)
                #expect(relativeError(shifted.density(mu + sigma * z), standard.density(z) / sigma) <= 1e-12)
            }
            #expect(shifted.mean == (nu > 1 ? mu : nil))
        }
    }

    @Test(arguments: degreesOfFreedom)
    func intervalIsTheCentralQuantilePairAndWidensWithLevel(nu: Double) {
        let t = StudentTDistribution(degreesOfFreedom: nu, location: 5, scale: 2)
        var previousWidth = -1.0
        for level in [0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999999] {
            let interval = t.interval(level: level)
            #expect(interval.level == level)
            #expect(Swift.abs(interval.lower + interval.upper - 10) <= 1e-12 * Swift.max(1, interval.width))
            // The lower tail (1 − level)/2 is exact in floating point; (1 + level)/2 is rounded,
            // which moves the upper quantile by up to ~1e-10 relative for level near 1.
            #expect(relativeError(interval.lower, t.quantile((1 - level) / 2)) <= 1e-14)
            #expect(relativeError(interval.upper, t.quantile((1 + level) / 2)) <= 1e-9)
            #expect(interval.width > previousWidth, "ν=\(nu) level=\(level)")
            previousWidth = interval.width
        }
        #expect(t.interval(level: 0).width == 0)
        #expect(t.interval(level: 1).width == .infinity)
        #expect(t.interval(level: 0.95).contains(5))
    }

    @Test func intervalNarrowsTowardTheNormalAsDegreesOfFreedomGrow() {
        let normalWidth = NormalDistribution().interval(level: 0.95).width
        var previous = Double.infinity
        for nu in [1.0, 2, 3, 5, 10, 30, 100, 1e4, 1e8] {
            let width = StudentTDistribution(degreesOfFreedom: nu).interval(level: 0.95).width
            #expect(width < previous && width > normalWidth, "ν=\(nu)")
            previous = width
        }
        #expect(relativeError(previous, normalWidth) < 1e-7)
    }

    @Test(arguments: degreesOfFreedom)
    func cdfAndQuantileAreMonotoneAndDensityIsSymmetricUnimodal(nu: Double) {
        let t = StudentTDistribution(degreesOfFreedom: nu)
        var previousCdf = 0.0, previousSurvival = 1.0, previousDensity = 0.0
        var x = -60.0
        while x <= 0 {
            let cdf = t.cdf(x), survival = t.survival(x), density = t.density(x)
            #expect(cdf >= previousCdf && survival <= previousSurvival && density >= previousDensity, "ν=\(nu) x=\(x)")
            #expect(density == t.density(-x))
            previousCdf = cdf; previousSurvival = survival; previousDensity = density
            x += 0.37
        }
        var previousQuantile = -Double.infinity
        for p in stride(from: 0.001, to: 1, by: 0.001) {
            let q = t.quantile(p)
            #expect(q > previousQuantile, "ν=\(nu) p=\(p)")
            previousQuantile = q
        }
    }

    @Test func largeDegreesOfFreedomApproachTheNormal() {
        let normal = NormalDistribution()
        let nearly = StudentTDistribution(degreesOfFreedom: 1e15)
        let limit = StudentTDistribution(degreesOfFreedom: 1e300)
        for x in [-8.0, -3, -1, -0.01, 0.5, 2, 5] {
            // The relative t − normal difference in the tail is about x (x³ + x) / (4ν): 1e-12 here.
            #expect(relativeError(nearly.cdf(x), normal.cdf(x)) <= 1e-10, "x=\(x)")
            #expect(relativeError(limit.cdf(x), normal.cdf(x)) <= 1e-14, "x=\(x)")
            #expect(relativeError(limit.survival(x), normal.survival(x)) <= 1e-14, "x=\(x)")
            #expect(relativeError(limit.density(x), normal.density(x)) <= 1e-14, "x=\(x)")
        }
        for p in [1e-300, 1e-12, 0.025, 0.3, 0.4999999, 0.9] {
            // Near p = ½ the odds s²/ν fall below Double's normal range at ν = 1e300 and are
            // carried as logarithms of size 700, which costs a few parts in 1e14.
            #expect(relativeError(limit.quantile(p), normal.quantile(p)) <= 1e-13, "p=\(p)")
        }
    }

    @Test func differenceFromTheNormalMatchesTheFirstOrderExpansion() {
        // F_ν(x) = Φ(x) − φ(x)(x³ + x)/(4ν) + O(ν⁻²) (Fisher 1925; A&S 26.7.5's inverse).
        let normal = NormalDistribution()
        // The next term is about 5x⁴/(24ν) of this one: below 3e-4 for ν ≥ 1e6, |x| ≤ 6.
        for nu in [1e6, 1e8] {
            let t = StudentTDistribution(degreesOfFreedom: nu)
            for x in [-6.0, -2, -0.5, 1, 3] {
                let difference = t.cdf(x) - normal.cdf(x)
                let firstOrder = -normal.density(x) * (x * x * x + x) / (4 * nu)
                #expect(relativeError(difference, firstOrder) <= 1e-3, "ν=\(nu) x=\(x)")
            }
        }
        // Far from the limit the tails are visibly heavier.
        #expect(StudentTDistribution(degreesOfFreedom: 30).cdf(-5) > 10 * normal.cdf(-5))
    }

    @Test(arguments: [1.0, 2, 3.5, 1e6])
    func edgeArgumentsGiveExactLimits(nu: Double) {
        let t = StudentTDistribution(degreesOfFreedom: nu, location: 1, scale: 3)
        #expect(t.quantile(0) == -.infinity)
        #expect(t.quantile(1) == .infinity)
        #expect(t.quantile(0.5) == 1)
        #expect(t.cdf(-.infinity) == 0)
        #expect(t.cdf(.infinity) == 1)
        #expect(t.survival(-.infinity) == 1)
        #expect(t.survival(.infinity) == 0)
        #expect(t.density(.infinity) == 0)
        #expect(t.density(-.infinity) == 0)
        #expect(t.cdf(1) == 0.5)
        #expect(t.cdf(.nan).isNaN)
        #expect(t.survival(.nan).isNaN)
        #expect(t.density(.nan).isNaN)
    }

    @Test(arguments: [1e-3, 0.3, 0.999, 1e15, 1e300, 1.7e308])
    func extremeDegreesOfFreedomStayFiniteAndOrdered(nu: Double) {
        let t = StudentTDistribution(degreesOfFreedom: nu)
        var previous = -Double.infinity
        for p in [1e-300, 1e-12, 0.01, 0.4, 0.5, 0.6, 0.99, 1 - 1e-12] {
            let q = t.quantile(p)
            #expect(!q.isNaN && q >= previous, "ν=\(nu) p=\(p)")
            previous = q
        }
        for x in [-1e300, -1e10, -40, -1, -1e-200, 0, 1e-200, 1, 40, 1e10, 1e300] {
            let cdf = t.cdf(x), survival = t.survival(x), density = t.density(x)
            #expect(cdf >= 0 && cdf <= 1 && survival >= 0 && survival <= 1, "ν=\(nu) x=\(x)")
            #expect(density >= 0 && density.isFinite, "ν=\(nu) x=\(x)")
        }
    }

    @Test func closedFormsForOneAndTwoDegreesOfFreedomMatchTheGeneralMethod() {
        // ν = 1 and 2 use closed forms; the general method at ν = 1 ± 1e-9 must agree with them
        // to about 1e-9, the effect of the change in ν.
        for nu in [1.0, 2.0] {
            let exact = StudentTDistribution(degreesOfFreedom: nu)
            for shift in [-1e-9, 1e-9] {
                let general = StudentTDistribution(degreesOfFreedom: nu + shift)
                for x in [-1e4, -30, -3, -0.5, -1e-3] {
                    #expect(relativeError(general.cdf(x), exact.cdf(x)) <= 1e-7, "ν=\(nu + shift) x=\(x)")
                }
                for p in [1e-10, 0.01, 0.3] {
                    #expect(relativeError(general.quantile(p), exact.quantile(p)) <= 1e-7, "ν=\(nu + shift) p=\(p)")
                }
            }
        }
    }

    @Test func meanExistsAboveOneAndVarianceAboveTwoDegreesOfFreedom() {
        #expect(StudentTDistribution(degreesOfFreedom: 1).mean == nil)
        #expect(StudentTDistribution(degreesOfFreedom: 1.5, location: 3).mean == 3)
        #expect(StudentTDistribution(degreesOfFreedom: 2).variance == nil)
        #expect(StudentTDistribution(degreesOfFreedom: 1.5).variance == nil)
        let t = StudentTDistribution(degreesOfFreedom: 5, location: 1, scale: 2)
        #expect(t.variance == 4 * 5.0 / 3)
    }

    @Test func quantileRejectsNaNAndOutOfRangeProbabilities() async {
        await #expect(processExitsWith: .failure) {
            _ = StudentTDistribution(degreesOfFreedom: 3).quantile(.nan)
        }
        await #expect(processExitsWith: .failure) {
            _ = StudentTDistribution(degreesOfFreedom: 3).quantile(1.5)
        }
        await #expect(processExitsWith: .failure) {
            _ = StudentTDistribution(degreesOfFreedom: 0)
        }
    }
}
