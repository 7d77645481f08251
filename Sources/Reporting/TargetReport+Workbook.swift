import TargetAssessment
import Workbooks

extension TargetReport {
    /// The columns of the workbook's target sheets: the table's, with the numbers in columns of
    /// their own, then the status and P(met) as of ``since`` and the P(met) path through the year.
    var workbookHeader: [String] {
        let earlier = since.map { " \($0)" } ?? " before"
        return ["item", "target", "kind", "firm", "threshold", "unit", "so far", "forecast",
                "80% low", "80% high", "95% low", "95% high", "P(met)", "status", "lead", "support",
                "model", "explanation", "id", "metric", "status" + earlier, "P(met)" + earlier, "this year"]
    }

    /// `forecast run --format xlsx`: an Excel workbook that opens with the status changes since
    /// ``since`` (worst first; left out when no earlier month was assessed), then one sheet of
    /// every target (the assessment table, as of the report's month) and one sheet per lead unit
    /// with the targets it leads, in the order units first appear. Numbers are numbers (thresholds, amounts and
    /// intervals in the target's unit, percentages for growth targets as in the table), P(met) a
    /// percentage cell, the status a word; lists of units joined by 、 as in the CSV.
    public func workbook() throws -> [UInt8] {
        let rows = self.rows
        func number(_ value: Double?) -> WorkbookWriter.Cell { value.map { .number($0) } ?? .empty }
        func text(_ value: String?) -> WorkbookWriter.Cell { value.map { $0.isEmpty ? .empty : .text($0) } ?? .empty }
        func cells(_ row: AssessmentRow) -> [WorkbookWriter.Cell] {
            [row.item.map { .number(Double($0)) } ?? .empty, text(row.title), text(row.kind), text(row.firmness),
             number(row.threshold), text(row.unit), number(row.actualToDate), number(row.forecast),
             number(row.lower80), number(row.upper80), number(row.lower95), number(row.upper95),
             row.probability.map { .number($0, .percent) } ?? .empty, text(row.status),
             text(row.lead.joined(separator: "、")), text(row.support.joined(separator: "、")), text(row.model),
             text(row.explanation), text(row.id), text(row.metric), text(row.previousStatus),
             row.previousProbability.map { .number($0, .percent) } ?? .empty, text(trajectoryArrows[row.id])]
        }
        let trajectoryArrows = Dictionary(assessments.map { ($0.target.id, $0.trajectoryArrow) }, uniquingKeysWith: { first, _ in first })
        let header = workbookHeader
        // Widths that fit the header, wider for the titles and explanations.
        var widths = header.map { WorkbookWriter.width(of: $0) }
        widths[1] = 40
        widths[17] = 60
        widths[14] = 16
        widths[15] = 16
        widths[22] = 14
        var book = WorkbookWriter()
        if let heading = changesHeading {
            let changeRows: [[WorkbookWriter.Cell]] = changes.map { change in
                [text(change.symbol), change.target.item.map { .number(Double($0)) } ?? .empty, text(change.target.title),
                 text(change.before.status.rawValue), text(change.after.status.rawValue),
                 change.before.probability.map { .number($0, .percent) } ?? .empty, change.after.probability.map { .number($0, .percent) } ?? .empty,
                 text(change.target.lead.joined(separator: "、")), text(change.target.id)]
            }
            let earlier = since.map(String.init(describing:)) ?? ""
            book.addSheet(named: changes.isEmpty ? heading : "Changes since \(earlier)",
                          header: ["move", "item", "target", "status \(earlier)", "status \(asOf)", "P(met) \(earlier)", "P(met) \(asOf)", "lead", "id"],
                          rows: changeRows, widths: [4, 6, 40, 16, 16, 12, 12, 20, 28])
        }
        book.addSheet(named: "Targets as of \(asOf)", header: header, rows: rows.map(cells), widths: widths)
        var units: [String] = []
        for row in rows { for unit in row.lead where !units.contains(unit) { units.append(unit) } }
        for unit in units {
            book.addSheet(named: unit, header: header, rows: rows.filter { $0.lead.contains(unit) }.map(cells), widths: widths)
        }
        return try book.bytes()
    }
}
