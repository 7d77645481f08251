import Distributions
import Forecasting
import TargetData

/// What the readings say about a metric's value for a target year: the amount so far and the
/// predictive distribution of its value at the deadline.
///
/// For flows (`flow`, `ytd`) the value is the year's total up to the deadline: what has been
/// observed (A) plus the forecast sum of the months not yet observed (F), V = A + F — conditioned
/// on what has already happened, never re-forecasting observed months. For levels (`level`,
/// `ytd-growth`) it is the level in the deadline month.
package struct YearValue: Sendable {
    /// The observations the value was forecast from (built once per target).
    package var data: ModelData
    /// V at the deadline.
    package var distribution: ForecastDistribution
    /// Observed so far: the year-to-date total (flows) or the latest level (levels).
    package var actual: Double?
    package var actualPeriod: Period?
    /// Whether V is fully observed (nothing left to forecast).
    package var isKnown: Bool
    package var fit: TrendFit?
    package var modelReason: String?
    package var observations: Int
    /// The months still to come (flows: not yet observed up to the deadline; levels: from the
    /// latest reading to the deadline).
    package var remainingMonths: Int
    /// The recent pace per month: the mean monthly flow over the last three observations, or the
    /// mean monthly change of the level over the last three months.
    package var recentPace: Double?
    package var nature: ModelData.Nature
    /// Flows: whether no observed flow was ever negative (so a total cannot fall back).
    package var neverNegative = true
    /// Flows: whether the amount so far covers every month from January to `actualPeriod`.
    package var coversFromJanuary = true
    /// The year-over-year member that forecast the value, when one did instead of a trend fit
    /// (its spread is its own replayed error: not widened again by the calibration).
    package var yearOverYear: YearOverYearChoice?
    /// Flows the year-over-year method could not forecast for want of history: how many earlier
    /// years it could replay (fewer than three), so that the explanation says so.
    package var earlierYears: Int?
}

/// Why a target cannot be forecast.
struct Unforecastable: Error {
    var explanation: String
    var readingsNeeded: Int?
    var observations: Int = 0
}

extension TargetAssessor {
    /// The year value of `metric` for the year of `deadline`, kept within the metric's natural
    /// bounds (``Metric/bounds``): the predictive distribution is censored at them — the mass
    /// beyond a bound is put on it (913 communities all covered), so the median and the interval
    /// ends are clamped, P(V ≥ t) is unchanged for t inside the bounds, 0 above the upper bound and
    /// 1 at or below the lower one (``ForecastDistribution/clamped(to:)``).
    func yearValue(of metric: Metric, deadline: Period, seed: String) throws(Unforecastable) -> YearValue {
        var value = try unboundedYearValue(of: metric, deadline: deadline, seed: seed)
        // Bounds that the distribution's own cannot meet (readings already past `max`, warned about
        // by `boundProblems`) are left out rather than forecasting below what has happened.
        if let bounds = metric.bounds, !value.isKnown,
           value.distribution.bounds.map({ $0.lowerBound <= bounds.upperBound && bounds.lowerBound <= $0.upperBound }) ?? true {
            value.distribution = value.distribution.clamped(to: bounds)
        }
        return value
    }

    private func unboundedYearValue(of metric: Metric, deadline: Period, seed: String) throws(Unforecastable) -> YearValue {
        guard let series = readings[metric.id], let firstReading = series.first, firstReading <= asOf else {
            throw Unforecastable(explanation: "no readings of \(metric.id) up to \(asOf); a forecast needs at least \(minimumReadings) monthly readings",
                                 readingsNeeded: minimumReadings)
        }
        // A flow's combined reports (2021年1-2月) are observations of their months; year-to-date
        // readings say the same through their differences.
        let spans = metric.reading == .flow ? readings.combinedReportStarts(of: metric.id) : [:]
        let data = ModelData(series: series, reading: metric.reading, asOf: asOf, maximumMonths: options.maximumHistoryMonths,
                             firstMonths: spans)
        let year = deadline.year
        switch data.nature {
        case .flow:
            let thisYear = data.observations.filter { $0.start.year == year && $0.end <= deadline }
            let actual = thisYear.reduce(0) { $0 + $1.value }
            var covered = Set<Period>()
            for observation in thisYear { for month in observation.start...observation.end { covered.insert(month) } }
            let uncovered = (deadline.startOfYear...deadline).filter { !covered.contains($0) }
            let recent = data.observations.suffix(3)
            let pace = recent.isEmpty ? nil : recent.reduce(0) { $0 + $1.value } / Double(recent.reduce(0) { $0 + $1.months })
            let neverNegative = data.observations.allSatisfy { $0.value >= 0 }
            let coversFromJanuary = thisYear.last.map { last in (deadline.startOfYear...last.end).allSatisfy(covered.contains) } ?? true
            if uncovered.isEmpty {
                var known = YearValue(data: data, distribution: ForecastDistribution(.known(actual)), actual: actual, actualPeriod: thisYear.last?.end,
                                      isKnown: true, fit: nil, modelReason: nil, observations: data.observations.count,
                                      remainingMonths: 0, recentPace: pace, nature: .flow)
                known.neverNegative = neverNegative
                return known
            }
            if deadline <= asOf {
                throw Unforecastable(explanation: "the deadline \(deadline) has passed, but the readings up to it are incomplete (\(uncovered.count) month\(uncovered.count == 1 ? "" : "s") missing, first \(uncovered[0])); the outcome cannot be told",
                                     observations: data.observations.count)
            }
            // Year over year when the readings allow it and the model is left to the tool: replayed
            // on the series' own earlier years, it missed least on real monthly data (YearOverYear).
            let yoy = options.model == .automatic ? YearOverYear(metric: metric, readings: readings) : nil
            if coversFromJanuary, let last = thisYear.last?.end, let yoy, yoy.latestTotal(year: year, asOf: asOf) == last,
               let (distribution, choice) = yoy.forecast(deadline: deadline, asOf: asOf) {
                // As on the trend path: a flow never negative cannot end the year below what it has.
                let floored = actual.isFinite && neverNegative ? distribution.clamped(to: actual...Double.infinity) : distribution
                var value = YearValue(data: data, distribution: floored, actual: actual, actualPeriod: last, isKnown: false,
                                      fit: nil, modelReason: YearOverYear.reason(choice), observations: data.observations.count,
                                      remainingMonths: uncovered.count, recentPace: pace, nature: .flow)
                value.neverNegative = neverNegative
                value.yearOverYear = choice
                return value
            }
            let (fit, reason) = try choose(data)
            let remainder = fit.sum(of: uncovered, seed: SplitMix64.seed(from: seed), draws: options.simulationDraws)
            var total = remainder.affine(scale: 1, shift: actual)
            // A metric whose flows have never been negative (counts, floor space, revenue) cannot
            // end the year below what it already has.
            if actual.isFinite, neverNegative { total = total.clamped(to: actual...Double.infinity) }
            var value = YearValue(data: data, distribution: total, actual: thisYear.isEmpty ? 0 : actual,
                                  actualPeriod: thisYear.last?.end, isKnown: false, fit: fit, modelReason: reason,
                                  observations: fit.observations, remainingMonths: uncovered.count, recentPace: pace, nature: .flow)
            value.neverNegative = neverNegative
            value.coversFromJanuary = coversFromJanuary
            if let yoy, case let years = yoy.earlierYears(deadline: deadline, asOf: asOf), years < YearOverYear.leastYears {
                value.earlierYears = years
            }
            return value
        case .level:
            let latest = data.observations.last
            var pace: Double?
            if let latest {
                let earlier = data.observations.last { $0.end <= latest.end.advanced(by: -3) }
                if let earlier {
                    pace = (latest.value - earlier.value) / Double(earlier.end.distance(to: latest.end))
                }
            }
            if let value = series[deadline], deadline <= asOf {
                return YearValue(data: data, distribution: ForecastDistribution(.known(value)), actual: value, actualPeriod: deadline,
                                 isKnown: true, fit: nil, modelReason: nil, observations: data.observations.count,
                                 remainingMonths: 0, recentPace: pace, nature: .level)
            }
            if deadline <= asOf {
                throw Unforecastable(explanation: "the deadline \(deadline) has passed, but there is no reading for it; the outcome cannot be told",
                                     observations: data.observations.count)
            }
            let (fit, reason) = try choose(data)
            var level = fit.value(at: deadline)
            // A level that has never been negative (a count, a stock, a rate) is not forecast below zero.
            if data.observations.allSatisfy({ $0.value >= 0 }) { level = level.clamped(to: 0...Double.infinity) }
            return YearValue(data: data, distribution: level, actual: latest?.value, actualPeriod: latest?.end,
                             isKnown: false, fit: fit, modelReason: reason, observations: fit.observations,
                             remainingMonths: latest.map { max(0, $0.end.distance(to: deadline)) } ?? 0,
                             recentPace: pace, nature: .level)
        }
    }

    /// The fewest readings any model needs.
    var minimumReadings: Int {
        options.model.candidates.map(\.minimumObservations).min() ?? 4
    }

    func choose(_ data: ModelData) throws(Unforecastable) -> (TrendFit, String) {
        if let chosen = options.model.choose(for: data) { return (chosen.fit, chosen.reason) }
        let have = data.observations.count
        // A fixed model says why it could not be fitted (the fit's own reason, not a guess).
        if case let .fixed(model) = options.model, have >= model.minimumObservations,
           case let .failure(failure) = TrendFit.fitting(model, to: data) {
            throw Unforecastable(explanation: "the \(model.rawValue) model cannot be fitted to these \(have) readings: \(failure)",
                                 readingsNeeded: nil, observations: have)
        }
        let needed = minimumReadings
        throw Unforecastable(explanation: "only \(have) usable reading\(have == 1 ? "" : "s") up to \(asOf); a forecast needs at least \(needed)",
                             readingsNeeded: needed, observations: have)
    }

    /// The previous year's value over the same months up to `period`, or `nil`: the level (or
    /// year-to-date total) twelve months earlier, or for monthly flows their sum from January when
    /// every month of it is observed. With `period` the deadline it is the base of a growth target
    /// (December: the previous year's total); with the latest reading, the base of growth so far.
    func previousYearToDate(of metric: Metric, through period: Period) -> Double? {
        guard let series = readings[metric.id] else { return nil }
        let sameMonthLastYear = period.advanced(by: -12)
        switch metric.reading {
        case .level, .ytd, .ytdGrowth:
            return series[sameMonthLastYear]
        case .flow:
            let months = (sameMonthLastYear.startOfYear...sameMonthLastYear).map { series[$0] }
            guard months.allSatisfy({ $0 != nil }) else { return nil }
            return months.reduce(0) { $0 + ($1 ?? 0) }
        }
    }
}
