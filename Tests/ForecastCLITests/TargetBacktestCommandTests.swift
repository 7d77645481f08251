import Foundation
import Testing
import TestSupport

/// `forecast backtest` in target mode, end to end.
@Suite("forecast backtest --targets")
struct TargetBacktestCommandTests {
    @Test func theReliabilityDiagramIsTargetModesOnly() throws {
        let result = try ForecastBinary.run(["backtest", "Fixtures/gulou-2021/readings.csv", "--holdout", "6", "--format", "svg"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--format svg draws target mode's reliability diagram"))
    }

    @Test func targetModeReportsBrierSkillAndReliability() throws {
        let folder = try ScratchFolder.make("backtest")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two targets of the Gulou catalogue (the whole catalogue takes a minute in a debug build).
        let yaml = """
            year: 2021
            metrics:
              - {id: gdp, unit: 元, reading: ytd}
              - {id: new-urban-jobs, unit: 人, reading: ytd}
            targets:
              - {id: t11-gdp, item: 11, title: 地区生产总值增长7%, metric: gdp, kind: growth, value: 7}
              - {id: t45-jobs, item: 45, title: 确保新增城镇就业2.8万人, metric: new-urban-jobs, kind: total, value: 28000, firmness: ensure}
            """
        let targets = folder.appendingPathComponent("targets.yaml").path
        try yaml.write(toFile: targets, atomically: true, encoding: .utf8)
        let result = try ForecastBinary.run(["backtest", "--targets", targets, "--readings", "Fixtures/gulou-2021/readings.csv", "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["cases"] as? Int == 2 * 2 * 11)
        #expect(json["years"] as? [Int] == [2019, 2020])
        for key in ["brier", "climatologyBrier", "baseRate", "coverage80", "coverage95"] { #expect(json[key] is Double, "\(key)") }
        // Neither target was met in 2019 or 2020 at its scaled threshold: the base rate is 0, the
        // climatological reference is perfect and the skill score undefined.
        #expect(json["baseRate"] as? Double == 0)
        #expect(json["brierSkill"] as? String == "nan")
        #expect((json["reliability"] as? [[String: Any]])?.isEmpty == false)
        #expect((json["byMonthsRemaining"] as? [[String: Any]])?.count == 11)

        let casesPath = folder.appendingPathComponent("cases.csv").path
        let table = try ForecastBinary.run(["backtest", "--targets", targets, "--readings", "Fixtures/gulou-2021/readings.csv", "--cases", casesPath])
        #expect(table.status == 0)
        let cases = try String(contentsOfFile: casesPath, encoding: .utf8).split(separator: "\n")
        #expect(cases.first == "target,kind,year,as_of,months_remaining,threshold,probability,forecast,lower80,upper80,lower95,upper95,outcome,met,growth_so_far_probability,growth_so_far_value,last_year_profile_probability,last_year_profile_value,last_level_trend_probability,last_level_trend_value")
        #expect(cases.count == 1 + 2 * 2 * 11)
        #expect(table.standardOutput.contains("Reliability (are the probabilities honest?)"))
        // The reliability diagram, as an SVG file.
        let svgPath = folder.appendingPathComponent("reliability.svg").path
        let svg = try ForecastBinary.run(["backtest", "--targets", targets, "--readings", "Fixtures/gulou-2021/readings.csv", "--format", "svg", "--output", svgPath])
        #expect(svg.status == 0)
        let drawing = try String(contentsOfFile: svgPath, encoding: .utf8)
        #expect(drawing.hasPrefix("<svg") && drawing.contains("stated P(met)") && drawing.hasSuffix("</svg>\n"))
        #expect(table.standardOutput.contains("Brier skill"))
    }

    @Test func modesCannotBeMixedAndSeriesModeNeedsAHoldout() throws {
        let mixed = try ForecastBinary.run(["backtest", "Fixtures/series/small-complete.csv", "--holdout", "6",
                                            "--targets", "Fixtures/gulou-2021/targets.yaml", "--readings", "Fixtures/gulou-2021/readings.csv"])
        #expect(mixed.status == 2)
        #expect(mixed.standardError.contains("not both"))
        let noHoldout = try ForecastBinary.run(["backtest", "Fixtures/series/small-complete.csv"])
        #expect(noHoldout.status == 2)
        #expect(noHoldout.standardError.contains("--holdout"))
    }

    @Test func seriesModeDefaultsToTheCombinationAndTargetModeRefusesSeriesMethods() throws {
        let series = try ForecastBinary.run(["backtest", "Fixtures/series/small-complete.csv", "--holdout", "6", "--format", "json"])
        #expect(series.status == 0, "\(series.standardError)")
        #expect(series.standardOutput.contains("\"models\" : {\n    \"combination\" : 200\n  }"), "\(series.standardOutput)")
        let markdown = try ForecastBinary.run(["backtest", "Fixtures/series/small-complete.csv", "--holdout", "6", "--format", "markdown"])
        #expect(markdown.standardOutput.hasPrefix("200 series scored (0 skipped), horizon 6; models (fits scored): combination 200  \ncalibrated intervals: half-widths ×"), "\(markdown.standardOutput)")
        for model in ["ets", "theta", "seasonal-naive", "combination"] {
            let targets = try ForecastBinary.run(["backtest", "--targets", "Fixtures/gulou-2021/targets.yaml",
                                                  "--readings", "Fixtures/gulou-2021/readings.csv", "--model", model])
            #expect(targets.status == 2 && targets.standardError.contains("--model \(model) forecasts series"), "\(model): \(targets.standardError)")
        }
    }

    @Test func tooLittleHistoryIsAClearError() throws {
        let result = try ForecastBinary.run(["backtest", "--targets", "Fixtures/gulou-2021/targets.yaml", "--readings", "Fixtures/readings/revisions-a.csv"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("no past year could be replayed"))
    }
}
