import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TargetData

// The SpreadsheetML parts a reader needs (ECMA-376 Part 1, §18), each parsed by one
// XMLParser delegate. Element and attribute names are compared by local name, so files whose
// writer put the elements under a prefix (`x:row`) read like the usual unprefixed ones.

/// The local part of a qualified XML name: `x:row` → `row`.
@inline(__always) func localName(_ name: String) -> Substring {
    guard let colon = name.lastIndex(of: ":") else { return Substring(name) }
    return name[name.index(after: colon)...]
}

/// The base of the parts' delegates: keeps the first XML error with where it happened, and
/// lets a subclass stop the parse with its own error. (Subclasses override these methods: the
/// base implements every callback the parts use, so that each reaches the subclass.)
class PartDelegate: NSObject, XMLParserDelegate {
    /// The error that stopped the parse, when a subclass raised one.
    var failure: InputError?
    /// The first XML error: libxml2's code, and the line and column of the part.
    var xmlError: (code: Int, line: Int, column: Int)?

    func fail(_ parser: XMLParser, _ error: InputError) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String]) {}
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {}
    func parser(_ parser: XMLParser, foundCharacters string: String) {}
    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        self.parser(parser, foundCharacters: String(decoding: block, as: UTF8.self))
    }
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if xmlError == nil { xmlError = ((parseError as NSError).code, parser.lineNumber, parser.columnNumber) }
    }
}

/// Refuses a part that is not UTF-8 (as every spreadsheet program writes them): libxml2 passes
/// an invalid byte in a name or attribute through to XMLParser, which traps on it (swift-corelibs-
/// foundation in Swift 6.3; found by `Fuzz/`'s FuzzWorkbook).
func requireUTF8(_ data: Data, part: String, file: String) throws(InputError) {
    let valid = data.withUnsafeBytes { bytes in
        !bytes.contains(0) && String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) != nil
    }
    guard valid else {
        throw InputError(SourceLocation(file: file),
                         "the workbook's part \(part) is not UTF-8 text (or holds a NUL byte); the file is damaged; expected an .xlsx file as a spreadsheet program saves it")
    }
}

/// What libxml2's commonest error codes mean (its xmlParserErrors enum).
let xmlErrorNames: [Int: String] = [
    4: "the document is empty", 5: "extra content after the document's end", 9: "a character XML does not allow",
    23: "an attribute without a value", 38: "an attribute's quote is not closed", 41: "a '<' inside an attribute value",
    68: "a name was expected", 73: "'>' was expected", 76: "an element's closing tag does not match its opening tag",
    77: "the document ends inside an element",
]

/// Parses `data` with `delegate`, turning a failure into a located error (an error the delegate
/// raised first wins: it says more than the parser's abort). XMLParser on Linux can return true
/// after an error it recovered from, so the recorded error is checked too.
func run(_ data: Data, _ delegate: PartDelegate, part: String, file: String) throws(InputError) {
    try requireUTF8(data, part: part, file: file)
    // A stream, read in chunks: libxml2 shrinks its buffer between chunks, where one chunk of a
    // sheet over 10 MB fails with its "huge input lookup" limit (XML_MAX_LOOKUP_LIMIT).
    let parser = XMLParser(stream: InputStream(data: data))
    parser.delegate = delegate
    parser.shouldProcessNamespaces = false
    parser.shouldResolveExternalEntities = false
    let succeeded = parser.parse()
    if let failure = delegate.failure { throw failure }
    guard succeeded, delegate.xmlError == nil, parser.parserError == nil else {
        let error = delegate.xmlError ?? ((parser.parserError as NSError?)?.code ?? 0, parser.lineNumber, parser.columnNumber)
        let reason = xmlErrorNames[error.code] ?? "XML error \(error.code)"
        throw InputError(SourceLocation(file: file),
                         "the workbook's part \(part) is not well-formed XML (its line \(error.line), column \(error.column): \(reason)); the file is damaged; expected an .xlsx file as a spreadsheet program saves it")
    }
}

/// The attributes (by local name) of every element with one of a few names, in document order.
enum XMLElements {
    static func collect(_ data: Data, part: String, file: String, names: Set<String>) throws(InputError) -> [[String: String]] {
        final class Collector: PartDelegate {
            let names: Set<String>
            var elements: [[String: String]] = []
            init(names: Set<String>) { self.names = names }
            override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                        qualifiedName: String?, attributes: [String: String]) {
                guard names.contains(String(localName(elementName))) else { return }
                var local: [String: String] = [:]
                for (key, value) in attributes { local[String(localName(key))] = value }
                elements.append(local)
            }
        }
        let collector = Collector(names: names)
        try run(data, collector, part: part, file: file)
        return collector.elements
    }
}

/// `xl/workbook.xml`: the sheets in order (name and relationship id) and the date system.
enum WorkbookPartParser {
    struct Sheet {
        var name: String
        var relationID: String?
    }

    static func parse(_ data: Data, part: String, file: String) throws(InputError) -> (sheets: [Sheet], uses1904: Bool) {
        let elements = try XMLElements.collect(data, part: part, file: file, names: ["sheet", "workbookPr"])
        var sheets: [Sheet] = []
        var uses1904 = false
        for element in elements {
            if let name = element["name"] {
                sheets.append(Sheet(name: name, relationID: element["id"]))
            } else if let flag = element["date1904"] {
                uses1904 = flag == "1" || flag.lowercased() == "true"
            }
        }
        return (sheets, uses1904)
    }
}

/// `xl/sharedStrings.xml`: the text of each `<si>`, rich-text runs joined, phonetic guides
/// (`<rPh>`, furigana) left out.
enum SharedStringsParser {
    static func parse(_ data: Data, part: String, file: String) throws(InputError) -> [String] {
        final class Strings: PartDelegate {
            var strings: [String] = []
            var current = ""
            var inItem = false, inText = false, phonetic = 0
            override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                        qualifiedName: String?, attributes: [String: String]) {
                switch localName(elementName) {
                case "si": inItem = true; current = ""
                case "t": inText = inItem && phonetic == 0
                case "rPh": phonetic += 1
                default: break
                }
            }
            override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
                switch localName(elementName) {
                case "si": strings.append(current); inItem = false
                case "t": inText = false
                case "rPh": phonetic -= 1
                default: break
                }
            }
            override func parser(_ parser: XMLParser, foundCharacters string: String) {
                if inText { current += string }
            }
        }
        let strings = Strings()
        try run(data, strings, part: part, file: file)
        return strings.strings.map(unescapeOOXML)
    }
}

/// OOXML's escape for characters XML cannot carry: `_x000D_` is U+000D (ECMA-376 Part 1,
/// §22.9.2.19, ST_Xstring); `_x005F_` escapes the underscore itself.
func unescapeOOXML(_ text: String) -> String {
    // Most text has no underscore at all: a byte scan, not Foundation's substring search (which
    // took 4% of reading a 100,000-row sheet).
    guard text.utf8.contains(UInt8(ascii: "_")), text.contains("_x") else { return text }
    var result = ""
    var rest = Substring(text)
    while let start = rest.range(of: "_x") {
        result += rest[..<start.lowerBound]
        let after = rest[start.upperBound...]
        let hex = after.prefix(4)
        if hex.count == 4, after.dropFirst(4).first == "_", let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
            result.unicodeScalars.append(scalar)
            rest = after.dropFirst(5)
        } else {
            result += "_x"
            rest = after
        }
    }
    return result + rest
}

/// `xl/styles.xml`: for each cell format (`<cellXfs><xf numFmtId=…>`), whether it shows a date.
enum StylesParser {
    /// Built-in number formats that are dates or times (ECMA-376 Part 1, §18.8.30: 14–22, 45–47;
    /// the East Asian built-ins 27–36 and 50–58 are dates in zh-CN, ja-JP and ko-KR Excel).
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    static func parse(_ data: Data, part: String, file: String) throws(InputError) -> [Bool] {
        final class Styles: PartDelegate {
            var customFormats: [Int: String] = [:]
            var cellFormats: [Int] = []
            var inCellXfs = false
            override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                        qualifiedName: String?, attributes: [String: String]) {
                switch localName(elementName) {
                case "numFmt":
                    if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { customFormats[id] = code }
                case "cellXfs": inCellXfs = true
                case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
                default: break
                }
            }
            override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
                if localName(elementName) == "cellXfs" { inCellXfs = false }
            }
        }
        let styles = Styles()
        try run(data, styles, part: part, file: file)
        return styles.cellFormats.map { id in
            if let code = styles.customFormats[id] { return isDateFormat(code) }
            return builtInDateFormats.contains(id)
        }
    }

    /// Whether a number format code shows a date: it has a y, d or m (or 年/月/日) outside quoted
    /// text, escapes and colour or locale brackets, and is not only a time (`h:mm`, where m is minutes).
    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false, inBrackets = false, escaped = false
        var sawDatePart = false, sawHour = false
        for character in code {
            if escaped { escaped = false; continue }
            if inQuotes { if character == "\"" { inQuotes = false }; continue }
            if inBrackets { if character == "]" { inBrackets = false }; continue }
            switch character {
            case "\"": inQuotes = true
            case "[": inBrackets = true
            case "\\", "_", "*": escaped = true
            case "y", "Y", "d", "D", "年", "月", "日": sawDatePart = true
            case "m", "M": if !sawHour { sawDatePart = true }
            case "h", "H": sawHour = true
            case ";": return sawDatePart  // the first section decides
            default: break
            }
        }
        return sawDatePart
    }
}

/// What a sheet's cells refer to: the shared strings and the styles that are dates.
struct SheetContext {
    var name: String
    var file: String
    var sharedStrings: [String]
    var dateStyles: [Bool]
    var uses1904: Bool

    func location(row: Int?, column: Int? = nil) -> SourceLocation {
        SourceLocation(file: file, sheet: name, row: row, column: column)
    }
}

/// A worksheet part (`<sheetData><row><c>…`), row by row, with merged ranges filled down.
enum SheetParser {
    static func parse(_ data: Data, part: String, sheet: SheetContext, _ body: (WorkbookRow) throws(InputError) -> Void) throws(InputError) {
        let merges = try mergedRanges(data, sheet: sheet)
        try withoutActuallyEscaping(body, do: { (body) throws(InputError) in
            let rows = Rows(sheet: sheet, merges: merges, body: body)
            try run(data, rows, part: part, file: sheet.file)
        })
    }

    /// A merged range: rows `rows` of column `column` show the top-left cell's value.
    struct MergedRange {
        var column: Int
        var rows: ClosedRange<Int>
    }

    /// The merged ranges of the sheet that span more than one row. `<mergeCells>` follows
    /// `<sheetData>` in the part, so it is found first with a byte search from the end and only
    /// that element parsed, rather than holding every row until the end.
    static func mergedRanges(_ data: Data, sheet: SheetContext) throws(InputError) -> [MergedRange] {
        guard let start = data.range(of: Data("mergeCells".utf8), options: .backwards) else { return [] }
        // The last occurrence is the closing tag (or a self-closing empty element); find the opening one.
        let opening = data.range(of: Data("mergeCells".utf8), options: .backwards, in: data.startIndex..<start.lowerBound)
            ?? start
        guard let open = data[..<opening.lowerBound].lastIndex(of: UInt8(ascii: "<")),
              let close = data[start.upperBound...].firstIndex(of: UInt8(ascii: ">")) else { return [] }
        // Parsed as a fragment: a prefixed writer's undeclared prefix is declared for it.
        var fragment = Data("<fragment xmlns:x=\"urn:x\" xmlns:main=\"urn:main\">".utf8)
        fragment.append(data[open...close])
        fragment.append(Data("</fragment>".utf8))
        guard let elements = try? XMLElements.collect(fragment, part: "mergeCells", file: sheet.file, names: ["mergeCell"]) else { return [] }
        var ranges: [MergedRange] = []
        for element in elements {
            guard let reference = element["ref"] else { continue }
            let corners = reference.split(separator: ":")
            guard corners.count == 2,
                  let first = CellReference.parse(corners[0]), let last = CellReference.parse(corners[1]),
                  let column = first.column, let top = first.row, let bottom = last.row, bottom > top else { continue }
            ranges.append(MergedRange(column: column, rows: top...bottom))
        }
        return ranges
    }

    /// How many characters of one cell's text are kept (Excel's own limit is 32,767).
    static let maximumCellCharacters = 32_767

    final class Rows: PartDelegate {
        let sheet: SheetContext
        let body: (WorkbookRow) throws(InputError) -> Void
        /// Merged ranges by their top row; the values to fill down, by column, while inside one.
        var mergesByTop: [Int: [MergedRange]] = [:]
        var filling: [(range: MergedRange, value: CellValue)] = []

        var rowNumber = 0
        var cells: [WorkbookCell] = []
        var inSheetData = false
        // The cell being read.
        var cellColumn = 0
        var cellType: String?
        var cellStyle = 0
        var text = ""
        var collecting = false
        var inInline = false, phonetic = 0
        var sawValue = false

        init(sheet: SheetContext, merges: [MergedRange], body: @escaping (WorkbookRow) throws(InputError) -> Void) {
            self.sheet = sheet
            self.body = body
            super.init()
            for merge in merges { mergesByTop[merge.rows.lowerBound, default: []].append(merge) }
        }

        override func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String]) {
            guard failure == nil else { return }
            switch localName(elementName) {
            case "sheetData":
                inSheetData = true
            case "row" where inSheetData:
                let next = rowNumber + 1
                if let written = attributes["r"] {
                    guard let number = Int(written), number >= 1, number <= CellReference.maximumRow, number > rowNumber else {
                        return fail(parser, InputError(sheet.location(row: next),
                                                       "row number '\(written.prefix(20))' is not a row after \(rowNumber); the sheet is damaged; expected rows in order from 1 to \(CellReference.maximumRow)"))
                    }
                    rowNumber = number
                } else {
                    guard next <= CellReference.maximumRow else { return fail(parser, InputError(sheet.location(row: rowNumber), "the sheet has more than \(CellReference.maximumRow) rows")) }
                    rowNumber = next
                }
                cells = []
                cellColumn = 0
            case "c" where inSheetData:
                let next = cellColumn + 1
                if let reference = attributes["r"] {
                    guard let parsed = CellReference.parse(Substring(reference)), let column = parsed.column,
                          parsed.row == nil || parsed.row == rowNumber, column > cellColumn else {
                        return fail(parser, InputError(sheet.location(row: rowNumber, column: next),
                                                       "cell reference '\(reference.prefix(20))' is not a cell of row \(rowNumber) after column \(SourceLocation.columnLetters(cellColumn) ?? "0"); the sheet is damaged; expected cells in order, A to XFD"))
                    }
                    cellColumn = column
                } else {
                    guard next <= CellReference.maximumColumn else { return fail(parser, InputError(sheet.location(row: rowNumber), "row \(rowNumber) has more than \(CellReference.maximumColumn) cells")) }
                    cellColumn = next
                }
                cellType = attributes["t"]
                cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
                text = ""
                sawValue = false
                inInline = false
            case "v" where inSheetData:
                collecting = true
                sawValue = true
                text = ""
            case "is" where inSheetData:
                inInline = true
                sawValue = true
                text = ""
            case "t" where inInline:
                collecting = phonetic == 0
            case "rPh" where inInline:
                phonetic += 1
            default:
                break
            }
        }

        override func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard collecting, failure == nil else { return }
            guard text.utf8.count + string.utf8.count <= SheetParser.maximumCellCharacters * 4 else {
                return fail(parser, InputError(sheet.location(row: rowNumber, column: cellColumn),
                                               "the cell holds more than \(SheetParser.maximumCellCharacters) characters, Excel's limit; the sheet is damaged"))
            }
            text += string
        }

        override func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard failure == nil else { return }
            switch localName(elementName) {
            case "v", "t":
                collecting = false
            case "rPh" where inInline:
                phonetic -= 1
            case "is":
                inInline = false
            case "c" where inSheetData:
                if sawValue, let value = cellValue(parser) { cells.append(WorkbookCell(column: cellColumn, value: value)) }
            case "row" where inSheetData:
                finishRow(parser)
            case "sheetData":
                inSheetData = false
            default:
                break
            }
        }

        /// The value of the cell just closed, by its type (ECMA-376 Part 1, §18.18.11, ST_CellType).
        func cellValue(_ parser: XMLParser) -> CellValue? {
            let at = sheet.location(row: rowNumber, column: cellColumn)
            // Stored values are rarely padded: trimmed (through NSString, 13% of reading a
            // 100,000-row sheet) only when they start or end with a space.
            func trimmed(_ text: String) -> String {
                guard let first = text.utf8.first, let last = text.utf8.last,
                      first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return text }
                return text.trimmingCharacters(in: .whitespaces)
            }
            switch cellType {
            case "s":
                guard let index = Int(trimmed(text)), sheet.sharedStrings.indices.contains(index) else {
                    fail(parser, InputError(at, "the cell refers to shared string '\(text.prefix(20))', which the workbook (\(sheet.sharedStrings.count) shared strings) does not have; the file is damaged; expected a workbook as a spreadsheet program saves it"))
                    return nil
                }
                let string = sheet.sharedStrings[index]
                return string.isEmpty ? nil : .text(string)
            case "inlineStr", "str":
                let string = unescapeOOXML(text)
                return string.isEmpty ? nil : .text(string)
            case "b":
                return .boolean(trimmed(text) == "1")
            case "e":
                return .error(trimmed(text))
            case "d":
                // Strict OOXML's ISO 8601 dates (2021-03-31 or 2021-03-31T00:00:00).
                let day = text.prefix(10).split(separator: "-").compactMap { Int($0) }
                if day.count == 3 { return .date(CalendarDay(year: day[0], month: day[1], day: day[2])) }
                return text.isEmpty ? nil : .text(text)
            default:
                let stored = trimmed(text)
                if stored.isEmpty { return nil }
                guard let number = Double(stored), number.isFinite else {
                    fail(parser, InputError(at, "the cell's stored number '\(stored.prefix(30))' is not a number; the file is damaged; expected a workbook as a spreadsheet program saves it"))
                    return nil
                }
                if sheet.dateStyles.indices.contains(cellStyle), sheet.dateStyles[cellStyle],
                   let day = CalendarDay(excelSerial: number, uses1904: sheet.uses1904) {
                    return .date(day)
                }
                return .number(number)
            }
        }

        func finishRow(_ parser: XMLParser) {
            // Merged ranges: start those whose top row this is, fill those it is inside.
            for merge in mergesByTop[rowNumber] ?? [] {
                if let top = cells.first(where: { $0.column == merge.column }) { filling.append((merge, top.value)) }
            }
            filling.removeAll { $0.range.rows.upperBound < rowNumber }
            for (range, value) in filling where range.rows.lowerBound < rowNumber && range.rows.contains(rowNumber) {
                if let at = cells.firstIndex(where: { $0.column >= range.column }) {
                    if cells[at].column != range.column { cells.insert(WorkbookCell(column: range.column, value: value), at: at) }
                } else {
                    cells.append(WorkbookCell(column: range.column, value: value))
                }
            }
            guard !cells.isEmpty else { return }
            do {
                try body(WorkbookRow(number: rowNumber, cells: cells))
            } catch {
                fail(parser, error)
            }
        }
    }
}
