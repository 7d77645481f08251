import Foundation

/// What the two backtest reports (series and target mode) write the same way.
enum BacktestOutput {
    /// Pretty JSON with sorted keys and a final newline; undefined scores (NaN, as when no
    /// forecast could be scored) written as the strings "nan", "inf", "-inf".
    static func json(_ document: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// A Markdown table of `rows` (the first is the header): the first column left-aligned, the
    /// others (numbers) right-aligned. No final newline.
    static func markdownTable(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var lines = ["| " + header.joined(separator: " | ") + " |", "|---|" + String(repeating: "---:|", count: header.count - 1)]
        lines += rows.dropFirst().map { "| " + $0.joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n")
    }
}
