import Testing
import TargetForecast

@Suite("Period")
struct PeriodTests {
    @Test(arguments: [
        "2021-03", "2021-3", "2021/3", "2021/03", "2021.3", "202103", "2021-03-31", "2021/3/31",
        "2021年3月", "2021年03月", "2021年3月31日", " 2021-03 ", "２０２１年３月",
    ])
    func acceptedFormsParseToTheSameMonth(text: String) {
        #expect(Period(parsing: text) == Period(year: 2021, month: 3))
    }

    @Test(arguments: [
        "2021-13", "2021-00", "2021-02-30", "2021-04-31", "0000-03", "21-03", "2021", "20213", "2021-03-",
        "March 2021", "2021年", "2021-03/04", "2021年3", "", "2021-1-1-1", "99999-01", "2021-003",
    ])
    func invalidMonthsAreRejected(text: String) {
        #expect(Period(parsing: text) == nil)
    }

    @Test func leapDayExistsOnlyInLeapYears() {
        #expect(Period(parsing: "2020-02-29") == Period(year: 2020, month: 2))
        #expect(Period(parsing: "2021-02-29") == nil)
        #expect(Period(parsing: "2000-02-29") != nil)
        #expect(Period(parsing: "1900-02-29") == nil)
    }

    @Test func monthArithmeticCrossesYears() throws {
        let december = try #require(Period(year: 2021, month: 12))
        #expect(december.advanced(by: 1).description == "2022-01")
        #expect(december.advanced(by: -12).description == "2020-12")
        #expect(Period(year: 2021, month: 1)!.distance(to: december) == 11)
        #expect(december.startOfYear.description == "2021-01")
        #expect(Period(monthIndex: december.monthIndex) == december)
    }
}

@Suite("Period arithmetic at the edges")
struct PeriodEdgeTests {
    @Test func arithmeticSaturatesInsteadOfLeavingFourDigitYears() {
        let first = Period(year: 1, month: 1)!
        #expect(first.advanced(by: -120) == first)
        #expect(Period(year: 9999, month: 12)!.advanced(by: 1) == Period(year: 9999, month: 12))
        #expect(Period(parsing: "0001-01") == first)   // M3's convention for unknown dates
        #expect(first.advanced(by: Int.min) == first)
        #expect(first.advanced(by: Int.max) == Period(year: 9999, month: 12))
    }
}
