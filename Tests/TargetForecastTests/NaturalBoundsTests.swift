import Foundation
import Testing
import TargetForecast
import TestSupport

/// A metric's natural bounds (`min:`/`max:`): read and written, checked, and respected by the
/// forecast, its intervals and P(met).
@Suite("Natural bounds of a metric")
struct NaturalBoundsTests {
    static let targets = FixturePath.url("gulou-2021/targets.yaml").path
    static let readings = FixturePath.url("gulou-2021/readings.csv").path

    static func assess(_ catalogue: Catalogue, _ readings: Readings) -> TargetReport {
        var run = AssessmentRun(catalogue: catalogue, readings: readings)
        run.intervals = .ols
        return run.assess()
    }

    @Test func theCoverageOf913CommunitiesIsNeverForecastAbove913() throws {
        let base = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings])
        var unbounded = base.catalogue
        let index = try #require(unbounded.metrics.firstIndex { $0.id == "waste-sorting-covered-communities" })
        #expect(unbounded.metrics[index].maximum == 913)
        unbounded.metrics[index].maximum = nil
        let id = "t42-waste-sorting-covered-communities"
        let bounded = try #require(Self.assess(base.catalogue, base.readings).assessments.first { $0.target.id == id })
        let free = try #require(Self.assess(unbounded, base.readings).assessments.first { $0.target.id == id })
        #expect(try #require(free.forecast) > 913)
        #expect(bounded.forecast == 913)
        #expect(bounded.intervals.allSatisfy { $0.upper <= 913 && $0.lower <= 913 })
        #expect(bounded.intervals.map(\.lower) == free.intervals.map { min($0.lower, 913) })
        // Censoring keeps P(V ≥ 913) = P(unbounded V ≥ 913): the mass above the bound is on it.
        #expect(bounded.probability == free.probability)
        #expect(bounded.status == free.status)
        #expect(bounded.explanation.contains("forecast 913个 by 2021-12"))
    }

    @Test func boundsAreReadWrittenAndChecked() throws {
        let yaml = """
            year: 2021
            metrics:
              - {id: covered, unit: 个, reading: level, max: 913}
              - {id: share, unit: "%", reading: level, min: 0, max: 100}
            targets:
              - {id: t1, title: 全覆盖, metric: covered, kind: level, direction: at-least, value: 1000, unit: 个}
            """
        let file = try TargetsFile.parse(Array(yaml.utf8), file: "b.yaml")
        #expect(file.catalogue.metrics.map(\.bounds) == [-Double.infinity...913, 0...100])
        #expect(file.diagnostics.map(\.description) == ["b.yaml:6:77: warning: target 't1' asks for at least 1000, beyond metric 'covered''s max 913: it cannot be met"])
        let written = TargetsFileWriter.yaml(file.catalogue)
        #expect(written.contains("    max: 913\n") && written.contains("    min: 0\n    max: 100\n"))
        #expect(try TargetsFile.parse(Array(written.utf8), file: "w.yaml").catalogue.metrics == file.catalogue.metrics)
        #expect(try TargetsFile.parse(Array(TargetsFileWriter.json(file.catalogue).utf8), file: "w.json").catalogue.metrics == file.catalogue.metrics)

        let reversed = yaml.replacingOccurrences(of: "min: 0, max: 100", with: "min: 100, max: 0")
        #expect {
            try TargetsFile.parse(Array(reversed.utf8), file: "b.yaml")
        } throws: { error in
            "\(error)".contains("b.yaml:4:54: error: metric 'share' has min 100 above max 0; expected min ≤ max")
        }
    }

    @Test func aReadingBeyondTheBoundIsALocatedWarning() throws {
        let folder = try ScratchFolder.make("bounds")
        defer { try? FileManager.default.removeItem(at: folder) }
        let readings = folder.appendingPathComponent("r.csv").path
        try "metric,period,value\ncovered,2021-01,900\ncovered,2021-02,950\ncovered,2021-03,960\n".write(toFile: readings, atomically: true, encoding: .utf8)
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "covered", unit: "个", reading: .level, maximum: 913)],
                                  targets: [Target(id: "t1", title: "全覆盖", metric: "covered", kind: .level, value: 913, unit: "个")])
        let warnings = catalogue.boundProblems(in: try Readings.read([readings]))
        #expect(warnings.map(\.description) == ["\(readings):3:17: warning: 'covered' reads 950 in 2021-02, beyond its max 913 (2 readings in all): is the bound or the reading wrong? (A forecast ignores a bound that the readings so far already pass.)"])
        #expect(warnings.first?.code == .outsideBounds)
    }

    @Test func theExtractorTakesTheWholeAsTheMaximumOfACoverageCount() throws {
        let extraction = try TargetExtractor.extract(path: FixturePath.url("gulou-2021/document.txt").path)
        let covered = try #require(extraction.catalogue.targets.first { $0.title == "确保全区913个居民小区垃圾分类全覆盖" })
        let metric = try #require(extraction.catalogue.metrics.first { $0.id == covered.metric })
        #expect(metric.maximum == 913)
        let jobs = try #require(extraction.catalogue.targets.first { $0.title == "确保新增城镇就业2.8万人" })
        #expect(extraction.catalogue.metrics.first { $0.id == jobs.metric }?.maximum == nil)
        let ratios = extraction.catalogue.targets.filter { $0.kind == .ratio }.compactMap { target in extraction.catalogue.metrics.first { $0.id == target.metric } }
        #expect(!ratios.isEmpty && ratios.allSatisfy { $0.maximum == 100 })
    }
}

/// Explanations that do not contradict the numbers: when this year's pace and the forecast fall
/// on different sides of what is needed, or a growth forecast is far from the growth so far.
@Suite("Explanations consistent with the forecast")
struct ExplanationConsistencyTests {
    static func report() throws -> TargetReport {
        try AssessmentRun(targetsFile: NaturalBoundsTests.targets, readingsFiles: [NaturalBoundsTests.readings]).assess()
    }

    static func explanation(_ id: String) throws -> String {
        try #require(try report().assessments.first { $0.target.id == id }).explanation
    }

    @Test func aRecentPaceAboveWhatIsNeededWithAForecastBelowSaysWhatTheForecastExpects() throws {
        #expect(try Self.explanation("t51-cultural-sports-events").hasSuffix(
            "needs 261.7场/month, recent pace 277.3场/month; the trend (seasonal model) forecasts 241.1场/month for the months to come, below what is needed"))
    }

    @Test func aGrowthSoFarFarAboveTheForecastIsExplainedByTheRestOfTheYear() throws {
        // Retail: +25.4% so far on a low 2020, the year forecast +10.6%: the second half is
        // forecast flat on 2020's second half.
        #expect(try Self.explanation("t14-retail-sales").hasSuffix("the months to come are forecast at +0.1% on the same months of 2020"))
        #expect(try Self.explanation("t12-general-budget-revenue").hasSuffix(
            "the trend (logseasonal model) forecasts 12.77亿元/month for the months to come, below what is needed (+1.8% on the same months of 2020)"))
    }

    @Test func noExplanationLeavesAPaceAndAForecastThatDisagreeUnexplained() throws {
        let report = try Self.report()
        #expect(report.assessments.count == 67)
        for assessment in report.assessments {
            guard let required = assessment.requiredPace, let recent = assessment.recentPace, let forecast = assessment.forecastPace,
                  required > 0, assessment.target.kind != .ceiling, assessment.target.kind != .reduction,
                  assessment.target.direction == .atLeast else { continue }
            if (recent >= required) != (forecast >= required) {
                #expect(assessment.explanation.contains("for the months to come"), "\(assessment.target.id): \(assessment.explanation)")
            }
        }
    }
}

/// The retail case as a regression test: a level shift this year (+14% so far) on a 5%
/// growth target must not be forecast pessimistically — whatever method forecasts it.
@Suite("A level shift this year")
struct LevelShiftTests {
    @Test func aFourteenPercentShiftOnAFivePercentTargetStaysOnTrack() throws {
        // Five years of 5% growth with a seasonal pattern, then 2021 shifted up so that January–June
        // runs 14% above 2020; year-to-date readings, January and February reported together.
        let season = [0.9, 0.85, 1.0, 1.0, 1.02, 1.05, 1.0, 1.0, 1.02, 1.03, 1.05, 1.18]
        var readings: [Reading] = []
        for year in 2016...2021 {
            var total = 0.0
            for month in 1...(year == 2021 ? 6 : 12) {
                let index = Double((year - 2016) * 12 + month - 1)
                let trend = 50e8 * pow(1.05, index / 12) * season[month - 1] * (year == 2021 ? 1.14 / 1.05 : 1)
                total += trend * (1 + 0.01 * sin(7 * index))
                if month > 1, let period = Period(year: year, month: month) {
                    readings.append(Reading(metric: "retail", period: period, value: total.rounded()))
                }
            }
        }
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "retail", name: "社会消费品零售总额", unit: "元", reading: .ytd)],
                                  targets: [Target(id: "t1", title: "社会消费品零售总额增长5%", metric: "retail", kind: .growth, value: 5, unit: "%")])
        let assessment = try #require(AssessmentRun(catalogue: catalogue, readings: Readings(readings)).assess().assessments.first)
        let soFar = try #require(assessment.actualToDate)
        #expect(abs(soFar - 14) < 1)
        #expect(try #require(assessment.forecast) >= 5 + 3)
        #expect(try #require(assessment.probability) >= 0.9)
        #expect(assessment.status == .onTrack)
        // Four earlier years to replay: the year-over-year method forecasts it, and says so.
        #expect(assessment.yearOverYear != nil)
        #expect(assessment.explanation.contains("the method that missed least when 2017–2020 were replayed"))
    }
}

/// A flow published with a combined January–February report: one observation of two months.
@Suite("A flow with a combined 1-2月 report")
struct CombinedFlowReportTests {
    @Test func mergingJanuaryAndFebruaryIntoOneReportGivesTheSameYearTotal() throws {
        let folder = try ScratchFolder.make("combined-flow")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try FixturePath.text("gulou-2021/readings.csv")
        var lines = text.split(separator: "\n").map(String.init)
        let january = try #require(lines.firstIndex { $0.hasPrefix("cultural-sports-events,2021-01,") })
        let february = try #require(lines.firstIndex { $0.hasPrefix("cultural-sports-events,2021-02,") })
        let sum = try #require(Double(lines[january].split(separator: ",")[2])) + #require(Double(lines[february].split(separator: ",")[2]))
        lines[february] = "cultural-sports-events,2021年1-2月,\(Int(sum))"
        lines.remove(at: january)
        let merged = folder.appendingPathComponent("merged.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: merged, atomically: true, encoding: .utf8)
        let targets = FixturePath.url("gulou-2021/targets.yaml").path
        var separate = try AssessmentRun(targetsFile: targets, readingsFiles: [FixturePath.url("gulou-2021/readings.csv").path])
        var combined = try AssessmentRun(targetsFile: targets, readingsFiles: [merged])
        separate.intervals = .ols
        combined.intervals = .ols
        let a = try #require(separate.assess().assessments.first { $0.target.id == "t51-cultural-sports-events" })
        let report = combined.assess()
        let b = try #require(report.assessments.first { $0.target.id == "t51-cultural-sports-events" })
        #expect(a.actualToDate == b.actualToDate)
        #expect(a.requiredPace == b.requiredPace)
        #expect(abs(try #require(a.forecast) - #require(b.forecast)) < 0.02 * (a.forecast ?? 1))
        #expect(!report.diagnostics.contains { $0.code == .gap && $0.message.hasPrefix("cultural-sports-events") })
    }

    @Test func aForecastHeldAtItsMaximumSaysSo() throws {
        let report = try AssessmentRun(targetsFile: FixturePath.url("gulou-2021/targets.yaml").path,
                                       readingsFiles: [FixturePath.url("gulou-2021/readings.csv").path]).assess()
        let covered = try #require(report.assessments.first { $0.target.id == "t42-waste-sorting-covered-communities" })
        #expect(covered.heldAtBound == 913 && covered.forecastPace == nil)
        #expect(covered.explanation.contains("forecast 913个 by 2021-12 (80%: 913个 to 913个) against at least 913个; the trend runs past the metric's max of 913个, where the forecast is held"))
    }
}
