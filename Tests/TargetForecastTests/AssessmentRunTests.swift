import Foundation
import Testing
import TargetForecast
import TestSupport

/// `AssessmentRun`: the library gives what `forecast run` prints.
@Suite("Assessment run")
struct AssessmentRunTests {
    static let targets = FixturePath.url("gulou-2021/targets.yaml").path
    static let readings = FixturePath.url("gulou-2021/readings.csv").path

    /// The fields of `forecast run --format json` that the equality is checked on.
    struct CommandJSON: Decodable {
        struct Row: Decodable {
            var id: String
            var status: String
            var probability: Double?
            var forecast: Double?
            var lower80: Double?
            var upper95: Double?
            var explanation: String
        }
        var asOf: String
        var targets: [Row]
    }

    static func command(_ extra: [String]) throws -> CommandJSON {
        let result = try ForecastBinary.run(["run", "--targets", targets, "--readings", readings, "--format", "json"] + extra)
        #expect(result.status == 0, "\(result.standardError)")
        return try JSONDecoder().decode(CommandJSON.self, from: Data(result.standardOutput.utf8))
    }

    /// Equal up to the last bits: OpenBLAS's kernels may add in another order from one process
    /// to another (threads, the alignment of the arrays), about 1e-15 relative; anything larger
    /// would be another computation.
    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-12 * max(1, abs(a), abs(b))
    }

    static func expectEqual(_ report: TargetReport, _ json: CommandJSON) throws {
        #expect(report.asOf.description == json.asOf)
        #expect(report.assessments.count == json.targets.count)
        for (assessment, row) in zip(report.assessments, json.targets) {
            #expect(assessment.target.id == row.id)
            #expect(assessment.status.rawValue == row.status, "\(row.id)")
            #expect(close(assessment.probability, row.probability), "\(row.id)")
            #expect(close(assessment.forecast, row.forecast), "\(row.id)")
            #expect(close(assessment.interval(level: 0.8)?.lower, row.lower80), "\(row.id)")
            #expect(close(assessment.interval(level: 0.95)?.upper, row.upper95), "\(row.id)")
            #expect(assessment.explanation == row.explanation, "\(row.id)")
        }
    }

    @Test func libraryRunGivesTheCommandsProbabilitiesWithItsDefaults() throws {
        let report = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings]).assess()
        #expect(report.calibration != nil, "calibrated intervals are the default, as in the command")
        try Self.expectEqual(report, Self.command([]))
        let jobs = try #require(report.assessments.first { $0.target.id == "t45-new-urban-jobs" })
        #expect(abs(try #require(jobs.probability) - 0.933) < 0.001)
    }

    @Test func libraryRunClampsAnAsOfAfterTheLatestReadingAsTheCommandDoes() throws {
        var run = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings])
        run.asOf = Period(year: 2021, month: 11)
        run.intervals = .ols
        let report = run.assess()
        #expect(report.asOf == Period(year: 2021, month: 6))
        #expect(report.diagnostics.contains { $0.code == .asOfClamped && $0.severity == .warning })
        #expect(report.calibration == nil)
        try Self.expectEqual(report, Self.command(["--as-of", "2021-11", "--intervals", "ols"]))
    }

    @Test func runKeepsEachReadingsFilesWarningsWithTheirCodes() throws {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "gdp", unit: "元", reading: .ytd)], targets: [
            Target(id: "t-gdp", title: "GDP grows 7%", metric: "gdp", kind: .growth, value: 7),
        ])
        var readings = Readings()
        var diagnostics: [Diagnostic] = []
        for name in ["revisions-a.csv", "revisions-b.csv", "gb18030.csv"] {
            let file = try ReadingsFile.read(FixturePath.url("readings/" + name).path)
            readings.merge(file)
            diagnostics += file.diagnostics
        }
        let report = AssessmentRun(catalogue: catalogue, readings: readings, inputDiagnostics: diagnostics).assess()
        let codes = report.diagnostics.map(\.code)
        #expect(codes.contains(.decoded), "the GB18030 file's note is passed on")
        #expect(codes.filter { $0 == .revision }.count == readings.revisions.count && !readings.revisions.isEmpty)
        #expect(codes.contains(.calibration))
        let revision = try #require(report.diagnostics.first { $0.code == .revision })
        #expect(revision.description.hasPrefix(FixturePath.url("readings/revisions-a.csv").path + ":4"),
                "a revision is located at the reading that replaced the earlier one")
    }

    /// Its metric column holds 地区生产总值, the gdp metric's name: read under it, with a note.
    @Test func aGB18030FileUnderTheMetricsNameIsDecodedAndLinked() throws {
        var run = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [FixturePath.url("readings/gb18030.csv").path])
        run.intervals = .ols
        let diagnostics = run.assess().diagnostics
        #expect(diagnostics.contains { $0.code == .decoded })
        #expect(diagnostics.contains { $0.code == .linked && $0.message.contains("'gdp'") })
        #expect(!diagnostics.contains { $0.message.contains("no readings") }, "\(diagnostics)")
    }

    @Test func unusedMetricsAreWarnedAboutWithoutALocation() {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "gdp", unit: "元", reading: .flow)], targets: [])
        // 'gdp' has readings of its own, so 'GDP' is not linked to it.
        let readings = Readings([Reading(metric: "GDP", period: Period(year: 2021, month: 1)!, value: 1),
                                 Reading(metric: "gdp", period: Period(year: 2021, month: 1)!, value: 2)])
        var run = AssessmentRun(catalogue: catalogue, readings: readings)
        run.intervals = .ols
        let warning = run.assess().diagnostics.first { $0.code == .unusedMetric }
        #expect(warning?.description == "warning: readings of 'GDP' are not used: no metric of the targets file has that id, name or alias (did you mean 'gdp'?)")
    }

    @Test func chartsAreBuiltOnlyWhenAskedAndFromTheAssessment() throws {
        let report = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings]).assess()
        let jobs = try #require(report.assessments.first { $0.target.id == "t45-new-urban-jobs" })
        let chart = try #require(jobs.chart())
        #expect(chart.isCumulative && chart.deadline == Period(year: 2021, month: 12))
        #expect(chart.forecast.last.map { abs($0.median - (jobs.forecast ?? 0)) < 1e-6 * (jobs.forecast ?? 1) } ?? false,
                "the fan ends at the year's forecast")
        let qualitative = report.assessments.first { $0.status == .notForecast }
        #expect(qualitative?.chart() == nil)
    }
}

/// `ReadingsSummary`: what `forecast readings check` reports, from the library.
@Suite("Readings summary")
struct ReadingsSummaryTests {
    @Test func revisionsAcrossFilesAreSummarisedWithTheirLocations() {
        let a = FixturePath.url("readings/revisions-a.csv").path, b = FixturePath.url("readings/revisions-b.csv").path
        let summary = ReadingsSummary.check([a, b])
        #expect(summary.valid && summary.failure == nil)
        #expect(summary.files.map(\.file) == [a, b])
        #expect(summary.revisions.map(\.period) == ["2021-02", "2021-03"])
        #expect(summary.revisions.last?.location == b + ":2:13")
        #expect(summary.metrics.first { $0.metric == "gdp" }?.readings == 2)
    }

    @Test func aBrokenFileIsAFailureAndTheOthersAreStillSummarised() {
        let good = FixturePath.url("gulou-2021/readings.csv").path, bad = FixturePath.url("malformed/bad-number.csv").path
        let summary = ReadingsSummary.check([good, bad])
        #expect(!summary.valid)
        #expect(summary.failure?.diagnostics.first?.description.hasPrefix(bad + ":2:13: error:") == true)
        #expect(summary.files.count == 1 && summary.metricCount == 67)
    }
}

/// `Status.isAtLeastAsBad(as:)`: the statuses `--fail-on` counts.
@Suite("Failing statuses")
struct FailingStatusTests {
    @Test func offTrackCountsMissedButNotAtRiskAndAtRiskCountsBoth() {
        #expect(Status.missed.isAtLeastAsBad(as: .offTrack) && Status.offTrack.isAtLeastAsBad(as: .offTrack))
        #expect(!Status.atRisk.isAtLeastAsBad(as: .offTrack) && Status.atRisk.isAtLeastAsBad(as: .atRisk))
        #expect(!Status.achieved.isAtLeastAsBad(as: .atRisk) && !Status.noData.isAtLeastAsBad(as: .atRisk)
                && !Status.notForecast.isAtLeastAsBad(as: .atRisk) && !Status.onTrack.isAtLeastAsBad(as: .atRisk))
    }
}

/// `forecast targets check` and both modes of `forecast backtest`, as library values: the
/// commands only format what these return.
@Suite("Check and backtest runs")
struct CheckAndBacktestRunTests {
    @Test func targetsSummaryCountsTheFixtureCatalogue() {
        let summary = TargetsSummary.check(AssessmentRunTests.targets)
        #expect(summary.valid && summary.failure == nil && summary.year == 2021)
        #expect(summary.targetCount == 67 && summary.metricCount == 67 && summary.itemCount == 37)
        #expect(TargetsSummary.describe(summary.countsByKind).hasPrefix("total 32, milestone 13, growth 11"))
        #expect(TargetsSummary.describe(summary.countsByFirmness) == "none 44, ensure 19, strive 4")
    }

    @Test func aBrokenTargetsFileIsAnInvalidSummaryWithItsErrors() {
        let path = FixturePath.url("malformed/targets-duplicate-id.yaml").path
        let summary = TargetsSummary.check(path)
        #expect(!summary.valid && summary.targetCount == 0 && summary.year == nil)
        #expect(summary.failure?.diagnostics.first?.description.hasPrefix(path + ":") == true)
        #expect(summary.problems.count == summary.diagnostics.count && !summary.problems.isEmpty)
    }

    @Test func aSeriesBacktestWithNothingToScoreNamesTheFiles() {
        let path = FixturePath.url("series/small-complete.csv").path
        let error = #expect(throws: InputError.self) { try SeriesBacktest(holdout: 100).run(files: [path]) }
        #expect(error?.diagnostics.first?.description.hasPrefix("\(path): error: no series could be scored") == true)
    }

    @Test func aSeriesBacktestReadsItsFilesAndScores() throws {
        let path = FixturePath.url("series/small-complete.csv").path
        var backtest = SeriesBacktest(holdout: 6, model: .seasonal)
        backtest.calibrated = true
        let (result, diagnostics) = try backtest.run(files: [path])
        #expect(result.series > 0 && result.overall.count == result.series * 6)
        // Calibrated: either factors were learned or a note says why not.
        #expect(result.factors95.contains { $0 != 1 } || diagnostics.contains { $0.code == .calibration })
    }

    @Test func aTargetBacktestWithNoPastYearNamesTheTargetsFile() throws {
        let run = try AssessmentRun(targetsFile: AssessmentRunTests.targets, readingsFiles: [AssessmentRunTests.readings])
        var input = run
        // Only this year's readings: nothing to replay.
        input.readings = Readings(run.readings.metrics.flatMap { metric in
            (run.readings[metric]?.values ?? [:]).filter { $0.key.year == 2021 }.map { Reading(metric: metric, period: $0.key, value: $0.value) }
        })
        let error = #expect(throws: InputError.self) { try TargetBacktest(threads: 1).run(input, targetsFile: AssessmentRunTests.targets) }
        #expect(error?.diagnostics.first?.description.hasPrefix("\(AssessmentRunTests.targets): error: no past year could be replayed") == true)
    }
}
