/// The readings of one metric, month by month. Missing months stay missing: nothing is
/// interpolated.
///
/// The readings are kept as two arrays in month order, so the months, the first and the last
/// are read without sorting, and a reading is found in O(1) when the months before it have no
/// gap (its offset from the first month) and by binary search otherwise. (A dictionary keyed by
/// month was 27% of `forecast run`'s time on a generated catalogue of 1,000 targets: every
/// lookup hashes the month.) Readings set in month order are appended; one set before the last
/// is inserted, O(readings) — a file with its newest months first costs O(n²) per metric, a few
/// milliseconds for a century of months.
public struct MonthlySeries: Sendable, Hashable {
    /// The metric's id.
    public let metric: String
    /// The months with a reading, in order.
    public private(set) var periods: [Period]
    /// The readings' values, in the order of ``periods``.
    public private(set) var orderedValues: [Double]

    public init(metric: String, values: [Period: Double] = [:]) {
        self.metric = metric
        let sorted = values.sorted { $0.key < $1.key }
        periods = sorted.map(\.key)
        orderedValues = sorted.map(\.value)
    }

    /// A series from readings already in month order (strictly increasing months).
    ///
    /// - Precondition: `periods` is strictly increasing and as long as `values`.
    public init(metric: String, periods: [Period], values: [Double]) {
        precondition(periods.count == values.count && zip(periods, periods.dropFirst()).allSatisfy { $0 < $1 },
                     "MonthlySeries(periods:values:) needs strictly increasing months, one value each")
        self.metric = metric
        self.periods = periods
        orderedValues = values
    }

    /// Values by month (built on each call: O(readings)).
    public var values: [Period: Double] {
        Dictionary(uniqueKeysWithValues: zip(periods, orderedValues))
    }

    /// The position of `period` in ``periods``, or where it would be inserted.
    private func position(of period: Period) -> (index: Int, found: Bool) {
        guard let first = periods.first else { return (0, false) }
        let offset = first.distance(to: period)
        if offset < 0 { return (0, false) }
        if offset < periods.count, periods[offset] == period { return (offset, true) }
        var low = 0, high = min(periods.count, offset)   // the month is at or before index `offset`
        while low < high {
            let middle = (low + high) / 2
            if periods[middle] < period { low = middle + 1 } else { high = middle }
        }
        return (low, low < periods.count && periods[low] == period)
    }

    /// The value for `period`, if there is a reading.
    public subscript(period: Period) -> Double? {
        get {
            let (index, found) = position(of: period)
            return found ? orderedValues[index] : nil
        }
        set {
            if periods.last.map({ period > $0 }) ?? true {   // after the last: the usual order of a file
                if let newValue { periods.append(period); orderedValues.append(newValue) }
                return
            }
            let (index, found) = position(of: period)
            switch (found, newValue) {
            case let (true, value?): orderedValues[index] = value
            case (true, nil): periods.remove(at: index); orderedValues.remove(at: index)
            case let (false, value?): periods.insert(period, at: index); orderedValues.insert(value, at: index)
            case (false, nil): break
            }
        }
    }

    /// The readings up to and including `period` (a replay as of that month).
    public func through(_ period: Period) -> MonthlySeries {
        let (index, found) = position(of: period)
        let end = found ? index + 1 : index
        return MonthlySeries(metric: metric, uncheckedPeriods: Array(periods[..<end]), values: Array(orderedValues[..<end]))
    }

    private init(metric: String, uncheckedPeriods: [Period], values: [Double]) {
        self.metric = metric
        periods = uncheckedPeriods
        orderedValues = values
    }

    /// The readings in period order.
    public var readings: [Reading] { zip(periods, orderedValues).map { Reading(metric: metric, period: $0, value: $1) } }
    public var count: Int { periods.count }
    public var first: Period? { periods.first }
    public var last: Period? { periods.last }

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
        for (period, value) in zip(periods, orderedValues) {
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
        zip(periods, orderedValues).map { PeriodFlow(start: $0, end: $0, value: $1) }
    }
}

extension ClosedRange where Bound == Period {
    /// How many months the range covers.
    public var monthCount: Int { lowerBound.distance(to: upperBound) + 1 }

    /// `2019-03` for one month, `2019-05…2019-07` for several: how runs of missing months are listed.
    public var label: String { lowerBound == upperBound ? "\(lowerBound)" : "\(lowerBound)…\(upperBound)" }
}
