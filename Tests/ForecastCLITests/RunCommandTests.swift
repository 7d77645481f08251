import Foundation
import Testing
import TestSupport

/// `forecast run` end to end on the 2021 fixtures.
@Suite("forecast run")
struct RunCommandTests {
    static let fixture = ["run", "--targets", "Fixtures/gulou-2021/targets.yaml", "--readings", "Fixtures/gulou-2021/readings.csv"]

    @Test func asOfAfterTheLatestReadingAssessesAsOfTheLatestReading() throws {
        let result = try ForecastBinary.run(["run", "--targets", "Fixtures/gulou-2021/targets.yaml", "--readings",
                                             "Fixtures/gulou-2021/readings.csv", "--as-of", "2021-12", "--intervals", "ols"])
        #expect(result.status == 0)
        #expect(result.standardError.contains("assessing as of 2021-06"))
        #expect(result.standardOutput.contains("Targets 2021, readings to 2021-06"))
        #expect(result.standardOutput.contains("no-data 4"))   // the four targets without a threshold, as at 2021-06
    }

    @Test func asOfBeforeTheFirstReadingIsSaid() throws {
        let result = try ForecastBinary.run(["run", "--targets", "Fixtures/gulou-2021/targets.yaml", "--readings",
                                             "Fixtures/gulou-2021/readings.csv", "--as-of", "2010-01", "--intervals", "ols", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.standardError.contains("warning: --as-of 2010-01 is before the first reading (2018-01)"))
    }

    @Test func tablePrintsEveryTargetWithStatusAndExplanation() throws {
        let result = try ForecastBinary.run(Self.fixture)
        #expect(result.status == 0, "\(result.standardError)")
        let output = result.standardOutput
        #expect(output.hasPrefix("Targets 2021, readings to 2021-06:"))
        #expect(output.contains("item  target"))
        #expect(output.contains("t45-new-urban-jobs: "))
        #expect(output.contains("not-forecast") || output.contains("no-data"))
        #expect(!output.contains("\u{1B}["), "no colour when not a terminal")
        #expect(result.standardError.contains("has no threshold yet"))
        #expect(result.standardError.contains("calibrated intervals: ×"))
        let ols = try ForecastBinary.run(Self.fixture + ["--intervals", "ols"])
        #expect(!ols.standardError.contains("calibrated intervals") && ols.standardOutput != output)
    }

    @Test func jsonHasExactlyTheDocumentedKeys() throws {
        let result = try ForecastBinary.run(Self.fixture + ["--format", "json"])
        #expect(result.status == 0)
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["asOf", "since", "changes", "targets"])
        #expect(json["since"] as? String == "2021-05")
        #expect(json["asOf"] as? String == "2021-06")
        let targets = try #require(json["targets"] as? [[String: Any]])
        #expect(targets.count == 67)
        let keys: Set<String> = ["id", "item", "title", "metric", "kind", "direction", "threshold", "unit", "firmness",
                                 "actualToDate", "forecast", "lower80", "upper80", "lower95", "upper95", "probability",
                                 "status", "model", "modelReason", "observations", "lead", "support", "explanation",
                                 "previousStatus", "previousProbability", "trajectory"]
        #expect(targets.allSatisfy { Set($0.keys) == keys })
        let jobs = try #require(targets.first { $0["id"] as? String == "t45-new-urban-jobs" })
        #expect(jobs["threshold"] as? Double == 28_000)
        #expect((jobs["lower80"] as? Double).map { $0 < (jobs["forecast"] as? Double ?? 0) } == true)
        let placeholder = try #require(targets.first { $0["id"] as? String == "t44-registered-unemployment-rate" })
        #expect(placeholder["forecast"] is NSNull && placeholder["status"] as? String == "no-data")
    }

    @Test func csvAndMarkdownCarryTheSameFields() throws {
        let csv = try ForecastBinary.run(Self.fixture + ["--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.standardOutput.hasPrefix("\u{FEFF}id,item,title,metric,kind,direction,threshold,unit,firmness,actualToDate,forecast,lower80,upper80,lower95,upper95,probability,status,model,modelReason,observations,lead,support,explanation,previousStatus,previousProbability,trajectory\r\n"))
        #expect(csv.standardOutput.split(separator: "\r\n").count == 68)
        let markdown = try ForecastBinary.run(Self.fixture + ["--format", "markdown"])
        #expect(markdown.standardOutput.contains("| item | target | kind | threshold |"))
    }

    @Test func outputIsWrittenAtomicallyAndNeverOverAnInput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tf-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.json").path
        let result = try ForecastBinary.run(Self.fixture + ["--format", "json", "--output", path])
        #expect(result.status == 0 && result.standardOutput.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"asOf\" : \"2021-06\""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.json"])

        let before = try Data(contentsOf: FixturePath.url("gulou-2021/readings.csv"))
        let refused = try ForecastBinary.run(Self.fixture + ["--output", "Fixtures/gulou-2021/readings.csv"])
        #expect(refused.status == 2 && refused.standardError.contains("refusing to write the output over an input file"))
        #expect(try Data(contentsOf: FixturePath.url("gulou-2021/readings.csv")) == before)
    }

    @Test func asOfFailOnAndBadUsage() throws {
        let march = try ForecastBinary.run(Self.fixture + ["--as-of", "2021-03", "--format", "json"])
        #expect(march.status == 0 && march.standardOutput.contains("\"asOf\" : \"2021-03\""))
        let failing = try ForecastBinary.run(Self.fixture + ["--fail-on", "off-track"])
        #expect(failing.status == 1)
        let levels = try ForecastBinary.run(Self.fixture + ["--levels", "0.5,0.9", "--format", "json", "--intervals", "ols"])
        #expect(levels.status == 0 && levels.standardOutput.contains("\"lower80\" : null"))
        let badLevels = try ForecastBinary.run(Self.fixture + ["--levels", "80"])
        #expect(badLevels.status == 2 && badLevels.standardError.contains("--levels '80'"))
        let badMonth = try ForecastBinary.run(Self.fixture + ["--as-of", "2021-13"])
        #expect(badMonth.status == 2 && badMonth.standardError.contains("--as-of '2021-13' is not a month"))
        let badReadings = try ForecastBinary.run(["run", "--targets", "Fixtures/gulou-2021/targets.yaml",
                                                  "--readings", "Fixtures/malformed/month-13.csv"])
        #expect(badReadings.status == 2 && badReadings.standardError.contains("month-13.csv:3:5: error:"))
    }
}
