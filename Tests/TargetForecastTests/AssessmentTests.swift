import Foundation
import Testing
import TargetForecast

/// Known-answer scenarios for every target kind, on readings built in code.
@Suite("Assessing targets")
struct AssessmentTests {
    static func period(_ text: String) -> Period { Period(parsing: text)! }

    /// Monthly values from 2018-01 through `last`, `value(monthIndexFromStart, month)`.
    static func series(_ metric: String, through last: String = "2021-06", _ value: (Int, Int) -> Double) -> [Reading] {
        let start = period("2018-01")
        return (start...period(last)).enumerated().map { Reading(metric: metric, period: $1, value: value($0, $1.month)) }
    }

    /// Year-to-date readings (January missing, as published) of flows `flow(t, month)`.
    static func yearToDate(_ metric: String, through last: String = "2021-06", _ flow: (Int, Int) -> Double) -> [Reading] {
        var readings: [Reading] = []
        var total = 0.0
        for (t, month) in (period("2018-01")...period(last)).enumerated() {
            if month.month == 1 { total = 0 }
            total += flow(t, month.month)
            if month.month != 1 { readings.append(Reading(metric: metric, period: month, value: total)) }
        }
        return readings
    }

    /// A deterministic wiggle in [−1, 1] with period 11 (not 12, so no seasonal model fits it
    /// exactly): fits have residual variance and stay reproducible.
    static func wiggle(_ t: Int) -> Double { [0.3, -0.8, 0.5, 1.0, -0.4, -0.9, 0.7, 0.1, -0.6, 0.2, 0.9][(t * 7) % 11] }

    func assess(_ targets: [Target], metrics: [Metric], readings: [Reading], asOf: String? = nil,
                model: ModelSelection = .automatic) -> [Assessment] {
        let catalogue = Catalogue(year: 2021, metrics: metrics, targets: targets)
        var options = AssessmentOptions(asOf: asOf.map(Self.period))
        options.model = model
        return catalogue.assess(Readings(readings), options: options).assessments
    }

    @Test func steadyFlowClearlyReachesOrMissesItsTotal() throws {
        let jobs = Metric(id: "jobs", unit: "人", reading: .ytd)
        let readings = Self.yearToDate("jobs") { t, _ in 2400 + 10 * Self.wiggle(t) }
        let results = assess([
            Target(id: "easy", title: "2.8万", metric: "jobs", kind: .total, value: 28_000, firmness: .ensure),
            Target(id: "hard", title: "4万", metric: "jobs", kind: .total, value: 40_000),
        ], metrics: [jobs], readings: readings)
        let easy = results[0], hard = results[1]
        #expect(abs(try #require(easy.actualToDate) - 6 * 2400) < 100)
        #expect(abs(try #require(easy.forecast) - 12 * 2400) < 200)
        #expect(try #require(easy.probability) > 0.99)
        #expect(easy.status == .onTrack)
        #expect(try #require(hard.probability) < 0.01)
        #expect(hard.status == .offTrack)
        let interval = try #require(easy.interval(level: 0.8))
        #expect(interval.lower < easy.forecast! && easy.forecast! < interval.upper)
        #expect(easy.requiredPace.map { abs($0 - (28_000 - easy.actualToDate!) / 6) < 1e-9 } == true)
        #expect(easy.explanation.contains("so far (to 2021-06)"))
    }

    @Test func totalAlreadyPastItsThresholdIsAchieved() throws {
        let readings = Self.yearToDate("rooms") { t, _ in 10 + Self.wiggle(t) }
        let result = assess([Target(id: "t", title: "50", metric: "rooms", kind: .total, value: 50)],
                            metrics: [Metric(id: "rooms", unit: "个", reading: .ytd)], readings: readings)[0]
        #expect(result.status == .achieved && result.probability == 1)
        #expect(result.explanation.contains("already past"))
    }

    @Test func growthAboveAndBelowItsThreshold() throws {
        // Flows growing 8% a year with a December peak.
        let gdp = Metric(id: "gdp", unit: "元", reading: .ytd)
        let readings = Self.yearToDate("gdp") { (t: Int, month: Int) -> Double in
            let trend: Double = 100 * pow(1.08, Double(t) / 12)
            let season: Double = month == 12 ? 1.5 : 1
            return trend * season * (1 + 0.002 * Self.wiggle(t))
        }
        let results = assess([
            Target(id: "low", title: "5%", metric: "gdp", kind: .growth, value: 5),
            Target(id: "high", title: "12%", metric: "gdp", kind: .growth, value: 12),
        ], metrics: [gdp], readings: readings)
        #expect(abs(try #require(results[0].forecast) - 8) < 0.5, "forecast \(results[0].forecast ?? .nan)")
        #expect(results[0].status == .onTrack && results[1].status == .offTrack)
        #expect(results[0].model == .logseasonal, "geometric growth with a proportional December peak")
        #expect(abs(try #require(results[0].actualToDate) - 8) < 0.6)
    }

    @Test func ceilingFarFromAndNearItsBound() throws {
        let rate = Metric(id: "rate", unit: "%", reading: .level)
        let readings = Self.series("rate") { t, _ in 3.0 + 0.01 * Self.wiggle(t) }
        let results = assess([
            Target(id: "far", title: "≤4", metric: "rate", kind: .ceiling, direction: .atMost, value: 4),
            Target(id: "near", title: "≤3", metric: "rate", kind: .ceiling, direction: .atMost, value: 3.0),
            Target(id: "every", title: "≤3.5 monthly", metric: "rate", kind: .ceiling, direction: .atMost, value: 3.5, at: .everyMonth),
            Target(id: "breached", title: "≤3.005 monthly", metric: "rate", kind: .ceiling, direction: .atMost, value: 3.005, at: .everyMonth),
            Target(id: "average", title: "≤3.1 avg", metric: "rate", kind: .ceiling, direction: .atMost, value: 3.1, at: .average),
        ], metrics: [rate], readings: readings)
        #expect(try #require(results[0].probability) > 0.99)
        #expect(results[0].status == .onTrack)
        let near = try #require(results[1].probability)
        #expect(near > 0.2 && near < 0.8, "P = \(near)")
        #expect(try #require(results[2].probability) > 0.99)
        #expect(results[3].status == .missed && results[3].probability == 0)
        #expect(try #require(results[4].probability) > 0.99)
        #expect(abs(try #require(results[4].forecast) - 3.0) < 0.01)
    }

    @Test func onlyWhatHasHappenedIsPrintedAsCertain() throws {
        let coverage = Metric(id: "cov", unit: "%", reading: .level)
        let readings = Self.series("cov") { t, _ in min(100, 80 + 0.5 * Double(t) + 0.1 * Self.wiggle(t)) }
        var result = assess([Target(id: "r", title: "100%", metric: "cov", kind: .ratio, value: 100)],
                            metrics: [coverage], readings: readings)[0]
        // A forecast whose probability came out as exactly 1 or 0 (every draw on one side) is not
        // certain; what has happened (achieved, missed) is.
        let cases: [(Status, Double, String)] = [(.onTrack, 1, ">99%"), (.offTrack, 0, "<1%"), (.achieved, 1, "100%"), (.missed, 0, "0%")]
        for (status, probability, printed) in cases {
            result.status = status
            result.probability = probability
            #expect(result.formattedProbability == printed, "\(status)")
        }
    }

    @Test func ratioStaysWithinZeroToHundred() throws {
        let coverage = Metric(id: "cov", unit: "%", reading: .level)
        let readings = Self.series("cov") { t, _ in min(100, 80 + 0.5 * Double(t) + 0.1 * Self.wiggle(t)) }
        let result = assess([Target(id: "r", title: "100%", metric: "cov", kind: .ratio, value: 100)],
                            metrics: [coverage], readings: readings)[0]
        let interval = try #require(result.interval(level: 0.95))
        let forecast = try #require(result.forecast)
        #expect(interval.upper <= 100 && forecast <= 100)
        #expect(try #require(result.probability) > 0.5)
    }

    @Test func levelMilestoneReductionAndRelative() throws {
        let metrics = [
            Metric(id: "patents", unit: "件", reading: .level),
            Metric(id: "roads", unit: "条", reading: .ytd),
            Metric(id: "spend", unit: "元", reading: .ytd),
            Metric(id: "income", unit: "元", reading: .ytd),
            Metric(id: "gdp", unit: "元", reading: .ytd),
        ]
        var readings = Self.series("patents") { t, _ in 8000 + 40 * Double(t) + 5 * Self.wiggle(t) }
        readings += Self.yearToDate("roads") { t, _ in 0.5 + 0.05 * Self.wiggle(t) }
        readings += Self.yearToDate("spend") { t, _ in 100 * pow(0.85, Double(t) / 12) * (1 + 0.002 * Self.wiggle(t)) }
        readings += Self.yearToDate("income") { t, _ in 100 * pow(1.06, Double(t) / 12) * (1 + 0.001 * Self.wiggle(t)) }
        readings += Self.yearToDate("gdp") { t, _ in 100 * pow(1.08, Double(t) / 12) * (1 + 0.001 * Self.wiggle(t)) }
        let results = assess([
            Target(id: "level", title: "≥9600", metric: "patents", kind: .level, value: 9600),
            Target(id: "milestone", title: "6条", metric: "roads", kind: .milestone, value: 8),
            Target(id: "cut", title: "压减10%", metric: "spend", kind: .reduction, value: 10),
            Target(id: "step", title: "同步", metric: "income", kind: .relative, value: 0, versus: "gdp"),
        ], metrics: metrics, readings: readings)
        // 8000 + 40·47 = 9880 by 2021-12.
        #expect(abs(try #require(results[0].forecast) - 9880) < 20)
        #expect(results[0].status == .onTrack)
        #expect(abs(try #require(results[1].forecast) - 6) < 0.5)
        #expect(results[1].status == .offTrack)
        #expect(abs(try #require(results[2].forecast) - 15) < 1)
        #expect(results[2].status == .onTrack)
        #expect(try #require(results[3].forecast) < -1)
        #expect(results[3].status == .offTrack)
    }

    @Test func tooFewReadingsIsNoDataWithTheNumberNeeded() {
        let readings = [Reading(metric: "x", period: Self.period("2021-05"), value: 1), Reading(metric: "x", period: Self.period("2021-06"), value: 2)]
        let result = assess([Target(id: "t", title: "t", metric: "x", kind: .level, value: 5)],
                            metrics: [Metric(id: "x", unit: "个", reading: .level)], readings: readings)[0]
        #expect(result.status == .noData && result.readingsNeeded == 5 && result.forecast == nil)
        #expect(result.explanation.contains("only 2 usable readings"))
    }

    @Test func qualitativeAndPlaceholderAreNotForecast() {
        let results = assess([
            Target(id: "q", title: "组织活动", metric: nil, kind: .qualitative, value: nil),
            Target(id: "p", title: "失业率", metric: "u", kind: .ceiling, direction: .atMost, value: nil),
        ], metrics: [Metric(id: "u", unit: "%", reading: .level)], readings: Self.series("u") { _, _ in 3 })
        #expect(results[0].status == .notForecast)
        #expect(results[1].status == .noData && results[1].explanation.contains("no threshold yet"))
    }

    @Test func deadlinePassedIsAchievedOrMissedFromWhatHappened() throws {
        let readings = Self.yearToDate("jobs", through: "2021-12") { t, _ in 2400 + 10 * Self.wiggle(t) }
        let results = assess([
            Target(id: "met", title: "2.8万", metric: "jobs", kind: .total, value: 28_000),
            Target(id: "missed", title: "3万", metric: "jobs", kind: .total, value: 30_000),
        ], metrics: [Metric(id: "jobs", unit: "人", reading: .ytd)], readings: readings)
        #expect(results[0].status == .achieved && results[1].status == .missed)
        #expect(results[1].intervals.isEmpty && results[1].probability == 0)
    }

    @Test func asOfReplaysAnEarlierMonth() throws {
        let readings = Self.yearToDate("jobs", through: "2021-12") { t, _ in 2400 + 10 * Self.wiggle(t) }
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "jobs", unit: "人", reading: .ytd)],
                                  targets: [Target(id: "t", title: "t", metric: "jobs", kind: .total, value: 28_000)])
        let report = catalogue.assess(Readings(readings), options: AssessmentOptions(asOf: Self.period("2021-03")))
        #expect(report.asOf == Self.period("2021-03"))
        #expect(report.assessments[0].actualPeriod == Self.period("2021-03"))
        #expect(report.assessments[0].status == .onTrack)
    }

    @Test func logModelSumsAreReproducibleRunToRun() throws {
        let readings = Self.series("visits") { t, _ in 1000 * pow(1.03, Double(t)) * (1 + 0.01 * Self.wiggle(t)) }
        let target = Target(id: "t", title: "t", metric: "visits", kind: .total, value: 30_000)
        let metric = Metric(id: "visits", unit: "人次", reading: .flow)
        let first = assess([target], metrics: [metric], readings: readings, model: .fixed(.loglinear))[0]
        let second = assess([target], metrics: [metric], readings: readings, model: .fixed(.loglinear))[0]
        #expect(first.model == .loglinear)
        #expect(first.forecast == second.forecast && first.intervals == second.intervals && first.probability == second.probability)
    }
}

@Suite("Assessing at the edges")
struct AssessmentEdgeTests {
    @Test func readingsInTheFirstRepresentableYearDoNotTrap() {
        let readings = (1...12).map { Reading(metric: "x", period: Period(year: 1, month: $0)!, value: Double($0)) }
        let catalogue = Catalogue(year: 1, metrics: [Metric(id: "x", unit: "个", reading: .ytd)], targets: [
            Target(id: "g", title: "g", metric: "x", kind: .growth, value: 5),
            Target(id: "c", title: "c", metric: "x", kind: .ceiling, direction: .atMost, value: 5, at: .everyMonth),
        ])
        let report = catalogue.assess(Readings(readings))
        #expect(report.assessments.count == 2)
    }

    @Test func asOfBeforeTheTargetYearDoesNotTrap() {
        let readings = (1...24).map { Reading(metric: "x", period: Period(year: 2019, month: 1)!.advanced(by: $0), value: 3 + Double($0 % 5) / 10) }
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "x", unit: "%", reading: .level)], targets: [
            Target(id: "c", title: "c", metric: "x", kind: .ceiling, direction: .atMost, value: 5, at: .everyMonth),
            Target(id: "a", title: "a", metric: "x", kind: .ceiling, direction: .atMost, value: 5, at: .average),
        ])
        let report = catalogue.assess(Readings(readings), options: AssessmentOptions(asOf: Period(year: 2020, month: 6)))
        #expect(report.assessments.allSatisfy { $0.status != .notForecast })
    }
}

/// Cases found in review: each once gave a wrong answer or a crash.
@Suite("Assessing: reviewed edge cases")
struct AssessmentReviewTests {
    typealias T = AssessmentTests
    func run(_ targets: [Target], _ metrics: [Metric], _ readings: [Reading], asOf: String? = nil) -> [Assessment] {
        Catalogue(year: 2021, metrics: metrics, targets: targets)
            .assess(Readings(readings), options: AssessmentOptions(asOf: asOf.map(T.period))).assessments
    }

    @Test func aTotalThatCanStillFallIsNotAchievedEarly() {
        // Year-to-date values that fall within the year: flows are sometimes negative.
        let readings = T.yearToDate("x") { t, month in (month >= 5 ? -3 : 10) + T.wiggle(t) }
        let result = run([Target(id: "t", title: "t", metric: "x", kind: .total, value: 30)],
                         [Metric(id: "x", unit: "个", reading: .ytd)], readings)[0]
        #expect(result.status != .achieved)
    }

    @Test func growthWithAnEarlierDeadlineComparesTheSameMonths() throws {
        let readings = T.yearToDate("gdp", through: "2021-06") { t, _ in 100 * pow(1.1, Double(t) / 12) }
        let result = run([Target(id: "h1", title: "h1", metric: "gdp", kind: .growth, value: 5,
                                 deadline: T.period("2021-06"))], [Metric(id: "gdp", unit: "元", reading: .ytd)], readings)[0]
        #expect(result.status == .achieved)
        #expect(abs(try #require(result.forecast) - 10) < 0.5)
    }

    @Test func aPassedDeadlineWithoutItsReadingIsNoDataNotAForecast() {
        let readings = T.series("x", through: "2020-10") { t, _ in Double(t) }
        let result = run([Target(id: "t", title: "t", metric: "x", kind: .level, value: 10)],
                         [Metric(id: "x", unit: "个", reading: .level)], readings, asOf: "2022-03")[0]
        #expect(result.status == .noData && result.explanation.contains("has passed"))
    }

    @Test func aRateStuckAtItsThresholdMeetsIt() throws {
        let readings = T.series("r") { _, _ in 100 }
        let result = run([Target(id: "t", title: "t", metric: "r", kind: .ratio, value: 100, firmness: .ensure)],
                         [Metric(id: "r", unit: "%", reading: .level)], readings)[0]
        #expect(result.probability == 1 && result.status == .onTrack)
    }

    @Test func anAverageCeilingForecastsMissingMonthsInsteadOfCountingThemAsZero() throws {
        var readings = T.series("p", through: "2021-12") { t, _ in 48 + 0.5 * T.wiggle(t) }
        readings.removeAll { $0.period == T.period("2021-03") || $0.period == T.period("2021-07") }
        let result = run([Target(id: "t", title: "t", metric: "p", kind: .ceiling, direction: .atMost, value: 40, at: .average)],
                         [Metric(id: "p", unit: "%", reading: .level)], readings)[0]
        #expect(abs(try #require(result.forecast) - 48) < 1)
        #expect(result.status == .offTrack || result.status == .missed)
    }

    @Test func growthSoFarIsLeftOutWhenThisYearHasMissingMonths() {
        var readings = T.series("f") { t, _ in 100 + Double(t) }
        readings.removeAll { $0.period == T.period("2021-02") }
        let result = run([Target(id: "t", title: "t", metric: "f", kind: .growth, value: 5)],
                         [Metric(id: "f", unit: "元", reading: .flow)], readings)[0]
        #expect(result.actualToDate == nil)
    }

    @Test func hugeValuesGiveNoDataNotACrash() {
        let readings = T.series("h") { t, _ in T.wiggle(t) * 1e160 }   // squares overflow
        let result = run([Target(id: "t", title: "t", metric: "h", kind: .level, value: 1)],
                         [Metric(id: "h", unit: "个", reading: .level)], readings)[0]
        #expect(result.status == .noData, "\(result.status): \(result.explanation) \(result.model.map { "\($0)" } ?? "")")
    }

    @Test func aNonPositiveOrTinyBaseIsAnErrorInTheCatalogue() {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "g", unit: "元", reading: .ytd)], targets: [
            Target(id: "a", title: "a", metric: "g", kind: .growth, value: 7, base: 0),
            Target(id: "b", title: "b", metric: "g", kind: .growth, value: 7, base: .leastNormalMagnitude / 100),
        ])
        #expect(catalogue.problems().filter { $0.severity == .error && $0.key == "base" }.count == 2)
    }

    @Test func readingsOfAnUnknownMetricAreReported() {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "gdp", unit: "元", reading: .ytd)], targets: [])
        let readings = Readings([Reading(metric: "GDP", period: T.period("2021-02"), value: 1)])
        #expect(catalogue.unusedMetrics(in: readings) == ["readings of 'GDP' are not used: no metric of the targets file has that id, name or alias (did you mean 'gdp'?)"])
    }
}

@Suite("Calibrated intervals in forecast run")
struct RunCalibrationTests {
    @Test func wideningScalesAroundTheMedian() {
        let t = ForecastDistribution(.studentT(StudentTDistribution(degreesOfFreedom: 10, location: 5, scale: 2)))
        let wide = t.widened(by: 1.5)
        #expect(abs(wide.median - 5) < 1e-12)
        #expect(abs((wide.quantile(0.9) - 5) - 1.5 * (t.quantile(0.9) - 5)) < 1e-9)
        let draws = ForecastDistribution(.empirical([1, 2, 3, 4, 5])).widened(by: 2)
        #expect(draws.quantile(0) == -1 && draws.quantile(1) == 7)
        #expect(ForecastDistribution(.known(3)).widened(by: 2).median == 3)
    }

    /// Metrics whose monthly flows wander (a random walk in the level): past years' forecasts miss
    /// by more than their OLS intervals allow, so the factors widen them.
    @Test func wanderingMetricsGetFactorsAboveOne() throws {
        var random = SplitMix64(seed: 31)
        var readings: [Reading] = []
        var metrics: [Metric] = [], targets: [Target] = []
        for index in 0..<12 {
            let id = "m\(index)"
            metrics.append(Metric(id: id, unit: "个", reading: .flow))
            targets.append(Target(id: "t\(index)", title: id, metric: id, kind: .total, value: 1000))
            var level = 100.0
            for (t, month) in (Period(year: 2014, month: 1)!...Period(year: 2021, month: 6)!).enumerated() {
                level += 4 * random.nextGaussian()
                readings.append(Reading(metric: id, period: month, value: level + Double(t) * 0.2))
            }
        }
        let catalogue = Catalogue(year: 2021, metrics: metrics, targets: targets)
        // The trend models' intervals are what is calibrated: year-over-year forecasts (which the
        // automatic choice makes for 2018–2020, with three earlier years each) carry their own
        // replayed spread and are left out — 12 metrics × 2016–2017 remain.
        #expect(catalogue.intervalCalibration(Readings(readings))?.forecasts == 24)
        var options = AssessmentOptions()
        options.model = .fixed(.linear)
        let calibration = try #require(catalogue.intervalCalibration(Readings(readings), options: options))
        #expect(calibration.forecasts == 60)
        #expect(calibration.factor80 > 1.2 && calibration.factor95 > 1.2)
        let plain = catalogue.assess(Readings(readings), options: options).assessments[0]
        options.calibration = calibration
        let calibrated = catalogue.assess(Readings(readings), options: options).assessments[0]
        #expect(calibrated.forecast == plain.forecast)
        let (a, b) = (try #require(calibrated.interval(level: 0.8)), try #require(plain.interval(level: 0.8)))
        #expect(a.upper - a.lower > b.upper - b.lower)
    }

    @Test func tooLittleHistoryGivesNoCalibration() {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "x", unit: "个", reading: .level)],
                                  targets: [Target(id: "t", title: "t", metric: "x", kind: .level, value: 1)])
        let readings = Readings(AssessmentTests.series("x") { t, _ in Double(t) })
        #expect(catalogue.intervalCalibration(readings) == nil)
    }
}
