import Foundation
import TargetData

/// An Excel workbook (`.xlsx`) opened for reading: its sheets, shared strings and date styles.
///
/// The sheets' cells are read row by row (``forEachRow(inSheet:_:)``), so a caller keeps only
/// what it needs of a large sheet; the archive and the one XML part being read are held in memory
/// (a part is refused above ``maximumPartBytes`` unpacked, which stops a ZIP bomb).
///
/// ```swift
/// let workbook = try Workbook.open("readings.xlsx")
/// try workbook.forEachRow(inSheet: nil) { row in print(row.number, row.cells.map(\.value.text)) }
/// ```
public struct Workbook: Sendable {
    /// The file as the user named it, for locations.
    public let file: String
    /// The worksheets' names in workbook order (chart sheets are left out).
    public let sheetNames: [String]
    /// The archive path of each worksheet's XML part, parallel to ``sheetNames``.
    let sheetParts: [String]
    let sharedStrings: [String]
    /// For each cell style (`s` attribute of a cell), whether its number format is a date.
    let dateStyles: [Bool]
    /// Whether the workbook counts serial dates from 1904 (`<workbookPr date1904="1"/>`).
    let uses1904: Bool
    let archive: ZIPArchive

    /// The largest unpacked size of one XML part (a sheet of a million rows is well under it).
    public static let maximumPartBytes = 1 << 30

    /// Whether `bytes` begin as a ZIP archive does (`PK\u{3}\u{4}`): an .xlsx, .docx or .zip file.
    public static func looksLikeZIP(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    /// Opens the workbook at `path`.
    public static func open(_ path: String) throws(InputError) -> Workbook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(SourceLocation(file: path), "cannot read the workbook: no such file, or it is not readable")
        }
        return try Workbook(bytes: [UInt8](data), file: path)
    }

    /// A workbook from its bytes (a file's, standard input's); `file` names it in locations.
    public init(bytes: [UInt8], file: String) throws(InputError) {
        self.file = file
        let archive = try ZIPArchive(bytes: bytes, file: file)
        self.archive = archive
        // _rels/.rels names the workbook part; xl/workbook.xml when it is missing (as in most files).
        var rootRelations: [Relation] = []
        if let xml = try Self.part("_rels/.rels", in: archive, required: false) {
            rootRelations = try Self.parseRelations(xml, part: "_rels/.rels", base: "", file: file)
        }
        let workbookPart = rootRelations.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard let workbookXML = try Self.part(workbookPart, in: archive, required: false) else {
            throw InputError(SourceLocation(file: file),
                             "this ZIP archive has no \(workbookPart): it is not an Excel workbook (.xlsx); expected a workbook saved by Excel, LibreOffice or WPS as .xlsx (an old .xls or an .xlsb must be saved again as .xlsx)")
        }
        let book = try WorkbookPartParser.parse(workbookXML, part: workbookPart, file: file)
        let base = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let relationsPart = (base.isEmpty ? "" : base + "/") + "_rels/" + (workbookPart.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        var relations: [Relation] = []
        if let xml = try Self.part(relationsPart, in: archive, required: false) {
            relations = try Self.parseRelations(xml, part: relationsPart, base: base, file: file)
        }
        let byID = Dictionary(relations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var names: [String] = [], parts: [String] = []
        for (index, sheet) in book.sheets.enumerated() {
            // Without relationships, the conventional name of the n-th sheet's part.
            let relation = sheet.relationID.flatMap { byID[$0] }
            if let relation, !relation.type.hasSuffix("/worksheet") { continue }  // a chart sheet or a macro sheet
            names.append(sheet.name)
            parts.append(relation?.target ?? (base.isEmpty ? "" : base + "/") + "worksheets/sheet\(index + 1).xml")
        }
        sheetNames = names
        sheetParts = parts
        uses1904 = book.uses1904
        let stringsPart = relations.first { $0.type.hasSuffix("/sharedStrings") }?.target ?? "xl/sharedStrings.xml"
        if let xml = try Self.part(stringsPart, in: archive, required: false) {
            sharedStrings = try SharedStringsParser.parse(xml, part: stringsPart, file: file)
        } else {
            sharedStrings = []
        }
        let stylesPart = relations.first { $0.type.hasSuffix("/styles") }?.target ?? "xl/styles.xml"
        if let xml = try Self.part(stylesPart, in: archive, required: false) {
            dateStyles = try StylesParser.parse(xml, part: stylesPart, file: file)
        } else {
            dateStyles = []
        }
    }

    /// Reads the rows of the sheet named `name` (the first sheet when nil) in order, calling
    /// `body` with each row that has a non-empty cell.
    ///
    /// Merged cells (`<mergeCells>`) are filled down: every row of a merged range gets the
    /// range's top-left value in the range's first column, as a reader of the sheet sees it (a
    /// metric name merged over its rows). Cells to the right inside a range stay empty.
    ///
    /// - Throws: `InputError` located at the sheet (and cell) when the sheet does not exist, its XML
    ///   is malformed, a cell's value is unreadable, or `body` throws.
    public func forEachRow(inSheet name: String?, _ body: (WorkbookRow) throws(InputError) -> Void) throws(InputError) {
        let index = try sheetIndex(name)
        guard let xml = try Self.part(sheetParts[index], in: archive, required: true) else { return }
        let sheet = SheetContext(name: sheetNames[index], file: file, sharedStrings: sharedStrings, dateStyles: dateStyles, uses1904: uses1904)
        try SheetParser.parse(xml, part: sheetParts[index], sheet: sheet, body)
    }

    /// The name of the sheet `requested` names (exactly, or else ignoring case), or of the first
    /// sheet when nil.
    ///
    /// - Throws: `InputError` listing the workbook's sheets when there is no such sheet.
    public func sheetName(_ requested: String?) throws(InputError) -> String {
        sheetNames[try sheetIndex(requested)]
    }

    private func sheetIndex(_ requested: String?) throws(InputError) -> Int {
        let found = requested.map { wanted in
            sheetNames.firstIndex(of: wanted) ?? sheetNames.firstIndex { $0.lowercased() == wanted.lowercased() }
        } ?? (sheetNames.isEmpty ? nil : 0)
        guard let found else {
            let available = sheetNames.isEmpty ? "it has no worksheets" : "its sheets are " + sheetNames.map { "'\($0)'" }.joined(separator: ", ")
            throw InputError(SourceLocation(file: file),
                             requested.map { "the workbook has no sheet named '\($0)'; \(available); expected --sheet to name one of them" }
                                 ?? "the workbook has no worksheet; expected at least one sheet of readings")
        }
        return found
    }

    // MARK: Parts of the archive

    /// The unpacked bytes of the part at `path` (nil when it is not in the archive and not `required`).
    private static func part(_ path: String, in archive: ZIPArchive, required: Bool) throws(InputError) -> Data? {
        guard let entry = archive.entry(path) else {
            if required {
                throw InputError(SourceLocation(file: archive.file), "the workbook lists the part \(path), which its archive does not contain: it is damaged; expected a complete .xlsx file")
            }
            return nil
        }
        if entry.path.hasSuffix("/") { return nil }  // a folder
        return Data(try archive.contents(of: entry, maximumSize: maximumPartBytes))
    }

    struct Relation {
        var id: String
        var type: String
        /// The target's path inside the archive.
        var target: String
    }

    private static func parseRelations(_ data: Data, part: String, base: String, file: String) throws(InputError) -> [Relation] {
        let elements = try XMLElements.collect(data, part: part, file: file, names: ["Relationship"])
        return elements.compactMap { element -> Relation? in
            guard let id = element["Id"], let target = element["Target"], element["TargetMode"] != "External" else { return nil }
            return Relation(id: id, type: element["Type"] ?? "", target: resolve(target, against: base))
        }
    }

    /// A relationship's target as an archive path: `/xl/x.xml` from the root, `worksheets/a.xml`
    /// relative to the source part's folder, `..` segments folded.
    static func resolve(_ target: String, against base: String) -> String {
        var segments: [Substring] = target.hasPrefix("/") ? [] : base.split(separator: "/")
        for segment in target.split(separator: "/") {
            if segment == ".." { _ = segments.popLast() } else if segment != "." { segments.append(segment) }
        }
        return segments.joined(separator: "/")
    }
}

