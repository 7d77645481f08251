import Foundation
import Testing
@testable import TargetForecast
@testable import SeriesEngine
@testable import SeriesReading

@Suite("Backtest in series mode")
struct SeriesBacktestTests {
    static func readings(_ series: [String: (Int) -> Double], months: Int, start: Period = Period(year: 2015, month: 1)!) -> Readings {
        Readings(series.flatMap { metric, value in
            (0..<months).map { Reading(metric: metric, period: start.advanced(by: $0), value: value($0)) }
        })
    }

    @Test func anExactLineIsForecastWithoutError() throws {
        let result = SeriesBacktest(holdout: 6, model: .linear).run(Self.readings(["line": { 50 + 2 * Double($0) }], months: 40))
        #expect(result.series == 1 && result.horizon == 6 && result.overall.count == 6)
        #expect(result.overall.smape < 1e-9 && result.overall.mase < 1e-9)
        #expect(result.overall.coverage80 == 1 && result.overall.coverage95 == 1)
    }

    @Test func scoresFollowTheirDefinitions() throws {
        // Forecasts of a flat series from a flat history: F = 100 exactly, A = 110 in the holdout.
        let values: (Int) -> Double = { $0 < 30 ? 100 + (($0 % 2 == 0) ? 1 : -1) : 110 }
        let result = SeriesBacktest(holdout: 4, model: .linear).run(Self.readings(["step": values], months: 34))
        // sMAPE = 200·|110 − F| / (110 + F) with F ≈ 100 (the line through an alternating ±1 is flat).
        #expect(abs(result.overall.smape - 200 * 10 / 210.0) < 0.2)
        #expect(abs(result.overall.mape - 100 * 10 / 110.0) < 0.2)
        // MASE scale: seasonal-naive (lag 12) in-sample MAE of ±1 alternation = 0 (same parity 12 apart)…
        // so lag-12 differences are 0 and MASE is undefined (NaN, left out of the mean).
        #expect(result.overall.mase.isNaN)
        #expect(result.overall.coverage95 == 0)
    }

    @Test func seriesWithDifferentCalendarsAreEachScoredOnTheirOwnMonths() throws {
        var readings = Self.readings(["early": { 10 + Double($0) }], months: 30, start: Period(year: 1, month: 1)!)
        for reading in Self.readings(["late": { 5 + 0.5 * Double($0) }], months: 30, start: Period(year: 2020, month: 3)!).series["late"]!.readings {
            readings.record(reading)
        }
        let result = SeriesBacktest(holdout: 3, model: .linear).run(readings)
        #expect(result.series == 2 && result.overall.count == 6)
        #expect(result.overall.smape < 1e-9)
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let result = SeriesBacktest(holdout: 2).run(Self.readings(["a": { 1 + Double($0 % 5) }, "b": { 3 + Double($0) }], months: 36))
        let json = try #require(JSONSerialization.jsonObject(with: Data(try result.json().utf8)) as? [String: Any])
        for key in ["series", "horizon", "smape", "mape", "mase", "coverage80", "coverage95", "msis", "byHorizon"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect((json["byHorizon"] as? [Any])?.count == 2)
    }
}

@Suite("Split-conformal calibration")
struct ConformalTests {
    @Test func exactFitsDoNotTakePartInCalibration() {
        // Widths of rounding size (an exact fit of a constant series) are left out.
        let errors = Array(repeating: 1e-14, count: 30), widths = Array(repeating: 1e-15, count: 30)
        #expect(ConformalFactors.factor(errors: errors, halfWidths: widths, magnitudes: Array(repeating: 7.3, count: 30), level: 0.8) == nil)
        let constant = SeriesBacktestTests.readings(Dictionary(uniqueKeysWithValues: (0..<30).map { ("c\($0)", { (_: Int) in 7.3 }) }), months: 60)
        var backtest = SeriesBacktest(holdout: 6, model: .linear)
        backtest.calibrated = true
        #expect(backtest.run(constant).factors80.allSatisfy { $0 == 1 })
    }

    @Test func nothingScoredIsNotZeroPercent() {
        let result = SeriesBacktest(holdout: 12).run(SeriesBacktestTests.readings(["short": { Double($0) }], months: 8))
        #expect(result.series == 0 && result.skipped == 1)
        #expect(result.overall.coverage80.isNaN && result.overall.smape.isNaN)
    }

    @Test func factorIsTheConformalQuantileOfScaledErrors() {
        // Ratios 1…99 (error k, width 1): the 80% factor is the ⌈100·0.8⌉ = 80th smallest.
        let errors = (1...99).map(Double.init)
        #expect(ConformalFactors.factor(errors: errors, halfWidths: Array(repeating: 1, count: 99), level: 0.8) == 80)
        #expect(ConformalFactors.factor(errors: errors, halfWidths: Array(repeating: 2, count: 99), level: 0.95) == 47.5)
        #expect(ConformalFactors.factor(errors: [1, 2], halfWidths: [1, 1], level: 0.8) == nil)
    }

    /// Trend plus AR(1) noise (φ = 0.8): textbook OLS intervals assume independent errors and
    /// cover too little; calibrated intervals cover close to their nominal rate.
    @Test func calibrationRepairsCoverageUnderAutocorrelation() {
        var random = SplitMix64(seed: 8)
        var readings = Readings()
        let start = Period(year: 2010, month: 1)!
        for series in 0..<400 {
            var noise = 0.0
            for month in 0..<84 {
                noise = 0.8 * noise + random.nextGaussian()
                readings.record(Reading(metric: "s\(series)", period: start.advanced(by: month), value: 100 + 0.5 * Double(month) + 3 * noise))
            }
        }
        var backtest = SeriesBacktest(holdout: 6, model: .linear)
        let ols = backtest.run(readings)
        backtest.calibrated = true
        let calibrated = backtest.run(readings)
        #expect(ols.overall.coverage80 < 0.72, "OLS 80% coverage \(ols.overall.coverage80)")
        #expect(abs(calibrated.overall.coverage80 - 0.80) < 0.04, "calibrated 80% coverage \(calibrated.overall.coverage80)")
        #expect(abs(calibrated.overall.coverage95 - 0.95) < 0.03, "calibrated 95% coverage \(calibrated.overall.coverage95)")
        #expect(calibrated.factors80.allSatisfy { $0 > 1 })
        #expect(calibrated.overall.smape == ols.overall.smape)
    }
}
