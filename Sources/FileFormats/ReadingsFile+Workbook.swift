import TargetData
import Workbooks

extension ReadingsFile {
    /// Reads the readings of one worksheet of `workbook` (`sheet`, or the first), laid out as in
    /// a CSV file (long or wide, the same header names) and read by the same rules, so that a
    /// workbook and its CSV export give the same readings. Cells hold their values as the
    /// workbook stores them: numbers as numbers, text such as `9,600` or `2.8万` parsed as in CSV,
    /// dates (date-formatted serial numbers) as their month, merged cells filled down; `#N/A` is
    /// a missing value, other formula errors are errors. Problems are located as
    /// `file.xlsx:Sheet1!C14`.
    public static func parse(_ workbook: Workbook, sheet: String? = nil, limit: Int = DiagnosticLog.defaultLimit,
                             keeping: (@Sendable (String) -> Bool)? = nil) throws(InputError) -> ReadingsFile {
        let name = try workbook.sheetName(sheet)
        var log = DiagnosticLog(limit: limit)
        var records = Records(file: workbook.file, keeping: keeping, commaMayBeDecimal: false, form: .sheet(name))
        do {
            try readRows(of: workbook, sheet: name, into: &records, log: &log)
        } catch {
            // The first sheet is not the readings (a notes sheet first): say which others there are.
            guard records.header == nil, sheet == nil, workbook.sheetNames.count > 1, var first = error.diagnostics.first else { throw error }
            let others = workbook.sheetNames.dropFirst().prefix(10).map { "'\($0)'" }.joined(separator: ", ")
            first.message += "; this is the workbook's first sheet, '\(name)': its other sheets are \(others) (name one with --sheet)"
            throw InputError(diagnostics: [first] + error.diagnostics.dropFirst(), omittedCount: error.omittedCount)
        }
        return try records.finish(log: log, encoding: .utf8)
    }

    private static func readRows(of workbook: Workbook, sheet name: String, into records: inout Records,
                                 log: inout DiagnosticLog) throws(InputError) {
        try workbook.forEachRow(inSheet: name) { (row) throws(InputError) in
            var fields: [CSVField] = []
            fields.reserveCapacity(row.cells.last?.column ?? 0)
            for cell in row.cells {
                while fields.count < cell.column - 1 {
                    fields.append(CSVField(text: "", line: row.number, column: fields.count + 1, wasQuoted: false))
                }
                var text = cell.value.text
                if records.header != nil {
                    let at = records.location(line: row.number, column: cell.column)
                    let index = cell.column - 1
                    let isPeriod = index == records.columns.period
                    let isValue = records.layout == .wide ? !isPeriod : index == records.columns.value
                    switch cell.value {
                    case .number(let number) where isPeriod && number != number.rounded():
                        // 2021.10 typed into a cell is the number 2021.1: October cannot be told from January.
                        log.error(at, "the period is the number \(text), which cannot tell 2021.1 from 2021.10; expected a month as text (format the column as text) or as a date")
                        return
                    case .error(let code) where isValue && code != "#N/A":
                        log.error(at, "the cell holds the formula error \(code); expected a number (fix the formula, or leave the cell empty or #N/A for a missing value)")
                        text = ""
                    default:
                        break
                    }
                }
                fields.append(CSVField(text: text, line: row.number, column: cell.column, wasQuoted: false))
            }
            try records.take(CSVRecord(fields: fields, line: row.number), log: &log)
        }
    }
}
