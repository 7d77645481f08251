import Foundation
import Testing
import TestSupport

/// The `forecast` binary end to end: exit statuses, output formats, messages on stderr.
@Suite("forecast targets/readings check")
struct CheckCommandTests {
    @Test func targetsCheckSummarisesTheGulouCatalogue() throws {
        let result = try ForecastBinary.run(["targets", "check", "Fixtures/gulou-2021/targets.yaml"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Fixtures/gulou-2021/targets.yaml: valid targets file for 2021"))
        #expect(result.standardOutput.contains("by kind:"))
        #expect(result.standardOutput.contains("warning: target 't44-registered-unemployment-rate' has no threshold yet"))
    }

    @Test func targetsCheckJSONHasCountsAndProblems() throws {
        let result = try ForecastBinary.run(["targets", "check", "Fixtures/gulou-2021/targets.yaml", "--format", "json"])
        #expect(result.status == 0)
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["valid"] as? Bool == true)
        let count = try #require(json["targetCount"] as? Int)
        let byKind = try #require(json["countsByKind"] as? [String: Int])
        #expect(byKind.values.reduce(0, +) == count)
        #expect((json["problems"] as? [[String: Any]])?.allSatisfy { $0["severity"] as? String == "warning" } == true)
    }

    @Test func invalidTargetsFileExitsTwoWithLocatedErrors() throws {
        let result = try ForecastBinary.run(["targets", "check", "Fixtures/malformed/targets-unknown-kind.yaml"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Fixtures/malformed/targets-unknown-kind.yaml:8:11: error: targets[0].kind: 'totl' is not valid"))
        let json = try ForecastBinary.run(["targets", "check", "Fixtures/malformed/targets-unknown-kind.yaml", "--format", "json"])
        #expect(json.status == 2)
        #expect(json.standardOutput.contains("\"valid\" : false"))
    }

    @Test func readingsCheckReportsMetricsRangeAndGaps() throws {
        let result = try ForecastBinary.run(["readings", "check", "Fixtures/gulou-2021/readings.csv"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("2018-01 … 2021-06"))
        #expect(result.standardOutput.contains("January of every year (Jan–Feb reported together)"))
        #expect(result.standardOutput.contains("no revisions"))
    }

    @Test func readingsCheckListsRevisionsAcrossFilesInJSON() throws {
        let result = try ForecastBinary.run(["readings", "check", "Fixtures/readings/revisions-a.csv",
                                             "Fixtures/readings/revisions-b.csv", "--format", "json"])
        #expect(result.status == 0)
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect((json["revisions"] as? [Any])?.count == 2)
        #expect(json["readingCount"] as? Int == 2)
    }

    @Test func readingsFromStandardInput() throws {
        let result = try ForecastBinary.run(["readings", "check", "-"], input: Data("metric,period,value\ngdp,2021-03,5\n".utf8))
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("-: 1 reading (long form, UTF-8)"))
        #expect(result.standardOutput.contains("1 reading of 1 metric"))
    }

    @Test(arguments: ["month-13.csv", "binary-garbage.csv", "unterminated-quote.csv", "empty.csv", "many-errors.csv"])
    func malformedReadingsExitTwo(name: String) throws {
        let result = try ForecastBinary.run(["readings", "check", "Fixtures/malformed/\(name)"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("Fixtures/malformed/\(name):"))
        #expect(!result.standardError.contains("Fatal error"))
    }

    @Test func missingFileAndBadUsageExitTwo() throws {
        let missing = try ForecastBinary.run(["readings", "check", "no-such-file.csv"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("no-such-file.csv: error: cannot read the file: no such file or directory"))
        let usage = try ForecastBinary.run(["targets", "check"])
        #expect(usage.status == 2)
        #expect(usage.standardError.contains("Missing expected argument"))
        let unknownFormat = try ForecastBinary.run(["targets", "check", "x.yaml", "--format", "xml"])
        #expect(unknownFormat.status == 2)
    }

    @Test func helpDescribesEveryCommand() throws {
        let help = try ForecastBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("targets") && help.standardOutput.contains("readings"))
        let check = try ForecastBinary.run(["readings", "check", "--help"])
        #expect(check.standardOutput.contains("2021年3月"))
    }
}

/// Excel workbooks given wherever readings are: the same answers as their CSV, errors by cell.
@Suite("forecast with .xlsx readings")
struct WorkbookCommandTests {
    @Test func runOnTheWorkbookGivesTheJSONOfItsCSV() throws {
        let targets = "Fixtures/gulou-2021/targets.yaml"
        let csv = try ForecastBinary.run(["run", "--targets", targets, "--readings", "Fixtures/gulou-2021/readings-by-name.csv", "--format", "json"])
        let xlsx = try ForecastBinary.run(["run", "--targets", targets, "--readings", "Fixtures/workbooks/readings-by-name.xlsx", "--format", "json"])
        #expect(csv.status == 0 && xlsx.status == 0, "\(xlsx.standardError)")
        #expect(xlsx.standardOutput == csv.standardOutput)
        #expect(xlsx.standardOutput.contains("\"id\" : \"t2-silicon-alley-new-floor-space\""))
    }

    @Test func readingsCheckReadsTheNamedSheet() throws {
        let result = try ForecastBinary.run(["readings", "check", "Fixtures/workbooks/wide-two-sheets.xlsx", "--sheet", "Data"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("wide-two-sheets.xlsx: 6 readings (wide form, UTF-8), 2 empty cells"))
    }

    @Test func badCellIsLocatedBySheetAndCellInTextAndJSON() throws {
        let text = try ForecastBinary.run(["readings", "check", "Fixtures/malformed/xlsx-formula-error.xlsx"])
        #expect(text.status == 2)
        #expect(text.standardError.contains("Fixtures/malformed/xlsx-formula-error.xlsx:Sheet1!C3: error: the cell holds the formula error #DIV/0!"))
        let json = try ForecastBinary.run(["readings", "check", "Fixtures/malformed/xlsx-formula-error.xlsx", "--format", "json"])
        #expect(json.status == 2)
        #expect(json.standardOutput.contains("\"cell\" : \"C3\"") && json.standardOutput.contains("\"sheet\" : \"Sheet1\""))
    }
}
