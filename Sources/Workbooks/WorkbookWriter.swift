import Foundation
import TargetData
import ZIPFoundation

/// A workbook built in memory and written as `.xlsx` bytes: sheets of text and number cells,
/// each with a bold, frozen header row, an autofilter and column widths that fit the header.
///
/// ```swift
/// var book = WorkbookWriter()
/// book.addSheet(named: "Targets", header: ["id", "P(met)"], rows: [[.text("t1"), .number(0.62, .percent)]])
/// let bytes = try book.bytes()
/// ```
///
/// Text is written as inline strings and numbers as numbers (with a display format only), so a
/// spreadsheet program shows the values and computes with them exactly as written.
public struct WorkbookWriter: Sendable {
    /// How a number cell is shown (the value is stored in full either way).
    public enum NumberFormat: Sendable, Hashable {
        /// Excel's General: as many digits as fit.
        case general
        /// A share from 0 to 1 shown as a whole percentage: 0.62 → 62%.
        case percent
    }

    /// One cell to write.
    public enum Cell: Sendable, Hashable {
        case text(String)
        case number(Double, NumberFormat = .general)
        case empty
    }

    struct Sheet: Sendable {
        var name: String
        var header: [String]
        var rows: [[Cell]]
        var widths: [Double]
    }

    private(set) var sheets: [Sheet] = []

    public init() {}

    /// The names of the sheets added so far, as they will be written.
    public var sheetNames: [String] { sheets.map(\.name) }

    /// Excel's limit on a sheet name's length.
    public static let maximumSheetNameLength = 31

    /// Adds a sheet. Its name is made valid for Excel — the characters `[ ] : * ? / \` replaced
    /// by `_`, at most 31 characters, not empty, not `History` (reserved), and unique ignoring
    /// case (a repeat gets ` (2)`, ` (3)`…) — and returned.
    @discardableResult
    public mutating func addSheet(named name: String, header: [String], rows: [[Cell]], widths: [Double]? = nil) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var base = String(name.map { forbidden.contains($0) || $0.isNewline ? "_" : $0 }).trimmingCharacters(in: .whitespaces)
        // A leading or trailing apostrophe is not allowed either.
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty || base.lowercased() == "history" { base = "Sheet\(sheets.count + 1)" }
        base = String(base.prefix(Self.maximumSheetNameLength))
        var unique = base
        var counter = 2
        let taken = Set(sheets.map { $0.name.lowercased() })
        while taken.contains(unique.lowercased()) {
            let suffix = " (\(counter))"
            unique = String(base.prefix(Self.maximumSheetNameLength - suffix.count)) + suffix
            counter += 1
        }
        let fitted = widths ?? header.map { Self.width(of: $0) }
        sheets.append(Sheet(name: unique, header: header, rows: rows, widths: fitted))
        return unique
    }

    /// A column width (in Excel's character units) that fits `text`: East Asian characters count
    /// twice, as they are drawn twice as wide; between 6 and 60.
    public static func width(of text: String) -> Double {
        let units = text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
        return Double(min(max(units + 2, 6), 60))
    }

    /// The workbook as `.xlsx` bytes (a ZIP archive of SpreadsheetML parts, ECMA-376).
    public func bytes() throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("[Content_Types].xml", contentTypes)
        try add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """)
        try add("xl/workbook.xml", workbookXML)
        try add("xl/_rels/workbook.xml.rels", workbookRelations)
        try add("xl/styles.xml", Self.stylesXML)
        for (index, sheet) in sheets.enumerated() {
            try add("xl/worksheets/sheet\(index + 1).xml", Self.sheetXML(sheet))
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return Array(data)
    }

    private var contentTypes: String {
        let overrides = sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            \(overrides)</Types>
            """
    }

    private var workbookXML: String {
        let entries = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(Self.escaped(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        // The autofilter of each sheet needs its defined name, or Excel repairs the file.
        let filters = sheets.enumerated().compactMap { index, sheet -> String? in
            guard let range = Self.filterRange(sheet) else { return nil }
            let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
            return "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">\(Self.escaped(quoted))!\(range.absolute)</definedName>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheets>\(entries)</sheets>\(filters.isEmpty ? "" : "<definedNames>\(filters)</definedNames>")</workbook>
            """
    }

    private var workbookRelations: String {
        let sheetRelations = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(sheetRelations)\
            <Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
    }

    /// Cell styles by index: 0 plain, 1 the bold header, 2 a whole percentage (built-in format 9, `0%`).
    static let stylesXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    /// The header and data range of a sheet (`A1:F12`), nil for a sheet without columns.
    static func filterRange(_ sheet: Sheet) -> (plain: String, absolute: String)? {
        let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        guard columns > 0, let last = SourceLocation.columnLetters(columns) else { return nil }
        let rows = sheet.rows.count + 1
        return ("A1:\(last)\(rows)", "$A$1:$\(last)$\(rows)")
    }

    static func sheetXML(_ sheet: Sheet) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
            """
        if !sheet.widths.isEmpty {
            xml += "<cols>" + sheet.widths.enumerated().map { index, width in
                "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }.joined() + "</cols>"
        }
        xml += "<sheetData>"
        func row(_ number: Int, _ cells: [Cell], style: Int) {
            xml += "<row r=\"\(number)\">"
            for (index, cell) in cells.enumerated() {
                guard let letters = SourceLocation.columnLetters(index + 1) else { continue }
                let reference = "\(letters)\(number)"
                switch cell {
                case .empty:
                    continue
                case .text(let text):
                    xml += "<c r=\"\(reference)\" t=\"inlineStr\"\(style == 0 ? "" : " s=\"\(style)\"")><is><t xml:space=\"preserve\">\(escaped(text))</t></is></c>"
                case .number(let value, let format):
                    // A value that is not finite has no cell form: left empty, as CSV leaves it.
                    guard value.isFinite else { continue }
                    let cellStyle = format == .percent ? 2 : style
                    xml += "<c r=\"\(reference)\"\(cellStyle == 0 ? "" : " s=\"\(cellStyle)\"")><v>\(CellValue.text(of: value))</v></c>"
                }
            }
            xml += "</row>"
        }
        row(1, sheet.header.map(Cell.text), style: 1)
        for (index, cells) in sheet.rows.enumerated() { row(index + 2, cells, style: 0) }
        xml += "</sheetData>"
        if let range = filterRange(sheet) { xml += "<autoFilter ref=\"\(range.plain)\"/>" }
        return xml + "</worksheet>"
    }

    /// Text escaped for XML: `& < > "` as entities; control characters XML 1.0 cannot carry
    /// (all below U+0020 but tab, line feed and carriage return) as OOXML's `_xHHHH_` escape,
    /// and a literal `_x` sequence protected as `_x005F_x`.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var previousUnderscore = false
        for scalar in text.unicodeScalars {
            defer { previousUnderscore = scalar == "_" }
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "x" where previousUnderscore:
                // `_x` written literally would read back as the start of an escape.
                result.removeLast()
                result += "_x005F_x"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
