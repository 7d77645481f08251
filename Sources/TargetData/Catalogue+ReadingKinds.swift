import Foundation

/// Readings that do not behave as their metric's reading kind says, with the kind they look like
/// when the evidence points to one.
public struct ReadingKindFinding: Sendable, Hashable {
    /// The metric's id.
    public var metric: String
    /// The kind the readings behave as, when the evidence names one (a year-to-date total that
    /// falls is a monthly flow; a flow that climbs all year and restarts in January is year to date).
    public var suggested: ReadingKind?
    /// The located warning, with the evidence.
    public var diagnostic: Diagnostic
}

extension Catalogue {
    /// Warnings for readings that do not behave as their metric's reading kind says — a silent
    /// wrong answer otherwise, since a monthly flow read as year to date (or the reverse) gives
    /// year totals off by a factor of months:
    ///
    /// - a `ytd` metric whose values fall from one month to a later one of the same year (a
    ///   year-to-date total of a quantity that is never negative cannot fall), at least twice and
    ///   in at least a tenth of such pairs of readings (one fall may be a correction);
    /// - a `flow` metric that, in at least two years with four or more readings, never falls within
    ///   the year and whose first reading of each year is under half the last of the year before (a
    ///   cumulative total restarting in January), with positive values.
    ///
    /// The thresholds are rules of thumb for telling the two kinds apart, not fitted to a dataset.
    /// Each warning is located at the reading that shows it, when the readings came from a file.
    public func readingKindProblems(in readings: Readings) -> [Diagnostic] {
        readingKindFindings(in: readings).map(\.diagnostic)
    }

    /// The findings behind ``readingKindProblems(in:)``, each with the kind the readings look like.
    public func readingKindFindings(in readings: Readings) -> [ReadingKindFinding] {
        var findings: [ReadingKindFinding] = []
        for metric in metrics {
            guard let series = readings[metric.id] else { continue }
            // Combined reports (2021年1-2月): year to date when they start in January.
            let combined = readings.combinedReports(of: metric.id)
            if let report = combined.first(where: { metric.reading == .flow || metric.reading == .level || $0.first.month != 1 }) {
                let label = "\(report.first.year)年\(report.first.month)-\(report.last.month)月"
                let problem = switch metric.reading {
                case .flow: "is read as monthly flows (reading: flow) but its reading labelled \(label) covers \(report.first.distance(to: report.last) + 1) months together: it is read as the flow of those months; if the metric is year to date, set reading: ytd"
                case .level: "is read as month-end levels (reading: level) but its reading labelled \(label) covers several months: is it year to date (reading: ytd)?"
                case .ytd, .ytdGrowth: "has a reading labelled \(label), which does not start in January: a year-to-date report covers January to its month; it is read as \(report.last)"
                }
                // A flow with a combined January–February report is common (the two months published
                // together): evidence of year to date only with the climb-and-restart test below.
                findings.append(ReadingKindFinding(metric: metric.id, suggested: nil, diagnostic: Diagnostic(
                    .warning, at: readings.location(of: metric.id, at: report.last) ?? .wholeRun,
                    "'\(metric.id)' \(problem)" + (combined.count > 1 ? " (\(combined.count) such readings)" : ""), code: .readingKind)))
            }
            let periods = series.periods
            let pairs = zip(periods, periods.dropFirst()).filter { $0.0.year == $0.1.year }
            switch metric.reading {
            case .ytd:
                let falls = pairs.filter { pair in
                    guard let earlier = series[pair.0], let later = series[pair.1] else { return false }
                    return later < earlier - 1e-9 * abs(earlier)
                }
                guard let first = falls.first, falls.count >= 2, falls.count * 10 >= pairs.count,
                      let from = series[first.0], let to = series[first.1] else { continue }
                findings.append(ReadingKindFinding(metric: metric.id, suggested: .flow, diagnostic: Diagnostic(
                    .warning, at: readings.location(of: metric.id, at: first.1) ?? .wholeRun,
                    "'\(metric.id)' is read as year to date (reading: ytd) but falls from \(Self.plain(from)) (\(first.0)) to \(Self.plain(to)) (\(first.1)) within \(first.1.year), and \(falls.count) times in all: a year-to-date total cannot fall; is it a monthly flow (reading: flow)?",
                    code: .readingKind)))
            case .flow:
                let byYear = Dictionary(grouping: periods, by: \.year)
                let full = byYear.filter { $0.value.count >= 4 }.keys.sorted()
                guard full.count >= 2, series.orderedValues.allSatisfy({ $0 > 0 }) else { continue }
                let climbs = full.allSatisfy { year in
                    let months = byYear[year] ?? []
                    return zip(months, months.dropFirst()).allSatisfy { (series[$0.1] ?? 0) >= (series[$0.0] ?? 0) }
                }
                let restarts = full.compactMap { year -> Period? in
                    guard let start = byYear[year]?.first, let previous = byYear[year - 1]?.last,
                          let value = series[start], let before = series[previous], value < 0.5 * before else { return nil }
                    return start
                }
                guard climbs, restarts.count >= 2, restarts.count * 2 >= full.count - 1, let first = restarts.first else { continue }
                findings.append(ReadingKindFinding(metric: metric.id, suggested: .ytd, diagnostic: Diagnostic(
                    .warning, at: readings.location(of: metric.id, at: first) ?? .wholeRun,
                    "'\(metric.id)' is read as monthly flows (reading: flow) but climbs through every year and drops back each January (as in \(first)), as a year-to-date total does: is it year to date (reading: ytd)?",
                    code: .readingKind)))
            case .level, .ytdGrowth:
                continue
            }
        }
        return findings
    }

    /// Warnings for readings beyond their metric's natural bounds (``Metric/bounds``): a level or a
    /// year-to-date total read above `max` or below `min` means the bound or the readings are
    /// wrong, and the forecast, censored at the bound, would hide it. Flows are not checked (their
    /// bounds are on the year's total). One warning per metric, at the first such reading.
    public func boundProblems(in readings: Readings) -> [Diagnostic] {
        metrics.compactMap { metric in
            guard let bounds = metric.bounds, metric.reading == .level || metric.reading == .ytd,
                  let series = readings[metric.id] else { return nil }
            let outside = series.periods.filter { period in series[period].map { !bounds.contains($0) } ?? false }
            guard let first = outside.first, let value = series[first] else { return nil }
            let bound = value > bounds.upperBound ? "max \(Self.plain(bounds.upperBound))" : "min \(Self.plain(bounds.lowerBound))"
            return Diagnostic(.warning, at: readings.location(of: metric.id, at: first) ?? .wholeRun,
                              "'\(metric.id)' reads \(Self.plain(value)) in \(first), beyond its \(bound)" + (outside.count > 1 ? " (\(outside.count) readings in all)" : "")
                                + ": is the bound or the reading wrong? (A forecast ignores a bound that the readings so far already pass.)",
                              code: .outsideBounds)
        }
    }

    /// A value as the user wrote it, near enough: integers without a decimal point.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%g", value)
    }
}
