import Distributions
import Forecasting
import Foundation
import TargetAssessment
import TargetData

/// The chart of a relative target (income growing in step with GDP): on the left both metrics'
/// growth so far month by month (as each month's assessment measures it), each continued by a
/// dashed line to its forecast at the deadline with its 80% and 95% intervals; on the right the
/// gap between them in points — its median, 80% and 95% intervals (those of the assessment) —
/// against the threshold. Self-contained SVG; every user string escaped.
public enum RelativeChart {
    static let margin = (left: 56.0, right: 18.0, top: 44.0, bottom: 38.0)
    /// The width of the gap panel on the right.
    static let gapWidth = 150.0

    /// The chart of `assessment`, or `nil` when it is not a forecast relative target.
    public static func render(_ assessment: Assessment, id: String = "chart") -> String? {
        guard let basis = assessment.relativeBasis, let deadline = assessment.deadline, let gap = assessment.forecast,
              let gap80 = assessment.interval(level: 0.8), let gap95 = assessment.interval(level: 0.95) else { return nil }
        let width = SVGChart.width, height = SVGChart.height
        func widened(_ distribution: ForecastDistribution, _ level: Double) -> Interval {
            distribution.widened(by: basis.calibration?.factor(level: level) ?? 1).interval(level: level)
        }
        let series: [(name: String, path: [(period: Period, growth: Double)], forecast: ForecastDistribution, colour: String)] = [
            (basis.metric, basis.path, basis.growth, "#2b6cb0"), (basis.versus, basis.versusPath, basis.versusGrowth, "#c05621"),
        ]
        let plot = (x: margin.left, y: margin.top, width: width - margin.left - margin.right - gapWidth, height: height - margin.top - margin.bottom)
        let first = deadline.startOfYear
        func x(_ period: Period) -> Double { plot.x + plot.width * Double(max(0, first.distance(to: period))) / Double(max(1, first.distance(to: deadline))) }
        var values = [0.0]
        for line in series {
            values += line.path.map(\.growth) + [widened(line.forecast, 0.95).lower, widened(line.forecast, 0.95).upper, line.forecast.median]
        }
        values = values.filter(\.isFinite)
        var low = values.min() ?? 0, high = values.max() ?? 1
        if high - low < 1e-9 { low -= 1; high += 1 }
        let ticks = SVGChart.ticks(low, high)
        low = min(low, ticks.first ?? low)
        high = max(high, ticks.last ?? high)
        func y(_ value: Double) -> Double { plot.y + plot.height * (1 - (value - low) / (high - low)) }
        func format(_ value: Double) -> String { String(format: "%.1f", value) }
        func percent(_ value: Double) -> String { QuantityFormatting.change(value) }

        let titleID = HTMLEscaping.escape(id + "-title"), descriptionID = HTMLEscaping.escape(id + "-description")
        let description = "Growth of \(basis.metric) and of \(basis.versus) so far and forecast by \(deadline); the gap \(assessment.formatted(gap)) (80%: \(assessment.formatted(gap80.lower)) to \(assessment.formatted(gap80.upper))) against \(assessment.formattedThreshold)"
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" height="\(Int(height))" role="img" aria-labelledby="\(titleID) \(descriptionID)" class="chart">
            <title id="\(titleID)">\(HTMLEscaping.escape("\(assessment.target.id): \(assessment.target.title)"))</title>
            <desc id="\(descriptionID)">\(HTMLEscaping.escape(description))</desc>
            <style>text{font:11px system-ui,-apple-system,"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;fill:#333}.grid{stroke:#e3e3e3}.axis{stroke:#888}</style>

            """
        for tick in ticks {
            svg += "<line class=\"grid\" x1=\"\(format(plot.x))\" x2=\"\(format(plot.x + plot.width))\" y1=\"\(format(y(tick)))\" y2=\"\(format(y(tick)))\"/>"
            svg += "<text x=\"\(format(plot.x - 6))\" y=\"\(format(y(tick) + 4))\" text-anchor=\"end\">\(percent(tick))</text>\n"
        }
        var month = first
        while month <= deadline {
            if (month.month - 1) % 3 == 0 || month == deadline {
                svg += "<text x=\"\(format(x(month)))\" y=\"\(format(plot.y + plot.height + 16))\" text-anchor=\"middle\">\(month)</text>"
            }
            month = month.advanced(by: 1)
        }
        svg += "<line class=\"axis\" x1=\"\(format(plot.x))\" x2=\"\(format(plot.x + plot.width))\" y1=\"\(format(y(0)))\" y2=\"\(format(y(0)))\"/>\n"
        // Each growth: the path so far, a dashed line to the forecast median, its intervals at the deadline.
        for (index, line) in series.enumerated() {
            let offset = index == 0 ? -5.0 : 5.0, at = x(deadline) + offset
            let outer = widened(line.forecast, 0.95), inner = widened(line.forecast, 0.8)
            svg += "<line x1=\"\(format(at))\" x2=\"\(format(at))\" y1=\"\(format(y(outer.lower)))\" y2=\"\(format(y(outer.upper)))\" stroke=\"\(line.colour)\" stroke-opacity=\"0.35\" stroke-width=\"6\"/>"
            svg += "<line x1=\"\(format(at))\" x2=\"\(format(at))\" y1=\"\(format(y(inner.lower)))\" y2=\"\(format(y(inner.upper)))\" stroke=\"\(line.colour)\" stroke-opacity=\"0.7\" stroke-width=\"6\"/>"
            let points = line.path.filter { $0.period <= deadline }
            if points.count >= 2 {
                let d = points.enumerated().map { "\($0 == 0 ? "M" : "L")\(format(x($1.period))),\(format(y($1.growth)))" }.joined(separator: " ")
                svg += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"2\"/>"
            }
            for point in points {
                svg += "<circle cx=\"\(format(x(point.period)))\" cy=\"\(format(y(point.growth)))\" r=\"2.5\" fill=\"\(line.colour)\"><title>\(HTMLEscaping.escape(line.name)) \(point.period): \(percent(point.growth))</title></circle>"
            }
            if let last = points.last, last.period < deadline {
                svg += "<path d=\"M\(format(x(last.period))),\(format(y(last.growth))) L\(format(at)),\(format(y(line.forecast.median)))\" fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
            }
            svg += "<circle cx=\"\(format(at))\" cy=\"\(format(y(line.forecast.median)))\" r=\"3.5\" fill=\"#fff\" stroke=\"\(line.colour)\" stroke-width=\"2\"><title>\(HTMLEscaping.escape(line.name)) by \(deadline): \(percent(line.forecast.median)) (80%: \(percent(inner.lower)) to \(percent(inner.upper)))</title></circle>\n"
        }
        svg += "<line x1=\"\(format(x(deadline)))\" x2=\"\(format(x(deadline)))\" y1=\"\(format(plot.y))\" y2=\"\(format(plot.y + plot.height))\" stroke=\"#4a5568\" stroke-dasharray=\"3 3\"/>\n"

        // The gap panel: its own scale in points, the threshold dashed.
        let panel = (x: plot.x + plot.width + 52, width: gapWidth - 70)
        let threshold = assessment.threshold ?? 0
        var gapValues = [gap95.lower, gap95.upper, gap, threshold].filter(\.isFinite)
        if let actual = assessment.actualToDate, actual.isFinite { gapValues.append(actual) }
        var gapLow = gapValues.min() ?? -1, gapHigh = gapValues.max() ?? 1
        if gapHigh - gapLow < 1e-9 { gapLow -= 1; gapHigh += 1 }
        let gapTicks = SVGChart.ticks(gapLow, gapHigh)
        gapLow = min(gapLow, gapTicks.first ?? gapLow)
        gapHigh = max(gapHigh, gapTicks.last ?? gapHigh)
        func gy(_ value: Double) -> Double { plot.y + plot.height * (1 - (value - gapLow) / (gapHigh - gapLow)) }
        let centre = panel.x + panel.width / 2
        for tick in gapTicks {
            svg += "<text x=\"\(format(panel.x - 6))\" y=\"\(format(gy(tick) + 4))\" text-anchor=\"end\">\(HTMLEscaping.escape(assessment.formatted(tick)))</text>"
        }
        svg += "<line class=\"axis\" x1=\"\(format(panel.x))\" x2=\"\(format(panel.x))\" y1=\"\(format(plot.y))\" y2=\"\(format(plot.y + plot.height))\"/>"
        svg += "<rect x=\"\(format(centre - 10))\" y=\"\(format(gy(gap95.upper)))\" width=\"20\" height=\"\(format(gy(gap95.lower) - gy(gap95.upper)))\" fill=\"#2b6cb0\" fill-opacity=\"0.15\"/>"
        svg += "<rect x=\"\(format(centre - 10))\" y=\"\(format(gy(gap80.upper)))\" width=\"20\" height=\"\(format(gy(gap80.lower) - gy(gap80.upper)))\" fill=\"#2b6cb0\" fill-opacity=\"0.3\"/>"
        svg += "<line x1=\"\(format(centre - 12))\" x2=\"\(format(centre + 12))\" y1=\"\(format(gy(gap)))\" y2=\"\(format(gy(gap)))\" stroke=\"#2b6cb0\" stroke-width=\"2\"/>"
        if let actual = assessment.actualToDate, actual.isFinite {
            svg += "<circle cx=\"\(format(centre))\" cy=\"\(format(gy(actual)))\" r=\"3\" fill=\"#1a202c\"><title>gap so far: \(HTMLEscaping.escape(assessment.formatted(actual)))</title></circle>"
        }
        svg += "<line x1=\"\(format(panel.x))\" x2=\"\(format(panel.x + panel.width))\" y1=\"\(format(gy(threshold)))\" y2=\"\(format(gy(threshold)))\" stroke=\"#c53030\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
        svg += "<text x=\"\(format(centre))\" y=\"\(format(plot.y - 8))\" text-anchor=\"middle\">gap \(HTMLEscaping.escape(assessment.formatted(gap)))</text>"
        svg += "<text x=\"\(format(centre))\" y=\"\(format(plot.y + plot.height + 16))\" text-anchor=\"middle\" fill=\"#c53030\">target \(HTMLEscaping.escape(assessment.formattedThreshold))</text>\n"

        // Legend.
        var legendX = plot.x
        let items: [(String, String)] = series.map { line in
            (line.name, "<line x1=\"0\" x2=\"18\" y1=\"5\" y2=\"5\" stroke=\"\(line.colour)\" stroke-width=\"2\"/>")
        } + [("forecast, 80% / 95%", "<rect x=\"0\" y=\"0\" width=\"9\" height=\"10\" fill=\"#2b6cb0\" fill-opacity=\"0.3\"/><rect x=\"9\" y=\"0\" width=\"9\" height=\"10\" fill=\"#2b6cb0\" fill-opacity=\"0.15\"/>")]
        for (label, swatch) in items {
            svg += "<g transform=\"translate(\(format(legendX)),12)\">\(swatch)<text x=\"22\" y=\"9\">\(HTMLEscaping.escape(label))</text></g>"
            legendX += 34 + Double(TextTable.displayWidth(label)) * 6.2
        }
        svg += "\n</svg>"
        return svg
    }
}
