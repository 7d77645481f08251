/// A calendar month, the period every reading belongs to.
///
/// Periods are ordered and can be counted: ``monthIndex`` numbers months consecutively
/// (year·12 + month − 1), so the gap between two periods is a subtraction and the month after
/// December 2021 is January 2022.
///
/// ```swift
/// let march = Period(year: 2021, month: 3)!
/// march.description                     // "2021-03"
/// march.advanced(by: 10).description    // "2022-01"
/// Period(parsing: "2021年3月") == march   // true
/// ```
public struct Period: Hashable, Comparable, Sendable, Strideable, CustomStringConvertible {
    /// The calendar year, 1…9999 (written with four digits: `0001-01` is how the M3 competition
    /// data mark series whose real dates are unknown).
    public let year: Int
    /// The month of the year, 1…12.
    public let month: Int

    /// The years a period may have: what four digits can write (year 0 does not exist), which also
    /// keeps month arithmetic far from overflow.
    public static let validYears = 1...9999

    /// A period, or `nil` when the year is not a four-digit year or the month is not 1…12.
    public init?(year: Int, month: Int) {
        guard Self.validYears.contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// The period with the given ``monthIndex``.
    ///
    /// - Precondition: the index is that of a year in ``validYears``.
    public init(monthIndex: Int) {
        let year = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        precondition(Self.validYears.contains(year), "month index \(monthIndex) is outside years 1…9999")
        self.year = year
        self.month = monthIndex - year * 12 + 1
    }

    /// Months counted consecutively: year·12 + (month − 1).
    public var monthIndex: Int { year * 12 + month - 1 }

    /// `YYYY-MM`.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + m
    }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.monthIndex < rhs.monthIndex }

    public func distance(to other: Period) -> Int { other.monthIndex - monthIndex }

    /// The period `months` later (earlier when negative), saturating at January of year 1 and
    /// December 9999 rather than leaving the range of four-digit years.
    public func advanced(by months: Int) -> Period {
        let lowest = Self.validYears.lowerBound * 12, highest = Self.validYears.upperBound * 12 + 11
        let (sum, overflow) = monthIndex.addingReportingOverflow(months)
        if overflow { return Period(monthIndex: months < 0 ? lowest : highest) }
        return Period(monthIndex: min(max(sum, lowest), highest))
    }

    /// December of the same year.
    public var endOfYear: Period { Period(monthIndex: year * 12 + 11) }

    /// January of the same year.
    public var startOfYear: Period { Period(monthIndex: year * 12) }
}
