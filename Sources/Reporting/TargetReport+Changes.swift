import TargetAssessment
import TargetData

extension TrajectoryPoint {
    /// P(met) as a percentage, or "—". "100%" and "0%" are kept for what has happened (achieved,
    /// missed); a forecast is never certain, so one whose probability rounds to 1 or 0 — all of a
    /// simulation's draws on one side, or a tail below double precision — reads ">99%" or "<1%".
    public static func formatted(_ probability: Double?, status: Status) -> String {
        guard let probability else { return "—" }
        let settled = status == .achieved || status == .missed
        if probability > 0.995 && (probability < 1 || !settled) { return ">99%" }
        if probability < 0.005 && (probability > 0 || !settled) { return "<1%" }
        return "\(Int((probability * 100).rounded()))%"
    }

    /// This point's P(met) as ``formatted(_:status:)`` writes it.
    public var formattedProbability: String { Self.formatted(probability, status: status) }
}

extension Assessment {
    /// How P(met) moved through the year, from the first point of the ``trajectory`` with a
    /// probability to the month assessed: "▼ 62% → 47%", "▲ 40% → 55%", or "= 62%" when both
    /// read the same; empty when there is no earlier point to compare with.
    public var trajectoryArrow: String {
        guard let move = trajectoryMove else { return "" }
        let (from, to) = (move.first.formattedProbability, formattedProbability)
        if from == to { return "= \(to)" }
        return (move.end > move.start ? "▲ " : "▼ ") + from + " → " + to
    }

    /// The first point of the ``trajectory`` with a probability before the month assessed, and
    /// P(met) then and now; `nil` without such a point or without a probability now.
    public var trajectoryMove: (first: TrajectoryPoint, start: Double, end: Double)? {
        guard let first = trajectory.dropLast().first(where: { $0.probability != nil }), let start = first.probability,
              let end = probability else { return nil }
        return (first, start, end)
    }
}

extension StatusChange {
    /// "▼" for a target worse off, "▲" for one better off, "•" for a change to or from no data.
    public var symbol: String {
        guard let steps else { return "•" }
        return steps > 0 ? "▼" : "▲"
    }

    /// "on-track → at-risk".
    public var statusMove: String { "\(before.status.rawValue) → \(after.status.rawValue)" }

    /// "93% → 72%".
    public var probabilityMove: String { "\(before.formattedProbability) → \(after.formattedProbability)" }
}

extension TargetReport {
    /// What the earlier months were assessed from, said wherever they are shown.
    static let recomputedNote = "each month assessed again from the readings up to it"

    /// The heading of the changes: "3 status changes since 2021-05", "No status changed since 2021-05".
    public var changesHeading: String? {
        guard let since else { return nil }
        let count = changes.count
        return count == 0 ? "No status changed since \(since)"
            : "\(count) status change\(count == 1 ? "" : "s") since \(since), worst first"
    }

    /// The changes as the terminal table opens with them, or "" when no earlier month was assessed.
    func changesText() -> String {
        guard let heading = changesHeading else { return "" }
        let changes = self.changes
        guard !changes.isEmpty else { return heading + " (\(Self.recomputedNote)).\n\n" }
        let rows = changes.map { change in
            [change.symbol, change.target.item.map(String.init) ?? "", TextTable.truncate(change.target.title, to: 26),
             change.statusMove, change.probabilityMove, TextTable.truncate(change.target.lead.joined(separator: "、"), to: 20)]
        }
        let table = TextTable.render([["", "item", "target", "status", "P(met)", "lead"]] + rows, rightAligned: [1, 4])
        return heading + " (\(Self.recomputedNote)):\n\n" + table + "\n\n"
    }

    /// The changes as the Markdown report opens with them, or no lines when no earlier month was assessed.
    func changesMarkdown(escape: (String) -> String) -> [String] {
        guard let heading = changesHeading else { return [] }
        let changes = self.changes
        guard !changes.isEmpty else { return ["\(heading) (\(Self.recomputedNote)).", ""] }
        var lines = ["## \(heading)", "", "P(met) and status \(Self.recomputedNote).", "",
                     "| | item | target | status | P(met) | lead |", "|---|---:|---|---|---:|---|"]
        for change in changes {
            let cells = [change.symbol, change.target.item.map(String.init) ?? "", change.target.title, change.statusMove,
                         change.probabilityMove, change.target.lead.joined(separator: "、")]
            lines.append("| " + cells.map(escape).joined(separator: " | ") + " |")
        }
        return lines + [""]
    }
}
