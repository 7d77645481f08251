import Foundation
import FileFormats
import TargetAssessment

/// One assessment flattened to the fields every output format carries (the JSON keys of
/// `forecast run --format json`).
public struct AssessmentRow: Sendable, Encodable {
    public var id: String
    public var item: Int?
    public var title: String
    public var metric: String?
    public var kind: String
    public var direction: String
    public var threshold: Double?
    public var unit: String?
    public var firmness: String
    public var actualToDate: Double?
    public var forecast: Double?
    public var lower80: Double?
    public var upper80: Double?
    public var lower95: Double?
    public var upper95: Double?
    public var probability: Double?
    public var status: String
    /// The trend model (`linear`, `seasonal`…) or `year-over-year/<member>`.
    public var model: String?
    /// Why that model or member was used.
    public var modelReason: String?
    public var observations: Int
    public var lead: [String]
    public var support: [String]
    public var explanation: String
    /// The status and P(met) as of the report's ``TargetReport/since`` month (`null` when none was assessed).
    public var previousStatus: String?
    public var previousProbability: Double?
    /// P(met) and the status through the year (``Assessment/trajectory``), ending with the month assessed.
    public var trajectory: [Point]

    /// One point of a trajectory: `{"asOf": "2021-02", "probability": 0.61, "status": "at-risk"}`.
    public struct Point: Sendable, Encodable {
        public var asOf: String
        public var probability: Double?
        public var status: String

        init(_ point: TrajectoryPoint) {
            asOf = point.asOf.description
            probability = point.probability
            status = point.status.rawValue
        }

        enum CodingKeys: String, CodingKey { case asOf, probability, status }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(asOf, forKey: .asOf)
            try container.encode(probability, forKey: .probability)
            try container.encode(status, forKey: .status)
        }
    }

    /// The fields in output order (CSV columns; in the CSV the trajectory is one cell of
    /// `asOf:probability:status` points separated by spaces).
    public static let fieldNames = ["id", "item", "title", "metric", "kind", "direction", "threshold", "unit", "firmness",
                                    "actualToDate", "forecast", "lower80", "upper80", "lower95", "upper95", "probability",
                                    "status", "model", "modelReason", "observations", "lead", "support", "explanation",
                                    "previousStatus", "previousProbability", "trajectory"]

    init(_ assessment: Assessment) {
        let target = assessment.target
        id = target.id
        item = target.item
        title = target.title
        metric = target.metric
        kind = target.kind.rawValue
        direction = target.direction.rawValue
        threshold = target.value
        unit = [.growth, .reduction].contains(target.kind) ? "%" : (target.kind == .relative ? "points" : (target.unit ?? assessment.metric?.unit))
        firmness = target.firmness.rawValue
        actualToDate = assessment.actualToDate
        forecast = assessment.forecast
        lower80 = assessment.interval(level: 0.8)?.lower
        upper80 = assessment.interval(level: 0.8)?.upper
        lower95 = assessment.interval(level: 0.95)?.lower
        upper95 = assessment.interval(level: 0.95)?.upper
        probability = assessment.probability
        status = assessment.status.rawValue
        model = assessment.yearOverYear.map { "year-over-year/\($0.member.rawValue)" } ?? assessment.model?.rawValue
        modelReason = assessment.modelReason
        observations = assessment.observations
        lead = target.lead
        support = target.support
        explanation = assessment.explanation
        previousStatus = assessment.previous?.status.rawValue
        previousProbability = assessment.previous?.probability
        trajectory = assessment.trajectory.map(Point.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, item, title, metric, kind, direction, threshold, unit, firmness, actualToDate, forecast
        case lower80, upper80, lower95, upper95, probability, status, model, modelReason, observations, lead, support, explanation
        case previousStatus, previousProbability, trajectory
    }

    /// Every key is written, `null` where not applicable (never left out).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(item, forKey: .item)
        try container.encode(title, forKey: .title)
        try container.encode(metric, forKey: .metric)
        try container.encode(kind, forKey: .kind)
        try container.encode(direction, forKey: .direction)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(unit, forKey: .unit)
        try container.encode(firmness, forKey: .firmness)
        try container.encode(actualToDate, forKey: .actualToDate)
        try container.encode(forecast, forKey: .forecast)
        try container.encode(lower80, forKey: .lower80)
        try container.encode(upper80, forKey: .upper80)
        try container.encode(lower95, forKey: .lower95)
        try container.encode(upper95, forKey: .upper95)
        try container.encode(probability, forKey: .probability)
        try container.encode(status, forKey: .status)
        try container.encode(model, forKey: .model)
        try container.encode(modelReason, forKey: .modelReason)
        try container.encode(observations, forKey: .observations)
        try container.encode(lead, forKey: .lead)
        try container.encode(support, forKey: .support)
        try container.encode(explanation, forKey: .explanation)
        try container.encode(previousStatus, forKey: .previousStatus)
        try container.encode(previousProbability, forKey: .previousProbability)
        try container.encode(trajectory, forKey: .trajectory)
    }
}

extension TargetReport {
    /// The rows of every assessment, in catalogue order.
    public var rows: [AssessmentRow] { assessments.map(AssessmentRow.init) }

    /// `{"asOf": "2021-06", "since": "2021-05", "changes": [...], "targets": [...]}`, pretty-printed
    /// with sorted keys: the status changes since `since` worst first (``changes``), then every
    /// target with its trajectory. `since` is `null` and `changes` empty when no earlier month was assessed.
    public func json() throws -> String {
        struct Document: Encodable {
            var asOf: String
            var since: String?
            var changes: [Change]
            var targets: [AssessmentRow]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(asOf, forKey: .asOf)
                try container.encode(since, forKey: .since)
                try container.encode(changes, forKey: .changes)
                try container.encode(targets, forKey: .targets)
            }
            enum CodingKeys: String, CodingKey { case asOf, since, changes, targets }
        }
        /// `{"id", "item", "title", "lead", "from": point, "to": point, "steps"}`; `steps` on the
        /// scale achieved → … → missed, positive when worse, `null` to or from no data.
        struct Change: Encodable {
            var id: String
            var item: Int?
            var title: String
            var lead: [String]
            var from: AssessmentRow.Point
            var to: AssessmentRow.Point
            var steps: Int?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(id, forKey: .id)
                try container.encode(item, forKey: .item)
                try container.encode(title, forKey: .title)
                try container.encode(lead, forKey: .lead)
                try container.encode(from, forKey: .from)
                try container.encode(to, forKey: .to)
                try container.encode(steps, forKey: .steps)
            }
            enum CodingKeys: String, CodingKey { case id, item, title, lead, from, to, steps }
        }
        let changes = self.changes.map { change in
            Change(id: change.target.id, item: change.target.item, title: change.target.title, lead: change.target.lead,
                   from: AssessmentRow.Point(change.before), to: AssessmentRow.Point(change.after), steps: change.steps)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(asOf: asOf.description, since: since?.description, changes: changes, targets: rows)
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// RFC 4180 CSV with the JSON fields as columns; lists joined by 、; numbers in shortest
    /// round-trip form; empty cells where not applicable.
    public func csv() -> String {
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        var lines = [AssessmentRow.fieldNames.joined(separator: ",")]
        for row in rows {
            let fields: [String] = [
                row.id, row.item.map(String.init) ?? "", row.title, row.metric ?? "", row.kind, row.direction,
                number(row.threshold), row.unit ?? "", row.firmness, number(row.actualToDate), number(row.forecast),
                number(row.lower80), number(row.upper80), number(row.lower95), number(row.upper95), number(row.probability),
                row.status, row.model ?? "", row.modelReason ?? "", String(row.observations), row.lead.joined(separator: "、"),
                row.support.joined(separator: "、"), row.explanation, row.previousStatus ?? "", number(row.previousProbability),
                row.trajectory.map { "\($0.asOf):\($0.probability.map { "\($0)" } ?? ""):\($0.status)" }.joined(separator: " "),
            ]
            lines.append(fields.map(CSVCell.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
