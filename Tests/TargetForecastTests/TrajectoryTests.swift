import Foundation
import Testing
import TargetForecast
import TestSupport

/// What changed since last month and the year's trajectory: each earlier month is the
/// assessment a run as of that month gives, and the changes are the targets whose status differs.
@Suite("Trajectories and changes")
struct TrajectoryTests {
    static let targets = FixturePath.url("gulou-2021/targets.yaml").path
    static let readings = FixturePath.url("gulou-2021/readings.csv").path

    /// The fixture's run as of June 2021 (trajectories on), and a run as of `month` alone.
    static let june: TargetReport? = {
        (try? AssessmentRun(targetsFile: targets, readingsFiles: [readings]))?.assess()
    }()

    static func alone(asOf month: Period) throws -> TargetReport {
        var run = try AssessmentRun(targetsFile: targets, readingsFiles: [readings])
        run.asOf = month
        run.trajectory = false
        return run.assess()
    }

    static func month(_ text: String) throws -> Period { try #require(Period(parsing: text)) }

    @Test func eachEarlierPointIsWhatARunAsOfThatMonthGives() throws {
        let report = try #require(Self.june)
        #expect(report.asOf == (try Self.month("2021-06")))
        let march = try Self.alone(asOf: try Self.month("2021-03"))
        var compared = 0
        for (assessment, then) in zip(report.assessments, march.assessments) {
            #expect(assessment.target.id == then.target.id)
            guard let point = assessment.trajectory.first(where: { $0.asOf == march.asOf }) else { continue }
            #expect(point.status == then.status, "\(assessment.target.id)")
            #expect(point.probability == then.probability, "\(assessment.target.id)")
            compared += 1
        }
        #expect(compared > 40, "most targets' metrics have a March reading (\(compared) compared)")
    }

    @Test func aTrajectoryHasTheMonthsWithAReadingOfItsMetricAndEndsWithTheMonthAssessed() throws {
        let report = try #require(Self.june)
        let readings = try Readings.read([Self.readings])
        for assessment in report.assessments {
            guard assessment.status != .notForecast, let metric = assessment.metric else {
                #expect(assessment.trajectory.isEmpty, "\(assessment.target.id): qualitative items have no trajectory")
                continue
            }
            let last = try #require(assessment.trajectory.last, "\(assessment.target.id)")
            #expect(last == TrajectoryPoint(asOf: report.asOf, probability: assessment.probability, status: assessment.status))
            let expected = (1..<6).compactMap { Period(year: 2021, month: $0) }.filter { readings[metric.id]?[$0] != nil }
            #expect(assessment.trajectory.dropLast().map(\.asOf) == expected, "\(assessment.target.id)")
        }
        // Year-to-date statistics are published from February: GDP's path starts there.
        let gdp = try #require(report.assessments.first { $0.target.id == "t11-gdp" })
        #expect(gdp.trajectory.first?.asOf == (try Self.month("2021-02")))
    }

    @Test func changesAreTheTargetsWhoseStatusDiffersFromTheMonthBeforeWorstFirst() throws {
        let report = try #require(Self.june)
        let may = try Self.alone(asOf: try Self.month("2021-05"))
        #expect(report.since == may.asOf)
        let changed = zip(report.assessments, may.assessments).filter { $0.status != $1.status }.map(\.0.target.id)
        let changes = report.changes
        #expect(!changed.isEmpty)
        #expect(Set(changes.map(\.target.id)) == Set(changed))
        #expect(changes.count == changed.count)
        for (assessment, then) in zip(report.assessments, may.assessments) {
            #expect(assessment.previous == TrajectoryPoint(asOf: may.asOf, probability: then.probability, status: then.status))
        }
        // Slips before recoveries, the most steps first within each.
        let steps = changes.map { $0.steps ?? 0 }
        let worse = steps.prefix { $0 > 0 }
        #expect(steps.dropFirst(worse.count).allSatisfy { $0 <= 0 }, "\(steps)")
        #expect(Array(worse) == worse.sorted(by: >))
        #expect(changes.contains { $0.isWorse } && changes.contains { ($0.steps ?? 0) < 0 }, "the fixture has both from May to June")
    }

    @Test func sinceMeasuresTheChangesFromTheMonthGiven() throws {
        var run = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings])
        run.since = try Self.month("2021-02")
        run.trajectory = false
        let report = run.assess()
        let february = try Self.alone(asOf: try Self.month("2021-02"))
        #expect(report.since == february.asOf)
        #expect(report.assessments.allSatisfy { $0.trajectory.isEmpty }, "trajectories off")
        let changed = zip(report.assessments, february.assessments).filter { $0.status != $1.status }.map(\.0.target.id)
        #expect(Set(report.changes.map(\.target.id)) == Set(changed))
    }

    @Test func aSinceMonthNotBeforeTheMonthAssessedIsAWarningAndNoChanges() throws {
        var run = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings])
        run.since = try Self.month("2021-06")
        run.trajectory = false
        let report = run.assess()
        #expect(report.since == nil)
        #expect(report.changes.isEmpty)
        #expect(report.diagnostics.contains { $0.code == .sinceNotBefore && $0.severity == .warning && $0.message.contains("2021-06") })
    }

    @Test func worstMovesComeFirst() throws {
        let target = Target(id: "t", title: "t", metric: "m", kind: .total, value: 1)
        func change(_ id: String, _ from: Status, _ p: Double?, _ to: Status, _ q: Double?) throws -> StatusChange {
            var named = target
            named.id = id
            return StatusChange(target: named, before: TrajectoryPoint(asOf: try Self.month("2021-05"), probability: p, status: from),
                                after: TrajectoryPoint(asOf: try Self.month("2021-06"), probability: q, status: to))
        }
        let changes = [
            try change("recovered", .offTrack, 0.3, .atRisk, 0.45),
            try change("slipped-a-little", .onTrack, 0.81, .atRisk, 0.79),
            try change("now-forecast", .noData, nil, .onTrack, 0.9),
            try change("slipped-two", .onTrack, 0.85, .offTrack, 0.3),
            try change("slipped-more", .onTrack, 0.95, .atRisk, 0.6),
            try change("recovered-more", .offTrack, 0.1, .atRisk, 0.55),
        ]
        let ordered = StatusChange.worstFirst(changes).map(\.target.id)
        #expect(ordered == ["slipped-two", "slipped-more", "slipped-a-little", "now-forecast", "recovered-more", "recovered"])
        #expect(changes[3].steps == 2 && changes[2].steps == nil && changes[0].steps == -1)
        #expect(changes.map(\.symbol) == ["▲", "▼", "•", "▼", "▼", "▲"])
    }

    @Test func theArrowGoesFromTheYearsFirstProbabilityToNow() throws {
        let june = try #require(Self.june)
        var jobs = try #require(june.assessments.first { $0.target.id == "t45-new-urban-jobs" })
        let first = try #require(jobs.trajectory.first?.probability)
        #expect(jobs.trajectoryArrow == "▲ \(Int((first * 100).rounded()))% → 93%")
        jobs.trajectory = [TrajectoryPoint(asOf: try Self.month("2021-02"), probability: 0.934, status: .onTrack), jobs.trajectory[jobs.trajectory.count - 1]]
        #expect(jobs.trajectoryArrow == "= 93%")
        jobs.trajectory = [TrajectoryPoint(asOf: try Self.month("2021-02"), probability: nil, status: .noData), jobs.trajectory[1]]
        #expect(jobs.trajectoryArrow == "", "no earlier probability to compare with")
        jobs.trajectory = []
        #expect(jobs.trajectoryArrow == "")
    }

    /// Months reported by `AssessmentRun.progress`.
    final class Months: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [(Period, Int, Int)] = []
        func add(_ month: Period, _ done: Int, _ total: Int) { lock.lock(); seen.append((month, done, total)); lock.unlock() }
        var all: [(Period, Int, Int)] { lock.lock(); defer { lock.unlock() }; return seen }
    }

    @Test func progressNamesTheMonthAssessedThenEachEarlierMonth() throws {
        var run = try AssessmentRun(targetsFile: Self.targets, readingsFiles: [Self.readings])
        let months = Months()
        run.progress = { month, done, total in months.add(month, done, total) }
        _ = run.assess()
        let seen = months.all
        #expect(seen.map(\.0.description) == ["2021-06", "2021-01", "2021-02", "2021-03", "2021-04", "2021-05"])
        #expect(seen.map(\.1) == Array(0..<6) && seen.allSatisfy { $0.2 == 6 })
        run.trajectory = false
        let alone = Months()
        run.progress = { month, done, total in alone.add(month, done, total) }
        _ = run.assess()
        #expect(alone.all.map(\.0.description) == ["2021-06", "2021-05"], "without trajectories only the month before is assessed again")
    }

    @Test func aRelativeTargetsChartShowsBothGrowthsAndTheGapWithItsInterval() throws {
        let june = try #require(Self.june)
        let income = try #require(june.assessments.first { $0.target.id == "t43-per-capita-disposable-income" })
        #expect(income.target.kind == .relative && income.chart() == nil)
        let svg = try #require(RelativeChart.render(income, id: "t43"))
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        #expect(svg.contains("居民人均可支配收入") && svg.contains("地区生产总值"), "both metrics in the legend")
        let gap = try #require(income.forecast), interval = try #require(income.interval(level: 0.8))
        #expect(svg.contains("gap \(income.formatted(gap))"))
        #expect(svg.contains("(80%: \(income.formatted(interval.lower)) to \(income.formatted(interval.upper)))"))
        // Both paths run to the month assessed; the gap so far is the assessment's.
        #expect(svg.contains("居民人均可支配收入 2021-06: +") && svg.contains("地区生产总值 2021-06: +"))
        let soFar = try #require(income.actualToDate)
        #expect(svg.contains("gap so far: \(income.formatted(soFar))"))
        // The report's page and the SVG files carry it.
        #expect(june.html().contains("Growth of 居民人均可支配收入 and of 地区生产总值 so far and forecast by 2021-12"))
        #expect(june.chartFiles().files.contains { $0.name == "t43-per-capita-disposable-income.svg" })
        #expect(!june.chartFiles().skipped.contains(income.target.id))
    }
}
