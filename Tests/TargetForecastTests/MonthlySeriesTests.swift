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

    @Test func readingsSetInAnyOrderAreKeptInMonthOrder() {
        var series = MonthlySeries(metric: "x")
        for (text, value) in [("2021-03", 3.0), ("2021-01", 1), ("2021-06", 6), ("2020-12", 0), ("2021-02", 2)] {
            series[period(text)] = value
        }
        #expect(series.periods.map(\.description) == ["2020-12", "2021-01", "2021-02", "2021-03", "2021-06"])
        #expect(series.orderedValues == [0, 1, 2, 3, 6])
        #expect(series.first == period("2020-12") && series.last == period("2021-06") && series.count == 5)
        #expect(series[period("2021-06")] == 6 && series[period("2021-04")] == nil && series[period("2019-01")] == nil && series[period("2030-01")] == nil)
        series[period("2021-02")] = 20          // a revision replaces
        series[period("2021-01")] = nil         // nil removes
        series[period("2021-05")] = nil         // removing what is not there changes nothing
        #expect(series.values == [period("2020-12"): 0, period("2021-02"): 20, period("2021-03"): 3, period("2021-06"): 6])
        #expect(series == MonthlySeries(metric: "x", values: series.values))
        #expect(series.gaps.map(\.description) == ["2021-01", "2021-04", "2021-05"])
    }

    @Test func throughKeepsTheReadingsUpToAndIncludingTheMonth() {
        let series = MonthlySeries(metric: "x", values: [period("2021-01"): 1, period("2021-03"): 3, period("2021-04"): 4])
        #expect(series.through(period("2021-03")).orderedValues == [1, 3])
        #expect(series.through(period("2021-02")).orderedValues == [1])
        #expect(series.through(period("2020-12")).count == 0)
        #expect(series.through(period("2022-01")) == series)
    }

    @Test func readingsCenturiesApartAreTwoReadings() {
        var series = MonthlySeries(metric: "x")
        series[period("0001-01")] = 1
        series[period("9999-12")] = 2
        #expect(series.count == 2 && series.gapRuns.count == 1 && series[period("5000-06")] == nil && series[period("9999-12")] == 2)
    }
}
