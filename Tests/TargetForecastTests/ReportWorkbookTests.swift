import Foundation
import Testing
import TargetForecast
import TestSupport

/// `forecast run --format xlsx`: the workbook holds the values of `--format csv`, read back by our
/// reader and by LibreOffice Calc (skipped, with a message, where LibreOffice is not installed;
/// Scripts/test.sh installs it).
@Suite("Report workbook")
struct ReportWorkbookTests {
    static let soffice: String? = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The workbook's column for each CSV column.
    static let columns: [(csv: String, sheet: String)] = [
        ("item", "item"), ("title", "target"), ("kind", "kind"), ("firmness", "firm"), ("threshold", "threshold"),
        ("unit", "unit"), ("actualToDate", "so far"), ("forecast", "forecast"), ("lower80", "80% low"),
        ("upper80", "80% high"), ("lower95", "95% low"), ("upper95", "95% high"), ("probability", "P(met)"),
        ("status", "status"), ("lead", "lead"), ("support", "support"), ("model", "model"),
        ("explanation", "explanation"), ("id", "id"), ("metric", "metric"),
    ]

    static func table(_ text: String, file: String) throws -> [[String: String]] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var header: [String]?
        var rows: [[String: String]] = []
        try CSVParser(utf8: bytes, file: file).forEachRecord { record in
            let fields = record.fields.map(\.text)
            if let header {
                rows.append(Dictionary(uniqueKeysWithValues: zip(header, fields + Array(repeating: "", count: max(0, header.count - fields.count)))))
            } else {
                header = fields
            }
            return true
        }
        return rows
    }

    /// The report of the fixtures as CSV and as a workbook in a temporary folder.
    static func reports() throws -> (csv: [[String: String]], workbook: URL, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tf-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let workbook = folder.appendingPathComponent("report.xlsx")
        let common = ["run", "--targets", "Fixtures/gulou-2021/targets.yaml", "--readings", "Fixtures/gulou-2021/readings.csv"]
        let csv = try ForecastBinary.run(common + ["--format", "csv"])
        let xlsx = try ForecastBinary.run(common + ["--format", "xlsx", "--output", workbook.path])
        #expect(csv.status == 0 && xlsx.status == 0, "\(xlsx.standardError)")
        #expect(xlsx.standardError.contains("wrote \(workbook.path): the targets as of 2021-06, and one sheet per lead unit"))
        return (try table(csv.standardOutput, file: "csv"), workbook, folder)
    }

    /// Each cell as the CSV has it: numbers compared to 1e-12 relative (LibreOffice prints 15
    /// significant digits), P(met) as a percentage in the sheet.
    static func compare(_ sheet: [[String: String]], _ csv: [[String: String]], source: String) {
        #expect(sheet.count == csv.count, "\(source): \(sheet.count) rows against \(csv.count)")
        for (got, expected) in zip(sheet, csv) {
            for (csvColumn, sheetColumn) in columns {
                let want = expected[csvColumn] ?? "", have = got[sheetColumn] ?? ""
                if let wanted = Double(want) {
                    let percent = csvColumn == "probability"
                    let read = percent ? Double(have.replacingOccurrences(of: "%", with: "")).map { $0 / 100 } : Double(have)
                    guard let read else { Issue.record("\(source) \(expected["id"] ?? "") \(sheetColumn): '\(have)' is not a number (\(want))"); continue }
                    #expect(abs(read - wanted) <= 1e-12 * max(1, abs(wanted)), "\(source) \(expected["id"] ?? "") \(sheetColumn): \(have) against \(want)")
                } else {
                    #expect(have == want, "\(source) \(expected["id"] ?? "") \(sheetColumn)")
                }
            }
        }
    }

    @Test func workbookReadBackHoldsTheCSVValuesAndASheetPerLeadUnit() throws {
        let (csv, path, folder) = try Self.reports()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workbook = try Workbook.open(path.path)
        #expect(workbook.sheetNames.prefix(2) == ["Changes since 2021-05", "Targets as of 2021-06"])
        func sheet(_ name: String) throws -> [[String: String]] {
            var header: [Int: String] = [:]
            var rows: [[String: String]] = []
            try workbook.forEachRow(inSheet: name) { row in
                if header.isEmpty {
                    for cell in row.cells { header[cell.column] = cell.value.text }
                } else {
                    var values: [String: String] = [:]
                    for cell in row.cells {
                        guard let column = header[cell.column] else { continue }
                        // P(met) is a percentage cell holding the share: shown here as the sheet shows it.
                        if column == "P(met)", case .number(let share) = cell.value { values[column] = "\(share * 100)%" } else { values[column] = cell.value.text }
                    }
                    rows.append(values)
                }
            }
            return rows
        }
        Self.compare(try sheet("Targets as of 2021-06"), csv, source: "reader")
        let leads = Set(csv.flatMap { ($0["lead"] ?? "").split(separator: "、").map(String.init) })
        #expect(Set(workbook.sheetNames.dropFirst(2)) == leads)
        let unit = try #require(workbook.sheetNames.dropFirst(2).first)
        #expect(try sheet(unit).map { $0["id"] } == csv.filter { ($0["lead"] ?? "").split(separator: "、").contains(Substring(unit)) }.map { $0["id"] })
    }

    @Test(.enabled(if: soffice != nil, "LibreOffice is not installed: apt-get install libreoffice-calc-nogui to run this test"))
    func libreOfficeOpensTheWorkbookWithTheCSVValues() throws {
        let (csv, workbook, folder) = try Self.reports()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Every sheet to CSV (option 12: -1), cell values rather than as shown (option 9: false), UTF-8 (76).
        let result = try ForecastBinary.run(URL(fileURLWithPath: try #require(Self.soffice)),
                                            ["-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--convert-to",
                                             "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                                             "--outdir", folder.path, workbook.path], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        let first = folder.appendingPathComponent("report-Targets as of 2021-06.csv")
        let text = try String(contentsOf: first, encoding: .utf8)
        Self.compare(try Self.table(text, file: first.path), csv, source: "LibreOffice")
        let sheets = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("report-") && $0.hasSuffix(".csv") }
        let leads = Set(csv.flatMap { ($0["lead"] ?? "").split(separator: "、").map(String.init) })
        #expect(sheets.count == leads.count + 2, "the changes, every target, one per lead unit")
    }

    @Test func workbookOpensWithASheetOfTheChanges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tf-changes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("report.xlsx").path
        let result = try ForecastBinary.run(["run", "--targets", "Fixtures/gulou-2021/targets.yaml", "--readings", "Fixtures/gulou-2021/readings.csv", "--format", "xlsx", "--output", path])
        #expect(result.status == 0, "\(result.standardError)")
        let workbook = try Workbook.open(path)
        #expect(Array(workbook.sheetNames.prefix(2)) == ["Changes since 2021-05", "Targets as of 2021-06"])
        var rows: [[String]] = []
        try workbook.forEachRow(inSheet: "Changes since 2021-05") { row in rows.append(row.cells.map(\.value.text)) }
        #expect(rows.first == ["move", "item", "target", "status 2021-05", "status 2021-06", "P(met) 2021-05", "P(met) 2021-06", "lead", "id"])
        let report = try AssessmentRun(targetsFile: "Fixtures/gulou-2021/targets.yaml", readingsFiles: ["Fixtures/gulou-2021/readings.csv"]).assess()
        #expect(rows.dropFirst().map { $0.last } == report.changes.map(\.target.id))
    }
}
