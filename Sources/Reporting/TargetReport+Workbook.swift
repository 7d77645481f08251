import TargetAssessment
import Workbooks

extension TargetReport {
    /// The columns of the workbook's sheets: the table's, with the numbers in columns of their own.
    static let workbookHeader = ["item", "target", "kind", "firm", "threshold", "unit", "so far", "forecast",
                                 "80% low", "80% high", "95% low", "95% high", "P(met)", "status", "lead", "support",
                                 "model", "explanation", "id", "metric"]

    /// `forecast run --format xlsx`: an Excel workbook with one sheet of every target (the
    /// assessment table, as of the report's month) and one sheet per lead unit with the targets
    /// it leads, in the order units first appear. Numbers are numbers (thresholds, amounts and
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
             text(row.explanation), text(row.id), text(row.metric)]
        }
        // Widths that fit the header, wider for the titles and explanations.
        var widths = Self.workbookHeader.map { WorkbookWriter.width(of: $0) }
        widths[1] = 40
        widths[17] = 60
        widths[14] = 16
        widths[15] = 16
        var book = WorkbookWriter()
        book.addSheet(named: "Targets as of \(asOf)", header: Self.workbookHeader, rows: rows.map(cells), widths: widths)
        var units: [String] = []
        for row in rows { for unit in row.lead where !units.contains(unit) { units.append(unit) } }
        for unit in units {
            book.addSheet(named: unit, header: Self.workbookHeader, rows: rows.filter { $0.lead.contains(unit) }.map(cells), widths: widths)
        }
        return try book.bytes()
    }
}
