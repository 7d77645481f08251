import InternalConcurrency
import Forecasting
import TargetData
extension Catalogue {
    /// Learns how much wider than textbook OLS the intervals must be, from the catalogue's metrics
    /// in past years (split-conformal, Lei et al. 2018): for each metric and each of the five
    /// previous years with the data, the year value is forecast as of the same month as
    /// `options.asOf` exactly as this year's is (same models, same window), and compared with
    /// what the year turned out to be. The factor for level 1 − α is the ⌈(n+1)(1−α)⌉-th smallest
    /// ratio of the error to the interval's half-width on the error's side.
    ///
    /// Year-over-year forecasts (``YearOverYear``) are left out: their factors are learned apart
    /// (``calibrations(_:options:)``).
    ///
    /// - Returns: `nil` with fewer than 20 past-year forecasts (too few to learn from).
    public func intervalCalibration(_ readings: Readings, options: AssessmentOptions = AssessmentOptions()) -> IntervalCalibration? {
        calibrations(readings, options: options).trend
    }

    /// Draws for each replayed forecast's simulated year value (log models), at most. A replay
    /// gives one ratio of its miss to its half-width, and the factors are order statistics of many
    /// such ratios, so the half-width needs less precision than a target's P(met): with 2,000 draws
    /// a 90% quantile's Monte Carlo error is about 1.7/√2000 ≈ 0.04 standard deviations (3% of
    /// an 80% half-width, and independent across replays), against 0.017 with 10,000. It cut the
    /// calibration's share of a target backtest of the Gulou fixture from 41% to 12% of its time (`perf`).
    public static let calibrationDraws = 2_000

    /// The factors of the trend models' intervals (``intervalCalibration(_:options:)``) and,
    /// learned the same way from the same past years but apart, of the year-over-year
    /// forecasts': their spread comes from each series' own misses in the years before, which
    /// can still be too wide or too narrow for the catalogue as a whole (on the tuning set of real
    /// series the uncorrected 80% intervals covered 84%: years of crisis inflate the spread of the
    /// years after them), so split-conformal factors (which may be below 1) correct them.
    public func calibrations(_ readings: Readings, options: AssessmentOptions = AssessmentOptions())
        -> (trend: IntervalCalibration?, yearOverYear: IntervalCalibration?)
    {
        var uncalibrated = options
        uncalibrated.calibration = nil
        uncalibrated.simulationDraws = min(options.simulationDraws, Self.calibrationDraws)
        let plain = uncalibrated
        let asOf = plain.asOf ?? defaultAsOf(readings)
        let used = Set(targets.filter { $0.kind != .qualitative }.compactMap(\.metric))
        // Every (metric, past year) replay is independent: they run on `options.threads` threads
        // and are gathered in the same order on any number of them.
        let replays = metrics.filter { used.contains($0.id) }.flatMap { metric in (1...5).map { (metric: metric, back: $0) } }
        let catalogue = self
        let misses = replays.parallelMap(threads: plain.threads) { replay -> (yearOverYear: Bool, error: Double, side80: Double, side95: Double, magnitude: Double)? in
            let (metric, back) = replay
            guard let pastAsOf = Period(year: asOf.year - back, month: asOf.month),
                  let pastDeadline = Period(year: asOf.year - back, month: 12), pastAsOf < pastDeadline else { return nil }
            let before = TargetAssessor(catalogue: catalogue, readings: readings, options: plain, asOf: pastAsOf)
            let after = TargetAssessor(catalogue: catalogue, readings: readings, options: plain, asOf: pastDeadline)
            guard let forecast = try? before.yearValue(of: metric, deadline: pastDeadline, seed: "calibration/\(metric.id)/\(back)"),
                  !forecast.isKnown,
                  let outcome = try? after.yearValue(of: metric, deadline: pastDeadline, seed: "calibration-outcome"),
                  outcome.isKnown else { return nil }
            let actual = outcome.distribution.median, median = forecast.distribution.median
            let error = actual - median
            let side80 = error >= 0 ? forecast.distribution.quantile(0.9) - median : median - forecast.distribution.quantile(0.1)
            let side95 = error >= 0 ? forecast.distribution.quantile(0.975) - median : median - forecast.distribution.quantile(0.025)
            return (forecast.yearOverYear != nil, abs(error), side80, side95, abs(median))
        }
        var sample = ConformalFactors.Sample(), yearOverYear = ConformalFactors.Sample()
        for case let miss? in misses {
            if miss.yearOverYear {
                yearOverYear.append(error: miss.error, halfWidth80: miss.side80, halfWidth95: miss.side95, magnitude: miss.magnitude)
            } else {
                sample.append(error: miss.error, halfWidth80: miss.side80, halfWidth95: miss.side95, magnitude: miss.magnitude)
            }
        }
        return (sample.calibration, yearOverYear.calibration)
    }
}
