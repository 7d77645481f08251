import Foundation
import Testing
@testable import Forecasting
@testable import SeriesEngine
@testable import SeriesReading
import LinearAlgebra
import Regression
import TargetData
import Distributions
import TestSupport

/// The one estimator behind `forecast run`, `forecast series` and both backtests.
@Suite("Batched trend fits")
struct BatchTrendFitTests {
    static let origin = Period(year: 2015, month: 1)!

    /// Three monthly series over the same 40 months: a trend, a trend with a seasonal swing, noise.
    static func responses() -> [[Double]] {
        var random = SplitMix64(seed: 7)
        return (0..<3).map { series in
            (0..<40).map { t in
                let season = series == 1 ? 20 * sin(Double(t % 12) / 12 * 2 * .pi) : 0
                return 100 + Double(series + 1) * Double(t) + season + 5 * random.nextGaussian()
            }
        }
    }

    static let seasonal = TrendDesign(model: .seasonal, spans: (1...12).compactMap { Period(year: 2000, month: $0).map { ($0, $0) } })

    func close(_ a: Double?, _ b: Double?, _ relative: Double = 1e-12) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= relative * max(abs(b), 1e-300)
    }

    @Test func aiccOfNorrisMatchesTheFormulaOnNISTsCertifiedResidualSumOfSquares() throws {
        let lines = try FixturePath.text("nist-strd/Norris.csv").split(whereSeparator: \.isNewline).dropFirst()
        let pairs = lines.map { $0.split(separator: ",").compactMap { Double($0) } }
        let rows = Matrix(rows: pairs.map { [1, $0[1]] })
        let y = Matrix(rows: pairs.count, columns: 1, columnMajor: pairs.map { $0[0] })
        let fit = try BatchTrendFit.fitting(TrendDesign(model: .linear, spans: []), rows: rows, responses: y).get()
        // n = 36, K = 3, certified RSS 26.6173985294224:
        // n·ln(2π·RSS/n) + n + 2K + 2K(K + 1)/(n − K − 1) = 98.04323555918046 (Python, math.log).
        #expect(close(fit.aicc(series: 0), 98.04323555918046, 1e-11))
        #expect(fit.degreesOfFreedom == 34)
    }

    @Test func aiccIsUndefinedWithoutTwoResidualDegreesOfFreedomBeyondTheParameters() throws {
        let rows = Matrix(rows: (0..<4).map { [1, Double($0)] })
        let y = Matrix(rows: 4, columns: 1, columnMajor: [1, 3, 2, 5])
        let fit = try BatchTrendFit.fitting(TrendDesign(model: .linear, spans: []), rows: rows, responses: y).get()
        #expect(fit.aicc(series: 0) == nil)
    }

    @Test func manySeriesAtOnceGiveWhatEachGivesAlone() throws {
        let series = Self.responses()
        let rows = Self.seasonal.matrix(months: Array(0..<40), origin: Self.origin)
        let future = Self.seasonal.matrix(months: Array(40..<52), origin: Self.origin)
        let together = try BatchTrendFit.fitting(Self.seasonal, rows: rows, responses: Matrix(columns: series)).get()
        let sums = together.sums(over: future)
        for (index, values) in series.enumerated() {
            let alone = try BatchTrendFit.fitting(Self.seasonal, rows: rows, responses: Matrix(columns: [values])).get()
            #expect(close(together.aicc(series: index), alone.aicc(series: 0)))
            #expect(close(together.slope(series: index), alone.slope(series: 0)))
            let sum = alone.sums(over: future)[0]
            #expect(close(sums[index].mean, sum.mean) && close(sums[index].variance, sum.variance))
            for (a, b) in zip(together.values(at: future, series: index), alone.values(at: future, series: 0)) {
                #expect(close(a.mean, b.mean) && close(a.variance, b.variance))
            }
        }
    }

    @Test func monthlyPredictionsAreTheTextbookOnesOfTheSingleFit() throws {
        let values = Self.responses()[1]
        let rows = Self.seasonal.matrix(months: Array(0..<40), origin: Self.origin)
        let fit = try BatchTrendFit.fitting(Self.seasonal, rows: rows, responses: Matrix(columns: [values])).get()
        let single = try LeastSquares(design: rows).fit(values)
        let future = Self.seasonal.matrix(months: [40, 47], origin: Self.origin)
        for (i, prediction) in fit.values(at: future, series: 0).enumerated() {
            let textbook = single.predict(at: future.row(i))
            #expect(close(prediction.mean, textbook.mean, 1e-10) && close(prediction.variance, textbook.variance, 1e-10))
        }
    }

    /// `forecast run`'s fit of a monthly flow is this estimator on one series: same AICc, same sum.
    @Test func trendFitOfMonthlyFlowsIsTheBatchedFitOfOneSeries() throws {
        let values = Self.responses()[1]
        var monthly = MonthlySeries(metric: "m")
        for (t, value) in values.enumerated() { monthly[Self.origin.advanced(by: t)] = value }
        let data = ModelData(series: monthly, reading: .flow, asOf: Self.origin.advanced(by: 39))
        let trend = try TrendFit.fitting(.seasonal, to: data).get()
        let design = TrendDesign(model: .seasonal, spans: data.observations.map { ($0.start, $0.end) })
        let batch = try BatchTrendFit.fitting(design, rows: design.matrix(months: Array(0..<40), origin: Self.origin),
                                              responses: Matrix(columns: [values])).get()
        #expect(close(trend.aicc, batch.aicc(series: 0)))
        let months = (40..<52).map { Self.origin.advanced(by: $0) }
        guard case let .studentT(t) = trend.sum(of: months, seed: 1).shape else { Issue.record("expected Student t"); return }
        let sum = batch.sums(over: design.matrix(months: Array(40..<52), origin: Self.origin))[0]
        #expect(close(t.location, sum.mean, 1e-10) && close(t.scale * t.scale, sum.variance, 1e-10))
    }

    @Test func aFailedDesignSaysWhy() {
        let rows = Matrix(rows: [[1, 0], [1, 0], [1, 0]])
        let y = Matrix(rows: 3, columns: 1, columnMajor: [1, 2, 3])
        let design = TrendDesign(model: .linear, spans: [])
        guard case .failure(.rankDeficient) = BatchTrendFit.fitting(design, rows: rows, responses: y) else {
            Issue.record("collinear columns must be rank-deficient"); return
        }
        let short = Matrix(rows: [[1, 0]])
        guard case .failure(.tooFewObservations(have: 1, needed: 2)) = BatchTrendFit.fitting(
            design, rows: short, responses: Matrix(rows: 1, columns: 1, columnMajor: [1])) else {
            Issue.record("one row for two parameters is too few"); return
        }
    }

    /// Published t quantiles (e.g. Abramowitz & Stegun table 26.10): t₀.₉,₁₀ = 1.372184, t₀.₉₇₅,₁₀ = 2.228139.
    @Test func intervalQuantilesAreStudentTsAtTheReportedLevels() throws {
        let table = IntervalQuantiles(maximumDegreesOfFreedom: 30, only: [10])
        let widths = try #require(table.halfWidths(standardError: 2, degreesOfFreedom: 10))
        #expect(abs(widths[0] - 2 * 1.372184) < 2e-6 && abs(widths[1] - 2 * 2.228139) < 2e-6)
        #expect(table.halfWidths(standardError: 2, degreesOfFreedom: 11) == nil, "not computed")
        #expect(table.halfWidths(standardError: 2, degreesOfFreedom: 0) == nil)
        #expect(table.halfWidths(standardError: .nan, degreesOfFreedom: 10) == nil)
        let intervals = IntervalQuantiles.intervals(around: 10, halfWidths: widths)
        #expect(intervals.map(\.level) == [0.8, 0.95] && intervals[1].lower == 10 - widths[1])
        #expect(IntervalQuantiles.intervals(around: .infinity, halfWidths: [.infinity, .infinity]).isEmpty)
    }
}

@Suite("Conformal calibration")
struct ConformalSampleTests {
    @Test func aSampleGivesTheFactorsOfItsForecastsAtBothLevels() throws {
        var sample = ConformalFactors.Sample()
        let errors = (1...30).map(Double.init)
        for error in errors { sample.append(error: error, halfWidth80: 10, halfWidth95: 20, magnitude: 100) }
        let calibration = try #require(sample.calibration)
        // ⌈31 × 0.8⌉ = 25th smallest of 0.1…3.0 is 2.5; ⌈31 × 0.95⌉ = 30th of 0.05…1.5 is 1.5.
        #expect(abs(calibration.factor80 - 2.5) < 1e-12 && abs(calibration.factor95 - 1.5) < 1e-12)
        #expect(calibration.forecasts == 30)
        #expect(calibration.factor80 == ConformalFactors.factor(errors: errors, halfWidths: Array(repeating: 10, count: 30),
                                                               magnitudes: Array(repeating: 100, count: 30), level: 0.8))
    }

    @Test func fewerThanTwentyForecastsCannotCalibrate() {
        var sample = ConformalFactors.Sample()
        for error in 1...19 { sample.append(error: Double(error), halfWidth80: 1, halfWidth95: 2, magnitude: 1) }
        #expect(sample.calibration == nil)
    }

    @Test func wideningScalesEachSideFromThePoint() {
        let calibration = IntervalCalibration(factor80: 2, factor95: 3, forecasts: 20)
        let wide = calibration.widen(Interval(level: 0.95, lower: 8, upper: 11), around: 10)
        #expect(wide.lower == 4 && wide.upper == 13 && wide.level == 0.95)
        let forecast = SeriesForecast(metric: "m", model: .linear, observations: 30, forecastSum: 10,
                                      intervals: [Interval(level: 0.8, lower: 9, upper: 11), Interval(level: 0.95, lower: 8, upper: 12)])
        let calibrated = SeriesForecaster.calibrate([forecast], by: calibration)[0]
        #expect(calibrated.interval(level: 0.8) == Interval(level: 0.8, lower: 8, upper: 12))
        #expect(calibrated.interval(level: 0.95) == Interval(level: 0.95, lower: 4, upper: 16))
    }
}

/// "The backtest fits as `forecast series` fits": both go through ``BatchTrendFit`` with the same
/// designs and the same AICc, so on the same months they choose the same model and forecast the
/// same values.
@Suite("One estimator path")
struct OneEstimatorPathTests {
    @Test func theSeriesBacktestForecastsWhatForecastSeriesForecasts() throws {
        let series = BatchTrendFitTests.responses()
        let first = BatchTrendFitTests.origin
        let table = SeriesTable(metrics: ["a", "b", "c"], firstPeriod: first, lastPeriod: first.advanced(by: 39),
                                values: Array(series.joined()))
        let forecasts = SeriesForecaster(model: nil, horizon: 12).forecast(table)
        let designs = SeriesForecaster.automaticModels.map { TrendDesign(model: $0, spans: (1...12).compactMap { month in
            Period(year: 2000, month: month).map { ($0, $0) } }) }
        let quantiles = IntervalQuantiles(maximumDegreesOfFreedom: 40)
        for (index, values) in series.enumerated() {
            let backtest = try #require(SeriesBacktest.forecast(training: Array(zip(0..<40, values)), future: Array(40..<52),
                                                                designs: designs, first: first, quantiles: quantiles))
            #expect(backtest.model == forecasts[index].model)
            let sum = try #require(forecasts[index].forecastSum)
            #expect(abs(backtest.means.reduce(0, +) - sum) <= 1e-10 * abs(sum))
        }
        #expect(forecasts.map(\.model) == [.linear, .seasonal, .linear], "the seasonal swing is found only where it is")
    }
}
