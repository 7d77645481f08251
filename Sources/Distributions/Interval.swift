/// A central prediction interval: the range holding probability `level`, with equal tail
/// probability (1 − level)/2 below `lower` and above `upper`.
///
/// Forecasts report these ("the 95% interval for next month is [lower, upper]"); they are made by
/// ``StudentTDistribution/interval(level:)`` and ``NormalDistribution/interval(level:)``.
public struct Interval: Sendable, Hashable {
    /// The coverage probability in [0, 1], e.g. 0.95.
    public let level: Double
    /// The lower end, the (1 − level)/2 quantile.
    public let lower: Double
    /// The upper end, the (1 + level)/2 quantile.
    public let upper: Double

    /// An interval with the given coverage and ends.
    ///
    /// - Parameters:
    ///   - level: the coverage probability in [0, 1].
    ///   - lower: the lower end.
    ///   - upper: the upper end, not below `lower`.
    /// - Precondition: `level` is in [0, 1] and `lower ≤ upper`; neither end is NaN.
    public init(level: Double, lower: Double, upper: Double) {
        precondition(level >= 0 && level <= 1, "Interval: level must be in [0, 1], got \(level)")
        precondition(lower <= upper, "Interval: lower (\(lower)) must not exceed upper (\(upper))")
        self.level = level
        self.lower = lower
        self.upper = upper
    }

    /// `upper − lower`; +∞ for level 1.
    public var width: Double { upper - lower }

    /// Whether `value` lies in the closed interval [lower, upper].
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }
}
