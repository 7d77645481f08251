import Foundation
import Testing
@testable import TargetForecast
import TestSupport

/// The damped trend on seasonally adjusted data (`--model damped`, a member of the series default `auto`).
@Suite("Damped trend")
struct DampedTrendTests {
    @Test func matchesAnIndependentNumpyImplementationOnM3Series() throws {
        var readings = Readings()
        readings.merge(try ReadingsFile.read(FixturePath.url("reference/m3-sample.csv").path))
        var expected: [String: [Double]] = [:]
        for line in try FixturePath.text("reference/damped_expected.csv").split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",")
            expected[String(cells[0]), default: []].append(try #require(Double(String(cells[2]))))
        }
        var adjusted = 0
        for metric in readings.metrics {
            let series = try #require(readings[metric])
            let first = try #require(series.first)
            let observed = series.values.sorted { $0.key < $1.key }.map { (first.distance(to: $0.key), $0.value) }
            let training = Array(observed.dropLast(18))
            let future = observed.suffix(18).map(\.0)
            let forecast = try #require(DampedTrend.forecast(training: training, first: first, future: future))
            let reference = try #require(expected[metric])
            for (mine, theirs) in zip(forecast.means, reference) {
                #expect(abs(mine - theirs) <= 1e-9 * abs(theirs), "\(metric): \(mine) vs \(theirs)")
            }
            if forecast.seasonallyAdjusted { adjusted += 1 }
        }
        // The sample holds both kinds: series adjusted for seasonality and series left as they are.
        #expect(adjusted > 0 && adjusted < readings.metrics.count)
    }

    @Test func straightLineContinuesWithHalfItsSlope() throws {
        let first = try #require(Period(year: 2020, month: 1))
        let training = (0..<30).map { ($0, 100 + 2 * Double($0)) }
        let forecast = try #require(DampedTrend.forecast(training: training, first: first, future: [30, 31, 35]))
        // No residuals to re-anchor on; the level is the line's last value (158), the slope 2 halved.
        #expect(forecast.means.enumerated().allSatisfy { abs($1 - [159, 160, 164][$0]) < 1e-9 })
        #expect(abs(forecast.slope - 2) < 1e-12)
        #expect(!forecast.seasonallyAdjusted)
    }

    @Test func levelShiftIsKeptByTheAnchor() throws {
        let first = try #require(Period(year: 2020, month: 1))
        // Flat at 100 for two years, then 120 for the last six months.
        let training = (0..<30).map { ($0, $0 < 24 ? 100.0 : 120.0) }
        let forecast = try #require(DampedTrend.forecast(training: training, first: first, future: [30]))
        // The line alone would say about 112; the mean residual of the last six months lifts it.
        #expect(forecast.means[0] > 118)
    }

    @Test func multiplicativeSeasonalityIsFoundAndRemoved() throws {
        let first = try #require(Period(year: 2015, month: 1))
        let pattern = [0.8, 0.7, 0.9, 1.0, 1.0, 1.1, 1.2, 1.2, 1.0, 1.0, 1.0, 1.1]
        let scale = 12 / pattern.reduce(0, +)
        let training = (0..<72).map { t in (t, (1000 + 5 * Double(t)) * pattern[t % 12] * scale) }
        let forecast = try #require(DampedTrend.forecast(training: training, first: first, future: [72, 78]))
        #expect(forecast.seasonallyAdjusted)
        // January and July of the next year keep their seasonal ratio (within the few percent
        // the moving-average estimate of the indices allows).
        let ratio = forecast.means[1] / forecast.means[0]
        #expect(abs(ratio - pattern[6] / pattern[0] * (1000 + 5 * 75.0) / (1000 + 5 * 72.0)) < 0.05)
    }

    @Test func tooShortSeriesAreRefusedAndGappyOnesStillAdjusted() throws {
        let first = try #require(Period(year: 2020, month: 1))
        #expect(DampedTrend.forecast(training: [(0, 1), (1, 2), (2, 3)], first: first, future: [3]) == nil)
        // A July peak every year, one month missing: the indices come from the complete moving
        // averages, and next July is forecast at its peak.
        var gappy = (0..<48).map { ($0, 100 + 30 * Double(($0 % 12 == 6) ? 1 : 0)) }
        gappy.remove(at: 10)
        let forecast = try #require(DampedTrend.forecast(training: gappy, first: first, future: [48, 54]))
        #expect(forecast.seasonallyAdjusted)
        #expect(abs(forecast.means[0] - 100) < 1 && abs(forecast.means[1] - 130) < 1)
    }

    @Test func seriesForecasterSumsTheDampedMonths() throws {
        let table = try SeriesTableReader(threads: 1).read(FixturePath.url("series/small-complete.csv").path)
        var forecaster = SeriesForecaster(model: .damped, horizon: 12)
        forecaster.threads = 2
        let forecasts = forecaster.forecast(table)
        #expect(!forecasts.isEmpty && forecasts.allSatisfy { $0.model == .damped && $0.forecastSum != nil })
        #expect(forecasts.allSatisfy { ($0.interval(level: 0.95)?.lower ?? .infinity) < ($0.forecastSum ?? 0) && ($0.forecastSum ?? 0) < ($0.interval(level: 0.95)?.upper ?? -.infinity) })
    }
}

@Suite("Damped trend spread")
struct DampedTrendSpreadTests {
    /// The sum's prediction-error variance formula against simulation: z = 10 + 0.3t + ε,
    /// ε ~ N(0, 1), 40 months, the sum of the next 12; the formula (averaged over draws, as its
    /// s² is estimated per draw) must match the variance of the simulated errors.
    @Test func sumVarianceMatchesSimulation() throws {
        let first = try #require(Period(year: 2020, month: 1))
        var random = SplitMix64(seed: 2026)
        let future = Array(40..<52)
        var errors: [Double] = [], formula: [Double] = []
        for _ in 0..<4000 {
            func normal() -> Double { random.nextGaussian() }
            let training = (0..<40).map { ($0, 10 + 0.3 * Double($0) + normal()) }
            let actual = future.reduce(0.0) { $0 + 10 + 0.3 * Double($1) + normal() }
            let forecast = try #require(DampedTrend.forecast(training: training, first: first, future: future))
            errors.append(forecast.means.reduce(0, +) - actual)
            formula.append(forecast.sumStandardError * forecast.sumStandardError)
        }
        let mean = errors.reduce(0, +) / Double(errors.count)
        let empirical = errors.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(errors.count - 1)
        let stated = formula.reduce(0, +) / Double(formula.count)
        #expect(abs(stated / empirical - 1) < 0.08, "formula \(stated), simulated \(empirical)")
    }
}
