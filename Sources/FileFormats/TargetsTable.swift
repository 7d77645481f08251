import Foundation
import TargetData
import Workbooks
import Yams

/// A targets file written as a table — a CSV file or an Excel sheet, one row per target — read
/// into the same ``Catalogue`` as the YAML form, by the same checks, with every problem located
/// at its cell (`targets.xlsx:Targets!E7`, `targets.csv:7:31`).
///
/// Columns (header names compared ignoring case; Chinese names in brackets): `id` (编号),
/// `item` (序号), `title` (目标, 目标任务), `metric` (指标), `kind` (类型), `direction` (方向),
/// `value` (目标值), `unit` (单位), `firmness` (力度), `lead` (牵头单位, 主办), `support`
/// (配合单位, 协办), `deadline` (完成时限), `base`, `at`, `versus`, `year` (年度); and the
/// metric's own: `metric name` (指标名称), `metric unit` (指标单位; default the target's
/// `unit`), `reading` (填报方式), `aliases`, `min`, `max`, `frequency` (`monthly`, the only one
/// so far). A metric named on several rows takes its columns from the first and must not
/// contradict it later. `year` defaults to the year of the deadlines.
enum TargetsTable {
    /// One cell's text and where it is.
    struct Cell {
        var text: String
        var location: SourceLocation
    }

    /// A table: the header's cells, then each row's cells by column (empty text where empty).
    struct Table {
        var header: [Cell]
        var rows: [(location: SourceLocation, cells: [Cell])]
    }

    /// The table keys and the header names that mean them.
    static let columnNames: [(key: String, names: [String])] = [
        ("id", ["id", "编号", "目标编号"]), ("item", ["item", "序号", "条目"]), ("title", ["title", "目标", "目标任务", "任务"]),
        ("metric", ["metric", "指标", "指标编号"]), ("kind", ["kind", "类型", "目标类型"]), ("direction", ["direction", "方向"]),
        ("value", ["value", "目标值", "数值"]), ("unit", ["unit", "单位"]), ("firmness", ["firmness", "力度"]),
        ("lead", ["lead", "牵头单位", "主办", "主办单位", "责任单位"]), ("support", ["support", "配合单位", "协办", "协办单位"]),
        ("deadline", ["deadline", "完成时限", "时限"]), ("base", ["base", "基数"]), ("at", ["at"]), ("versus", ["versus"]),
        ("year", ["year", "年度", "年份"]),
        ("metric name", ["metric name", "指标名称"]), ("metric unit", ["metric unit", "指标单位"]),
        ("reading", ["reading", "填报方式"]), ("aliases", ["aliases", "metric aliases", "别名"]),
        ("min", ["min", "metric min"]), ("max", ["max", "metric max"]), ("frequency", ["frequency", "频率"]),
    ]

    /// Table column → the metric key it fills.
    static let metricColumns: [String: String] = ["metric name": "name", "metric unit": "unit", "reading": "reading",
                                                  "aliases": "aliases", "min": "min", "max": "max"]

    /// Whether a CSV header line names the columns a targets table needs (id, title and kind).
    static func isTargetsHeader(_ names: [String]) -> Bool {
        let keys = Set(names.compactMap(key(of:)))
        return keys.isSuperset(of: ["id", "title", "kind"])
    }

    static func key(of name: String) -> String? {
        let folded = name.trimmingSpaces().lowercased()
        return columnNames.first { $0.names.contains(String(folded)) }?.key
    }

    // MARK: Reading the table

    static func table(csv utf8: [UInt8], file: String) throws(InputError) -> Table {
        var header: [Cell]?
        var rows: [(location: SourceLocation, cells: [Cell])] = []
        try CSVParser(utf8: utf8, file: file).forEachRecord { (record) throws(InputError) in
            if record.isBlank { return true }
            let cells = record.fields.map { Cell(text: $0.text, location: SourceLocation(file: file, line: $0.line, column: $0.column)) }
            if header == nil {
                header = cells
            } else {
                rows.append((SourceLocation(file: file, line: record.line, column: 1), cells))
            }
            return true
        }
        guard let header else { throw InputError(SourceLocation(file: file, line: 1, column: 1), "the file is empty; expected a header row id,title,kind,…") }
        return Table(header: header, rows: rows)
    }

    static func table(_ workbook: Workbook, sheet: String?) throws(InputError) -> Table {
        let name = try workbook.sheetName(sheet)
        var header: [Cell]?
        var rows: [(location: SourceLocation, cells: [Cell])] = []
        try workbook.forEachRow(inSheet: name) { (row) throws(InputError) in
            func at(_ column: Int) -> SourceLocation { SourceLocation(file: workbook.file, sheet: name, row: row.number, column: column) }
            var cells: [Cell] = []
            for cell in row.cells {
                while cells.count < cell.column - 1 { cells.append(Cell(text: "", location: at(cells.count + 1))) }
                cells.append(Cell(text: cell.value.text, location: at(cell.column)))
            }
            if header == nil {
                header = cells
            } else {
                // Empty cells up to the header's width, so that each has its place.
                while cells.count < (header?.count ?? 0) { cells.append(Cell(text: "", location: at(cells.count + 1))) }
                rows.append((at(1), cells))
            }
        }
        guard let header else { throw InputError(SourceLocation(file: workbook.file, sheet: name, row: nil), "the sheet is empty; expected a header row id, title, kind, …") }
        return Table(header: header, rows: rows)
    }

    // MARK: The catalogue

    /// Reads the table into a targets file: builds the YAML form's node tree (one target per
    /// row, one metric per distinct metric id), runs the same reader and checks on it, and moves
    /// each problem to the cell it is about.
    static func targetsFile(_ table: Table, file: String, limit: Int) throws(InputError) -> TargetsFile {
        var log = DiagnosticLog(limit: limit)
        // The header: the column of each key.
        var columnOf: [String: Int] = [:]
        for (index, cell) in table.header.enumerated() {
            let name = cell.text.trimmingSpaces()
            if name.isEmpty { continue }
            guard let key = key(of: String(name)) else {
                log.warning(cell.location, "column '\(name.prefix(40))' is not a column of a targets table and is ignored; the columns are \(columnNames.map(\.key).joined(separator: ", "))")
                continue
            }
            if let first = columnOf[key] {
                log.error(cell.location, "column '\(name)' means \(key), as column \(first + 1) does; expected each column once")
            }
            columnOf[key] = columnOf[key] ?? index
        }
        let headerRow = table.header.first?.location ?? SourceLocation(file: file)
        let missing = ["id", "title", "kind"].filter { columnOf[$0] == nil }
        let headerRecord = CSVRecord(fields: table.header.map { CSVField(text: $0.text, line: 1, column: 1, wasQuoted: false) }, line: 1)
        if !missing.isEmpty, (try? ReadingsFile.recognizeHeader(headerRecord, file: file)) != nil {
            throw InputError(headerRow, "this is a table of readings (its header is '\(table.header.map(\.text).joined(separator: ", ").prefix(80))'), not a targets table (id, title, kind, … one row per target): was it given in the place of the targets file?")
        }
        if !missing.isEmpty {
            log.error(headerRow, "the header lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); expected a targets table with id, title, kind, metric, value, … (one row per target)")
        }
        try log.throwIfErrors()

        /// The cell of a column in a row, nil when the row leaves it empty.
        func cell(_ row: [Cell], _ key: String) -> Cell? {
            guard let column = columnOf[key], column < row.count, !row[column].text.trimmingSpaces().isEmpty else { return nil }
            return row[column]
        }
        /// Where a column's cell of a row is, empty or not.
        func place(_ row: [Cell], _ key: String, else fallback: SourceLocation) -> SourceLocation {
            guard let column = columnOf[key], column < row.count else { return fallback }
            return row[column].location
        }
        func scalar(_ text: String) -> Node { .scalar(Node.Scalar(text, .implicit, .doubleQuoted)) }
        let null: Node = .scalar(Node.Scalar("null", .implicit, .plain))

        // Where each target's and metric's keys are, for the problems found later.
        var targetCells: [[String: SourceLocation]] = []
        var targetRows: [SourceLocation] = []
        var metricCells: [[String: SourceLocation]] = []
        var metricRows: [SourceLocation] = []
        var metricIndex: [String: Int] = [:]
        var metricValues: [[String: Cell]] = []
        var targets: [Node] = []
        var metrics: [Node] = []
        var years: [(year: Int, cell: Cell)] = []

        for (rowLocation, row) in table.rows {
            if row.allSatisfy({ $0.text.trimmingSpaces().isEmpty }) { continue }
            if let stray = row.dropFirst(table.header.count).first(where: { !$0.text.trimmingSpaces().isEmpty }) {
                log.error(stray.location, "a value right of the header's last column; expected a header name above every column that has values")
                continue
            }
            var pairs: [(Node, Node)] = []
            var cells: [String: SourceLocation] = [:]
            for key in TargetsNodeReader.targetKeys {
                if let found = cell(row, key) {
                    pairs.append((scalar(key), scalar(found.text)))
                    cells[key] = found.location
                } else if key == "value", columnOf["value"] != nil {
                    pairs.append((scalar(key), null))  // an empty threshold: a placeholder
                    cells[key] = place(row, key, else: rowLocation)
                }
            }
            targets.append(.mapping(Node.Mapping(pairs)))
            targetCells.append(cells)
            targetRows.append(rowLocation)
            if let yearCell = cell(row, "year") {
                if let year = Int(yearCell.text.trimmingSpaces()) { years.append((year, yearCell)) } else {
                    log.error(yearCell.location, "'\(yearCell.text.prefix(20))' is not a year; expected the target year, e.g. 2021")
                }
            } else if let deadline = cell(row, "deadline"), let period = Period(parsing: deadline.text) {
                years.append((period.year, deadline))
            }
            if let frequency = cell(row, "frequency"), frequency.text.trimmingSpaces().lowercased() != "monthly" {
                log.error(frequency.location, "frequency '\(frequency.text.prefix(20))' is not supported yet; expected monthly (quarterly metrics are not read yet)")
            }
            // The metric: the first row naming it defines it; later rows must agree.
            guard let metricCell = cell(row, "metric") else { continue }
            let metric = String(metricCell.text.trimmingSpaces())
            var values: [String: Cell] = [:]
            for (column, _) in metricColumns { if let found = cell(row, column) { values[column] = found } }
            if values["metric unit"] == nil, let unit = cell(row, "unit") { values["metric unit"] = unit }
            if let index = metricIndex[metric] {
                for (column, found) in values {
                    if let defined = metricValues[index][column], defined.text.trimmingSpaces() != found.text.trimmingSpaces() {
                        // A target's own unit may differ from its metric's (万元 against 元) only through `metric unit`.
                        if column == "metric unit" && columnOf["metric unit"] == nil { continue }
                        log.error(found.location, "metric '\(metric)' has \(column) '\(found.text.prefix(30))' here but '\(defined.text.prefix(30))' at \(Self.short(defined.location)); expected one \(column) per metric")
                    }
                }
                continue
            }
            metricIndex[metric] = metrics.count
            var metricPairs: [(Node, Node)] = [(scalar("id"), scalar(metric))]
            var locations: [String: SourceLocation] = ["id": metricCell.location]
            for (column, key) in metricColumns.sorted(by: { $0.key < $1.key }) {
                guard let found = values[column] else { continue }
                metricPairs.append((scalar(key), scalar(found.text)))
                locations[key] = found.location
            }
            if values["reading"] == nil {
                log.error(metricCell.location, "metric '\(metric)' has no reading kind; expected a reading column (flow, ytd, level or ytd-growth: how its monthly values are reported)")
            }
            if values["metric unit"] == nil {
                log.error(metricCell.location, "metric '\(metric)' has no unit; expected a unit or metric unit column")
            }
            metrics.append(.mapping(Node.Mapping(metricPairs)))
            metricCells.append(locations)
            metricRows.append(metricCell.location)
            metricValues.append(values)
        }
        guard !targets.isEmpty || log.hasErrors else {
            throw InputError(headerRow, "the table has a header but no targets; expected one row per target")
        }
        // The year: the year column, else the deadlines'; one for the whole table.
        var year: Int?
        if let first = years.first {
            year = first.year
            for other in years where other.year != first.year {
                log.error(other.cell.location, "this row is for \(other.year), the table's first for \(first.year) (at \(Self.short(first.cell.location))); expected one year per targets table")
                break
            }
        } else {
            log.error(headerRow, "the table does not say its year; expected a year column or deadlines (such as 2021-12)")
        }
        try log.throwIfErrors()

        let root: Node = .mapping(Node.Mapping([
            (scalar("year"), scalar(year.map(String.init) ?? "")), (scalar("metrics"), .sequence(Node.Sequence(metrics))),
            (scalar("targets"), .sequence(Node.Sequence(targets))),
        ]))
        var reader = TargetsNodeReader(file: file, log: DiagnosticLog(limit: limit))
        let (catalogue, metricIndexes, targetIndexes, metricsComplete) = reader.catalogue(root)
        func place(_ subject: CatalogueProblem.Subject, _ key: String?) -> SourceLocation {
            switch subject {
            case .catalogue: return headerRow
            case .metric(let index): return key.flatMap { metricCells[index][$0] } ?? metricRows[index]
            case .target(let index): return key.flatMap { targetCells[index][$0] } ?? targetRows[index]
            }
        }
        // The reader's problems name the YAML key path (`targets[3].kind: …`): each is moved to its
        // cell and named by its column.
        for diagnostic in reader.log.diagnostics {
            let (subject, key, message) = Self.subject(of: diagnostic.message)
            var moved = diagnostic
            moved.location = subject.map { place($0, key) } ?? headerRow
            moved.message = message
            switch moved.severity {
            case .error: log.error(moved.location, moved.message, code: moved.code)
            case .warning: log.warning(moved.location, moved.message, code: moved.code)
            case .note: log.note(moved.location, moved.message, code: moved.code)
            }
        }
        if let catalogue, metricsComplete {
            // The YAML form's words for an empty threshold, in the table's.
            TargetsFile.logProblems(of: catalogue, metricIndexes: metricIndexes, targetIndexes: targetIndexes, into: &log,
                                    reword: { $0.replacingOccurrences(of: "(value: null)", with: "(its value cell is empty)") },
                                    locate: place)
        }
        try log.throwIfErrors()
        guard let catalogue, metricsComplete else {
            throw InputError(headerRow, "the table does not describe a catalogue")
        }
        return TargetsFile(file: file, catalogue: catalogue, diagnostics: log.diagnostics, isTable: true)
    }

    /// A place in the same table, shortly: `F2` in a sheet, `line 2` in a CSV file.
    static func short(_ location: SourceLocation) -> String {
        location.cell ?? location.line.map { "line \($0)" } ?? location.description
    }

    /// The subject and key a node reader's message is about, and the message with its key path
    /// replaced by the column's name: `targets[3].kind: 'totl' is not valid` → target 3, kind,
    /// `kind: 'totl' is not valid`; `metrics[0].unit: …` → `metric unit: …`.
    static func subject(of message: String) -> (CatalogueProblem.Subject?, String?, String) {
        for (prefix, isTarget) in [("targets[", true), ("metrics[", false)] where message.hasPrefix(prefix) {
            let rest = message.dropFirst(prefix.count)
            guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]) else { break }
            var tail = rest[rest.index(after: close)...]
            var key: String?
            if tail.hasPrefix(".") {
                let name = tail.dropFirst().prefix { $0.isLetter }
                key = String(name)
                tail = tail.dropFirst(1 + name.count)
            }
            // A list element (`lead[0]`) is the column's cell too.
            if tail.hasPrefix("["), let end = tail.firstIndex(of: "]") { tail = tail[tail.index(after: end)...] }
            let column = isTarget ? key : key.map { key in metricColumns.first { $0.value == key }?.key ?? (key == "id" ? "metric" : key) }
            let text = tail.hasPrefix(": ") ? String(tail.dropFirst(2)) : String(tail)
            return (isTarget ? .target(index) : .metric(index), key, column.map { "\($0): " + text } ?? text)
        }
        return (nil, nil, message)
    }
}

extension TargetsFile {
    /// Reads a targets table from a workbook's sheet (`sheet`, or the first), as
    /// ``TargetsTable`` describes.
    public static func parse(_ workbook: Workbook, sheet: String? = nil, limit: Int = DiagnosticLog.defaultLimit) throws(InputError) -> TargetsFile {
        try TargetsTable.targetsFile(TargetsTable.table(workbook, sheet: sheet), file: workbook.file, limit: limit)
    }
}
