import TargetData
/// Every series of a long-form readings file as one dense matrix: months × metrics, column-major,
/// NaN where a month has no reading. The large-data counterpart of ``Readings``.
public struct SeriesTable: Sendable {
    /// Metric ids, in order of first appearance in the input (forecasts are returned in byte order).
    public let metrics: [String]
    /// The first month of the whole file; row 0 of ``values``.
    public let firstPeriod: Period
    /// The last month of the whole file; row `months − 1`.
    public let lastPeriod: Period
    /// Values, `months` × `metrics.count`, column-major (series i occupies
    /// `values[i * months ..< (i + 1) * months]`), NaN = missing.
    public var values: [Double] {
        didSet { knownObservationCounts = nil }
    }
    /// Months with a value per metric, when the reader counted them as it filled the matrix
    /// (saves the forecaster a pass over every cell); forgotten when `values` change.
    package var knownObservationCounts: [Int32]?
    /// Readings that replaced an earlier reading of the same metric and month (the later row wins).
    public let revisionCount: Int
    /// Rows whose value cell was empty.
    public let missingCount: Int
    /// Data rows read (including empty-valued ones and, with a shard, other shards' rows).
    public let rowCount: Int

    /// Number of months from ``firstPeriod`` to ``lastPeriod``.
    public var months: Int { firstPeriod.distance(to: lastPeriod) + 1 }

    public init(metrics: [String], firstPeriod: Period, lastPeriod: Period, values: [Double],
                revisionCount: Int = 0, missingCount: Int = 0, rowCount: Int = 0) {
        precondition(values.count == metrics.count * (firstPeriod.distance(to: lastPeriod) + 1),
                     "SeriesTable needs months × metrics values")
        self.metrics = metrics
        self.firstPeriod = firstPeriod
        self.lastPeriod = lastPeriod
        self.values = values
        self.revisionCount = revisionCount
        self.missingCount = missingCount
        self.rowCount = rowCount
    }
}

extension SeriesTable {
    /// The stretches of months in which no series has a reading, in calendar order.
    ///
    /// A long one usually means a stray period (a year typed as 9999 or 1800): the month index
    /// counts from the file's first month and forecasts start after its last, so one such row
    /// moves every series' forecast. Cost: one look per month while months have readings (the
    /// first series with a value ends it), every series only for months that have none.
    public func monthsWithoutReadings() -> [ClosedRange<Period>] {
        let months = self.months, count = metrics.count
        var stretches: [ClosedRange<Period>] = []
        var start: Int?
        values.withUnsafeBufferPointer { cells in
            for month in 0..<months {
                var observed = false
                for series in 0..<count where !cells[series * months + month].isNaN {
                    observed = true
                    break
                }
                if !observed {
                    if start == nil { start = month }
                } else if let first = start {
                    stretches.append(firstPeriod.advanced(by: first)...firstPeriod.advanced(by: month - 1))
                    start = nil
                }
            }
        }
        if let first = start { stretches.append(firstPeriod.advanced(by: first)...lastPeriod) }
        return stretches
    }
}
