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

    /// The factors of the trend models' intervals (``intervalCalibration(_:options:)``) and,
    /// learned the same way from the same past years but apart, of the year-over-year
    /// forecasts': their spread comes from each series' own misses in the years before, which
    /// can still be too wide or too narrow for the catalogue as a whole (on the tuning set of real
    /// series the uncorrected 80% intervals covered 84%: years of crisis inflate the spread of the
    /// years after them), so split-conformal factors (which may be below 1) correct them.
    public func calibrations(_ readings: Readings, options: AssessmentOptions = AssessmentOptions())
        -> (trend: IntervalCalibration?, yearOverYear: IntervalCalibration?)
    {
        var plain = options
        plain.calibration = nil
        let asOf = plain.asOf ?? defaultAsOf(readings)
        let used = Set(targets.filter { $0.kind != .qualitative }.compactMap(\.metric))
        var sample = ConformalFactors.Sample(), yearOverYear = ConformalFactors.Sample()
        for metric in metrics where used.contains(metric.id) {
            for back in 1...5 {
                guard let pastAsOf = Period(year: asOf.year - back, month: asOf.month),
                      let pastDeadline = Period(year: asOf.year - back, month: 12), pastAsOf < pastDeadline else { continue }
                let before = TargetAssessor(catalogue: self, readings: readings, options: plain, asOf: pastAsOf)
                let after = TargetAssessor(catalogue: self, readings: readings, options: plain, asOf: pastDeadline)
                guard let forecast = try? before.yearValue(of: metric, deadline: pastDeadline, seed: "calibration/\(metric.id)/\(back)"),
                      !forecast.isKnown,
                      let outcome = try? after.yearValue(of: metric, deadline: pastDeadline, seed: "calibration-outcome"),
                      outcome.isKnown else { continue }
                let actual = outcome.distribution.median, median = forecast.distribution.median
                let error = actual - median
                let side80 = error >= 0 ? forecast.distribution.quantile(0.9) - median : median - forecast.distribution.quantile(0.1)
                let side95 = error >= 0 ? forecast.distribution.quantile(0.975) - median : median - forecast.distribution.quantile(0.025)
                if forecast.yearOverYear != nil {
                    yearOverYear.append(error: abs(error), halfWidth80: side80, halfWidth95: side95, magnitude: abs(median))
                } else {
                    sample.append(error: abs(error), halfWidth80: side80, halfWidth95: side95, magnitude: abs(median))
                }
            }
        }
        return (sample.calibration, yearOverYear.calibration)
    }
}
