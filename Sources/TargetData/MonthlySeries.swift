/// The readings of one metric, month by month. Missing months stay missing: nothing is
/// interpolated.
public struct MonthlySeries: Sendable, Hashable {
    /// The metric's id.
    public let metric: String
    /// Values by month.
    public private(set) var values: [Period: Double]

    public init(metric: String, values: [Period: Double] = [:]) {
        self.metric = metric
        self.values = values
    }

    /// The value for `period`, if there is a reading.
    public subscript(period: Period) -> Double? {
        get { values[period] }
        set { values[period] = newValue }
    }

    /// The months with a reading, in order.
    public var periods: [Period] { values.keys.sorted() }
    /// The readings in period order.
    public var readings: [Reading] { periods.map { Reading(metric: metric, period: $0, value: values[$0] ?? .nan) } }
    public var count: Int { values.count }
    public var first: Period? { values.keys.min() }
    public var last: Period? { values.keys.max() }

    /// Months without a reading between the first and the last reading, in order.
    ///
    /// - Complexity: O(months between the first and last reading); ``gapRuns`` is O(readings).
    public var gaps: [Period] { gapRuns.flatMap { Array($0) } }

    /// The runs of consecutive months without a reading between the first and the last reading,
    /// in order: computed from the readings alone, so two readings centuries apart cost nothing.
    public var gapRuns: [ClosedRange<Period>] {
        let sorted = periods
        var runs: [ClosedRange<Period>] = []
        for (before, after) in zip(sorted, sorted.dropFirst()) where before.distance(to: after) > 1 {
            runs.append(before.advanced(by: 1)...after.advanced(by: -1))
        }
        return runs
    }
}

/// A flow over one or more consecutive months: what a year-to-date series says about each
/// interval between two of its readings.
public struct PeriodFlow: Sendable, Hashable {
    /// The first month the flow covers.
    public var start: Period
    /// The last month the flow covers (the month of the reading).
    public var end: Period
    /// The amount over start…end.
    public var value: Double
    /// How many months it covers.
    public var months: Int { start.distance(to: end) + 1 }

    public init(start: Period, end: Period, value: Double) {
        self.start = start
        self.end = end
        self.value = value
    }
}

extension MonthlySeries {
    /// Converts a year-to-date series to the flows between consecutive readings of each year.
    ///
    /// Within a year, the flow ending at a reading is that reading minus the previous reading of
    /// the same year (or the reading itself for the year's first): a January–February combined
    /// report gives one two-month flow Jan…Feb, not a January of zero or half; a missing month
    /// makes the next flow span two months. Nothing crosses a year boundary.
    ///
    ///     ytd: 2021-02 = 30, 2021-03 = 48, 2021-05 = 80
    ///     →    2021-01…02: 30, 2021-03…03: 18, 2021-04…05: 32
    public func flowsFromYearToDate() -> [PeriodFlow] {
        var flows: [PeriodFlow] = []
        var previous: (period: Period, value: Double)?
        for period in periods {
            guard let value = values[period] else { continue }
            if let before = previous, before.period.year == period.year {
                flows.append(PeriodFlow(start: before.period.advanced(by: 1), end: period, value: value - before.value))
            } else {
                flows.append(PeriodFlow(start: period.startOfYear, end: period, value: value))
            }
            previous = (period, value)
        }
        return flows
    }

    /// The year-to-date series from flows: the running total within each year, defined at the
    /// end of each flow as long as the flows cover every month since January (a gap leaves the
    /// rest of that year undefined rather than understated).
    public static func yearToDate(metric: String, from flows: [PeriodFlow]) -> MonthlySeries {
        var result = MonthlySeries(metric: metric)
        var year: Int?
        var total = 0.0
        var nextStart: Period?
        for flow in flows.sorted(by: { $0.start < $1.start }) {
            if flow.start.year != year {
                year = flow.start.year
                total = 0
                nextStart = flow.start.startOfYear
            }
            guard flow.start == nextStart, flow.end.year == flow.start.year else {
                nextStart = nil   // broken chain: nothing more is known this year
                continue
            }
            total += flow.value
            result[flow.end] = total
            nextStart = flow.end.advanced(by: 1)
        }
        return result
    }

    /// Monthly flows as one-month `PeriodFlow`s (the inverse view for a `flow` metric).
    public func monthlyFlows() -> [PeriodFlow] {
        periods.compactMap { period in values[period].map { PeriodFlow(start: period, end: period, value: $0) } }
    }
}

extension ClosedRange where Bound == Period {
    /// How many months the range covers.
    public var monthCount: Int { lowerBound.distance(to: upperBound) + 1 }

    /// `2019-03` for one month, `2019-05…2019-07` for several: how runs of missing months are listed.
    public var label: String { lowerBound == upperBound ? "\(lowerBound)" : "\(lowerBound)…\(upperBound)" }
}
