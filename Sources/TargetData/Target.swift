/// What a target asks of its metric.
public enum TargetKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// The year's total grows by at least `value`% over the previous year's total.
    case growth
    /// The year's cumulative flow reaches `value`.
    case total
    /// The level at the deadline is at least `value`.
    case level
    /// A percentage level at the deadline is at least `value` (bounded 0–100).
    case ratio
    /// The level stays at or below `value` (at the deadline, every month or on average: ``Target/at``).
    case ceiling
    /// The year's total falls by at least `value`% against the previous year.
    case reduction
    /// The metric's growth is at least the growth of ``Target/versus`` (plus `value` points).
    case relative
    /// Counted progress toward a project goal, the deadline's count as the threshold.
    case milestone
    /// A document item without a number: kept in the catalogue, never forecast.
    case qualitative
}

/// Whether the threshold is a floor or a ceiling.
public enum Direction: String, Sendable, Hashable, CaseIterable, Codable {
    case atLeast = "at-least"
    case atMost = "at-most"
}

/// How firmly the document commits to a target.
public enum Firmness: String, Sendable, Hashable, CaseIterable, Codable {
    /// 确保: must be met.
    case ensure
    /// 力争: a stretch goal.
    case strive
    /// No commitment word.
    case none
}

/// When a ceiling is checked.
public enum CeilingCheck: String, Sendable, Hashable, CaseIterable, Codable {
    /// The level at the deadline.
    case deadline
    /// Every month up to the deadline.
    case everyMonth = "every-month"
    /// The average over the months up to the deadline.
    case average
}

/// A threshold on a metric by a deadline, with the units responsible for it.
public struct Target: Sendable, Hashable, Identifiable {
    /// A unique identifier (`t45-new-urban-jobs`).
    public var id: String
    /// The document's item number, when the target comes from a numbered item.
    public var item: Int?
    /// The target as the document words it.
    public var title: String
    /// The id of the metric it is measured on; `nil` only for qualitative items.
    public var metric: String?
    public var kind: TargetKind
    public var direction: Direction
    /// The threshold in the metric's base units; percent targets in percent (7 means 7%).
    /// `nil` when the document gives none (qualitative items, or a bound set elsewhere that the
    /// user has yet to supply).
    public var value: Double?
    /// The threshold's unit.
    public var unit: String?
    public var firmness: Firmness
    /// Lead units (主办).
    public var lead: [String]
    /// Supporting units (协办).
    public var support: [String]
    /// The previous year's value, when it cannot be computed from readings (growth, reduction).
    public var base: Double?
    /// The month by which the target must be met; `nil` means December of the catalogue's year.
    public var deadline: Period?
    /// When a ceiling is checked; `nil` means at the deadline.
    public var at: CeilingCheck?
    /// For `relative` targets: the metric whose growth this one must keep up with.
    public var versus: String?

    public init(
        id: String, item: Int? = nil, title: String, metric: String?, kind: TargetKind,
        direction: Direction = .atLeast, value: Double?, unit: String? = nil, firmness: Firmness = .none,
        lead: [String] = [], support: [String] = [], base: Double? = nil, deadline: Period? = nil,
        at: CeilingCheck? = nil, versus: String? = nil
    ) {
        self.id = id
        self.item = item
        self.title = title
        self.metric = metric
        self.kind = kind
        self.direction = direction
        self.value = value
        self.unit = unit
        self.firmness = firmness
        self.lead = lead
        self.support = support
        self.base = base
        self.deadline = deadline
        self.at = at
        self.versus = versus
    }
}
