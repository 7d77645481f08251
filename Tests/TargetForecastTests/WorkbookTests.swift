import Foundation
import Testing
import TargetForecast
import TestSupport
@testable import Workbooks
@testable import FileFormats

/// Excel workbooks as readings: the same readings as the CSV they were made from, cells as
/// spreadsheets store them, and locations by sheet and cell.
@Suite("Workbooks")
struct WorkbookTests {
    static func path(_ name: String) -> String { FixturePath.url("workbooks/\(name)").path }

    static func rows(_ file: ReadingsFile) -> [String] {
        file.readings.map { "\($0.reading.metric) \($0.reading.firstMonth.map { "\($0)…" } ?? "")\($0.reading.period) \($0.reading.value)" }
    }

    @Test func libreOfficeWorkbookGivesTheReadingsOfItsCSV() throws {
        let csv = try ReadingsFile.read(FixturePath.url("gulou-2021/readings.csv").path)
        let workbook = try ReadingsFile.read(Self.path("readings-libreoffice.xlsx"))
        #expect(Self.rows(workbook) == Self.rows(csv))
        #expect(workbook.readings.count == 2754)
    }

    /// openpyxl's workbook: dates shown 2021年3月, the Jan–Feb report as text, metric names merged
    /// over their rows, some values as text with thousands separators.
    @Test func bureauStyleWorkbookGivesTheReadingsOfItsCSV() throws {
        let csv = try ReadingsFile.read(FixturePath.url("gulou-2021/readings-by-name.csv").path)
        let workbook = try ReadingsFile.read(Self.path("readings-by-name.xlsx"))
        #expect(Self.rows(workbook) == Self.rows(csv))
        #expect(workbook.readings.contains { $0.reading.firstMonth != nil })
        #expect(workbook.missingCount == csv.missingCount)
    }

    @Test func readingsKeepTheirCellAsLocation() throws {
        let file = try ReadingsFile.read(Self.path("readings-by-name.xlsx"))
        let first = try #require(file.readings.first)
        #expect(first.location.sheet == "月度数据" && first.location.cell == "C2")
        #expect(first.location.description == Self.path("readings-by-name.xlsx") + ":月度数据!C2")
    }

    @Test func wideSheetIsChosenByNameIgnoringCase() throws {
        let file = try ReadingsFile.read(Self.path("wide-two-sheets.xlsx"), sheet: "data")
        #expect(file.layout == .wide)
        // Dates as Excel dates, #N/A and an empty cell missing, 2.8万 and "9,600" as text.
        #expect(Self.rows(file) == ["gdp 2021-01 100.5", "jobs 2021-01 2300.0", "gdp 2021-02 101.25", "jobs 2021-03 28000.0",
                                    "gdp 2021-04 103.0", "jobs 2021-04 9600.0"])
        #expect(file.missingCount == 2)
    }

    @Test func firstSheetWithoutReadingsNamesTheOtherSheets() {
        let error = #expect(throws: InputError.self) { try ReadingsFile.read(Self.path("wide-two-sheets.xlsx")) }
        let message = error?.diagnostics.first?.description ?? ""
        #expect(message.contains("wide-two-sheets.xlsx:Notes!A1: error: the header lacks"))
        #expect(message.contains("its other sheets are 'Data' (name one with --sheet)"))
    }

    @Test func unknownSheetListsTheSheets() {
        let error = #expect(throws: InputError.self) { try ReadingsFile.read(Self.path("wide-two-sheets.xlsx"), sheet: "Readings") }
        #expect(error?.diagnostics.first?.message == "the workbook has no sheet named 'Readings'; its sheets are 'Notes', 'Data'; expected --sheet to name one of them")
    }

    @Test func workbookBytesFromStandardInputAreRecognised() throws {
        let bytes = try FileBytes.read(Self.path("wide-two-sheets.xlsx"))
        let file = try ReadingsFile.parse(bytes, file: "-", sheet: "Data")
        #expect(file.readings.count == 6)
    }

    @Test func workbookAPIReadsRowsAndSheetNames() throws {
        let workbook = try Workbook.open(Self.path("wide-two-sheets.xlsx"))
        #expect(workbook.sheetNames == ["Notes", "Data"])
        var rows: [WorkbookRow] = []
        try workbook.forEachRow(inSheet: "Data") { rows.append($0) }
        #expect(rows.count == 5)
        #expect(rows[1].cells.map(\.value) == [.date(CalendarDay(year: 2021, month: 1, day: 31)), .number(100.5), .number(2300)])
        #expect(rows[3].cells.map(\.value) == [.date(CalendarDay(year: 2021, month: 3, day: 31)), .error("#N/A"), .text("2.8万")])
        #expect(rows[2].cells.map(\.column) == [1, 2])
    }

    /// libxml2 refuses to look more than 10 MB ahead in one chunk ("huge input lookup"): a sheet
    /// is streamed to it in pieces, so a sheet of 14 MB reads whole.
    @Test func sheetOverTenMegabytesIsReadWhole() throws {
        var book = WorkbookWriter()
        let rows: [[WorkbookWriter.Cell]] = (0..<70_000).map { index in
            [.text("metric-with-a-long-name-\(index / 100)"), .text("\(2000 + index % 100 / 12)-\((index % 12) + 1)"), .number(Double(index) + 0.5)]
        }
        book.addSheet(named: "Data", header: ["metric", "period", "value"], rows: rows)
        let bytes = try book.bytes()
        let file = try ReadingsFile.parse(bytes, file: "big.xlsx")
        #expect(file.readings.count == 70_000)
        #expect(file.readings.last?.reading.value == 69_999.5)
        #expect(file.readings.last?.location.cell == "C70001")
    }

    @Test func writtenWorkbookReadsBackCellForCell() throws {
        var book = WorkbookWriter()
        let name = book.addSheet(named: "a/b: [c]?", header: ["text", "number", "share"],
                                 rows: [[.text("<&\"> _x0041_ 鼓楼\u{1}"), .number(-2.5e-7), .number(0.625, .percent)], [.empty, .number(9600), .empty]])
        #expect(name == "a_b_ _c__")
        #expect(book.addSheet(named: "A_B_ _C__", header: [], rows: []) == "A_B_ _C__ (2)")
        let workbook = try Workbook(bytes: try book.bytes(), file: "w.xlsx")
        #expect(workbook.sheetNames == ["a_b_ _c__", "A_B_ _C__ (2)"])
        var rows: [[CellValue]] = []
        try workbook.forEachRow(inSheet: nil) { rows.append($0.cells.map(\.value)) }
        #expect(rows == [[.text("text"), .text("number"), .text("share")],
                         [.text("<&\"> _x0041_ 鼓楼\u{1}"), .number(-2.5e-7), .number(0.625)], [.number(9600)]])
    }

    @Test func sheetLocationsReadAsSpreadsheetsWriteThem() {
        #expect(SourceLocation(file: "a.xlsx", sheet: "Sheet1", row: 14, column: 3).description == "a.xlsx:Sheet1!C14")
        #expect(SourceLocation(file: "a.xlsx", sheet: "My data", row: 2, column: 28).description == "a.xlsx:'My data'!AB2")
        #expect(SourceLocation(file: "a.xlsx", sheet: "Bob's", row: 1, column: 1).description == "a.xlsx:'Bob''s'!A1")
        #expect(SourceLocation(file: "a.xlsx", sheet: "月度数据", row: nil).description == "a.xlsx:月度数据")
        #expect(SourceLocation.columnLetters(16384) == "XFD" && SourceLocation.columnLetters(26) == "Z" && SourceLocation.columnLetters(0) == nil)
        let record = DiagnosticRecord(Diagnostic(.error, at: SourceLocation(file: "a.xlsx", sheet: "S", row: 5, column: 2), "x"))
        #expect(record.sheet == "S" && record.cell == "B5" && record.line == 5 && record.column == 2)
    }
}

/// Excel's serial day numbers and number formats, against the values Excel itself shows.
@Suite("Workbook cells")
struct WorkbookCellTests {
    /// Serial numbers and the days Excel (1900 system) displays for them: 1 = 1900-01-01, 59 =
    /// 1900-02-28, 61 = 1900-03-01 (60 is Lotus's 29 February 1900), 44197 = 2021-01-01,
    /// 2958465 = 9999-12-31; in the 1904 system 0 = 1904-01-01 and 42735 = 2021-01-01.
    @Test func serialNumbersAreTheDaysExcelShows() {
        func day(_ serial: Double, _ uses1904: Bool = false) -> String? {
            CalendarDay(excelSerial: serial, uses1904: uses1904)?.description
        }
        #expect(day(1) == "1900-01-01")
        #expect(day(59) == "1900-02-28")
        #expect(day(61) == "1900-03-01")
        #expect(day(44197) == "2021-01-01")
        #expect(day(44227.75) == "2021-01-31")  // a time of day is dropped
        #expect(day(2_958_465) == "9999-12-31")
        #expect(day(0) == nil && day(2_958_466) == nil && day(.nan) == nil)
        #expect(day(0, true) == "1904-01-01")
        #expect(day(42735, true) == "2021-01-01")
    }

    @Test func numberFormatsThatShowDatesAreRecognised() {
        for code in ["yyyy-mm-dd", "yyyy\"年\"m\"月\"", "m/d/yy", "[$-804]yyyy年m月", "mmm-yy", "d-mmm", "yyyy/m/d h:mm"] {
            #expect(StylesParser.isDateFormat(code), "\(code)")
        }
        for code in ["0.00", "#,##0", "h:mm:ss", "0%", "\"day\" 0", "[Red]0.0", "General", "0.0_);(0.0)"] {
            #expect(!StylesParser.isDateFormat(code), "\(code)")
        }
    }

    @Test func cellTextIsWhatAPersonReads() {
        #expect(CellValue.number(9600).text == "9600")
        #expect(CellValue.number(0.1).text == "0.1")
        #expect(CellValue.number(-2.5e-7).text == "-2.5e-07")
        #expect(CellValue.boolean(true).text == "TRUE")
    }
}

/// A targets file as a table, one row per target: the same catalogue as the YAML form.
@Suite("Targets tables")
struct TargetsTableTests {
    static let yaml = FixturePath.url("gulou-2021/targets.yaml").path

    static func summary(_ file: TargetsFile) -> [String] {
        file.catalogue.targets.map { target in
            let metric = file.catalogue.metrics.first { $0.id == target.metric }
            return [target.id, target.item.map(String.init) ?? "", target.title, target.metric ?? "", target.kind.rawValue,
                    target.direction.rawValue, target.value.map { "\($0)" } ?? "null", target.unit ?? "", target.firmness.rawValue,
                    target.lead.joined(separator: "|"), target.support.joined(separator: "|"), target.deadline.map { "\($0)" } ?? "",
                    target.versus ?? "", metric.map { "\($0.name)/\($0.unit)/\($0.reading.rawValue)/\($0.aliases)/\(String(describing: $0.minimum))/\(String(describing: $0.maximum))" } ?? "",
            ].joined(separator: " · ")
        }
    }

    @Test(arguments: ["targets-table.csv", "targets-table.xlsx"])
    func tableGivesTheCatalogueOfTheYAMLFile(name: String) throws {
        let table = try TargetsFile.read(FixturePath.url("workbooks/\(name)").path)
        let yaml = try TargetsFile.read(Self.yaml)
        #expect(table.catalogue.year == 2021)
        #expect(Self.summary(table) == Self.summary(yaml))
        #expect(table.diagnostics.filter { $0.severity == .warning }.count == yaml.diagnostics.filter { $0.severity == .warning }.count)
    }

    @Test func emptyThresholdIsAPlaceholderAtItsCell() throws {
        let table = try TargetsFile.read(FixturePath.url("workbooks/targets-table.xlsx").path)
        let warning = try #require(table.diagnostics.first { $0.message.contains("t30-energy-intensity") })
        #expect(warning.location.sheet == "目标任务" && warning.location.cell == "G40")
        #expect(warning.message.contains("(its value cell is empty)"))
    }

    @Test func unknownColumnIsAWarningAndTheYearComesFromTheDeadlines() throws {
        let text = "id,title,metric,kind,value,unit,reading,deadline,备注\nt1,确保新增城镇就业2.8万人,jobs,total,2.8万,人,ytd,2021-12,说明\n"
        let file = try TargetsFile.parse(Array(text.utf8), file: "t.csv")
        #expect(file.catalogue.year == 2021 && file.catalogue.targets.first?.value == 28000)
        #expect(file.diagnostics.contains { $0.severity == .warning && $0.message.hasPrefix("column '备注' is not a column of a targets table") && $0.location.column == 50 })
    }

    @Test func tablesGivenInEachOthersPlaceAreNamed() {
        let asTargets = #expect(throws: InputError.self) { try TargetsFile.read(FixturePath.url("workbooks/readings-by-name.xlsx").path) }
        #expect(asTargets?.diagnostics.first?.message.hasPrefix("this is a table of readings (its header is '指标名称, 时间, 数值')") == true)
        let asReadings = #expect(throws: InputError.self) { try ReadingsFile.read(FixturePath.url("workbooks/targets-table.xlsx").path) }
        #expect(asReadings?.diagnostics.first?.message.hasPrefix("this is a targets table (its header names id, title and kind)") == true)
        #expect(asReadings?.diagnostics.first?.location.cell == "A1")
    }

    @Test func messagesNameTheColumnNotTheYAMLPath() {
        #expect(TargetsTable.subject(of: "targets[3].kind: 'totl' is not valid").2 == "kind: 'totl' is not valid")
        #expect(TargetsTable.subject(of: "metrics[0].unit: expected text").2 == "metric unit: expected text")
        #expect(TargetsTable.subject(of: "targets[1].lead[0]: expected text").2 == "lead: expected text")
    }
}

extension TargetsTableTests {
    @Test func linkingATableWritesYAMLAndNeverOverTheTable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tf-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = folder.appendingPathComponent("targets.csv").path
        let text = "id,title,metric,kind,value,unit,reading,year\nt45,确保新增城镇就业2.8万人,jobs,total,28000,人,ytd,2021\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: table))
        let readings = folder.appendingPathComponent("readings.csv").path
        try Data("指标名称,时间,数值\n新增城镇就业,2021年1-2月,3000\n".utf8).write(to: URL(fileURLWithPath: readings))
        let link = try TargetsLink(targetsFile: table, readingsFiles: [readings], chosen: ["jobs": "新增城镇就业"])
        #expect(link.isTable)
        #expect(throws: InputError.self) { try link.write(to: table) }
        #expect(try String(contentsOfFile: table, encoding: .utf8) == text)
        let yaml = folder.appendingPathComponent("linked.yaml").path
        try link.write(to: yaml)
        let linked = try TargetsFile.read(yaml)
        #expect(linked.catalogue.metrics.first?.aliases == ["新增城镇就业"])
        #expect(linked.catalogue.targets.first?.value == 28000)
    }
}
