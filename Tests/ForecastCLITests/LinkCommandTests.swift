import Foundation
import Testing
import TestSupport

/// `forecast targets link` end to end, and the help every command gives.
@Suite("forecast targets link and --help")
struct LinkCommandTests {
    static let byName = "Fixtures/gulou-2021/readings-by-name.csv"

    @Test func linkOnTheExtractedDocumentWritesAliasesAndKindsThatRunReads() throws {
        let folder = try ScratchFolder.make("link")
        defer { try? FileManager.default.removeItem(at: folder) }
        let extracted = folder.appendingPathComponent("targets.yaml").path
        #expect(try ForecastBinary.run(["targets", "extract", "Fixtures/gulou-2021/document.txt", "--output", extracted]).status == 0)
        let before = try String(contentsOfFile: extracted, encoding: .utf8)

        let proposal = try ForecastBinary.run(["targets", "link", extracted, "--readings", Self.byName])
        #expect(proposal.status == 0, "\(proposal.standardError)")
        #expect(proposal.standardOutput.contains("30 new links, 34 already in place, 1 metric without readings, 4 reading kinds the data contradict"))
        #expect(proposal.standardOutput.contains("高企"))
        #expect(proposal.standardOutput.contains("新增参保续保: reading: ytd → flow"))
        #expect(proposal.standardOutput.contains("nothing written: give --output PATH or --in-place to write the 34 changes"))
        #expect(try String(contentsOfFile: extracted, encoding: .utf8) == before)

        let inPlace = try ForecastBinary.run(["targets", "link", extracted, "--readings", Self.byName, "--in-place", "--format", "json"])
        #expect(inPlace.status == 0, "\(inPlace.standardError)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(inPlace.standardOutput.utf8)) as? [String: Any])
        #expect(json["written"] as? String == extracted && json["backup"] as? String == extracted + ".before-link")
        #expect((json["links"] as? [[String: Any]])?.count == 64)
        #expect(try String(contentsOfFile: extracted + ".before-link", encoding: .utf8) == before)
        let linked = try String(contentsOfFile: extracted, encoding: .utf8)
        #expect(linked.contains("    aliases: [\"高新技术企业数\"]\n"))
        #expect(linked.hasPrefix(before.prefix(200)))

        let run = try ForecastBinary.run(["run", "--targets", extracted, "--readings", Self.byName, "--format", "csv"])
        #expect(run.status == 0, "\(run.standardError)")
        // Only the one metric left without readings (约束性指标, no number in the document) has no data.
        let noData = run.standardOutput.split(separator: "\n").filter { $0.contains(",no-data,") }
        #expect(noData.count == 1 && noData.first?.contains("节能减排") == true, "\(noData)")
    }

    @Test func readingsUnderCodesAreLinkedThroughAnOlderTargetsFilesNames() throws {
        let folder = try ScratchFolder.make("link-names")
        defer { try? FileManager.default.removeItem(at: folder) }
        let extracted = folder.appendingPathComponent("targets.yaml").path
        #expect(try ForecastBinary.run(["targets", "extract", "Fixtures/gulou-2021/document.txt", "--output", extracted]).status == 0)
        let alone = try ForecastBinary.run(["targets", "link", extracted, "--readings", "Fixtures/gulou-2021/readings.csv"])
        #expect(alone.standardOutput.contains("0 new links, 0 already in place, 65 metrics without readings"))
        #expect(alone.standardOutput.contains("none of the readings' names resembles the metrics' names: give a targets file that names those readings (--names last-year.yaml)"))
        let named = try ForecastBinary.run(["targets", "link", extracted, "--readings", "Fixtures/gulou-2021/readings.csv",
                                            "--names", "Fixtures/gulou-2021/targets.yaml", "--output", extracted + ".linked"])
        #expect(named.status == 0, "\(named.standardError)")
        #expect(named.standardOutput.contains("64 new links, 0 already in place, 1 metric without readings"))
        #expect(try String(contentsOfFile: extracted + ".linked", encoding: .utf8).contains("    aliases: [\"high-tech-enterprises\"]\n"))
    }

    @Test func aBadLinkChoiceOrTwoDestinationsExitTwo() throws {
        let targets = "Fixtures/gulou-2021/targets.yaml"
        let unknown = try ForecastBinary.run(["targets", "link", targets, "--readings", Self.byName, "--link", "no-such-metric=高新技术企业数"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("--link no-such-metric=高新技术企业数: there is no metric 'no-such-metric'"))
        for pair in ["=", "=gdp", "gdp="] {
            let empty = try ForecastBinary.run(["targets", "link", targets, "--readings", Self.byName, "--link", pair])
            #expect(empty.status == 2 && empty.standardError.contains("expected METRIC=READINGS (both non-empty)"), "\(pair)")
        }
        let already = try ForecastBinary.run(["targets", "link", targets, "--readings", Self.byName, "--link", "gdp=新增硅巷面积"])
        #expect(already.status == 2 && already.standardError.contains("metric 'gdp' already has readings"))
        let malformed = try ForecastBinary.run(["targets", "link", targets, "--readings", Self.byName, "--link", "gdp"])
        #expect(malformed.status == 2 && malformed.standardError.contains("expected METRIC=READINGS"))
        let both = try ForecastBinary.run(["targets", "link", targets, "--readings", Self.byName, "--in-place", "--output", "x.yaml"])
        #expect(both.status == 2 && both.standardError.contains("--in-place and --output exclude each other"))
        let over = try ForecastBinary.run(["targets", "link", targets, "--readings", Self.byName, "--output", Self.byName])
        #expect(over.status == 2 && over.standardError.contains("refusing to write the output over an input file"))
    }

    @Test func everyCommandsHelpHasExamplesOnWholeLinesAndTheExitStatuses() throws {
        let top = try ForecastBinary.run(["--help"])
        #expect(top.standardOutput.contains("1 when --fail-on is given"))
        #expect(top.standardOutput.contains("forecast targets link targets.yaml --readings readings.csv --in-place"))
        for command in [["run"], ["series"], ["backtest"], ["targets", "check"], ["targets", "extract"], ["targets", "link"], ["readings", "check"]] {
            let help = try ForecastBinary.run(command + ["--help"])
            #expect(help.status == 0)
            let lines = help.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "Examples:" }, "\(command)")
            let examples = lines[(start + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            #expect(examples.count >= 2, "\(command)")
            for line in examples {
                #expect(line.trimmingCharacters(in: .whitespaces).hasPrefix("forecast \(command.joined(separator: " ")) "), "\(command): \(line)")
            }
        }
    }
}

/// `forecast readings check --targets`: the readings checked as `forecast run` reads them.
@Suite("forecast readings check --targets")
struct ReadingsCheckAgainstTargetsTests {
    @Test func aFlowDeclaredYearToDateIsWarnedAboutWithItsLocation() throws {
        let folder = try ScratchFolder.make("readings-check-targets")
        defer { try? FileManager.default.removeItem(at: folder) }
        let targets = folder.appendingPathComponent("targets.yaml").path
        let yaml = try FixturePath.text("gulou-2021/targets.yaml")
        let mislabelled = yaml.replacingOccurrences(of: "  - id: new-insured-persons\n    name: 新增参保续保人数\n    unit: 人\n    reading: flow",
                                                    with: "  - id: new-insured-persons\n    name: 新增参保续保人数\n    unit: 人\n    reading: ytd")
        #expect(mislabelled != yaml)
        try mislabelled.write(toFile: targets, atomically: true, encoding: .utf8)
        let result = try ForecastBinary.run(["readings", "check", LinkCommandTests.byName, "--targets", targets])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Fixtures/gulou-2021/readings-by-name.csv:2175:"))
        #expect(result.standardOutput.contains("warning: 'new-insured-persons' is read as year to date (reading: ytd) but falls from"))
        #expect(result.standardOutput.contains("note: metric 'silicon-alley-new-floor-space' is read from the readings of '新增硅巷面积' (its name)"))
        #expect(result.standardOutput.contains("… and 57 more metrics read from readings under their names or aliases"))
        let plain = try ForecastBinary.run(["readings", "check", LinkCommandTests.byName])
        #expect(!plain.standardOutput.contains("reading: ytd"))
    }

    @Test func metricsWithoutReadingsPointToTargetsLink() throws {
        let result = try ForecastBinary.run(["readings", "check", "Fixtures/gulou-2021/readings.csv", "--targets", "Fixtures/gulou-2021/targets.yaml", "--format", "json"])
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("targets link"))
        let broken = try ForecastBinary.run(["readings", "check", "Fixtures/gulou-2021/readings.csv", "--targets", "Fixtures/gulou-2021/readings.csv"])
        #expect(broken.status == 2 && broken.standardError.contains("was it given in the place of the targets file?"))
        // A command with no --targets option is not told to swap options it does not have.
        let alone = try ForecastBinary.run(["readings", "check", "Fixtures/gulou-2021/targets.yaml"])
        #expect(alone.status == 2 && alone.standardError.contains("was it given in the place of a readings file?"))
        #expect(!alone.standardError.contains("--targets"))
    }
}

/// The README's library code is `Examples/ReadmeExample/main.swift`, and it runs from any folder.
@Suite("README library example")
struct ReadmeProgramTests {
    @Test func theReadmesSwiftBlocksAreTheExampleProgramAndItRunsFromAnotherFolder() throws {
        let readme = try String(contentsOf: FixturePath.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Using the library").flatMap { start in
            readme.range(of: "\n## Statistics", range: start.upperBound..<readme.endIndex).map { readme[start.lowerBound..<$0.lowerBound] }
        })
        let blocks = section.components(separatedBy: "```swift\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
        #expect(blocks.count == 2)
        let program = try String(contentsOf: FixturePath.packageRoot.appendingPathComponent("Examples/ReadmeExample/main.swift"), encoding: .utf8)
        #expect(program == blocks.joined(separator: "\n"), "Examples/ReadmeExample/main.swift must hold exactly the README's Swift blocks")
        #expect(!readme.contains("documents/gulou"))

        let elsewhere = try ScratchFolder.make("readme-example")
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let result = try ForecastBinary.run(ForecastBinary.executable(named: "readme-example"), [], in: elsewhere,
                                            environment: ["TARGETFORECAST_REPO": FixturePath.packageRoot.path])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("onTrack 0.9327") })
        #expect(lines.contains { $0.hasPrefix("1.443万人 so far (to 2021-06); forecast 2.946万人 by 2021-12") })
        #expect(lines.contains("true"))
        #expect(lines.contains("t45-new-urban-jobs atRisk → onTrack"))
        #expect(lines.contains { $0.hasPrefix("[2021-01, 2021-02") && $0.hasSuffix("2021-06]") })
        #expect(lines.contains { $0.hasPrefix("2193.998") && $0.contains("lower: 2174.85") })
        #expect(lines.contains("total 28000.0 ensure [\"区人社局\"]"))
        #expect(lines.contains("30 1"))
    }
}
