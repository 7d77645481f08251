/// One value of one metric for one month.
public struct Reading: Sendable, Hashable {
    /// The metric's id.
    public var metric: String
    public var period: Period
    /// The value in the metric's base units; percentages in percent.
    public var value: Double
    /// For a report that covers several months (`2021年1-2月`, the January–February combined
    /// report), the first of them; `period` is the last. `nil` for one month.
    public var firstMonth: Period?

    public init(metric: String, period: Period, value: Double, firstMonth: Period? = nil) {
        self.metric = metric
        self.period = period
        self.value = value
        self.firstMonth = firstMonth
    }
}
