import Foundation
import Testing
@testable import TargetAssessment
import TargetForecast
import TestSupport

/// The analyst's spreadsheet rules: their values computed by hand from the readings, their P(met)
/// from their misses in earlier years, and the same answers from monthly and year-to-date readings.
@Suite("Analyst rules")
struct AnalystRulesTests {
    /// Twelve years of a seasonal monthly flow growing about 5% a year, with seeded noise.
    static let flows: [Period: Double] = {
        var random = SplitMix64(seed: 17)
        var values: [Period: Double] = [:]
        for year in 2010...2021 {
            let yearly = 0.05 + 0.03 * random.nextGaussian()
            let level = 100 * pow(1.05, Double(year - 2010)) * (1 + yearly)
            for month in 1...12 {
                let season = 1 + 0.2 * sin(Double(month) / 12 * 2 * .pi)
                values[Period(year: year, month: month)!] = level * season * (1 + 0.04 * random.nextGaussian())
            }
        }
        return values
    }()

    static func catalogue(reading: ReadingKind) -> Catalogue {
        Catalogue(year: 2021, metrics: [Metric(id: "sales", unit: "亿元", reading: reading)], targets: [
            Target(id: "growth", title: "sales +5%", metric: "sales", kind: .growth, value: 5),
            Target(id: "total", title: "sales 1,500", metric: "sales", kind: .total, value: 1_500),
        ])
    }

    static func ytdTotal(_ year: Int, _ month: Int) -> Double {
        (1...month).reduce(0) { $0 + (flows[Period(year: year, month: $1)!] ?? .nan) }
    }

    /// The same series as monthly flows, or as year-to-date totals without January (reported with February).
    static func readings(_ reading: ReadingKind) -> Readings {
        switch reading {
        case .ytd:
            return Readings(flows.keys.filter { $0.month != 1 }.map { Reading(metric: "sales", period: $0, value: ytdTotal($0.year, $0.month)) })
        default:
            return Readings(flows.map { Reading(metric: "sales", period: $0.key, value: $0.value) })
        }
    }

    @Test func growthSoFarIsThisYearsMonthsAgainstTheSameMonthsLastYear() throws {
        let rules = AnalystRules(catalogue: Self.catalogue(reading: .flow), readings: Self.readings(.flow))
        let growth = try #require(Self.catalogue(reading: .flow).targets.first)
        let value = try #require(rules.value(.growthSoFar, for: growth, year: 2020, asOf: Period(year: 2020, month: 3)!))
        #expect(abs(value - 100 * (Self.ytdTotal(2020, 3) / Self.ytdTotal(2019, 3) - 1)) < 1e-9)
        // The outcome is the year's growth.
        let outcome = try #require(rules.outcome(of: growth, year: 2020))
        #expect(abs(outcome - 100 * (Self.ytdTotal(2020, 12) / Self.ytdTotal(2019, 12) - 1)) < 1e-9)
        #expect(rules.rules(for: growth) == [.growthSoFar])
    }

    @Test func lastYearsProfileDividesTheTotalSoFarByLastYearsShare() throws {
        let rules = AnalystRules(catalogue: Self.catalogue(reading: .flow), readings: Self.readings(.flow))
        let total = try #require(Self.catalogue(reading: .flow).targets.last)
        let value = try #require(rules.value(.lastYearProfile, for: total, year: 2021, asOf: Period(year: 2021, month: 4)!))
        let share = Self.ytdTotal(2020, 4) / Self.ytdTotal(2020, 12)
        #expect(abs(value - Self.ytdTotal(2021, 4) / share) < 1e-9 * value)
    }

    @Test func probabilityComesFromTheRulesMissesInTheFiveEarlierYears() throws {
        let catalogue = Self.catalogue(reading: .flow)
        let rules = AnalystRules(catalogue: catalogue, readings: Self.readings(.flow))
        let growth = try #require(catalogue.targets.first)
        let forecast = try #require(rules.forecast(.growthSoFar, for: growth, year: 2021, asOf: Period(year: 2021, month: 5)!, threshold: 5))
        // By hand: misses e = year growth − growth through May in 2016…2020; s = √(Σe²/5); P = P(t₅ ≥ (5 − q)/s).
        let misses = (2016...2020).map { year in
            100 * (Self.ytdTotal(year, 12) / Self.ytdTotal(year - 1, 12) - 1) - 100 * (Self.ytdTotal(year, 5) / Self.ytdTotal(year - 1, 5) - 1)
        }
        let spread = (misses.map { $0 * $0 }.reduce(0, +) / 5).squareRoot()
        let q = 100 * (Self.ytdTotal(2021, 5) / Self.ytdTotal(2020, 5) - 1)
        #expect(forecast.pastYears == 5)
        #expect(abs(forecast.spread - spread) < 1e-9)
        #expect(abs(forecast.value - q) < 1e-9)
        let expected = StudentTDistribution(degreesOfFreedom: 5).survival((5 - q) / spread)
        #expect(abs(forecast.probability - expected) < 1e-12)
        // An at-most target of the same threshold is the complement.
        var ceiling = growth
        ceiling.direction = .atMost
        let below = try #require(rules.forecast(.growthSoFar, for: ceiling, year: 2021, asOf: Period(year: 2021, month: 5)!, threshold: 5))
        #expect(abs(below.probability + forecast.probability - 1) < 1e-12)
    }

    @Test func yearToDateReadingsGiveTheSameRulesAsMonthlyFlows() throws {
        let flow = AnalystRules(catalogue: Self.catalogue(reading: .flow), readings: Self.readings(.flow))
        let ytd = AnalystRules(catalogue: Self.catalogue(reading: .ytd), readings: Self.readings(.ytd))
        for target in Self.catalogue(reading: .flow).targets {
            for month in 2...11 {
                let asOf = Period(year: 2021, month: month)!
                let a = flow.forecasts(for: target, asOf: asOf), b = ytd.forecasts(for: target, asOf: asOf)
                #expect(a.count == 1 && b.count == 1)
                for (x, y) in zip(a, b) {
                    #expect(abs(x.value - y.value) < 1e-9 * max(1, abs(x.value)))
                    #expect(abs(x.probability - y.probability) < 1e-9)
                }
            }
        }
        // In January the year-to-date form has nothing yet (January comes with February).
        #expect(ytd.forecasts(for: Self.catalogue(reading: .ytd).targets[0], asOf: Period(year: 2021, month: 1)!).isEmpty)
    }

    @Test func rulesNeedTwoEarlierYearsAtTheSameMonth() throws {
        let catalogue = Self.catalogue(reading: .flow)
        let recent = Readings(Self.flows.filter { $0.key.year >= 2018 }.map { Reading(metric: "sales", period: $0.key, value: $0.value) })
        let rules = AnalystRules(catalogue: catalogue, readings: recent)
        let growth = try #require(catalogue.targets.first)
        // 2019 and 2020 have a previous year: two misses for 2021, one for 2020.
        #expect(rules.forecast(.growthSoFar, for: growth, year: 2021, asOf: Period(year: 2021, month: 6)!, threshold: 5)?.pastYears == 2)
        #expect(rules.forecast(.growthSoFar, for: growth, year: 2020, asOf: Period(year: 2020, month: 6)!, threshold: 5) == nil)
    }

    @Test func levelTrendAddsTheMeanMonthlyChangeOfTheLastYear() throws {
        let catalogue = Catalogue(year: 2021, metrics: [Metric(id: "patents", unit: "件", reading: .level)], targets: [
            Target(id: "held", title: "9,600 patents", metric: "patents", kind: .level, value: 9_600),
        ])
        let readings = Readings((0..<40).map { Reading(metric: "patents", period: Period(year: 2018, month: 1)!.advanced(by: $0), value: 8_000 + 30 * Double($0)) })
        let rules = AnalystRules(catalogue: catalogue, readings: readings)
        // Latest 2021-04 = 8,000 + 30·39; a year earlier 30·12 less; 8 months to December at 30 a month.
        let value = try #require(rules.value(.lastLevelTrend, for: catalogue.targets[0], year: 2021, asOf: Period(year: 2021, month: 4)!))
        #expect(abs(value - (8_000 + 30 * 39 + 8 * 30)) < 1e-9)
    }

    @Test func theTargetBacktestScoresForecastRunAgainstTheRulesOnTheSameCases() throws {
        let catalogue = Self.catalogue(reading: .flow)
        var backtest = TargetBacktest(calibrated: false, threads: 2)
        backtest.maximumPastYears = 3
        let result = backtest.run(catalogue, readings: Self.readings(.flow))
        let best = try #require(result.bestRule)
        let withRules = result.cases.filter { !$0.rules.isEmpty }
        #expect(best.count == withRules.count && best.count > 0)
        let brier = withRules.map { c in pow((c.rules[0].probability) - (c.met ? 1 : 0), 2) }.reduce(0, +) / Double(withRules.count)
        #expect(abs(best.brier - brier) < 1e-12)
        #expect(Set(result.ruleComparisons.compactMap(\.rule)) == [.growthSoFar, .lastYearProfile])
        #expect(abs(best.skill - (1 - best.modelBrier / best.brier)) < 1e-12)
        #expect(result.bestRuleByMonthsRemaining.map(\.comparison.count).reduce(0, +) == best.count)
        // The JSON and the cases file carry them.
        let json = try result.json()
        #expect(json.contains("\"bestRule\"") && json.contains("\"growth-so-far\"") && json.contains("\"bestRuleReliability\""))
        #expect(result.casesCSV().split(separator: "\n")[0].hasSuffix("growth_so_far_probability,growth_so_far_value,last_year_profile_probability,last_year_profile_value,last_level_trend_probability,last_level_trend_value"))
        #expect(result.table().contains("Against the analyst's rules"))
        // The reliability diagram draws both: one marker per bin of each, and a legend entry each.
        let svg = ReliabilityDiagram.render(result)
        #expect(svg.components(separatedBy: "<circle").count - 1 == result.reliability.count + result.bestRuleReliability.count + 2)
        #expect(svg.contains("best rule (Brier"))
        #expect(result.bestRuleReliability.map(\.count).reduce(0, +) == best.count)
    }

    @Test func whenTheTrendAndARuleDisagreeTheExplanationSaysWhichWayTheRulePoints() throws {
        // The fixture has two earlier years at each month: the trend models forecast, and where
        // growth so far (with its misses in 2019–2020) puts P(met) on the other side, the line says so.
        let run = try AssessmentRun(targetsFile: FixturePath.url("gulou-2021/targets.yaml").path,
                                    readingsFiles: [FixturePath.url("gulou-2021/readings.csv").path])
        let report = run.assess()
        let budget = try #require(report.assessments.first { $0.target.id == "t12-general-budget-revenue" })
        let rule = try #require(budget.disagreeingRule)
        #expect(rule.rule == .growthSoFar && rule.pastYears == 2)
        #expect(try #require(budget.probability) < 0.5 && rule.probability >= 0.6)
        #expect(budget.explanation.contains("trend model: only 2 earlier years to replay, year over year needs 3; but growth so far persists (+7.9%, with its misses in 2 earlier years) puts P(met) at \(Int((100 * rule.probability).rounded()))%"))
        // Where they agree, nothing is added.
        let jobs = try #require(report.assessments.first { $0.target.id == "t45-new-urban-jobs" })
        #expect(jobs.disagreeingRule == nil && !jobs.explanation.contains("puts P(met)"))
    }
}
