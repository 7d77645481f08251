import Foundation

/// How a metric's monthly values are reported.
public enum ReadingKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// The amount in that month alone (jobs created in March).
    case flow
    /// Year-to-date cumulative (jobs created January–March). Chinese statistics are usually
    /// published this way, often with January missing (January and February reported together).
    case ytd
    /// A stock or rate at the end of the month (patents held, the unemployment rate).
    case level
    /// Year-to-date growth in percent against the same period of the previous year, when only
    /// the growth rate is published.
    case ytdGrowth = "ytd-growth"
}

/// A measured quantity: an id, a name, a unit and how it is reported.
public struct Metric: Sendable, Hashable, Identifiable {
    /// A short identifier used in readings files (`gdp`, `new-urban-jobs`).
    public var id: String
    /// The name people use (`地区生产总值`); defaults to the id.
    public var name: String
    /// The base unit values are in (`元`, `人`, `%`).
    public var unit: String
    /// How monthly values are reported.
    public var reading: ReadingKind
    /// Other names its readings may come under (an export's column header, a short name).
    public var aliases: [String]
    /// Natural bounds of its year value (`min:`/`max:` in the targets file): what a level can
    /// read at the deadline, what a flow or year-to-date metric can total by it — 913 for a count
    /// of the district's 913 communities, 100 for a percentage. Forecasts, intervals and P(met)
    /// respect them (``bounds``).
    public var minimum: Double?
    public var maximum: Double?

    public init(id: String, name: String? = nil, unit: String, reading: ReadingKind, aliases: [String] = [],
                minimum: Double? = nil, maximum: Double? = nil) {
        self.id = id
        self.name = name ?? id
        self.unit = unit
        self.reading = reading
        self.aliases = aliases
        self.minimum = minimum
        self.maximum = maximum
    }

    /// `minimum...maximum` (open ends infinite), when either is set and they are in order.
    public var bounds: ClosedRange<Double>? {
        guard minimum != nil || maximum != nil else { return nil }
        let lower = minimum ?? -.infinity, upper = maximum ?? .infinity
        return lower <= upper ? lower...upper : nil
    }

    /// What its readings may be called, in order of preference: the id, the name, the aliases.
    public var readingNames: [String] {
        var seen = Set<String>()
        return ([id, name] + aliases).filter { seen.insert($0).inserted }
    }

    /// A name as readings are matched on it: compatibility forms folded (full-width letters,
    /// digits and brackets to their plain forms), white space (also the ideographic space)
    /// removed, letters lowercased — so `社会消费品零售总额 ` and `ＧＤＰ` match `社会消费品零售总额` and `gdp`.
    public static func matchingKey(_ name: String) -> String {
        String(name.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars.filter {
            !$0.properties.isWhitespace
        }.map(Character.init))
    }
}
