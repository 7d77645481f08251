// TargetData: the data model every other module speaks — periods, metrics and reading kinds,
// readings and monthly series (with revisions), targets and the catalogue with its checks, and the
// diagnostics (located, with a code) that every reader returns. It knows no file format and no
// statistics; everything above depends on it.

/// A year's metrics and targets: what a targets file holds.
///
/// ```swift
/// let catalogue = try TargetsFile.read("Fixtures/gulou-2021/targets.yaml").catalogue
/// catalogue.targets.count              // 67
/// catalogue.metric(id: "gdp")?.unit    // "元"
/// ```
public struct Catalogue: Sendable, Hashable {
    /// The target year; deadlines default to its December.
    public var year: Int
    public var metrics: [Metric] { didSet { metricPositions = Self.positions(of: metrics) } }
    public var targets: [Target]
    /// Each metric id's first position in ``metrics``, so that ``metric(id:)`` is O(1): a linear
    /// search was 10% of `forecast run`'s time on a generated catalogue of 10,000 targets (every
    /// target looks its metric up several times).
    private var metricPositions: [String: Int]

    public init(year: Int, metrics: [Metric], targets: [Target]) {
        self.year = year
        self.metrics = metrics
        self.targets = targets
        metricPositions = Self.positions(of: metrics)
    }

    private static func positions(of metrics: [Metric]) -> [String: Int] {
        var positions: [String: Int] = [:]
        for (index, metric) in metrics.enumerated() where positions[metric.id] == nil { positions[metric.id] = index }
        return positions
    }

    /// The metric with id `id` (the first, when a malformed catalogue repeats it).
    public func metric(id: String) -> Metric? { metricPositions[id].map { metrics[$0] } }

    /// The deadline of `target`: its own, or December of the catalogue's year.
    public func deadline(of target: Target) -> Period? {
        target.deadline ?? Period(year: year, month: 12)
    }
}

/// Something wrong (or worth a look) in a catalogue, tied to the metric or target and the key it concerns.
public struct CatalogueProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Subject: Sendable, Hashable {
        case catalogue
        /// The metric at this index of ``Catalogue/metrics``.
        case metric(Int)
        /// The target at this index of ``Catalogue/targets``.
        case target(Int)
    }

    public var subject: Subject
    /// The key the problem is about (`value`, `metric`, `versus`…), when there is one.
    public var key: String?
    public var severity: Diagnostic.Severity
    public var message: String

    public var description: String { "\(severity.rawValue): \(message)" }
}

extension Catalogue {
    /// Checks the catalogue as a whole: references, duplicates, and what each kind of target needs.
    ///
    /// Errors: duplicate metric or target ids; a target naming an unknown metric (or none, when it
    /// is not qualitative); a `relative` target without `versus` or naming an unknown metric; a
    /// ratio threshold outside 0–100; a ceiling that is `at-least`; a negative or ≥ 100% reduction.
    /// Warnings: a threshold left empty (`value: null`, a placeholder to fill in); `at` on a target
    /// that is not a ceiling; a deadline outside the year; a ratio whose metric is not read as a
    /// level.
    public func problems() -> [CatalogueProblem] {
        var problems: [CatalogueProblem] = []
        func add(_ subject: CatalogueProblem.Subject, _ key: String?, _ severity: Diagnostic.Severity, _ message: String) {
            problems.append(CatalogueProblem(subject: subject, key: key, severity: severity, message: message))
        }
        if !Period.validYears.contains(year) {
            add(.catalogue, "year", .error, "year \(year) is not a four-digit year")
        }
        var metricIndex: [String: Int] = [:]
        for (index, metric) in metrics.enumerated() {
            if let first = metricIndex[metric.id] {
                add(.metric(index), "id", .error, "metric id '\(metric.id)' is used twice (also metrics[\(first)]); expected unique ids")
            } else {
                metricIndex[metric.id] = index
            }
            if let minimum = metric.minimum, let maximum = metric.maximum, !(minimum <= maximum) {
                add(.metric(index), "max", .error, "metric '\(metric.id)' has min \(Self.plain(minimum)) above max \(Self.plain(maximum)); expected min ≤ max")
            }
        }
        var targetIndex: [String: Int] = [:]
        let knownIDs = metrics.map(\.id).sorted()
        for (index, target) in targets.enumerated() {
            let subject = CatalogueProblem.Subject.target(index)
            if let first = targetIndex[target.id] {
                add(subject, "id", .error, "target id '\(target.id)' is used twice (also targets[\(first)]); expected unique ids")
            } else {
                targetIndex[target.id] = index
            }
            // "Did you mean" costs a distance per metric: offered for the first problems only.
            let suggestion = { (id: String) in
                problems.count < 100 ? Self.closest(to: id, in: knownIDs).map { " (did you mean '\($0)'?)" } ?? "" : ""
            }
            var metric: Metric?
            if let id = target.metric {
                if let found = metricIndex[id] {
                    metric = metrics[found]
                } else {
                    add(subject, "metric", .error, "target '\(target.id)' names metric '\(id)', which is not in metrics\(suggestion(id)); expected one of the ids under metrics")
                }
            } else if target.kind != .qualitative {
                add(subject, "metric", .error, "target '\(target.id)' is \(target.kind.rawValue) but names no metric; expected metric: <id> (or kind: qualitative)")
            }
            if target.kind == .qualitative { continue }
            if let base = target.base {
                if !(base.isFinite && base >= 1e-9) {
                    add(subject, "base", .error, "target '\(target.id)' has base \(base); expected the previous year's value, a positive number")
                } else if let metric, metric.reading == .ytdGrowth {
                    add(subject, "base", .warning, "target '\(target.id)' sets base, but its metric '\(metric.id)' is read as ytd-growth (the growth itself); base is ignored")
                } else if ![.growth, .reduction, .relative].contains(target.kind) {
                    add(subject, "base", .warning, "target '\(target.id)' sets base, which only growth, reduction and relative targets use; it is ignored")
                }
            }
            if target.value == nil {
                add(subject, "value", .warning, "target '\(target.id)' has no threshold yet (value: null); it will not be forecast until a value is supplied")
            }
            if let value = target.value, let metric, let bounds = metric.bounds, [.total, .level, .milestone, .ratio].contains(target.kind),
               target.direction == .atLeast ? value > bounds.upperBound : value < bounds.lowerBound {
                add(subject, "value", .warning, "target '\(target.id)' asks for \(target.direction == .atLeast ? "at least" : "at most") \(Self.plain(value)), beyond metric '\(metric.id)''s \(target.direction == .atLeast ? "max \(Self.plain(bounds.upperBound))" : "min \(Self.plain(bounds.lowerBound))"): it cannot be met")
            }
            switch target.kind {
            case .relative:
                if let versus = target.versus {
                    if metricIndex[versus] == nil {
                        add(subject, "versus", .error, "target '\(target.id)' compares with metric '\(versus)', which is not in metrics\(suggestion(versus))")
                    }
                } else {
                    add(subject, "versus", .error, "target '\(target.id)' is relative but has no versus; expected versus: <metric id> whose growth it must keep up with")
                }
            case .ratio:
                if let value = target.value, !(0...100).contains(value) {
                    add(subject, "value", .error, "target '\(target.id)' is a ratio of \(value)%; expected a percentage from 0 to 100")
                }
                if let metric, metric.reading != .level {
                    add(subject, "metric", .warning, "ratio target '\(target.id)' uses metric '\(metric.id)' read as \(metric.reading.rawValue); a ratio is normally read as a level")
                }
            case .ceiling:
                if target.direction != .atMost {
                    add(subject, "direction", .error, "target '\(target.id)' is a ceiling but its direction is at-least; expected direction: at-most")
                }
            case .reduction:
                if let value = target.value, !(0..<100).contains(value) {
                    add(subject, "value", .error, "target '\(target.id)' is a reduction of \(value)%; expected a cut between 0 and 100 percent")
                }
            default:
                break
            }
            if target.at != nil && target.kind != .ceiling {
                add(subject, "at", .warning, "target '\(target.id)' sets at, which only ceilings use; it is ignored")
            }
            if target.versus != nil && target.kind != .relative {
                add(subject, "versus", .warning, "target '\(target.id)' sets versus, which only relative targets use; it is ignored")
            }
            if let deadline = target.deadline, deadline.year != year {
                add(subject, "deadline", .warning, "target '\(target.id)' has deadline \(deadline), outside the catalogue's year \(year)")
            }
        }
        return problems
    }

    /// Warnings about readings the catalogue does not use: metrics read but not in the catalogue
    /// (a typo such as `GDP` for `gdp` would otherwise be ignored without a word), with a guess
    /// at the intended metric.
    public func unusedMetrics(in readings: Readings) -> [String] {
        let known = Set(metrics.map(\.id))
        let ids = metrics.map(\.id).sorted()
        return (readings.metrics.filter { !known.contains($0) } + readings.otherMetrics).enumerated().map { index, metric in
            let guess = index < 20 ? Self.closest(to: metric, in: ids).map { " (did you mean '\($0)'?)" } ?? "" : ""
            return "readings of '\(metric)' are not used: no metric of the targets file has that id, name or alias\(guess)"
        }
    }

    /// The candidate closest to `text` by edit distance, if it is close (a likely typo).
    package static func closest(to text: String, in candidates: [String]) -> String? {
        guard text.count <= 64 else { return nil }   // keeps the O(n·m) distance cheap on hostile input
        if let sameLetters = candidates.first(where: { $0.lowercased() == text.lowercased() }) { return sameLetters }
        let scored = candidates.filter { $0.count <= 64 }.map { ($0, editDistance(text, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, text.count / 4) else { return nil }
        return best.0
    }

    /// Levenshtein distance between two strings, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
