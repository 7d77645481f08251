import Foundation
import TargetAssessment

/// The reliability diagram of a target backtest as a self-contained SVG: for each tenth of stated
/// P(met), the mean stated probability (x) against the share of targets met (y), for
/// `forecast run` and for the analyst's best rule; an honest forecaster's points lie on the
/// diagonal (Murphy & Winkler 1977). Marker areas are proportional to the forecasts in the bin.
public enum ReliabilityDiagram {
    static let size = 420.0
    static let margin = (left: 56.0, right: 20.0, top: 40.0, bottom: 48.0)

    /// The SVG of `result`'s reliability tables.
    public static func render(_ result: TargetBacktest.Result) -> String {
        let plot = (x: margin.left, y: margin.top, width: size - margin.left - margin.right, height: size - margin.top - margin.bottom)
        func x(_ p: Double) -> Double { plot.x + plot.width * p }
        func y(_ p: Double) -> Double { plot.y + plot.height * (1 - p) }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        let largest = Double(max(1, (result.reliability + result.bestRuleReliability).map(\.count).max() ?? 1))
        let brier = String(format: "%.3f", result.overall.brier)
        var description = "\(result.cases.count) replayed forecasts; Brier \(brier)"
        if let best = result.bestRule { description += String(format: "; the analyst's best rule %.3f on its %d forecasts", best.brier, best.count) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(size)) \(Int(size))" width="\(Int(size))" height="\(Int(size))" role="img" aria-labelledby="reliability-title reliability-description">
            <title id="reliability-title">Reliability: stated P(met) against the share met</title>
            <desc id="reliability-description">\(HTMLEscaping.escape(description))</desc>
            <style>text{font:11px system-ui,-apple-system,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;fill:#333}.grid{stroke:#e3e3e3}</style>
            <text x="\(f(plot.x))" y="18" font-weight="bold">Reliability (are the probabilities honest?)</text>

            """
        for tick in stride(from: 0.0, through: 1.0001, by: 0.2) {
            svg += "<line class=\"grid\" x1=\"\(f(x(0)))\" x2=\"\(f(x(1)))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\"/>"
            svg += "<line class=\"grid\" x1=\"\(f(x(tick)))\" x2=\"\(f(x(tick)))\" y1=\"\(f(y(0)))\" y2=\"\(f(y(1)))\"/>"
            svg += "<text x=\"\(f(plot.x - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(Int((tick * 100).rounded()))%</text>"
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(y(0) + 16))\" text-anchor=\"middle\">\(Int((tick * 100).rounded()))%</text>\n"
        }
        svg += "<text x=\"\(f(x(0.5)))\" y=\"\(f(size - 10))\" text-anchor=\"middle\">stated P(met)</text>"
        svg += "<text transform=\"translate(14 \(f(y(0.5)))) rotate(-90)\" text-anchor=\"middle\">share met</text>\n"
        svg += "<line x1=\"\(f(x(0)))\" y1=\"\(f(y(0)))\" x2=\"\(f(x(1)))\" y2=\"\(f(y(1)))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
        func series(_ bins: [TargetBacktest.ReliabilityBin], colour: String, label: String, row: Int) {
            guard !bins.isEmpty else { return }
            let points = bins.map { (x($0.meanProbability), y($0.observedFrequency)) }
            svg += "<path d=\"\(points.enumerated().map { "\($0 == 0 ? "M" : "L")\(f($1.0)),\(f($1.1))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>\n"
            for (bin, point) in zip(bins, points) {
                let radius = 2 + 7 * (Double(bin.count) / largest).squareRoot()
                svg += "<circle cx=\"\(f(point.0))\" cy=\"\(f(point.1))\" r=\"\(f(radius))\" fill=\"\(colour)\" fill-opacity=\"0.6\"><title>\(HTMLEscaping.escape(String(format: "%@: %d forecasts, stated %.1f%%, met %.1f%%", label, bin.count, 100 * bin.meanProbability, 100 * bin.observedFrequency)))</title></circle>\n"
            }
            let legendY = plot.y + 14 + 16 * Double(row)
            svg += "<circle cx=\"\(f(plot.x + 12))\" cy=\"\(f(legendY - 4))\" r=\"5\" fill=\"\(colour)\" fill-opacity=\"0.6\"/>"
            svg += "<text x=\"\(f(plot.x + 22))\" y=\"\(f(legendY))\">\(HTMLEscaping.escape(label))</text>\n"
        }
        series(result.reliability, colour: "#1f5fa8", label: "forecast run (Brier \(brier))", row: 0)
        if let best = result.bestRule {
            series(result.bestRuleReliability, colour: "#d9822b", label: String(format: "analyst's best rule (Brier %.3f)", best.brier), row: 1)
        }
        return svg + "</svg>\n"
    }
}
