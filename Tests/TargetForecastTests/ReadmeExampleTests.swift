import Testing
import TargetForecast
import TestSupport

/// The README's library example, kept compiling and true.
@Suite("README example")
struct ReadmeExampleTests {
    @Test func libraryExampleRunsAsDocumented() throws {
        var run = try AssessmentRun(targetsFile: FixturePath.url("gulou-2021/targets.yaml").path,
                                    readingsFiles: [FixturePath.url("gulou-2021/readings.csv").path])
        run.asOf = Period(year: 2021, month: 6)
        #expect(run.catalogue.targets.count == 67 && run.readings.metrics.count == 67)
        let report = run.assess()
        #expect(report.diagnostics.contains { $0.code == .calibration })
        let jobs = try #require(report.assessments.first { $0.target.id == "t45-new-urban-jobs" })
        #expect(jobs.status == .onTrack)
        #expect(abs(try #require(jobs.probability) - 0.9327) < 0.0001)
        #expect(abs(try #require(jobs.forecast) - 29_462.86) < 0.01)
        #expect(jobs.explanation.hasPrefix("1.443万人 so far (to 2021-06); forecast 2.946万人 by 2021-12"))
        #expect(report.table().contains("t45-new-urban-jobs: "))
        #expect(jobs.chart() != nil)
        #expect(report.since == Period(year: 2021, month: 5))
        #expect(report.changes.contains { $0.target.id == "t45-new-urban-jobs" && $0.before.status == .atRisk && $0.after.status == .onTrack })
        #expect(report.assessments.first?.trajectory.map(\.asOf) == (1...6).compactMap { Period(year: 2021, month: $0) })

        let ols = run.catalogue.assess(run.readings, options: AssessmentOptions(asOf: Period(year: 2021, month: 6)))
        let olsJobs = try #require(ols.assessments.first { $0.target.id == "t45-new-urban-jobs" })
        #expect(abs(try #require(olsJobs.probability) - 0.975) < 0.001)

        let extraction = try TargetExtractor.extract(path: FixturePath.url("gulou-2021/document.txt").path)
        let extracted = try #require(extraction.catalogue.targets.first { $0.title == "确保新增城镇就业2.8万人" })
        #expect(extracted.kind == .total && extracted.value == 28_000 && extracted.firmness == .ensure && extracted.lead == ["区人社局"])
        #expect(TargetsFileWriter.yaml(extraction.catalogue, notes: extraction.notes).contains("value: 28000"))

        let months = 0..<36
        let design = Matrix(rows: months.map { [1, Double($0)] })
        let problem = try LeastSquares(design: design)
        let fit = try problem.fit(months.map { 100 + 2 * Double($0) + ($0 % 2 == 0 ? 1.5 : -1.5) })
        let next12 = Matrix(rows: (36..<48).map { [1, Double($0)] })
        let sum = fit.predictSum(over: next12)
        let interval = try #require(sum.interval(level: 0.95))
        print(sum.mean, interval)
        #expect(abs(sum.mean - 2194.0) < 0.01)
        #expect(abs(interval.lower - 2174.85) < 0.01 && abs(interval.upper - 2213.15) < 0.01)
        #expect(interval.lower < sum.mean && sum.mean < interval.upper)
    }
}
