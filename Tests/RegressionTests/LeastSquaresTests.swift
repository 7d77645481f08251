import LinearAlgebra
import Regression
import Testing
import TestSupport

/// Design rows for a linear trend plus 11 month-of-year dummies (January the reference), the
/// design `forecast series` uses, over months t = start ..< start + count.
func seasonalDesign(months: Range<Int>) -> Matrix {
    Matrix(rows: months.map { t in
        [1, Double(t)] + (1..<12).map { month in t % 12 == month ? 1.0 : 0.0 }
    })
}

@Suite("Least squares")
struct LeastSquaresTests {
    @Test func exactLineIsRecoveredExactly() throws {
        let design = Matrix(rows: (0..<24).map { [1, Double($0)] })
        let fit = try LeastSquares(design: design).fit((0..<24).map { 3.5 + 0.25 * Double($0) })
        #expect(abs(fit.coefficients[0] - 3.5) < 1e-13)
        #expect(abs(fit.coefficients[1] - 0.25) < 1e-14)
        #expect(try #require(fit.residualVariance) < 1e-26)
        let r2 = try #require(fit.rSquared)
        #expect(abs(r2 - 1) < 1e-15)
        let next = fit.predict(at: [1, 24])
        #expect(abs(next.mean - 9.5) < 1e-12)
    }

    @Test func batchedFitsEqualOneSeriesAtATime() throws {
        var random = SplitMix64(seed: 42)
        let n = 60
        let problem = try LeastSquares(design: seasonalDesign(months: 0..<n))
        let series = (0..<25).map { _ in
            let level = Double.random(in: 10...1000, using: &random)
            let slope = Double.random(in: -5...5, using: &random)
            return (0..<n).map { t in level + slope * Double(t) + 3 * random.nextGaussian() }
        }
        let batch = try problem.fit(columns: Matrix(columns: series))
        let future = seasonalDesign(months: n..<(n + 12))
        let sums = batch.predictSums(over: future)
        let means = batch.predictedMeans(at: future)
        for (i, y) in series.enumerated() {
            let single = try problem.fit(y)
            for j in 0..<problem.parameters {
                #expect(abs(batch[i].coefficients[j] - single.coefficients[j]) <= 1e-12 * max(1, abs(single.coefficients[j])))
            }
            #expect(abs(batch[i].residualSumOfSquares - single.residualSumOfSquares) <= 1e-10 * single.residualSumOfSquares)
            let sum = single.predictSum(over: future)
            #expect(abs(sums[i].mean - sum.mean) <= 1e-11 * abs(sum.mean))
            #expect(abs(try #require(sums[i].variance) - (try #require(sum.variance))) <= 1e-10 * (try #require(sum.variance)))
            let perMonth = (0..<12).map { means[$0, i] }.reduce(0, +)
            #expect(abs(perMonth - sum.mean) <= 1e-10 * abs(sum.mean))
        }
    }

    @Test func manySeriesTakeTheGEMMPathWithTheSameResults() throws {
        var random = SplitMix64(seed: 99)
        let n = 48
        let problem = try LeastSquares(design: seasonalDesign(months: 0..<n))
        let series = (0..<300).map { _ in (0..<n).map { t in 500 + 3 * Double(t) + 20 * random.nextGaussian() } }
        let batch = try problem.fit(columns: Matrix(columns: series))   // ≥ 256 series: Q₁ and DGEMM
        for i in [0, 150, 299] {
            let single = try problem.fit(series[i])                       // one series: DORMQR
            for j in 0..<problem.parameters {
                #expect(abs(batch[i].coefficients[j] - single.coefficients[j]) <= 1e-10 * max(1, abs(single.coefficients[j])))
            }
            #expect(abs(batch[i].residualSumOfSquares - single.residualSumOfSquares) <= 1e-9 * single.residualSumOfSquares)
            #expect(abs(try #require(batch[i].rSquared) - (try #require(single.rSquared))) <= 1e-12)
        }
    }

    /// Checks Var(sum) = s²(h + gᵀ(XᵀX)⁻¹g) against the same quantity built from the explicit
    /// covariance matrix, and that it differs from the sum of per-month prediction variances.
    @Test func sumIntervalUsesFullCovariance() throws {
        var random = SplitMix64(seed: 7)
        let n = 36
        let design = seasonalDesign(months: 0..<n)
        let y = (0..<n).map { t in 100 + 2 * Double(t) + 5 * random.nextGaussian() }
        let fit = try LeastSquares(design: design).fit(y)
        let future = seasonalDesign(months: n..<(n + 12))
        let prediction = fit.predictSum(over: future)
        let s2 = try #require(fit.residualVariance)
        let covariance = fit.problem.unscaledCovariance
        let p = design.columns
        let g = (0..<p).map { j in (0..<12).map { future[$0, j] }.reduce(0, +) }
        var quadratic = 0.0
        for a in 0..<p { for b in 0..<p { quadratic += g[a] * covariance[a, b] * g[b] } }
        let expected = s2 * (12 + quadratic)
        #expect(abs(try #require(prediction.variance) - expected) <= 1e-9 * expected)
        #expect(prediction.count == 12 && prediction.degreesOfFreedom == n - p)
        let sumOfMonthly = (0..<12).map { try! #require(fit.predict(at: future.row($0)).variance) }.reduce(0, +)
        #expect(abs(sumOfMonthly - expected) > 1e-3 * expected)
    }

    @Test func collinearColumnsAreRejectedNotSolved() throws {
        let design = Matrix(rows: (0..<10).map { t in [1, Double(t), 2 * Double(t) + 1] })
        let error = #expect(throws: RegressionError.self) { try LeastSquares(design: design) }
        guard case let .rankDeficient(column, rcond, tolerance) = error else {
            Issue.record("expected rankDeficient, got \(String(describing: error))")
            return
        }
        #expect(column == 2)
        #expect(rcond < tolerance)
    }

    @Test func neverObservedMonthIsRankDeficient() {
        // Twelve months observed except March: the March dummy column is all zeros.
        let months = (0..<36).filter { $0 % 12 != 2 }
        let design = Matrix(rows: months.map { t in [1, Double(t)] + (1..<12).map { t % 12 == $0 ? 1.0 : 0.0 } })
        #expect(throws: RegressionError.rankDeficient(column: 3, reciprocalCondition: 0,
                                                      tolerance: LeastSquares.defaultRankTolerance(observations: 33, parameters: 13))) {
            try LeastSquares(design: design)
        }
    }

    @Test func tooFewObservationsIsAnError() {
        #expect(throws: RegressionError.tooFewObservations(observations: 12, parameters: 13)) {
            try LeastSquares(design: seasonalDesign(months: 0..<12))
        }
    }

    @Test func exactlyDeterminedFitHasNoVariance() throws {
        let fit = try LeastSquares(design: Matrix(rows: [[1, 0], [1, 1]])).fit([2, 5])
        #expect(fit.degreesOfFreedom == 0)
        #expect(fit.residualVariance == nil && fit.standardErrors == nil && fit.covariance == nil)
        #expect(abs(fit.coefficients[1] - 3) < 1e-15)
        let prediction = fit.predict(at: [1, 2])
        #expect(abs(prediction.mean - 8) < 1e-14)
        #expect(prediction.variance == nil)
    }

    @Test func nonFiniteValuesAreReportedWithTheirPosition() throws {
        let problem = try LeastSquares(design: Matrix(rows: (0..<5).map { [1, Double($0)] }))
        #expect(throws: RegressionError.nonFiniteResponse(series: 1, row: 3)) {
            try problem.fit(columns: Matrix(columns: [[1, 2, 3, 4, 5], [1, 2, 3, .nan, 5]]))
        }
        #expect(throws: RegressionError.nonFiniteDesign(row: 1, column: 1)) {
            try LeastSquares(design: Matrix(rows: [[1, 0], [1, .infinity], [1, 2]]))
        }
        #expect(throws: RegressionError.dimensionMismatch(expected: 5, got: 4)) {
            try problem.fit([1, 2, 3, 4])
        }
    }

    @Test func constantSeriesHasNoRSquared() throws {
        let fit = try LeastSquares(design: Matrix(rows: (0..<6).map { [1, Double($0)] })).fit([4, 4, 4, 4, 4, 4])
        #expect(fit.rSquared == nil)
        #expect(abs(fit.coefficients[0] - 4) < 1e-14)
    }

    @Test func fullSetOfDummiesSpansTheConstant() throws {
        // Twelve month dummies and no intercept column: R² is still the centred one.
        let design = Matrix(rows: (0..<36).map { t in [Double(t)] + (0..<12).map { t % 12 == $0 ? 1.0 : 0.0 } })
        #expect(try LeastSquares(design: design).spansConstant)
    }
}
