import TargetData
/// What a trend is fitted on: observations of a metric as month spans with values, derived from
/// its readings according to how they are reported.
///
/// - `flow`: one observation per month with a reading.
/// - `ytd`: the flows between consecutive readings of each year (``MonthlySeries/flowsFromYearToDate()``);
///   a January–February combined report is one observation spanning two months.
/// - `level`, `ytd-growth`: one observation per month with a reading (the value itself).
///
/// A span of k months has mean equal to the sum of its months' means and, with independent
/// monthly errors, variance k·σ²; it enters the regression with its row and value divided by √k
/// (weighted least squares), which keeps every monthly error on the same footing.
public struct ModelData: Sendable, Hashable {
    /// One observation: the months it covers (inclusive) and its value.
    public struct Observation: Sendable, Hashable {
        public var start: Period
        public var end: Period
        public var value: Double
        public var months: Int { start.distance(to: end) + 1 }
    }

    /// Whether the values are flows (to be summed over a year) or levels (read at a month).
    public enum Nature: Sendable, Hashable {
        case flow
        case level
    }

    public var nature: Nature
    /// Observations in time order.
    public var observations: [Observation]

    /// The observations of `series` up to and including `asOf`, from at most `maximumMonths`
    /// months back, read according to `reading`.
    ///
    /// `firstMonths` gives, for readings that report several months together (a flow's
    /// `2021年1-2月`), the first month each covers by its last month: such a flow is one
    /// observation of those months (fitted with the span's weight), not a flow of its last month
    /// alone with the months before it missing.
    public init(series: MonthlySeries, reading: ReadingKind, asOf: Period, maximumMonths: Int = 120, firstMonths: [Period: Period] = [:]) {
        let earliest = asOf.advanced(by: -(maximumMonths - 1))
        switch reading {
        case .flow:
            nature = .flow
            var flows = series.monthlyFlows().map { flow in
                Observation(start: firstMonths.isEmpty ? flow.start : firstMonths[flow.end].map { min($0, flow.end) } ?? flow.start,
                            end: flow.end, value: flow.value)
            }
            // A span that overlaps a month also read on its own (a revision mixing both forms) is
            // read as its last month only, so no month is counted twice.
            if !firstMonths.isEmpty {
                var covered = Set<Period>()
                for index in flows.indices.reversed() {
                    let flow = flows[index]
                    if flow.start < flow.end, (flow.start..<flow.end).contains(where: { covered.contains($0) || series[$0] != nil }) {
                        flows[index].start = flow.end
                    }
                    covered.formUnion(flows[index].start...flows[index].end)
                }
            }
            observations = flows
        case .ytd:
            nature = .flow
            let upToAsOf = series.through(asOf)
            observations = upToAsOf.flowsFromYearToDate().map { Observation(start: $0.start, end: $0.end, value: $0.value) }
        case .level, .ytdGrowth:
            nature = .level
            observations = zip(series.periods, series.orderedValues).map { Observation(start: $0, end: $0, value: $1) }
        }
        observations = observations.filter { $0.end <= asOf && $0.start >= earliest }
    }

    /// Whether every value is positive (a log model is possible).
    public var isPositive: Bool { observations.allSatisfy { $0.value > 0 } }
    /// Whether every observation covers one month.
    public var isMonthly: Bool { observations.allSatisfy { $0.months == 1 } }
    /// The last month observed.
    public var lastPeriod: Period? { observations.last?.end }
    /// The first month observed.
    public var firstPeriod: Period? { observations.first?.start }
    /// Calendar years with at least one observation.
    public var yearsCovered: Int { Set(observations.map(\.end.year)).count }
}
