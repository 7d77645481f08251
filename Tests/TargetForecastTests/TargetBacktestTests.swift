import Testing
@testable import TargetForecast
@testable import TargetAssessment
import TestSupport

/// Target-mode backtest: past years replayed with thresholds as demanding as this year's.
@Suite("Target backtest")
struct TargetBacktestTests {
    static let ids: Set<String> = ["t11-gdp", "t45-new-urban-jobs", "t7-invention-patents-held", "t41-mechanised-cleaning-rate"]

    static func fixture() throws -> (Catalogue, Readings) {
        var catalogue = try TargetsFile.read(FixturePath.url("gulou-2021/targets.yaml").path).catalogue
        catalogue.targets = catalogue.targets.filter { ids.contains($0.id) }
        var readings = Readings()
        readings.merge(try ReadingsFile.read(FixturePath.url("gulou-2021/readings.csv").path))
        return (catalogue, readings)
    }

    static let result: TargetBacktest.Result? = {
        guard let (catalogue, readings) = try? fixture() else { return nil }
        return TargetBacktest(calibrated: true, threads: 2).run(catalogue, readings: readings)
    }()

    @Test func everyPastYearIsReplayedAsOfEachMonthBeforeTheDeadline() throws {
        let result = try #require(Self.result)
        // Readings 2018-01…2021-06: 2019 and 2020 have a previous year (for growth bases and
        // for scaling totals and levels); 2018 has none.
        #expect(result.years == [2019, 2020])
        #expect(result.targets == 4 && result.skipped.isEmpty)
        #expect(result.cases.count == 4 * 2 * 11)
        #expect(Set(result.cases.map(\.monthsRemaining)) == Set(1...11))
        #expect(result.cases.allSatisfy { (0...1).contains($0.probability) })
    }

    @Test func scaledThresholdsKeepTheRealRatioToThePreviousYear() throws {
        let (catalogue, readings) = try Self.fixture()
        let result = try #require(Self.result)
        // Jobs (ytd): V_Y = 28000 · A_{Y−1} / A_2020, A the December year-to-date total.
        func december(_ metric: String, _ year: Int) throws -> Double {
            let december = try #require(Period(year: year, month: 12))
            return try #require(readings[metric]?.values[december])
        }
        for year in [2019, 2020] {
            let expected = 28_000 * (try december("new-urban-jobs", year - 1)) / (try december("new-urban-jobs", 2020))
            let threshold = try #require(result.cases.first { $0.target == "t45-new-urban-jobs" && $0.year == year }?.threshold)
            #expect(abs(threshold - expected) < 1e-6 * expected)
        }
        // Growth keeps its rate.
        #expect(result.cases.filter { $0.target == "t11-gdp" }.allSatisfy { $0.threshold == 7 })
        #expect(catalogue.targets.count == 4)
    }

    @Test func outcomesAreWhatTheYearTurnedOutToBe() throws {
        let (_, readings) = try Self.fixture()
        let result = try #require(Self.result)
        let jobs = try #require(result.cases.first { $0.target == "t45-new-urban-jobs" && $0.year == 2020 })
        let december = try #require(Period(year: 2020, month: 12))
        let total = try #require(readings["new-urban-jobs"]?.values[december])
        #expect(abs(jobs.outcome - total) < 1e-6)
        #expect(jobs.met == (total >= jobs.threshold))
    }

    @Test func brierScoreSkillAndReliabilityFollowTheirFormulas() throws {
        let result = try #require(Self.result)
        let n = Double(result.cases.count)
        let brier = result.cases.map { ($0.probability - ($0.met ? 1 : 0)) * ($0.probability - ($0.met ? 1 : 0)) }.reduce(0, +) / n
        let base = Double(result.cases.filter(\.met).count) / n
        #expect(abs(result.overall.brier - brier) < 1e-12)
        #expect(abs(result.climatologyBrier - base * (1 - base)) < 1e-12)
        #expect(abs(result.brierSkill - (1 - brier / (base * (1 - base)))) < 1e-12)
        #expect(result.reliability.map(\.count).reduce(0, +) == result.cases.count)
        for bin in result.reliability {
            #expect(bin.meanProbability >= bin.lower - 1e-12 && bin.meanProbability <= bin.upper + 1e-12)
        }
        #expect(result.byMonthsRemaining.map(\.scores.count).reduce(0, +) == result.cases.count)
    }

    @Test func scoresOfKnownCases() {
        func make(_ p: Double, _ met: Bool, outcome: Double = 100) -> TargetBacktest.Case {
            TargetBacktest.Case(target: "t", kind: .total, year: 2020, asOf: Period(year: 2020, month: 6)!, monthsRemaining: 6,
                                threshold: 100, probability: p, forecast: 110, intervals: [Interval(level: 0.8, lower: 95, upper: 105), Interval(level: 0.95, lower: 90, upper: 130)],
                                outcome: outcome, met: met, naiveError: 20)
        }
        let result = TargetBacktest.result(cases: [make(0.9, true), make(0.2, false), make(0.6, false)], targets: 1, skipped: [:], years: [2020])
        // BS = (0.01 + 0.04 + 0.36) / 3; ō = 1/3, BS_clim = 2/9.
        #expect(abs(result.overall.brier - 0.41 / 3) < 1e-12)
        #expect(abs(result.climatologyBrier - 2.0 / 9) < 1e-12)
        #expect(abs(result.brierSkill - (1 - (0.41 / 3) / (2.0 / 9))) < 1e-12)
        // Outcome 100 inside [95, 105] and [90, 130]; MAPE 10%; MASE |110 − 100| / 20.
        #expect(result.overall.coverage80 == 1 && result.overall.coverage95 == 1)
        #expect(abs(result.overall.mape - 10) < 1e-12 && abs(result.overall.mase - 0.5) < 1e-12)
    }
}
