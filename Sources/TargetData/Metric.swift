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

    public init(id: String, name: String? = nil, unit: String, reading: ReadingKind) {
        self.id = id
        self.name = name ?? id
        self.unit = unit
        self.reading = reading
    }
}
