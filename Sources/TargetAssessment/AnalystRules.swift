import Foundation
import Distributions
import Forecasting
import TargetData

/// A rule a planning office applies in a spreadsheet to tell whether a target will be met: the
/// baselines `forecast backtest --targets` measures `forecast run` against (the sharper-P(met)
/// issue). Each gives a point value of the target's quantity at the deadline from the readings
/// so far; ``AnalystRules`` turns it into P(met) with the spread of the rule's misses in earlier
/// years at the same month.
///
/// With A(Y, m) the year-to-date total of year Y through month m and L(p) the level read in month p:
public enum AnalystRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// Growth so far persists (growth, reduction and relative targets): the year's growth is this
    /// year's growth so far against the same months of last year, g = 100·(A(Y, m)/A(Y−1, m) − 1)
    /// for flows and 100·(L(m)/L(m − 12) − 1) for levels (for a `ytd-growth` metric, the latest
    /// published growth itself).
    case growthSoFar = "growth-so-far"
    /// Last year's seasonal profile (totals and milestones on flows): the year total is the total
    /// so far divided by the share of last year's total reached by the same month,
    /// V = A(Y, m) ÷ (A(Y−1, m)/A(Y−1, d)), d the deadline month. (For a growth target this is
    /// growth so far, so it is applied to totals only.)
    case lastYearProfile = "last-year-profile"
    /// The last level plus the mean monthly change of the last twelve months (levels, ratios,
    /// ceilings and milestones read as levels, and growth on them):
    /// V = L(p) + (d − p)·(L(p) − L(p − 12))/12, p the latest reading, d the deadline.
    case lastLevelTrend = "last-level-trend"

    /// How the rule is named in tables.
    public var label: String {
        switch self {
        case .growthSoFar: "growth so far persists"
        case .lastYearProfile: "last year's profile"
        case .lastLevelTrend: "last level + mean change"
        }
    }
}

/// One analyst rule's answer for a target: its point value and the P(met) its past misses give.
public struct RuleForecast: Sendable, Hashable {
    public var rule: AnalystRule
    /// The rule's value of the target's quantity at the deadline (a growth in percent, a total…).
    public var value: Double
    /// P(met) from the rule's misses in earlier years at the same month (see ``AnalystRules``).
    public var probability: Double
    /// How many earlier years the spread was learned from.
    public var pastYears: Int
    /// The root mean square of those misses (in percentage points, the unit, or the log of the
    /// ratio for ``AnalystRule/lastYearProfile``).
    public var spread: Double
}

/// Computes the analyst rules (``AnalystRule``) for a catalogue's targets from readings, and their
/// P(met).
///
/// **P(met).** For the rule's value q of year Y as of month m, the misses of the same rule in the
/// (at most ``pastYears``) earlier years Y′ with the data, at the same month, are
/// eᵢ = Q(Y′) − q(Y′, m) — additive in the target's terms, or ln(Q/q) for last year's profile
/// (totals grow with the level; their misses are proportional). With their root mean square
/// s = √(Σeᵢ²/n) — the spread an analyst reads off last years, centred on the rule itself — the
/// year's value is taken as q + s·T with T Student-t with n degrees of freedom (the spread is
/// estimated from n misses), so P(met) = P(q + s·T ≥ threshold) for an at-least target. At least
/// two earlier years are needed.
public struct AnalystRules: Sendable {
    public let catalogue: Catalogue
    public let readings: Readings
    /// Earlier years whose misses give the spread, at most (the latest ones): as many as the
    /// interval calibration replays.
    public var pastYears = 5
    /// Year-to-date totals of each flow metric, and each level metric's readings.
    private let yearToDate: [String: MonthlySeries]

    /// - Parameter metrics: the metric ids the rules will be asked about (`nil`: every metric of
    ///   the catalogue); only their year-to-date totals are built.
    public init(catalogue: Catalogue, readings: Readings, metrics: Set<String>? = nil) {
        self.catalogue = catalogue
        self.readings = readings
        var totals: [String: MonthlySeries] = [:]
        // Only the metrics asked for, looked up by id: a rule for one target must not cost a pass
        // over the whole catalogue (that made `forecast run` quadratic in the targets).
        for metric in metrics.map({ $0.compactMap(catalogue.metric(id:)) }) ?? catalogue.metrics {
            totals[metric.id] = readings.yearToDateTotals(of: metric)
        }
        yearToDate = totals
    }

    /// The rules that apply to `target`: growth so far for growth, reduction and relative targets;
    /// last year's profile for totals and milestones on flows; the level trend for targets on
    /// levels (not on `ytd-growth` metrics, whose readings are growth rates already).
    public func rules(for target: Target) -> [AnalystRule] {
        guard let metric = target.metric.flatMap(catalogue.metric(id:)) else { return [] }
        let flow = metric.reading == .flow || metric.reading == .ytd
        switch target.kind {
        case .growth, .reduction:
            return flow || metric.reading == .ytdGrowth ? [.growthSoFar] : [.growthSoFar, .lastLevelTrend]
        case .relative:
            return [.growthSoFar]
        case .total, .milestone:
            return flow ? [.lastYearProfile] : (metric.reading == .level ? [.lastLevelTrend] : [])
        case .level, .ratio:
            return metric.reading == .level ? [.lastLevelTrend] : []
        case .ceiling:
            return metric.reading == .level && (target.at ?? .deadline) == .deadline ? [.lastLevelTrend] : []
        case .qualitative:
            return []
        }
    }

    /// The rule's value of `target`'s quantity for year `year` from the readings up to `asOf`, or
    /// `nil` when the readings do not give it (no reading of that year yet, last year's months
    /// missing).
    public func value(_ rule: AnalystRule, for target: Target, year: Int, asOf: Period) -> Double? {
        guard year >= YearOverYear.earliestYear, let metric = target.metric.flatMap(catalogue.metric(id:)),
              let deadline = deadline(of: target, year: year), asOf < deadline else { return nil }
        switch (rule, target.kind) {
        case (.growthSoFar, .growth): return growthSoFar(metric, year: year, asOf: asOf)
        case (.growthSoFar, .reduction): return growthSoFar(metric, year: year, asOf: asOf).map { -$0 }
        case (.growthSoFar, .relative):
            guard let versus = target.versus.flatMap(catalogue.metric(id:)), let own = growthSoFar(metric, year: year, asOf: asOf),
                  let other = growthSoFar(versus, year: year, asOf: asOf) else { return nil }
            return own - other
        case (.lastYearProfile, .total), (.lastYearProfile, .milestone):
            guard let soFar = latestYearToDate(metric, year: year, asOf: asOf),
                  let before = yearToDate[metric.id]?[soFar.month.advanced(by: -12)],
                  let lastYear = yearToDate[metric.id]?[deadline.advanced(by: -12)],
                  before > 0, lastYear > 0 else { return nil }
            return bounded(soFar.total * lastYear / before, metric: metric, kind: target.kind)
        case (.lastLevelTrend, _):
            guard let series = readings[metric.id], let latest = series.periods.last(where: { $0 <= asOf }),
                  asOf.distance(to: latest) > -12, let level = series[latest], let yearAgo = series[latest.advanced(by: -12)] else { return nil }
            let value = level + Double(latest.distance(to: deadline)) * (level - yearAgo) / 12
            switch target.kind {
            case .growth, .reduction:
                guard let base = series[deadline.advanced(by: -12)], deadline.advanced(by: -12) <= asOf, base > 0 else { return nil }
                let growth = 100 * (max(0, value) / base - 1)
                return target.kind == .growth ? growth : -growth
            default:
                return bounded(value, metric: metric, kind: target.kind)
            }
        default:
            return nil
        }
    }

    /// The value of `target`'s quantity that year `year` turned out to have (in the same terms as
    /// ``value(_:for:year:asOf:)``), or `nil` when the readings do not show it.
    public func outcome(of target: Target, year: Int) -> Double? {
        guard year >= YearOverYear.earliestYear, let metric = target.metric.flatMap(catalogue.metric(id:)),
              let deadline = deadline(of: target, year: year) else { return nil }
        func growth(_ metric: Metric) -> Double? {
            if metric.reading == .ytdGrowth { return readings[metric.id]?[deadline] }
            guard let now = yearValue(metric, at: deadline), let before = yearValue(metric, at: deadline.advanced(by: -12)),
                  before > 0 else { return nil }
            return 100 * (now / before - 1)
        }
        switch target.kind {
        case .growth: return growth(metric)
        case .reduction: return growth(metric).map { -$0 }
        case .relative:
            guard let versus = target.versus.flatMap(catalogue.metric(id:)), let own = growth(metric), let other = growth(versus) else { return nil }
            return own - other
        case .total, .milestone, .level, .ratio, .ceiling:
            return yearValue(metric, at: deadline)
        case .qualitative:
            return nil
        }
    }

    /// The rule's forecast for year `year` as of `asOf` against `threshold`, with P(met) from
    /// the rule's misses in the earlier years (see ``AnalystRules``); `nil` without the rule's
    /// value or with fewer than two earlier years.
    public func forecast(_ rule: AnalystRule, for target: Target, year: Int, asOf: Period, threshold: Double) -> RuleForecast? {
        guard let value = value(rule, for: target, year: year, asOf: asOf), value.isFinite else { return nil }
        let proportional = rule == .lastYearProfile
        var misses: [Double] = []
        var earlier = year - 1
        while misses.count < pastYears, earlier >= max(year - pastYears - 5, YearOverYear.earliestYear) {
            defer { earlier -= 1 }
            // The same distance before that year's deadline as `asOf` is before this one's.
            guard let pastAsOf = Period(year: asOf.year - (year - earlier), month: asOf.month),
                  let past = self.value(rule, for: target, year: earlier, asOf: pastAsOf),
                  let outcome = outcome(of: target, year: earlier) else { continue }
            let miss = proportional ? (outcome > 0 && past > 0 ? log(outcome / past) : .nan) : outcome - past
            if miss.isFinite { misses.append(miss) }
        }
        guard misses.count >= 2 else { return nil }
        let spread = (misses.reduce(0) { $0 + $1 * $1 } / Double(misses.count)).squareRoot()
        let tolerance = ForecastDistribution.tolerance(threshold)
        // z = (threshold − q)/s in the rule's terms; P(met) = P(T ≥ z) for at-least, P(T ≤ z) for at-most.
        let z: Double
        if proportional {
            guard threshold > 0 else { return RuleForecast(rule: rule, value: value, probability: target.direction == .atLeast ? 1 : 0, pastYears: misses.count, spread: spread) }
            z = (log(threshold) - log(value)) / spread
        } else {
            z = (threshold - value) / spread
        }
        let probability: Double
        if spread > 0, z.isFinite {
            let t = StudentTDistribution(degreesOfFreedom: Double(misses.count))
            probability = target.direction == .atLeast ? t.survival(z) : t.cdf(z)
        } else {
            probability = target.direction == .atLeast ? (value >= threshold - tolerance ? 1 : 0) : (value <= threshold + tolerance ? 1 : 0)
        }
        return RuleForecast(rule: rule, value: value, probability: probability, pastYears: misses.count, spread: spread)
    }

    /// Every applicable rule's forecast for `target` in the catalogue's year as of `asOf`.
    public func forecasts(for target: Target, asOf: Period) -> [RuleForecast] {
        guard let threshold = target.value else { return [] }
        return rules(for: target).compactMap { forecast($0, for: target, year: catalogue.year, asOf: asOf, threshold: threshold) }
    }

    // MARK: - Pieces

    private func deadline(of target: Target, year: Int) -> Period? {
        Period(year: year, month: catalogue.deadline(of: target)?.month ?? 12)
    }

    /// The growth so far of year `year` as of `asOf`, in percent.
    private func growthSoFar(_ metric: Metric, year: Int, asOf: Period) -> Double? {
        switch metric.reading {
        case .ytdGrowth:
            guard let series = readings[metric.id], let latest = series.periods.last(where: { $0 <= asOf }), latest.year == year else { return nil }
            return series[latest]
        case .level:
            guard let series = readings[metric.id], let latest = series.periods.last(where: { $0 <= asOf }), latest.year == year,
                  let now = series[latest], let before = series[latest.advanced(by: -12)], before > 0 else { return nil }
            return 100 * (now / before - 1)
        case .flow, .ytd:
            guard let soFar = latestYearToDate(metric, year: year, asOf: asOf),
                  let before = yearToDate[metric.id]?[soFar.month.advanced(by: -12)], before > 0 else { return nil }
            return 100 * (soFar.total / before - 1)
        }
    }

    /// The latest year-to-date total of `year` at or before `asOf`, with its month.
    private func latestYearToDate(_ metric: Metric, year: Int, asOf: Period) -> (total: Double, month: Period)? {
        guard let series = yearToDate[metric.id], let month = series.latest(in: year, asOf: asOf), let total = series[month] else { return nil }
        return (total, month)
    }

    /// A metric's value at `period`: its year-to-date total (flows) or its reading (levels).
    private func yearValue(_ metric: Metric, at period: Period) -> Double? {
        metric.reading == .flow || metric.reading == .ytd ? yearToDate[metric.id]?[period] : readings[metric.id]?[period]
    }

    private func bounded(_ value: Double, metric: Metric, kind: TargetKind) -> Double {
        var value = value
        if kind == .ratio { value = min(max(value, 0), 100) }
        if let bounds = metric.bounds { value = min(max(value, bounds.lowerBound), bounds.upperBound) }
        return value
    }
}
