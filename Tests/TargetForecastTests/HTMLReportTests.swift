import Testing
import TargetForecast

@Suite("HTML report and charts")
struct HTMLReportTests {
    static func report(title: String, metricName: String = "jobs", unit: String = "人") -> TargetReport {
        let metric = Metric(id: "jobs", name: metricName, unit: unit, reading: .ytd)
        let readings = AssessmentTests.yearToDate("jobs") { t, _ in 2400 + 10 * AssessmentTests.wiggle(t) }
        let catalogue = Catalogue(year: 2021, metrics: [metric], targets: [
            Target(id: "t1", item: 45, title: title, metric: "jobs", kind: .total, value: 28_000, lead: [title]),
            Target(id: "q", item: 9, title: title, metric: nil, kind: .qualitative, value: nil),
        ])
        return catalogue.assess(Readings(readings))
    }

    @Test(arguments: ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"])
    func userTextIsEscapedEverywhere(title: String) {
        let html = Self.report(title: title, unit: title).html()
        #expect(!html.contains(title))
        #expect(!html.contains("<script>alert") && !html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func pageHasSummaryTableCardsChartsAndQualitativeItems() throws {
        let html = Self.report(title: "确保新增城镇就业2.8万人").html()
        #expect(html.hasPrefix("<!doctype html>") && html.contains("<meta charset=\"utf-8\">"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count == 2)   // only the SVG namespace
        #expect(html.contains("● on track: 1") && html.contains("By lead unit (主办)"))
        #expect(html.contains("id=\"targets\"") && html.contains("id=\"status-filter\"") && html.contains("id=\"unit-filter\""))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 1)
        #expect(html.contains("Not forecast (qualitative items)"))
        #expect(html.contains("role=\"img\"") && html.contains("<title id=\"card-0-title\">t1: 确保新增城镇就业2.8万人</title>"))
        #expect(html.contains("aria-labelledby=\"card-0-title card-0-description\""))
    }

    @Test func chartShowsPathsFanThresholdAndDeadline() throws {
        let assessment = Self.report(title: "jobs").assessments[0]
        let chart = try #require(assessment.chart())
        #expect(chart.isCumulative && chart.threshold == 28_000 && chart.deadline == Period(year: 2021, month: 12))
        #expect(chart.observed.count == 5 && chart.previousYear.count == 11 && chart.needed.count == 11)
        #expect(chart.forecast.first?.period == Period(year: 2021, month: 6) && chart.forecast.last?.period == Period(year: 2021, month: 12))
        #expect(chart.forecast.allSatisfy { $0.lower95 <= $0.lower80 && $0.lower80 <= $0.median && $0.median <= $0.upper80 && $0.upper80 <= $0.upper95 })
        let svg = SVGChart.render(chart, title: "t", description: "d")
        #expect(svg.contains("target 2.8万人") && svg.contains("deadline 2021-12") && svg.contains("forecast, 80% / 95%"))
        #expect(svg.contains(">2万人<") || svg.contains(">1万人<"))
    }
}
