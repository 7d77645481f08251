import Foundation
import Testing
import FileFormats
@testable import Forecasting
import SeriesEngine
import TargetData
import TestSupport

/// Exponential smoothing, Theta, seasonal naive and their combination (`SeriesMethods`), checked
/// against statsmodels (`Fixtures/reference/make_smoothing_reference.py`) and against closed forms.
@Suite("Smoothing methods")
struct SmoothingMethodTests {
    struct Reference: Decodable {
        struct Form: Decodable {
            var alpha: Double, beta: Double, phi: Double, level0: Double, slope0: Double, sse: Double
            var forecast: [Double]
            var varianceRatio: [Double]
        }
        struct Series: Decodable {
            var metric: String
            var values: [Double]
            var ets: [String: Form]
            var theta: [String: [Double]]
        }
        var series: [Series]
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(FixturePath.text("reference/smoothing-reference.json").utf8))
    }

    @Test func maximumLikelihoodFitIsAtLeastAsGoodAsStatsmodels() throws {
        for series in try Self.reference().series {
            let training = series.values.enumerated().map { ($0.offset, $0.element) }
            for trend in ExponentialSmoothing.Trend.allCases {
                let theirs = try #require(series.ets[trend.rawValue])
                let mine = try #require(ExponentialSmoothing.fit(training, trend: trend))
                // Both minimise the same SSE under the same bounds; statsmodels' optimiser sometimes
                // stops early (its Holt fit on N1402 has a larger SSE than its SES), ours must not be worse.
                #expect(mine.sumOfSquares <= theirs.sse * (1 + 1e-6), "\(series.metric) \(trend): \(mine.sumOfSquares) vs \(theirs.sse)")
                #expect(mine.alpha >= 1e-4 && mine.alpha <= 0.9999 && mine.beta <= mine.alpha && (0.8...1).contains(mine.phi))
            }
        }
    }

    @Test func statsmodelsParametersGiveItsForecastsAndVariances() throws {
        for series in try Self.reference().series {
            let training = series.values.enumerated().map { ($0.offset, $0.element) }
            let future = (0..<18).map { training.count + $0 }
            for trend in ExponentialSmoothing.Trend.allCases {
                let theirs = try #require(series.ets[trend.rawValue])
                // With statsmodels' α, β, φ and initial states, our recursion gives its forecasts;
                // with its α, β, φ alone, our least-squares initial states are at least as good.
                let given = try #require(ExponentialSmoothing.fit(training, trend: trend, smoothing: (theirs.alpha, theirs.beta, theirs.phi),
                                                                  initialStates: (theirs.level0, theirs.slope0)))
                #expect(abs(given.sumOfSquares - theirs.sse) <= 1e-9 * theirs.sse)
                let forecast = given.forecast(future, weights: future.map { _ in 1 })
                for (mine, reference) in zip(forecast.means, theirs.forecast) {
                    #expect(abs(mine - reference) <= 1e-9 * abs(reference), "\(series.metric) \(trend): \(mine) vs \(reference)")
                }
                let concentrated = try #require(ExponentialSmoothing.fit(training, trend: trend, smoothing: (theirs.alpha, theirs.beta, theirs.phi)))
                #expect(concentrated.sumOfSquares <= theirs.sse * (1 + 1e-9))
                // Var(e_h)/σ² = 1 + Σ_{j<h} c_j², statsmodels' own computation.
                for (i, ratio) in theirs.varianceRatio.enumerated() {
                    let mine = forecast.standardError(i) * forecast.standardError(i) / forecast.variance
                    #expect(abs(mine - ratio) <= 1e-9 * ratio, "\(series.metric) \(trend) h=\(i + 1): \(mine) vs \(ratio)")
                }
            }
        }
    }

    @Test func thetaIsSmoothingPlusHalfTheLeastSquaresSlope() throws {
        for series in try Self.reference().series {
            let training = series.values.enumerated().map { ($0.offset, $0.element) }
            let future = (0..<18).map { training.count + $0 }
            let theirs = try #require(series.theta["forecast"])
            let alpha = try #require(series.theta["alpha"]?.first)
            // With statsmodels' α, the drift b̂/2 gives its month-to-month steps exactly, and the
            // level its forecasts to 1e-3: statsmodels' own search for ℓ₀ stops up to 3e-4 from the
            // least-squares ℓ₀ we solve for (N1402: 1.07 on 3,273).
            let forecast = try #require(SeriesMethods.theta(training, future: future, weights: future.map { _ in 1 },
                                                            seasonallyAdjusted: false, alpha: alpha))
            for (mine, reference) in zip(forecast.means, theirs) {
                #expect(abs(mine - reference) <= 1e-3 * abs(reference), "\(series.metric): \(mine) vs \(reference)")
            }
            for h in 1..<18 {
                let (mine, reference) = (forecast.means[h] - forecast.means[h - 1], theirs[h] - theirs[h - 1])
                #expect(abs(mine - reference) <= 1e-9 * max(1, abs(reference)))
            }
            #expect(abs(2 * forecast.slope - (series.theta["b0"]?.first ?? .nan)) <= 1e-9 * abs(2 * forecast.slope))
        }
    }

    @Test func sumOfMonthsCountsTheCorrelationOfTheirErrors() {
        // e_h = Σ_j c_j ε_{T+h−j}: the covariance of months h and k is σ² Σ_j c_j c_{j+|h−k|}
        // over the innovations they share; the sum's variance adds every pair.
        let coefficients = [1, 0.4, 0.35, 0.3, 0.25]
        let weights = [1.2, 0.8, 1.0, 1.1]
        let forecast = InnovationsForecast(steps: [1, 2, 3, 4], means: [0, 0, 0, 0], weights: weights,
                                           coefficients: coefficients, variance: 2)
        var brute = 0.0
        for h in 1...4 {
            for k in 1...4 {
                // Innovation ε_{T+m} enters month h with coefficient c_{h−m}.
                var shared = 0.0
                for m in 1...min(h, k) { shared += coefficients[h - m] * coefficients[k - m] }
                brute += 2 * weights[h - 1] * weights[k - 1] * shared
            }
        }
        #expect(abs(forecast.sumStandardError * forecast.sumStandardError - brute) < 1e-12 * brute)
        // Wider than independent months would be: the errors are positively correlated.
        let independent = (0..<4).reduce(0) { $0 + forecast.standardError($1) * forecast.standardError($1) }
        #expect(brute > independent)
    }

    @Test func seasonalNaiveRepeatsLastYearWithTheRandomWalksSpread() throws {
        let first = try #require(Period(year: 2018, month: 1))
        let training: [(Int, Double)] = (0..<36).map { t in
            let season = Double(t % 12) * 10, year = Double(t / 12)
            return (t, 100 + season + year)
        }
        let forecast = try #require(SeriesMethods.forecast(TrendModel.seasonalNaive, training: training, first: first, future: Array(36..<60)))
        let (january, december) = (training[24].1, training[35].1)
        #expect(forecast.means[0] == january)
        #expect(forecast.means[11] == december)
        #expect(forecast.means[12] == january)
        // Every seasonal difference is 1: σ² = 1; a month two years ahead has two innovations.
        #expect(abs(forecast.standardErrors[0] - 1) < 1e-12 && abs(forecast.standardErrors[13] - 2.squareRoot()) < 1e-12)
        #expect(forecast.model == TrendModel.seasonalNaive && forecast.slope == 0)
    }

    @Test func combinationIsTheMeanOfItsMembers() throws {
        var readings = Readings()
        readings.merge(try ReadingsFile.read(FixturePath.url("reference/m3-sample.csv").path))
        for metric in readings.metrics {
            let series = try #require(readings[metric])
            let first = try #require(series.first)
            let observed = series.values.sorted { $0.key < $1.key }.map { (first.distance(to: $0.key), $0.value) }
            let training = Array(observed.dropLast(18)), future = observed.suffix(18).map(\.0)
            let combined = try #require(SeriesMethods.forecast(.combination, training: training, first: first, future: future))
            // Each member as the combination uses it: damped smoothing, Theta, the damped trend.
            let month = { (t: Int) in first.advanced(by: t).month }
            let adjustment = SeasonalAdjustment.estimate(training, month: month)
            let adjusted = training.map { ($0.0, adjustment?.adjusted($0.1, month: month($0.0)) ?? $0.1) }
            let weights = future.map { adjustment?.weight(month: month($0)) ?? 1 }
            let members = [
                try #require(SeriesMethods.smoothing(adjusted, future: future, weights: weights, seasonallyAdjusted: adjustment != nil, trends: [.damped])),
                try #require(SeriesMethods.theta(adjusted, future: future, weights: weights, seasonallyAdjusted: adjustment != nil)),
                try #require(SeriesMethods.forecast(.damped, training: training, first: first, future: future)),
            ]
            for h in future.indices {
                let mean = members.reduce(0) { $0 + $1.means[h] } / 3
                #expect(abs(combined.means[h] - mean) <= 1e-12 * abs(mean))
            }
            #expect(combined.model == .combination && combined.form.hasPrefix("ets A,Ad,N + theta + damped"))
        }
    }

    @Test func methodsDeclineWhatTheyCannotForecast() throws {
        let first = try #require(Period(year: 2020, month: 1))
        let short = (0..<4).map { ($0, Double($0)) }
        for model in [TrendModel.ets, .theta, .seasonalNaive, .combination, .damped] {
            #expect(SeriesMethods.forecast(model, training: short, first: first, future: [4]) == nil)
            #expect(SeriesMethods.forecast(model, training: [], first: first, future: [0]) == nil)
        }
        // A design model is not a per-series method; a future month inside the training is refused.
        let long = (0..<40).map { ($0, 10 + Double($0)) }
        #expect(SeriesMethods.forecast(.seasonal, training: long, first: first, future: [40]) == nil)
        #expect(SeriesMethods.forecast(.theta, training: long, first: first, future: [39]) == nil)
        // Non-finite values are no data to smooth.
        let broken: [(Int, Double)] = long.map { point in (point.0, point.0 == 20 ? Double.infinity : point.1) }
        #expect(ExponentialSmoothing.fit(broken, trend: .damped) == nil)
    }

    @Test func constantAndTinySeriesAreForecastNotDropped() throws {
        let first = try #require(Period(year: 2015, month: 1))
        for value in [600.0, 0, 1e-300] {
            let training: [(Int, Double)] = (0..<72).map { ($0, value) }
            for model in [TrendModel.ets, .theta, .combination] {
                let forecast = try #require(SeriesMethods.forecast(model, training: training, first: first, future: [72, 73]),
                                            "\(model) on a constant \(value)")
                #expect(forecast.means.allSatisfy { abs($0 - value) <= 1e-9 * max(1, abs(value)) })
            }
        }
    }

    @Test func valuesThatWouldOverflowAreRefusedWithAReason() throws {
        let first = try #require(Period(year: 2015, month: 1))
        let seasonal: [(Int, Double)] = (0..<72).map { t in (t, 2e307 * (1 + 0.1 * Double(t % 12) / 12)) }
        // Twelve months of 2e307 would sum past the largest double: no forecast, rather than inf.
        #expect(SeriesMethods.forecast(.seasonalNaive, training: seasonal, first: first, future: Array(72..<84)) == nil)
        let outlier: [(Int, Double)] = (0..<72).map { t in (t, t == 40 ? 1e200 : 100 + Double(t)) }
        for model in [TrendModel.ets, .theta, .combination, .damped, .seasonalNaive] {
            #expect(SeriesMethods.forecast(model, training: outlier, first: first, future: [72]) == nil)
            #expect(SeriesMethods.failure(model, training: outlier, first: first, future: [72])?.contains("beyond ±1e150") == true)
        }
        // Seasonal naive names the month it lacks; a forecast that exists has no failure.
        let gappy = (0..<48).filter { $0 != 40 }.map { ($0, 100 + Double($0)) }
        #expect(SeriesMethods.failure(.seasonalNaive, training: gappy, first: first, future: [52]) == "seasonal-naive: no reading for 2018-05, the month it would repeat")
        #expect(SeriesMethods.failure(.seasonalNaive, training: gappy, first: first, future: [48]) == nil)
    }

    /// A seasonal series (a 30% swing) on a gentle trend, with noise.
    static func seasonalSeries(months: Int, offset: Double = 0, seed: UInt64) -> [(Int, Double)] {
        var state = seed
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        return (0..<months).map { t in
            let season = 1 + 0.3 * sin(2 * Double.pi * Double(t % 12) / 12)
            return (t, (1000 + 2 * Double(t)) * season + 10 * noise() + offset)
        }
    }

    @Test func aGapStillGetsASeasonalAdjustment() throws {
        let first = try #require(Period(year: 2015, month: 1))
        let month = { (t: Int) in first.advanced(by: t).month }
        let whole = Self.seasonalSeries(months: 96, seed: 7)
        let reference = try #require(SeasonalAdjustment.estimate(whole, month: month))
        // One month missing: the indices from the moving averages that are complete.
        let gappy = whole.filter { $0.0 != 60 }
        let withGap = try #require(SeasonalAdjustment.estimate(gappy, month: month))
        #expect((1...12).allSatisfy { abs(withGap.indices[$0] - reference.indices[$0]) < 0.02 })
        // Zeros or negative values, or no season: left alone.
        #expect(SeasonalAdjustment.estimate(whole.map { ($0.0, $0.1 - 3000) }, month: month) == nil)
        var state: UInt64 = 11
        let flat: [(Int, Double)] = (0..<96).map { t in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (t, 1000 + 10 * (Double(state >> 11) / Double(1 << 53) - 0.5))
        }
        #expect(SeasonalAdjustment.estimate(flat, month: month) == nil)
    }

    @Test func autoKeepsItsAccuracyOnSeriesWithAGap() throws {
        // As a new user found: one missing month used to switch the adjustment off and leave
        // auto three times worse than seasonal naive.
        func backtest(_ transform: ([(Int, Double)]) -> [(Int, Double)], model: TrendModel) throws -> Double {
            var readings: [Reading] = []
            for series in 0..<20 {
                for (t, value) in transform(Self.seasonalSeries(months: 96, seed: UInt64(series + 1))) {
                    readings.append(Reading(metric: "s\(series)", period: try #require(Period(year: 2015, month: 1)).advanced(by: t), value: value))
                }
            }
            var test = SeriesBacktest(holdout: 12, model: model)
            test.calibrated = false
            return test.run(Readings(readings)).overall.mase
        }
        let naive = try backtest({ $0 }, model: .seasonalNaive)
        let auto = try backtest({ $0.filter { $0.0 != 50 } }, model: .combination)
        #expect(auto < 0.8 * naive, "auto \(auto) against seasonal naive \(naive)")
    }

    @Test func missingMonthsCarryTheStatesForward() throws {
        // A line with two months missing: the damped smoothing still forecasts near the line.
        let months = (0..<48).filter { $0 != 20 && $0 != 21 }
        let training: [(Int, Double)] = months.map { t in (t, 50 + 3 * Double(t)) }
        let fit = try #require(ExponentialSmoothing.fit(training, trend: .additive))
        #expect(fit.sumOfSquares < 1e-6)
        let forecast = fit.forecast([48, 50], weights: [1, 1])
        #expect(abs(forecast.means[0] - 194) < 1e-3 && abs(forecast.means[1] - 200) < 1e-3)
    }
}
