import Foundation
import SeriesEngine
import SeriesReading

extension SeriesBacktest.Result {
    /// `{"series", "horizon", "smape", "mape", "mase", "coverage80", "coverage95", "msis",
    /// "byHorizon": [{"h", …}], "skipped", "skippedSeries", "models", "factors80", "factors95"}`, percentages in
    /// percent, coverage as shares, the calibration factors by horizon (1 without calibration).
    public func json() throws -> String {
        struct Horizon: Encodable {
            var h: Int
            var smape, mape, mase, coverage80, coverage95, msis: Double
            var count: Int
        }
        struct Document: Encodable {
            var series: Int
            var skipped: Int
            var skippedSeries: [String]
            var horizon: Int
            var smape, mape, mase, coverage80, coverage95, msis: Double
            var forecasts: Int
            var byHorizon: [Horizon]
            var models: [String: Int]
            var factors80: [Double]
            var factors95: [Double]
        }
        let document = Document(series: series, skipped: skipped, skippedSeries: skippedSeries, horizon: horizon, smape: overall.smape, mape: overall.mape,
                                mase: overall.mase, coverage80: overall.coverage80, coverage95: overall.coverage95,
                                msis: overall.msis, forecasts: overall.count,
                                byHorizon: byHorizon.enumerated().map { index, scores in
                                    Horizon(h: index + 1, smape: scores.smape, mape: scores.mape, mase: scores.mase,
                                            coverage80: scores.coverage80, coverage95: scores.coverage95, msis: scores.msis,
                                            count: scores.count)
                                }, models: models, factors80: factors80, factors95: factors95)
        return try BacktestOutput.json(document)
    }

    /// The scores as rows: overall first, then one per horizon.
    var rows: [[String]] {
        func cells(_ label: String, _ s: SeriesBacktest.Scores) -> [String] {
            [label, QuantityFormatting.decimal(s.smape, significant: 4, maximumFractionDigits: 2),
             QuantityFormatting.decimal(s.mape, significant: 4, maximumFractionDigits: 2),
             QuantityFormatting.decimal(s.mase, significant: 4, maximumFractionDigits: 3),
             String(format: "%.1f%%", 100 * s.coverage80), String(format: "%.1f%%", 100 * s.coverage95),
             QuantityFormatting.decimal(s.msis, significant: 4, maximumFractionDigits: 2), String(s.count)]
        }
        return [cells("all", overall)] + byHorizon.enumerated().map { cells("h=\($0 + 1)", $1) }
    }

    static let header = ["horizon", "sMAPE", "MAPE", "MASE", "80% coverage", "95% coverage", "MSIS", "forecasts"]

    /// What was scored, with which models and intervals: the lines above either table.
    var summary: String {
        let models = self.models.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let names = skippedSeries.prefix(3).joined(separator: ", ") + (skippedSeries.count > 3 ? ", …" : "")
        let skippedText = skipped == 0 || skippedSeries.isEmpty ? "\(skipped) skipped" : "\(skipped) skipped: \(names)"
        var text = "\(series) series scored (\(skippedText)), horizon \(horizon); models (fits scored): \(models)\n"
        if factors80.contains(where: { $0 != 1 }) || factors95.contains(where: { $0 != 1 }) {
            let list = { (factors: [Double]) in factors.map { String(format: "%.2f", $0) }.joined(separator: " ") }
            text += "calibrated intervals: half-widths × \(list(factors80)) (80%), × \(list(factors95)) (95%), by horizon\n"
        } else {
            text += "intervals: the models' own (not calibrated)\n"
        }
        return text
    }

    /// An aligned text table.
    public func table() -> String {
        summary + "\n" + TextTable.render([Self.header] + rows, rightAligned: Set(1...7)) + "\n"
    }

    /// A Markdown table, with the same summary lines.
    public func markdown() -> String {
        summary.split(separator: "\n").map { $0 + "  " }.joined(separator: "\n") + "\n\n" + BacktestOutput.markdownTable([Self.header] + rows) + "\n"
    }
}
