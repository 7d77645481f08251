import TargetAssessment
import TargetData

/// A small line chart of a target's P(met) through the year (``Assessment/trajectory``): one
/// point per month assessed on a 0–100% scale from January to December, over shaded bands that
/// show where the status changes for the target's firmness (on track above the upper line, off
/// track below the lower one; their probabilities are the axis' ticks), the latest value labelled. Self-contained SVG; every
/// user string escaped.
public enum TrajectoryChart {
    public static let width = 300.0
    public static let height = 96.0
    static let margin = (left: 34.0, right: 40.0, top: 10.0, bottom: 20.0)

    /// The chart of `assessment`'s trajectory, or `nil` when fewer than two of its points have a
    /// probability (nothing to draw a line through). `id` makes element ids unique on a page.
    public static func render(_ assessment: Assessment, bands: StatusBands, id: String) -> String? {
        let points = assessment.trajectory.compactMap { point in point.probability.map { (point.asOf, $0, point.status) } }
        guard points.count >= 2, let year = assessment.trajectory.last?.asOf.year else { return nil }
        let plot = (x: margin.left, y: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom)
        // The year's months, January to December; an earlier month (December before) sits at the left edge.
        func x(_ month: Period) -> Double {
            let offset = month.year < year ? 0 : (month.year > year ? 11 : month.month - 1)
            return plot.x + plot.width * Double(offset) / 11
        }
        func y(_ probability: Double) -> Double { plot.y + plot.height * (1 - min(1, max(0, probability))) }
        func format(_ value: Double) -> String { String(format: "%.1f", value) }
        let band = bands.band(for: assessment.target.firmness)
        let titleID = HTMLEscaping.escape(id + "-path-title")
        let first = points[0], latest = points[points.count - 1]
        let summary = "P(met) \(TrajectoryPoint.formatted(first.1, status: first.2)) as of \(first.0), \(TrajectoryPoint.formatted(latest.1, status: latest.2)) as of \(latest.0)"
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" height="\(Int(height))" role="img" aria-labelledby="\(titleID)" class="path-chart">
            <title id="\(titleID)">\(HTMLEscaping.escape(summary))</title>
            <style>text{font:10px system-ui,-apple-system,"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;fill:#4a5568}</style>

            """
        // Status bands: off track, at risk, on track, from the bottom.
        let zones: [(low: Double, high: Double, colour: String)] = [(0, band.atRisk, "#fed7d7"), (band.atRisk, band.onTrack, "#fefcbf"), (band.onTrack, 1, "#c6f6d5")]
        for zone in zones where zone.high > zone.low {
            svg += "<rect x=\"\(format(plot.x))\" y=\"\(format(y(zone.high)))\" width=\"\(format(plot.width))\" height=\"\(format(y(zone.low) - y(zone.high)))\" fill=\"\(zone.colour)\" fill-opacity=\"0.6\"/>"
        }
        for tick in [0.0, band.atRisk, band.onTrack] {
            svg += "<text x=\"\(format(plot.x - 4))\" y=\"\(format(y(tick) + 3))\" text-anchor=\"end\">\(Int((tick * 100).rounded()))%</text>"
        }
        svg += "\n"
        for month in [1, 4, 7, 10, 12] {
            guard let period = Period(year: year, month: month) else { continue }
            let label = month == 1 ? "\(year)-01" : String(format: "%02d", month)
            svg += "<text x=\"\(format(x(period)))\" y=\"\(format(plot.y + plot.height + 13))\" text-anchor=\"middle\">\(label)</text>"
        }
        svg += "\n"
        let line = points.enumerated().map { "\($0 == 0 ? "M" : "L")\(format(x($1.0))),\(format(y($1.1)))" }.joined(separator: " ")
        svg += "<path d=\"\(line)\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2\"/>"
        for point in points {
            svg += "<circle cx=\"\(format(x(point.0)))\" cy=\"\(format(y(point.1)))\" r=\"2.5\" fill=\"#2b6cb0\"><title>\(point.0): \(TrajectoryPoint.formatted(point.1, status: point.2)), \(point.2.rawValue)</title></circle>"
        }
        svg += "<text x=\"\(format(x(latest.0) + 5))\" y=\"\(format(y(latest.1) + 3))\" fill=\"#1a202c\">\(TrajectoryPoint.formatted(latest.1, status: latest.2))</text>"
        svg += "\n</svg>"
        return svg
    }
}
