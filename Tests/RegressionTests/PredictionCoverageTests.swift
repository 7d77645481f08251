import Distributions
import LinearAlgebra
import Regression
import Testing
import TestSupport

/// Seeded property tests: when the model is right, intervals cover at their stated rate.
@Suite("Prediction interval coverage")
struct PredictionCoverageTests {
    /// For 4,000 simulated series y = 50 + 0.8 t + ε, ε ~ N(0, 2²), n = 30: the 95% interval for
    /// the slope and the 80% and 95% prediction intervals for the sum of the next 12 values cover
    /// the truth in (close to) the stated share of series. With 4,000 trials the standard error
    /// of a 95% rate is 0.34 points, so ±1.5 points is over four standard errors.
    @Test func noisyLinesCoverTheTruthAtTheStatedRate() throws {
        var random = SplitMix64(seed: 2021)
        let n = 30, trials = 4_000
        let design = Matrix(rows: (0..<n).map { [1, Double($0)] })
        let future = Matrix(rows: (n..<(n + 12)).map { [1, Double($0)] })
        let problem = try LeastSquares(design: design)
        let truth: (Int) -> Double = { 50 + 0.8 * Double($0) }
        let responses = Matrix(columns: (0..<trials).map { _ in (0..<n).map { truth($0) + 2 * random.nextGaussian() } })
        let fits = try problem.fit(columns: responses)
        let sums = fits.predictSums(over: future)
        let slopeQuantile = StudentTDistribution(degreesOfFreedom: Double(n - 2)).quantile(0.975)

        var slopeCovered = 0, sum80 = 0, sum95 = 0
        for series in 0..<trials {
            let fit = fits[series]
            let se = try #require(fit.standardErrors)[1]
            if abs(fit.coefficients[1] - 0.8) <= slopeQuantile * se { slopeCovered += 1 }
            let actual = (n..<(n + 12)).map { truth($0) + 2 * random.nextGaussian() }.reduce(0, +)
            let i80 = try #require(sums[series].interval(level: 0.80))
            let i95 = try #require(sums[series].interval(level: 0.95))
            if i80.lower <= actual && actual <= i80.upper { sum80 += 1 }
            if i95.lower <= actual && actual <= i95.upper { sum95 += 1 }
        }
        let rate = { (count: Int) in 100 * Double(count) / Double(trials) }
        #expect(abs(rate(slopeCovered) - 95) < 1.5, "slope 95% coverage \(rate(slopeCovered))%")
        #expect(abs(rate(sum80) - 80) < 2.5, "sum 80% coverage \(rate(sum80))%")
        #expect(abs(rate(sum95) - 95) < 1.5, "sum 95% coverage \(rate(sum95))%")
    }

    @Test func intervalIsMeanPlusMinusTQuantileTimesStandardError() throws {
        let fit = try LeastSquares(design: Matrix(rows: (0..<10).map { [1, Double($0)] }))
            .fit([1.2, 1.9, 3.4, 3.8, 5.1, 6.3, 6.8, 8.2, 9.1, 9.7])
        let prediction = fit.predict(at: [1, 12])
        let interval = try #require(prediction.interval(level: 0.95))
        let t = StudentTDistribution(degreesOfFreedom: 8).quantile(0.975)
        let se = try #require(prediction.standardError)
        #expect(abs(interval.lower - (prediction.mean - t * se)) < 1e-12)
        #expect(abs(interval.upper - (prediction.mean + t * se)) < 1e-12)
    }
}
