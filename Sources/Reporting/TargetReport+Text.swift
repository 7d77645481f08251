// Reporting: what people read — the terminal table, CSV, JSON, Markdown, the HTML page and SVG
// charts of an assessment, the one-line explanations and charts built from assessments (never
// inside the assessor), and the backtest reports.

import TargetAssessment
extension Assessment {
    /// A value in the target's own terms, formatted for reading (growth as "+7.0%", totals with
    /// 万/亿 scaling).
    public func formatted(_ value: Double?) -> String {
        guard let value else { return "—" }
        switch target.kind {
        case .growth: return QuantityFormatting.change(value)
        case .reduction: return QuantityFormatting.decimal(value, significant: 3, maximumFractionDigits: 1) + "% cut"
        case .relative: return (value >= 0 ? "+" : "−") + QuantityFormatting.decimal(abs(value), significant: 3, maximumFractionDigits: 1) + " pts"
        default: return QuantityFormatting.format(value, unit: target.unit ?? metric?.unit)
        }
    }

    /// The threshold with its direction: "≥ 2.8万人", "≤ 3%".
    public var formattedThreshold: String {
        guard let threshold else { return "(not set)" }
        let sign = target.direction == .atLeast ? "≥ " : "≤ "
        return sign + formatted(threshold)
    }

    /// P(met) as a percentage, or "—". "100%" and "0%" are kept for what has happened (achieved,
    /// missed); a forecast is never certain, so one whose probability rounds to 1 or 0 — all of a
    /// simulation's draws on one side, or a tail below double precision — reads ">99%" or "<1%".
    public var formattedProbability: String { TrajectoryPoint.formatted(probability, status: status) }

    /// The 80% interval (or the first level computed) as "lower – upper", or "—".
    public var formattedInterval: String {
        guard let interval = interval(level: 0.8) ?? intervals.first else { return "—" }
        return formatted(interval.lower) + " – " + formatted(interval.upper)
    }
}

extension TargetReport {
    /// The heading of the interval column: "80% interval", or the level actually shown.
    public var intervalHeading: String {
        let levels = assessments.flatMap { $0.intervals.map(\.level) }
        let level = levels.contains { abs($0 - 0.8) < 1e-9 } ? 0.8 : (levels.first ?? 0.8)
        return "\(QuantityFormatting.decimal(level * 100, significant: 4, maximumFractionDigits: 1))% interval"
    }

    /// Status counts as "achieved 9, on-track 20, …" in a fixed order.
    public var statusSummary: String {
        let counts = countsByStatus
        return Status.allCases.compactMap { status in counts[status].map { "\(status.rawValue) \($0)" } }.joined(separator: ", ")
    }

    /// The terminal table: the status changes since ``since`` (worst first), one row per target
    /// with its P(met) path through the year, then the explanations.
    ///
    /// - Parameter colour: colour the status column with ANSI escapes (for a terminal only);
    ///   statuses are also spelled out, so nothing is told by colour alone.
    public func table(colour: Bool = false) -> String {
        var rows = [["item", "target", "kind", "firm", "threshold", "so far", "forecast", intervalHeading, "P(met)", "this year", "status", "lead"]]
        for assessment in assessments {
            let status = assessment.status.rawValue
            rows.append([
                assessment.target.item.map(String.init) ?? "",
                TextTable.truncate(assessment.target.title, to: 26),
                assessment.target.kind.rawValue,
                assessment.target.firmness == .none ? "" : assessment.target.firmness.rawValue,
                assessment.formattedThreshold,
                assessment.formatted(assessment.actualToDate),
                assessment.formatted(assessment.forecast),
                assessment.formattedInterval,
                assessment.formattedProbability,
                assessment.trajectoryArrow,
                colour ? Self.coloured(status, assessment.status) : status,
                TextTable.truncate(assessment.target.lead.joined(separator: "、"), to: 20),
            ])
        }
        var text = "Targets \(year), readings to \(asOf): \(statusSummary)\n\n" + changesText()
        text += TextTable.render(rows, rightAligned: [0, 4, 5, 6, 8, 9]) + "\n\n"
        for assessment in assessments {
            let label = assessment.target.item.map { "\($0) " } ?? ""
            text += "\(label)\(assessment.target.id): \(assessment.explanation)\n"
        }
        if !revisions.isEmpty {
            text += "\n\(revisions.count) revised reading\(revisions.count == 1 ? "" : "s") (the later value was used)\n"
        }
        return text
    }

    static func coloured(_ text: String, _ status: Status) -> String {
        let code = switch status {
        case .achieved, .onTrack: "32"
        case .atRisk: "33"
        case .offTrack, .missed: "31"
        case .noData, .notForecast: "90"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// The status changes since ``since``, then a Markdown table with the P(met) path through the
    /// year and the explanation as the last column.
    public func markdown() -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
                .replacingOccurrences(of: "\n", with: " ")
        }
        var lines = ["# Targets \(year), readings to \(asOf)", "", statusSummary, ""] + changesMarkdown(escape: escape) + [
            "| item | target | kind | threshold | so far | forecast | \(intervalHeading) | P(met) | this year | status | lead | explanation |",
            "|---:|---|---|---:|---:|---:|---|---:|---|---|---|---|",
        ]
        for assessment in assessments {
            let cells = [
                assessment.target.item.map(String.init) ?? "", assessment.target.title, assessment.target.kind.rawValue,
                assessment.formattedThreshold, assessment.formatted(assessment.actualToDate), assessment.formatted(assessment.forecast),
                assessment.formattedInterval, assessment.formattedProbability, assessment.trajectoryArrow, assessment.status.rawValue,
                assessment.target.lead.joined(separator: "、"), assessment.explanation,
            ]
            lines.append("| " + cells.map(escape).joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
