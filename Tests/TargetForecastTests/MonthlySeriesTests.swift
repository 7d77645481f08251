import Testing
import TargetForecast

@Suite("Monthly series and reading-kind conversions")
struct MonthlySeriesTests {
    func period(_ text: String) -> Period { Period(parsing: text)! }

    @Test func combinedJanuaryFebruaryReportIsOneTwoMonthFlow() {
        let ytd = MonthlySeries(metric: "gdp", values: [
            period("2021-02"): 30, period("2021-03"): 48, period("2021-05"): 80, period("2022-02"): 33,
        ])
        let flows = ytd.flowsFromYearToDate()
        #expect(flows == [
            PeriodFlow(start: period("2021-01"), end: period("2021-02"), value: 30),
            PeriodFlow(start: period("2021-03"), end: period("2021-03"), value: 18),
            PeriodFlow(start: period("2021-04"), end: period("2021-05"), value: 32),
            PeriodFlow(start: period("2022-01"), end: period("2022-02"), value: 33),
        ])
        #expect(flows.map(\.months) == [2, 1, 2, 2])
    }

    @Test func flowsBackToYearToDateRoundTrips() {
        let ytd = MonthlySeries(metric: "gdp", values: [
            period("2020-02"): 25, period("2020-03"): 40, period("2021-02"): 30, period("2021-03"): 48, period("2021-05"): 80,
        ])
        #expect(MonthlySeries.yearToDate(metric: "gdp", from: ytd.flowsFromYearToDate()) == ytd)
    }

    @Test func aGapInFlowsLeavesTheRestOfTheYearUnknown() {
        let flows = MonthlySeries(metric: "jobs", values: [
            period("2021-01"): 5, period("2021-02"): 7, period("2021-04"): 9,
        ]).monthlyFlows()
        let ytd = MonthlySeries.yearToDate(metric: "jobs", from: flows)
        #expect(ytd.values == [period("2021-01"): 5, period("2021-02"): 12])
    }

    @Test func gapsListMissingMonthsBetweenFirstAndLast() {
        let series = MonthlySeries(metric: "x", values: [period("2021-01"): 1, period("2021-04"): 2])
        #expect(series.gaps.map(\.description) == ["2021-02", "2021-03"])
    }
}
