import Foundation
import Testing
import TargetForecast
import TestSupport
@testable import Workbooks

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
