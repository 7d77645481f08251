/// One value of one metric for one month.
public struct Reading: Sendable, Hashable {
    /// The metric's id.
    public var metric: String
    public var period: Period
    /// The value in the metric's base units; percentages in percent.
    public var value: Double

    public init(metric: String, period: Period, value: Double) {
        self.metric = metric
        self.period = period
        self.value = value
    }
}
