import Distributions
import Forecasting
import Foundation
import TargetData

/// A year-over-year forecaster of a flow's year total: the months still to come are last year's
/// same months times a ratio to last year read off this year's readings. Four members differ in
/// the ratio; the one whose replays of earlier years missed least is used (``YearOverYearChoice``).
///
/// With A(Y, m) the year-to-date total of year Y through month m, d the deadline month, m the
/// latest month with a total this year and f(Y, j) = A(Y, j) − A(Y, j − 1) the month's flow, the
/// year value is V = A(Y, m) + r · (A(Y−1, d) − A(Y−1, m)), with r:
public enum YearOverYearMember: String, Sendable, Hashable, CaseIterable, Codable {
    /// r = A(Y, m)/A(Y−1, m): growth so far persists (the analyst's rule, ``AnalystRule/growthSoFar``).
    case soFar = "so-far-ratio"
    /// r = f(Y, m)/f(Y−1, m) (over the latest report's months when several are reported together):
    /// the latest month's growth persists.
    case latestMonth = "latest-month-ratio"
    /// The mean of the two above: r = (r_so-far + r_latest)/2.
    case blend = "so-far-and-latest"
    /// The latest month's log ratio ℓ(m) = ln(f(Y, m)/f(Y−1, m)) moving on with its change over
    /// the last six months, damped: month m + h gets f(Y−1, m + h)·exp(ℓ(m) + b·Σᵢ₌₁ʰ φⁱ) with
    /// b = (ℓ(m) − ℓ(m − 6))/6 and φ = 0.8 (a damped trend in the growth rate, Gardner &
    /// McKenzie 1985, applied to year-over-year ratios). ℓ of a combined report is over its months.
    case dampedMomentum = "damped-ratio-momentum"

    /// How the member is named in explanations.
    public var words: String {
        switch self {
        case .soFar: "growth so far carried to the rest of the year"
        case .latestMonth: "the latest month's growth carried to the rest of the year"
        case .blend: "the mean of the growth so far and the latest month's"
        case .dampedMomentum: "the latest month's growth moving on with its recent change, damped"
        }
    }
}

/// Which year-over-year member forecast a year value, and what its replays said.
public struct YearOverYearChoice: Sendable, Hashable {
    /// Earlier years a forecast needs at the same month; with fewer the trend models forecast.
    public static var leastEarlierYears: Int { YearOverYear.leastYears }
    public var member: YearOverYearMember
    /// The earlier years whose misses at the same month give the spread.
    public var pastYears: [Int]
    /// The root mean square of the log misses ln(V/V̂) at the same month (the scale of the
    /// predictive distribution).
    public var spread: Double
    /// The member's root mean square log miss over the replayed (year, month) pairs every
    /// eligible member has (why it was chosen).
    public var replayError: Double
    /// The next best member and its error, when another could be replayed.
    public var runnerUp: YearOverYearMember?
    public var runnerUpError: Double?
}

/// Values looked up by month (a ``MonthlySeries`` or its dense copy).
protocol MonthValues {
    subscript(period: Period) -> Double? { get }
}

extension MonthlySeries: MonthValues {}

extension MonthValues {
    /// The latest month of `year` at or before `asOf` with a value (at most twelve lookups).
    func latest(in year: Int, asOf: Period) -> Period? {
        guard asOf.year >= year else { return nil }
        let last = asOf.year == year ? asOf.month : 12
        for month in stride(from: last, through: 1, by: -1) {
            if let period = Period(year: year, month: month), self[period] != nil { return period }
        }
        return nil
    }
}

/// A series' values in an array indexed by month, for the replays' many lookups (a forecast
/// replays five years × eleven months × four members): an array read instead of
/// ``MonthlySeries``'s search, which made `YearOverYear.forecast` a quarter of `forecast run`'s
/// time. Series spanning more than ``longestSpan`` months (possible in a file, not in a real
/// statistic) keep the series' own lookup.
struct DenseMonths: MonthValues {
    private let first: Int
    private let values: [Double]
    private let sparse: MonthlySeries?
    /// A century of months.
    static let longestSpan = 1200

    init(_ series: MonthlySeries) {
        guard let first = series.first, let last = series.last, first.distance(to: last) < Self.longestSpan else {
            self.first = 0
            values = []
            sparse = series
            return
        }
        var values = [Double](repeating: .nan, count: first.distance(to: last) + 1)
        for (period, value) in zip(series.periods, series.orderedValues) { values[first.distance(to: period)] = value }
        self.first = first.monthIndex
        self.values = values
        sparse = nil
    }

    /// The value at `period`, if there is one (a NaN total, from infinite readings, counts as none).
    subscript(period: Period) -> Double? {
        if let sparse { return sparse[period] }
        let index = period.monthIndex - first
        guard index >= 0, index < values.count, !values[index].isNaN else { return nil }
        return values[index]
    }
}

extension Readings {
    /// The year-to-date totals of a flow metric (`flow` or `ytd`), `nil` for levels: `ytd`
    /// readings as they are; monthly flows summed from January, read as ``ModelData`` reads them
    /// (a combined report, 2021年1-2月, covers its months unless one of them is also read on its
    /// own); a gap leaves the rest of that year without totals.
    func yearToDateTotals(of metric: Metric) -> MonthlySeries? {
        guard let series = self[metric.id], let first = series.first, let last = series.last else { return nil }
        switch metric.reading {
        case .ytd:
            return series
        case .flow:
            // Every reading, and a combined report's months before the first one (at most eleven).
            let data = ModelData(series: series, reading: .flow, asOf: last, maximumMonths: first.distance(to: last) + 12,
                                 firstMonths: combinedReportStarts(of: metric.id))
            return MonthlySeries.yearToDate(metric: metric.id, from: data.observations.map { PeriodFlow(start: $0.start, end: $0.end, value: $0.value) })
        case .level, .ytdGrowth:
            return nil
        }
    }
}

/// The year-over-year forecast of a flow metric's year value (see ``YearOverYearMember``).
///
/// **Choice and distribution.** Every member is replayed on the (at most five) earlier years Y′
/// with the data, as of every month m′ before the deadline: its log miss is
/// e = ln(A(Y′, d)/V̂(Y′, m′)). The member with the lowest mean e² over all those months is used
/// (the choice is learned from that series' own rolling-origin errors: one choice for the year,
/// not one per month, so that it rests on up to 55 misses instead of 5). Its misses at the same
/// month m give s = √(Σe²/n) over n ≥ 3 years, and ln V ~ ln V̂ + s·T with T Student-t with n
/// degrees of freedom — the spread is the method's own replayed error, so P(met) is read off it
/// as it is. Its intervals get split-conformal factors of their own
/// (``Catalogue/calibrations(_:options:)``), learned from the same method's forecasts of the
/// catalogue's metrics in the five previous years: on the tuning set they brought the 80%
/// intervals' coverage from 83.7% to 79.7% and the 95% from 95.8% to 94.0%; applied to P(met)
/// as well they made it worse (Brier 0.0816 → 0.0830, mean reliability gap 0.026 → 0.032) —
/// the misses are heavy-tailed (a crisis year inflates the spread of the years after it), so
/// the intervals' ends and the probabilities near the threshold want different widths.
///
/// Members, φ = 0.8 and the six-month change were chosen on `Benchmarks/target_backtest_real.py
/// --split tune` (real monthly series, 2026-12-03), first in a Python prototype. In the product on
/// that set: Brier 0.082 against 0.093 for the analyst's growth-so-far rule on the same cases and
/// 0.134 for the trend models.
struct YearOverYear {
    /// Year-to-date totals of the metric (from monthly flows, combined reports or `ytd` readings).
    let totals: DenseMonths
    /// Replayed earlier years, at most.
    static let pastYears = 5
    /// Earlier years needed at the same month (with two, Student t with 2 degrees of freedom is
    /// as wide as the trend model's calibrated intervals, and the choice rests on too little).
    static let leastYears = 3
    static let damping = 0.8
    static let momentumMonths = 6

    /// The metric's readings (ratios need every one up to the as-of month positive).
    let series: MonthlySeries

    init?(metric: Metric, readings: Readings) {
        guard let series = readings[metric.id], let totals = readings.yearToDateTotals(of: metric) else { return nil }
        self.series = series
        self.totals = DenseMonths(totals)
    }

    /// The earliest year whose forecast can look two years back (the damped member's change reaches
    /// into the year before last): earlier ones have no such years in the calendar.
    static var earliestYear: Int { Period.validYears.lowerBound + 2 }

    /// The forecast of the year value at `deadline` from the totals up to `asOf`, or `nil` when the
    /// readings do not allow one (no total this year, fewer than three replayed years).
    func forecast(deadline: Period, asOf: Period) -> (distribution: ForecastDistribution, choice: YearOverYearChoice)? {
        // Only the readings up to `asOf` decide: a zero after it does not change earlier years' forecasts.
        guard deadline.year >= Self.earliestYear, zip(series.periods, series.orderedValues).allSatisfy({ $0 > asOf || $1 > 0 }),
              let latest = latestTotal(year: deadline.year, asOf: asOf), latest < deadline else { return nil }
        let month = latest.month
        var misses: [YearOverYearMember: [(year: Int, month: Int, miss: Double)]] = [:]
        var year = deadline.year - 1
        var replayed = 0
        while replayed < Self.pastYears, year >= max(deadline.year - Self.pastYears - 5, Self.earliestYear) {
            defer { year -= 1 }
            guard let pastDeadline = Period(year: year, month: deadline.month), let outcome = totals[pastDeadline], outcome > 0 else { continue }
            var any = false
            for pastMonth in 1..<deadline.month {
                guard let pastAsOf = Period(year: year, month: pastMonth), totals[pastAsOf] != nil else { continue }
                let points = values(deadline: pastDeadline, latest: pastAsOf)
                for (member, point) in zip(YearOverYearMember.allCases, points) {
                    guard let point, point > 0 else { continue }
                    let miss = log(outcome / point)
                    if miss.isFinite { misses[member, default: []].append((year, pastMonth, miss)); any = true }
                }
            }
            if any { replayed += 1 }
        }
        // Members with enough years at this month, ranked by their mean squared miss over the
        // (year, month) replays they all have, so that each is judged on the same months.
        let now = values(deadline: deadline, latest: latest)
        let eligible = zip(YearOverYearMember.allCases, now).filter { member, point in
            point != nil && (misses[member] ?? []).filter { $0.month == month }.count >= Self.leastYears
        }.map(\.0)
        struct Key: Hashable { var year, month: Int }
        var shared: Set<Key>?
        for member in eligible {
            let keys = Set((misses[member] ?? []).map { Key(year: $0.year, month: $0.month) })
            shared = shared.map { $0.intersection(keys) } ?? keys
        }
        let common = shared ?? []
        let ranked: [(member: YearOverYearMember, error: Double, sameMonth: [(year: Int, miss: Double)])] = eligible.compactMap { member in
            let all = misses[member] ?? []
            let judged = common.isEmpty ? all : all.filter { common.contains(Key(year: $0.year, month: $0.month)) }
            guard !judged.isEmpty else { return nil }
            let sameMonth = all.filter { $0.month == month }.map { ($0.year, $0.miss) }
            return (member, (judged.reduce(0) { $0 + $1.miss * $1.miss } / Double(judged.count)).squareRoot(), sameMonth)
        }.sorted { $0.error < $1.error }
        guard let best = ranked.first, let point = value(best.member, deadline: deadline, latest: latest), point > 0 else { return nil }
        let n = best.sameMonth.count
        let spread = (best.sameMonth.reduce(0) { $0 + $1.miss * $1.miss } / Double(n)).squareRoot()
        var choice = YearOverYearChoice(member: best.member, pastYears: best.sameMonth.map(\.year).sorted(), spread: spread,
                                        replayError: best.error)
        if ranked.count > 1 {
            choice.runnerUp = ranked[1].member
            choice.runnerUpError = ranked[1].error
        }
        let distribution = spread > 0 && spread.isFinite
            ? ForecastDistribution(.logStudentT(StudentTDistribution(degreesOfFreedom: Double(n), location: log(point), scale: spread)))
            : ForecastDistribution(.known(point))
        return (distribution, choice)
    }

    /// Why the member was used, in a clause.
    static func reason(_ choice: YearOverYearChoice) -> String {
        let years = choice.pastYears.count
        let span = choice.pastYears.first.map { first in choice.pastYears.last.map { $0 == first ? "\(first)" : "\(first)–\($0)" } ?? "\(first)" } ?? ""
        var text = "year over year: \(choice.member.words), the method that missed least when \(years) earlier years (\(span)) were replayed (\(String(format: "%.1f", 100 * choice.replayError))% typical miss"
        if let other = choice.runnerUp, let error = choice.runnerUpError { text += " vs \(String(format: "%.1f", 100 * error))% for \(other.words)" }
        return text + ")"
    }

    /// How many earlier years (of the at most five looked at) could replay growth so far as of the
    /// same month as this year's latest total: fewer than ``leastYears`` and the trend models
    /// forecast instead.
    func earlierYears(deadline: Period, asOf: Period) -> Int {
        guard let latest = latestTotal(year: deadline.year, asOf: asOf) else { return 0 }
        return (1...Self.pastYears).filter { back in
            guard let pastDeadline = Period(year: deadline.year - back, month: deadline.month),
                  let pastAsOf = Period(year: deadline.year - back, month: latest.month) else { return false }
            return totals[pastDeadline] != nil && value(.soFar, deadline: pastDeadline, latest: pastAsOf) != nil
        }.count
    }

    /// The latest month of year `year` up to `asOf` with a year-to-date total.
    func latestTotal(year: Int, asOf: Period) -> Period? {
        totals.latest(in: year, asOf: asOf)
    }

    /// The member's point value of the year total at `deadline` with totals through `latest`.
    func value(_ member: YearOverYearMember, deadline: Period, latest: Period) -> Double? {
        values(deadline: deadline, latest: latest, members: [member])[0]
    }

    /// Every member's point value (in `members`' order; by default ``YearOverYearMember/allCases``),
    /// sharing the totals and the latest month's ratio that several of them read.
    func values(deadline: Period, latest: Period, members: [YearOverYearMember] = YearOverYearMember.allCases) -> [Double?] {
        guard latest.year >= Self.earliestYear, latest < deadline else { return members.map { _ in nil } }
        let lastYear = latest.advanced(by: -12)
        guard let now = totals[latest], let before = totals[lastYear], let lastYearTotal = totals[deadline.advanced(by: -12)],
              before > 0, lastYearTotal >= before else { return members.map { _ in nil } }
        let latestMonth = members.contains { $0 != .soFar } ? latestRatio(latest) : nil
        return members.map { member in
            let ratio: Double?
            switch member {
            case .soFar:
                ratio = now / before
            case .latestMonth:
                ratio = latestMonth
            case .blend:
                ratio = latestMonth.map { (now / before + $0) / 2 }
            case .dampedMomentum:
                guard let current = latestMonth.map(log), let then = latestRatio(latest.advanced(by: -Self.momentumMonths)).map(log) else { return nil }
                let slope = (current - then) / Double(Self.momentumMonths)
                var total = now
                var damping = 0.0, power = 1.0
                for step in 1...latest.distance(to: deadline) {
                    power *= Self.damping
                    damping += power
                    guard let base = flow(latest.advanced(by: step - 12)) else { return nil }
                    total += base * exp(current + slope * damping)
                }
                return total.isFinite ? total : nil
            }
            // Extreme readings can overflow a ratio: no value rather than an infinite one.
            return ratio.map { now + (lastYearTotal - before) * $0 }.flatMap { $0.isFinite ? $0 : nil }
        }
    }

    /// f(p) = A(p) − A(p − 1) (A(January − 1) = 0), when both totals are read.
    private func flow(_ period: Period) -> Double? {
        guard let total = totals[period] else { return nil }
        if period.month == 1 { return total }
        return totals[period.advanced(by: -1)].map { total - $0 }
    }

    /// The ratio of the latest report's flow to the same months a year earlier: f(p)/f(p − 12), or
    /// over the months back to the previous month with totals in both years when several are
    /// reported together (a year-to-date 1-2月 report); `nil` unless both are positive.
    private func latestRatio(_ period: Period) -> Double? {
        guard let now = totals[period], let before = totals[period.advanced(by: -12)] else { return nil }
        // At most the months of this year before it.
        var previous = period.advanced(by: -1)
        for _ in 0..<12 where previous.year == period.year && (totals[previous] == nil || totals[previous.advanced(by: -12)] == nil) {
            previous = previous.advanced(by: -1)
        }
        let a = now - (previous.year == period.year ? totals[previous] ?? 0 : 0)
        let b = before - (previous.year == period.year ? totals[previous.advanced(by: -12)] ?? 0 : 0)
        return a > 0 && b > 0 ? a / b : nil
    }
}
