/// A repeated metric + period: the later reading replaced the earlier one.
public struct Revision: Sendable, Hashable {
    public var metric: String
    public var period: Period
    public var previousValue: Double
    public var value: Double
    /// Where the replaced reading came from.
    public var previousLocation: SourceLocation?
    /// Where the reading that replaced it came from.
    public var location: SourceLocation?
}

/// Every reading of every metric, from one or more files or built in code.
///
/// A repeated metric + period is a revision: the later reading wins and the revision is kept in
/// ``revisions`` so that a run can say so.
public struct Readings: Sendable {
    /// Series by metric id.
    public private(set) var series: [String: MonthlySeries] = [:]
    /// Every revision, in the order they were applied.
    public private(set) var revisions: [Revision] = []
    /// Metric ids the files had but that were left out by a `keeping` filter (up to 1,000 per file).
    public private(set) var otherMetrics: [String] = []
    private var locations: [String: [Period: SourceLocation]] = [:]
    /// For readings of reports covering several months: the first month, by metric and period.
    private var firstMonths: [String: [Period: Period]] = [:]

    public init() {}

    /// Readings from values built in code (later duplicates revise earlier ones).
    public init(_ readings: some Sequence<Reading>) {
        recordRuns(readings, reading: { $0 }, location: { _ in nil })
    }

    /// The metric ids, sorted.
    public var metrics: [String] { series.keys.sorted() }

    /// The series of `metric`, if it has readings.
    public subscript(metric: String) -> MonthlySeries? { series[metric] }

    /// The number of readings.
    public var count: Int { series.values.reduce(0) { $0 + $1.count } }

    /// Adds a reading; returns the revision when it replaces an earlier one.
    @discardableResult
    public mutating func record(_ reading: Reading, at location: SourceLocation? = nil) -> Revision? {
        let before = revisions.count
        var run = take(reading.metric)
        add(reading, at: location, to: &run)
        put(run)
        return revisions.count > before ? revisions.last : nil
    }

    /// Adds readings in file order, as ``record(_:at:)`` one by one would.
    ///
    /// A run of readings of the same metric (a long file sorted by metric) updates that metric's
    /// series, locations and combined reports once, looked up by its id once rather than four
    /// times per reading (merging a 1.26-million-row file was a sixth of `forecast run`'s reading
    /// time). A wide file's readings alternate metrics: each is its own run, at about the old cost.
    public mutating func record(contentsOf entries: [(reading: Reading, location: SourceLocation)]) {
        recordRuns(entries, reading: \.reading, location: \.location)
    }

    /// Records `entries` in order, one metric's consecutive entries as one run.
    private mutating func recordRuns<Entries: Sequence>(_ entries: Entries, reading: (Entries.Element) -> Reading,
                                                         location: (Entries.Element) -> SourceLocation?) {
        var remaining = entries.makeIterator()
        guard var entry = remaining.next() else { return }
        var run = take(reading(entry).metric)
        while true {
            let next = reading(entry)
            if next.metric != run.series.metric {
                put(run)
                run = take(next.metric)
            }
            add(next, at: location(entry), to: &run)
            guard let following = remaining.next() else { break }
            entry = following
        }
        put(run)
    }

    /// One metric's readings taken out of the dictionaries, so that each is changed in place.
    private struct MetricRun {
        var series: MonthlySeries
        var locations: [Period: SourceLocation]
        var firstMonths: [Period: Period]
    }

    private mutating func take(_ metric: String) -> MetricRun {
        MetricRun(series: series.removeValue(forKey: metric) ?? MonthlySeries(metric: metric),
                  locations: locations.removeValue(forKey: metric) ?? [:],
                  firstMonths: firstMonths.removeValue(forKey: metric) ?? [:])
    }

    private mutating func put(_ run: MetricRun) {
        let metric = run.series.metric
        series[metric] = run.series
        if !run.locations.isEmpty { locations[metric] = run.locations }
        if !run.firstMonths.isEmpty { firstMonths[metric] = run.firstMonths }
    }

    private mutating func add(_ reading: Reading, at location: SourceLocation?, to run: inout MetricRun) {
        if let previous = run.series[reading.period] {
            revisions.append(Revision(metric: reading.metric, period: reading.period, previousValue: previous,
                                      value: reading.value, previousLocation: run.locations[reading.period], location: location))
        }
        run.series[reading.period] = reading.value
        if let location { run.locations[reading.period] = location }
        if let first = reading.firstMonth, first != reading.period {
            run.firstMonths[reading.period] = first
        } else if !run.firstMonths.isEmpty, run.firstMonths[reading.period] != nil {
            run.firstMonths[reading.period] = nil
        }
    }

    /// Where the reading of `metric` at `period` was read, when it came from a file.
    public func location(of metric: String, at period: Period) -> SourceLocation? {
        locations[metric]?[period]
    }

    /// The first month of each of `metric`'s combined reports (labelled `2021年1-2月`), by its last
    /// month: the form ``ModelData``'s `firstMonths` takes.
    public func combinedReportStarts(of metric: String) -> [Period: Period] {
        firstMonths[metric] ?? [:]
    }

    /// The readings of `metric` that report several months together (labelled `2021年1-2月`):
    /// the last month of each, with the first.
    public func combinedReports(of metric: String) -> [(first: Period, last: Period)] {
        (firstMonths[metric] ?? [:]).map { (first: $0.value, last: $0.key) }.sorted { $0.last < $1.last }
    }

    /// Moves the readings of `name` to the metric id `id` (a metric whose readings come under its
    /// name): `false`, and nothing moved, when `id` has readings already or `name` has none.
    @discardableResult
    public mutating func rename(_ name: String, to id: String) -> Bool {
        guard series[id] == nil, let moved = series.removeValue(forKey: name) else { return false }
        series[id] = MonthlySeries(metric: id, periods: moved.periods, values: moved.orderedValues)
        if let located = locations.removeValue(forKey: name) { locations[id] = located }
        if let combined = firstMonths.removeValue(forKey: name) { firstMonths[id] = combined }
        return true
    }

    /// Records metric ids that a reader left out (a `keeping` filter), once each, unless they have readings.
    public mutating func noteOtherMetrics(_ ids: [String]) {
        let known = Set(otherMetrics)
        otherMetrics += ids.filter { !known.contains($0) && series[$0] == nil }
    }
}
