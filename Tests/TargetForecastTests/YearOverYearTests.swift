import Foundation
import Testing
@testable import TargetAssessment
import TargetForecast
import TestSupport

/// The year-over-year forecaster of flows' year values: its members computed by hand, the choice
/// by replayed misses, the predictive distribution from the chosen member's misses, and when
/// `forecast run` uses it.
@Suite("Year over year")
struct YearOverYearTests {
    static let metric = Metric(id: "sales", unit: "亿元", reading: .flow)

    static func catalogue(_ metric: Metric = metric) -> Catalogue {
        Catalogue(year: 2021, metrics: [metric], targets: [
            Target(id: "growth", title: "sales +5%", metric: metric.id, kind: .growth, value: 5),
        ])
    }

    static func flow(_ year: Int, _ month: Int) -> Double { AnalystRulesTests.flows[Period(year: year, month: month)!] ?? .nan }
    static func total(_ year: Int, _ month: Int) -> Double { AnalystRulesTests.ytdTotal(year, month) }

    @Test func membersCarryARatioToLastYearOverTheRestOfTheYear() throws {
        let yoy = try #require(YearOverYear(metric: Self.metric, readings: AnalystRulesTests.readings(.flow)))
        let deadline = Period(year: 2021, month: 12)!, latest = Period(year: 2021, month: 5)!
        let rest = Self.total(2020, 12) - Self.total(2020, 5)
        let soFar = Self.total(2021, 5) / Self.total(2020, 5)
        let latestMonth = Self.flow(2021, 5) / Self.flow(2020, 5)
        func value(_ member: YearOverYearMember) throws -> Double {
            try #require(yoy.value(member, deadline: deadline, latest: latest))
        }
        #expect(abs(try value(.soFar) - (Self.total(2021, 5) + rest * soFar)) < 1e-9)
        #expect(abs(try value(.latestMonth) - (Self.total(2021, 5) + rest * latestMonth)) < 1e-9)
        #expect(abs(try value(.blend) - (Self.total(2021, 5) + rest * (soFar + latestMonth) / 2)) < 1e-9)
        // Damped momentum: ℓ(5) and ℓ(5 − 6) = ℓ(2020-11); month 5 + h gets f(2020, 5 + h)·exp(ℓ + b·Σφⁱ).
        let now = log(latestMonth), then = log(Self.flow(2020, 11) / Self.flow(2019, 11))
        let slope = (now - then) / 6
        var expected = Self.total(2021, 5), damping = 0.0
        for h in 1...7 {
            damping += pow(0.8, Double(h))
            expected += Self.flow(2020, 5 + h) * exp(now + slope * damping)
        }
        #expect(abs(try value(.dampedMomentum) - expected) < 1e-9 * expected)
    }

    @Test func theMemberThatMissedLeastInTheReplaysIsChosenAndItsMissesGiveTheSpread() throws {
        let yoy = try #require(YearOverYear(metric: Self.metric, readings: AnalystRulesTests.readings(.flow)))
        let deadline = Period(year: 2021, month: 12)!, asOf = Period(year: 2021, month: 4)!
        let (distribution, choice) = try #require(yoy.forecast(deadline: deadline, asOf: asOf))
        // By hand: every member's log misses ln(A(Y, 12)/V̂(Y, m)) for Y = 2016…2020, m = 1…11.
        func misses(_ member: YearOverYearMember, months: ClosedRange<Int>) -> [Double] {
            (2016...2020).flatMap { year in
                months.compactMap { month in
                    yoy.value(member, deadline: Period(year: year, month: 12)!, latest: Period(year: year, month: month)!).map { log(Self.total(year, 12) / $0) }
                }
            }
        }
        func rms(_ values: [Double]) -> Double { (values.map { $0 * $0 }.reduce(0, +) / Double(values.count)).squareRoot() }
        let errors = Dictionary(uniqueKeysWithValues: YearOverYearMember.allCases.map { ($0, rms(misses($0, months: 1...11))) })
        #expect(choice.member == errors.min { $0.value < $1.value }?.key)
        #expect(abs(choice.replayError - (errors[choice.member] ?? .nan)) < 1e-12)
        #expect(choice.pastYears == Array(2016...2020))
        let spread = rms(misses(choice.member, months: 4...4))
        #expect(abs(choice.spread - spread) < 1e-12)
        // ln V ~ ln V̂ + s·t₅.
        let point = try #require(yoy.value(choice.member, deadline: deadline, latest: asOf))
        let threshold = 1.05 * Self.total(2020, 12)
        let expected = StudentTDistribution(degreesOfFreedom: 5).survival((log(threshold) - log(point)) / spread)
        #expect(abs(distribution.probabilityAtLeast(threshold) - expected) < 1e-12)
        #expect(abs(distribution.median - point) < 1e-9 * point)
    }

    @Test func forecastRunUsesItWithThreeEarlierYearsAndSaysWhy() throws {
        let catalogue = Self.catalogue()
        var options = AssessmentOptions(asOf: Period(year: 2021, month: 4)!)
        options.calibration = IntervalCalibration(factor80: 3, factor95: 3, forecasts: 100)
        let assessment = catalogue.assess(AnalystRulesTests.readings(.flow), options: options).assessments[0]
        let choice = try #require(assessment.yearOverYear)
        #expect(assessment.model == nil)
        #expect(assessment.modelReason?.hasPrefix("year over year: ") == true)
        // P(met) and the intervals are the member's own (not widened by the calibration).
        let yoy = try #require(YearOverYear(metric: Self.metric, readings: AnalystRulesTests.readings(.flow)))
        let (distribution, _) = try #require(yoy.forecast(deadline: Period(year: 2021, month: 12)!, asOf: Period(year: 2021, month: 4)!))
        let base = Self.total(2020, 12)
        #expect(abs((assessment.probability ?? .nan) - distribution.probabilityAtLeast(1.05 * base)) < 1e-9)
        let growth80 = distribution.interval(level: 0.8)
        #expect(abs((assessment.interval(level: 0.8)?.upper ?? .nan) - 100 * (growth80.upper / base - 1)) < 1e-9)
        // The JSON names the member and the reason.
        let json = try catalogue.assess(AnalystRulesTests.readings(.flow), options: options).json()
        #expect(json.contains("\"model\" : \"year-over-year/\(choice.member.rawValue)\""))
        #expect(json.contains("\"modelReason\" : \"year over year: "))
        #expect(assessment.explanation.contains("year over year: \(choice.member.words), the method that missed least when 2016–2020 were replayed"))
    }

    @Test func withFewerThanThreeEarlierYearsOrAFixedModelTheTrendModelForecasts() throws {
        let catalogue = Self.catalogue()
        let recent = Readings(AnalystRulesTests.flows.filter { $0.key.year >= 2018 }.map { Reading(metric: "sales", period: $0.key, value: $0.value) })
        let short = catalogue.assess(recent, options: AssessmentOptions(asOf: Period(year: 2021, month: 4)!)).assessments[0]
        #expect(short.yearOverYear == nil && short.model != nil)
        var fixed = AssessmentOptions(asOf: Period(year: 2021, month: 4)!)
        fixed.model = .fixed(.seasonal)
        let chosen = catalogue.assess(AnalystRulesTests.readings(.flow), options: fixed).assessments[0]
        #expect(chosen.yearOverYear == nil && chosen.model == .seasonal)
        // A series that was ever zero or negative has no ratios: the trend model.
        var flows = AnalystRulesTests.flows
        flows[Period(year: 2015, month: 3)!] = 0
        let zero = catalogue.assess(Readings(flows.map { Reading(metric: "sales", period: $0.key, value: $0.value) }),
                                    options: AssessmentOptions(asOf: Period(year: 2021, month: 4)!)).assessments[0]
        #expect(zero.yearOverYear == nil)
    }

    @Test func yearToDateReadingsGiveCloseProbabilitiesToMonthlyFlows() throws {
        // The same series as monthly flows and as year-to-date totals without January: from March
        // on, both see the same months; they differ only where a member needs January on its own.
        let flow = Self.catalogue(), ytd = Self.catalogue(Metric(id: "sales", unit: "亿元", reading: .ytd))
        var differences: [Double] = []
        for month in 3...11 {
            let options = AssessmentOptions(asOf: Period(year: 2021, month: month)!)
            let a = try #require(flow.assess(AnalystRulesTests.readings(.flow), options: options).assessments[0].probability)
            let b = try #require(ytd.assess(AnalystRulesTests.readings(.ytd), options: options).assessments[0].probability)
            differences.append(abs(a - b))
        }
        #expect(differences.reduce(0, +) / Double(differences.count) < 0.02)
        #expect(differences.max() ?? 1 < 0.1)
    }

    @Test func aZeroAfterTheAsOfMonthDoesNotChangeTheForecast() throws {
        var flows = AnalystRulesTests.flows
        flows[Period(year: 2021, month: 9)!] = 0
        let later = Readings(flows.map { Reading(metric: "sales", period: $0.key, value: $0.value) })
        let options = AssessmentOptions(asOf: Period(year: 2021, month: 4)!)
        let a = Self.catalogue().assess(AnalystRulesTests.readings(.flow), options: options).assessments[0]
        let b = Self.catalogue().assess(later, options: options).assessments[0]
        #expect(b.yearOverYear != nil && a.probability == b.probability && a.forecast == b.forecast)
    }

    /// Calendars at the edges of the valid years and readings that overflow a ratio give an answer
    /// (or none), never a hang or a trap.
    @Test(arguments: [(5, 1), (9999, 9990)])
    func yearsAtTheEdgesOfTheCalendarAreAssessed(year: Int, firstYear: Int) throws {
        let catalogue = Catalogue(year: year, metrics: [Self.metric], targets: [
            Target(id: "growth", title: "sales +5%", metric: "sales", kind: .growth, value: 5),
            Target(id: "total", title: "sales", metric: "sales", kind: .total, value: 1_000),
        ])
        var readings: [Reading] = []
        for y in firstYear...year {
            for month in 1...12 where !(y == 1 && month < 3) && !(y == year && month > 4) {
                readings.append(Reading(metric: "sales", period: Period(year: y, month: month)!, value: 100 + Double(month) + Double(y - firstYear)))
            }
        }
        let report = catalogue.assess(Readings(readings), options: AssessmentOptions(asOf: Period(year: year, month: 4)!))
        #expect(report.assessments.count == 2)
        _ = report.assessments.map(\.explanation)
    }

    @Test func readingsThatOverflowARatioGiveNoYearOverYearValue() throws {
        var flows = AnalystRulesTests.flows
        for month in 1...12 { flows[Period(year: 2020, month: month)!] = 1e-300 }
        for month in 1...4 { flows[Period(year: 2021, month: month)!] = 1e300 }
        let readings = Readings(flows.filter { $0.key <= Period(year: 2021, month: 4)! }.map { Reading(metric: "sales", period: $0.key, value: $0.value) })
        let assessment = Self.catalogue().assess(readings, options: AssessmentOptions(asOf: Period(year: 2021, month: 4)!)).assessments[0]
        #expect(assessment.yearOverYear == nil)
        _ = assessment.explanation
    }
}
