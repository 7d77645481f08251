import Foundation
import TargetData

/// Draws a target's ``ChartData`` as a self-contained SVG: readings, fitted trend, the forecast
/// fan (95% and 80% bands around the median), the threshold line, the deadline marker and, for
/// year totals, last year's path and the path needed. Axes carry readable ticks (thousands
/// separators, 万/亿 for Chinese units), there is a legend, and the chart has an accessible title
/// and description. Every user string is escaped.
public enum SVGChart {
    public static let width = 640.0
    public static let height = 300.0
    static let margin = (left: 78.0, right: 18.0, top: 44.0, bottom: 38.0)

    /// The SVG of `chart`, titled `title` (for screen readers and the tooltip). `id` makes the
    /// title's and description's element ids unique when several charts share a page.
    public static func render(_ chart: ChartData, title: String, description: String, id: String = "chart") -> String {
        let titleID = HTMLEscaping.escape(id + "-title"), descriptionID = HTMLEscaping.escape(id + "-description")
        let plot = (x: margin.left, y: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom)
        // x: months from the first shown month to the deadline.
        let allPeriods = chart.observed.map(\.period) + chart.fitted.map(\.period) + chart.forecast.map(\.period)
            + chart.needed.map(\.period) + chart.previousYear.map(\.period) + [chart.deadline]
        let first = allPeriods.min() ?? chart.deadline
        let last = max(allPeriods.max() ?? chart.deadline, chart.deadline)
        let span = max(1, first.distance(to: last))
        func x(_ period: Period) -> Double { plot.x + plot.width * Double(first.distance(to: period)) / Double(span) }
        // y: every value shown, with the threshold, padded.
        var values = chart.observed.map(\.value) + chart.fitted.map(\.value) + chart.needed.map(\.value) + chart.previousYear.map(\.value)
        for band in chart.forecast { values += [band.lower95, band.upper95, band.median] }
        if let threshold = chart.threshold { values.append(threshold) }
        values = values.filter(\.isFinite)
        var low = values.min() ?? 0, high = values.max() ?? 1
        if chart.isCumulative { low = min(low, 0) }
        if high - low < 1e-12 * max(1, abs(high)) { low -= 1; high += 1 }
        high += 0.04 * (high - low)   // room above the highest line for its label
        let ticks = Self.ticks(low, high)
        low = min(low, ticks.first ?? low)
        high = max(high, ticks.last ?? high)
        func y(_ value: Double) -> Double { plot.y + plot.height * (1 - (value - low) / (high - low)) }
        func format(_ value: Double) -> String { String(format: "%.1f", value) }
        func path(_ points: [(Double, Double)]) -> String {
            points.enumerated().map { "\($0 == 0 ? "M" : "L")\(format($1.0)),\(format($1.1))" }.joined(separator: " ")
        }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" height="\(Int(height))" role="img" aria-labelledby="\(titleID) \(descriptionID)" class="chart">
            <title id="\(titleID)">\(HTMLEscaping.escape(title))</title>
            <desc id="\(descriptionID)">\(HTMLEscaping.escape(description))</desc>
            <style>text{font:11px system-ui,-apple-system,"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;fill:#333}.grid{stroke:#e3e3e3}.axis{stroke:#888}</style>

            """
        // Grid and y ticks.
        for tick in ticks {
            svg += "<line class=\"grid\" x1=\"\(format(plot.x))\" x2=\"\(format(plot.x + plot.width))\" y1=\"\(format(y(tick)))\" y2=\"\(format(y(tick)))\"/>"
            svg += "<text x=\"\(format(plot.x - 6))\" y=\"\(format(y(tick) + 4))\" text-anchor=\"end\">\(HTMLEscaping.escape(QuantityFormatting.format(tick, unit: chart.unit)))</text>\n"
        }
        // x ticks: every 3, 6 or 12 months depending on the span.
        let step = span <= 18 ? 3 : (span <= 48 ? 6 : 12)
        var tick = first
        while tick <= last {
            if tick.month % step == 1 || step == 12 && tick.month == 1 || tick == first {
                svg += "<line class=\"axis\" x1=\"\(format(x(tick)))\" x2=\"\(format(x(tick)))\" y1=\"\(format(plot.y + plot.height))\" y2=\"\(format(plot.y + plot.height + 4))\"/>"
                svg += "<text x=\"\(format(x(tick)))\" y=\"\(format(plot.y + plot.height + 16))\" text-anchor=\"middle\">\(tick)</text>\n"
            }
            tick = tick.advanced(by: 1)
            if tick == Period(year: 9999, month: 12) { break }
        }
        svg += "<line class=\"axis\" x1=\"\(format(plot.x))\" x2=\"\(format(plot.x + plot.width))\" y1=\"\(format(plot.y + plot.height))\" y2=\"\(format(plot.y + plot.height))\"/>\n"

        // Forecast fan.
        if chart.forecast.count >= 2 {
            let upper95 = chart.forecast.map { (x($0.period), y($0.upper95)) }, lower95 = chart.forecast.reversed().map { (x($0.period), y($0.lower95)) }
            let upper80 = chart.forecast.map { (x($0.period), y($0.upper80)) }, lower80 = chart.forecast.reversed().map { (x($0.period), y($0.lower80)) }
            svg += "<path d=\"\(path(upper95 + lower95)) Z\" fill=\"#2b6cb0\" fill-opacity=\"0.15\"/>\n"
            svg += "<path d=\"\(path(upper80 + lower80)) Z\" fill=\"#2b6cb0\" fill-opacity=\"0.3\"/>\n"
            svg += "<path d=\"\(path(chart.forecast.map { (x($0.period), y($0.median)) }))\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\n"
        }
        if chart.previousYear.count >= 2 {
            svg += "<path d=\"\(path(chart.previousYear.map { (x($0.period), y($0.value)) }))\" fill=\"none\" stroke=\"#999\" stroke-width=\"1.5\"/>\n"
        }
        if chart.needed.count >= 2 {
            svg += "<path d=\"\(path(chart.needed.map { (x($0.period), y($0.value)) }))\" fill=\"none\" stroke=\"#c05621\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n"
        }
        if chart.fitted.count >= 2 {
            svg += "<path d=\"\(path(chart.fitted.map { (x($0.period), y($0.value)) }))\" fill=\"none\" stroke=\"#718096\" stroke-width=\"1\"/>\n"
        }
        if !chart.observed.isEmpty {
            svg += "<path d=\"\(path(chart.observed.map { (x($0.period), y($0.value)) }))\" fill=\"none\" stroke=\"#1a202c\" stroke-width=\"2\"/>\n"
            for point in chart.observed.suffix(40) {
                svg += "<circle cx=\"\(format(x(point.period)))\" cy=\"\(format(y(point.value)))\" r=\"2.5\" fill=\"#1a202c\"/>"
            }
            svg += "\n"
        }
        if let threshold = chart.threshold, threshold.isFinite {
            svg += "<line x1=\"\(format(plot.x))\" x2=\"\(format(plot.x + plot.width))\" y1=\"\(format(y(threshold)))\" y2=\"\(format(y(threshold)))\" stroke=\"#c53030\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
            svg += "<text x=\"\(format(plot.x + 4))\" y=\"\(format(y(threshold) - 4))\" fill=\"#c53030\">target \(HTMLEscaping.escape(QuantityFormatting.format(threshold, unit: chart.unit)))</text>\n"
        }
        svg += "<line x1=\"\(format(x(chart.deadline)))\" x2=\"\(format(x(chart.deadline)))\" y1=\"\(format(plot.y))\" y2=\"\(format(plot.y + plot.height))\" stroke=\"#4a5568\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>"
        svg += "<text x=\"\(format(x(chart.deadline) - 4))\" y=\"\(format(plot.y + plot.height - 6))\" text-anchor=\"end\">deadline \(chart.deadline)</text>\n"

        // Legend.
        var items: [(String, String)] = [(chart.isCumulative ? "this year, to date" : "readings", "<line x1=\"0\" x2=\"18\" y1=\"5\" y2=\"5\" stroke=\"#1a202c\" stroke-width=\"2\"/>")]
        if !chart.fitted.isEmpty { items.append(("trend", "<line x1=\"0\" x2=\"18\" y1=\"5\" y2=\"5\" stroke=\"#718096\"/>")) }
        if !chart.previousYear.isEmpty { items.append(("last year", "<line x1=\"0\" x2=\"18\" y1=\"5\" y2=\"5\" stroke=\"#999\" stroke-width=\"1.5\"/>")) }
        if !chart.needed.isEmpty { items.append(("needed", "<line x1=\"0\" x2=\"18\" y1=\"5\" y2=\"5\" stroke=\"#c05621\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>")) }
        if chart.forecast.count >= 2 {
            items.append(("forecast, 80% / 95%", "<rect x=\"0\" y=\"0\" width=\"9\" height=\"10\" fill=\"#2b6cb0\" fill-opacity=\"0.3\"/><rect x=\"9\" y=\"0\" width=\"9\" height=\"10\" fill=\"#2b6cb0\" fill-opacity=\"0.15\"/>"))
        }
        var legendX = plot.x
        for (label, swatch) in items {
            svg += "<g transform=\"translate(\(format(legendX)),12)\">\(swatch)<text x=\"22\" y=\"9\">\(label)</text></g>"
            legendX += 34 + Double(TextTable.displayWidth(label)) * 6.2
        }
        svg += "\n</svg>"
        return svg
    }

    /// Four to seven "nice" ticks (1, 2 or 5 × 10ⁿ apart) covering low…high.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        guard low.isFinite, high.isFinite, high > low else { return [low] }
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var tick = floor(low / step) * step
        var result: [Double] = []
        while tick <= high + step * 0.5 && result.count < 12 {
            result.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return result
    }
}
