import Distributions
import Forecasting
import TargetAssessment
import TargetData
/// A value at a month, for charts.
public struct ChartPoint: Sendable, Hashable {
    public var period: Period
    public var value: Double
}

/// The predictive distribution at a month, for a forecast fan.
public struct ChartBand: Sendable, Hashable {
    public var period: Period
    public var median: Double
    public var lower80: Double
    public var upper80: Double
    public var lower95: Double
    public var upper95: Double
}

/// What a target's chart shows, in the metric's unit: the readings, the fitted trend, the
/// forecast fan to the deadline, the threshold and, for year totals, the year-to-date path against
/// the path needed to reach the threshold.
public struct ChartData: Sendable, Hashable {
    /// Whether the series are year-to-date totals (cumulative from January) rather than levels.
    public var isCumulative: Bool
    /// The metric's unit.
    public var unit: String?
    /// The readings (levels), or this year's year-to-date path (totals).
    public var observed: [ChartPoint]
    /// The fitted trend over the readings (levels only).
    public var fitted: [ChartPoint]
    /// Last year's year-to-date path, for comparison (totals only).
    public var previousYear: [ChartPoint]
    /// The path to the threshold at the pace of last year's months (or a straight line), totals only.
    public var needed: [ChartPoint]
    /// The forecast to the deadline, month by month (the last observed point first, as a degenerate band).
    public var forecast: [ChartBand]
    /// The threshold in the metric's unit (a growth target's total needed, say).
    public var threshold: Double?
    public var deadline: Period
}

extension Assessment {
    /// The chart of the assessed target, built from the assessment's fit and observations, or
    /// `nil` where a chart would say nothing (relative targets, qualitative items, too few
    /// readings).
    ///
    /// The forecast fan is the year value's predictive distribution month by month, widened by
    /// the same calibration factors as the intervals; sums of log-model months are simulated with
    /// at most 2,000 seeded draws.
    public func chart() -> ChartData? {
        guard let basis = chartBasis, let metric, let deadline else { return nil }
        let data = basis.value.data
        let fit = basis.value.fit
        let asOf = basis.asOf, bounds = basis.bounds
        let seed = "\(target.id)@\(asOf)"   // the assessor's seed for this target and month
        let year = deadline.year
        switch data.nature {
        case .flow:
            func cumulative(_ year: Int, through last: Period) -> [ChartPoint] {
                var total = 0.0
                return data.observations.filter { $0.start.year == year && $0.end <= last }.map { observation in
                    total += observation.value
                    return ChartPoint(period: observation.end, value: total)
                }
            }
            let observed = cumulative(year, through: min(deadline, asOf))
            let previous = cumulative(year - 1, through: deadline.advanced(by: -12))
            var needed: [ChartPoint] = []
            if let target = basis.thresholdValue, target.isFinite {
                let months = Array(deadline.startOfYear...deadline)
                let previousTotal = previous.last?.value ?? 0
                if previous.count >= 2, previousTotal > 0, previous.last?.period == deadline.advanced(by: -12) {
                    // Last year's seasonal profile, scaled to the threshold.
                    needed = previous.map { ChartPoint(period: $0.period.advanced(by: 12), value: target * $0.value / previousTotal) }
                } else {
                    needed = months.enumerated().map { ChartPoint(period: $1, value: target * Double($0 + 1) / Double(months.count)) }
                }
            }
            var bands: [ChartBand] = []
            if let fit {
                let actual = basis.value.actual ?? 0
                let start = observed.last.map { $0.period.advanced(by: 1) } ?? deadline.startOfYear
                if let last = observed.last { bands.append(ChartBand(period: last.period, median: last.value, lower80: last.value, upper80: last.value, lower95: last.value, upper95: last.value)) }
                if start <= deadline {
                    let future = Array(start...deadline)
                    for (index, month) in future.enumerated() {
                        var distribution = fit.sum(of: Array(future[0...index]), seed: SplitMix64.seed(from: seed + "/chart"),
                                                   draws: min(basis.simulationDraws, 2_000)).affine(scale: 1, shift: actual)
                        // As for the year total: flows never negative cannot take the path below what it has.
                        if basis.value.neverNegative, actual.isFinite { distribution = distribution.clamped(to: actual...Double.infinity) }
                        // The bounds are on the year's total: before the deadline only the upper one binds
                        // the running total.
                        if let bounds { distribution = distribution.clamped(to: (month == deadline ? bounds.lowerBound : -.infinity)...bounds.upperBound) }
                        bands.append(Self.band(month, distribution, calibration: basis.calibration))
                    }
                }
            } else if !basis.value.isKnown, let last = observed.last, last.period < deadline {
                // Year over year: its distribution is of the year total only, drawn at the deadline.
                bands.append(ChartBand(period: last.period, median: last.value, lower80: last.value, upper80: last.value, lower95: last.value, upper95: last.value))
                var distribution = basis.value.distribution
                if let bounds { distribution = distribution.clamped(to: bounds) }
                bands.append(Self.band(deadline, distribution, calibration: basis.calibration))
            }
            return ChartData(isCumulative: true, unit: metric.unit, observed: observed, fitted: [], previousYear: previous.map {
                ChartPoint(period: $0.period.advanced(by: 12), value: $0.value)
            }, needed: needed, forecast: bands, threshold: basis.thresholdValue, deadline: deadline)
        case .level:
            let history = data.observations.suffix(36).map { ChartPoint(period: $0.end, value: $0.value) }
            guard !history.isEmpty else { return nil }
            var bands: [ChartBand] = []
            var fitted: [ChartPoint] = []
            if let fit, let last = history.last {
                fitted = history.map { ChartPoint(period: $0.period, value: fit.fittedValue(at: $0.period)) }
                bands.append(ChartBand(period: last.period, median: last.value, lower80: last.value, upper80: last.value, lower95: last.value, upper95: last.value))
                if last.period < deadline {
                    for month in last.period.advanced(by: 1)...deadline {
                        var distribution = fit.value(at: month)
                        if let bounds { distribution = distribution.clamped(to: bounds) }
                        bands.append(Self.band(month, distribution, calibration: basis.calibration))
                    }
                }
            }
            return ChartData(isCumulative: false, unit: metric.unit, observed: history, fitted: fitted, previousYear: [],
                             needed: [], forecast: bands, threshold: basis.thresholdValue, deadline: deadline)
        }
    }

    /// The fan at one month, widened like the table's intervals when they are calibrated.
    static func band(_ period: Period, _ distribution: ForecastDistribution, calibration: IntervalCalibration?) -> ChartBand {
        let wide80 = distribution.widened(by: calibration?.factor80 ?? 1)
        let wide95 = distribution.widened(by: calibration?.factor95 ?? 1)
        return ChartBand(period: period, median: distribution.median,
                         lower80: wide80.quantile(0.1), upper80: wide80.quantile(0.9),
                         lower95: wide95.quantile(0.025), upper95: wide95.quantile(0.975))
    }
}
