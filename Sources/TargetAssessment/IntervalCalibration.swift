import Forecasting
import TargetData
/// Split-conformal factors for `forecast run`'s intervals, learned from the catalogue's own
/// metrics in past years (``Catalogue/intervalCalibration(_:options:)``).
public struct IntervalCalibration: Sendable, Hashable {
    /// Half-widths of 80% intervals (and the spread P(met) is computed with) are multiplied by it.
    public var factor80: Double
    /// Half-widths of 95% intervals are multiplied by it.
    public var factor95: Double
    /// Past-year forecasts the factors were learned from.
    public var forecasts: Int

    public init(factor80: Double, factor95: Double, forecasts: Int) {
        self.factor80 = factor80
        self.factor95 = factor95
        self.forecasts = forecasts
    }

    /// The factor for a central interval at `level`: the 80% factor up to 80%, the 95% factor from
    /// 95%, linear in between.
    public func factor(level: Double) -> Double {
        if level <= 0.8 { return factor80 }
        if level >= 0.95 { return factor95 }
        return factor80 + (factor95 - factor80) * (level - 0.8) / 0.15
    }
}

extension Catalogue {
    /// Learns how much wider than textbook OLS the intervals must be, from the catalogue's metrics
    /// in past years (split-conformal, Lei et al. 2018): for each metric and each of the five
    /// previous years with the data, the year value is forecast as of the same month as
    /// `options.asOf` exactly as this year's is (same models, same window), and compared with
    /// what the year turned out to be. The factor for level 1 − α is the ⌈(n+1)(1−α)⌉-th smallest
    /// ratio of the error to the interval's half-width on the error's side.
    ///
    /// - Returns: `nil` with fewer than 20 past-year forecasts (too few to learn from).
    public func intervalCalibration(_ readings: Readings, options: AssessmentOptions = AssessmentOptions()) -> IntervalCalibration? {
        var plain = options
        plain.calibration = nil
        let asOf = plain.asOf ?? defaultAsOf(readings)
        let used = Set(targets.filter { $0.kind != .qualitative }.compactMap(\.metric))
        var errors: [Double] = [], widths80: [Double] = [], widths95: [Double] = [], sizes: [Double] = []
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
                errors.append(abs(error))
                widths80.append(side80)
                widths95.append(side95)
                sizes.append(abs(median))
            }
        }
        guard let f80 = ConformalFactors.factor(errors: errors, halfWidths: widths80, magnitudes: sizes, level: 0.8),
              let f95 = ConformalFactors.factor(errors: errors, halfWidths: widths95, magnitudes: sizes, level: 0.95) else { return nil }
        return IntervalCalibration(factor80: f80, factor95: f95, forecasts: errors.count)
    }
}
