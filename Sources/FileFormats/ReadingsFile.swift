// FileFormats: files in and out — bytes read with bounded memory (`FileBytes`), text decoding
// (UTF-8, UTF-16, GB18030), the RFC 4180 CSV parser, readings files (long and wide), targets files
// (YAML/JSON), their writer and in-place editor (`TargetsFileEdit`, `TargetsLink`), and atomic
// output. Every problem is a located `Diagnostic`.

import TargetData
import Workbooks

/// The readings of one CSV file or worksheet, each with where it was found, and what was noticed reading it.
public struct ReadingsFile: Sendable {
    /// How the file lays out its readings.
    public enum Layout: String, Sendable {
        /// One reading per row: `metric,period,value`.
        case long
        /// One row per period, one column per metric.
        case wide
    }

    public var file: String
    public var layout: Layout
    public var encoding: TextDecoding.Encoding
    /// Readings in file order.
    public var readings: [(reading: Reading, location: SourceLocation)]
    /// Cells left empty (or marked not available): missing readings.
    public var missingCount: Int
    /// Notes and warnings (the file was converted from GB18030, revisions within the file, …).
    public var diagnostics: [Diagnostic]
    /// Metric ids of rows left out by the `keeping` filter (the first ``maximumOtherMetrics``
    /// distinct ones, in file order), so that a caller can still warn about likely typos.
    public var otherMetrics: [String] = []

    /// How many distinct left-out metric ids are remembered.
    public static let maximumOtherMetrics = 1000

    /// How many distinct period texts (and metric ids' filter answers) a parse remembers: a file
    /// has a few hundred months; the bound keeps a file of all-different labels or millions of
    /// metrics from growing the caches without end.
    static let maximumRememberedTexts = 10_000

    /// Reads and parses the readings file at `path` (`-` for standard input): a CSV file, or an
    /// Excel workbook (`.xlsx`, recognised by its content), whose `sheet` (default the first) is read.
    ///
    /// - Throws: `InputError` with every problem found, each located by line and column (in a
    ///   workbook, by sheet and cell).
    ///
    /// - Parameter keeping: when given, only rows (long form) or columns (wide form) of metrics it
    ///   accepts are read; the others are skipped unchecked, so that memory is bounded by the
    ///   metrics used, not by the file (a file of a million metrics for a catalogue of 70).
    public static func read(_ path: String, limit: Int = DiagnosticLog.defaultLimit,
                            keeping: (@Sendable (String) -> Bool)? = nil, sheet: String? = nil) throws(InputError) -> ReadingsFile {
        try parse(FileBytes.read(path), file: path, limit: limit, keeping: keeping, sheet: sheet)
    }

    /// The longest metric id accepted, in characters: ids are names, not data.
    public static let maximumMetricIDLength = 200

    /// The header names accepted for each long-form column (compared case-insensitively).
    static let metricNames: Set<String> = ["metric", "指标", "指标名称"]
    static let periodNames: Set<String> = ["period", "month", "date", "时间", "月份", "期间", "日期"]
    static let valueNames: Set<String> = ["value", "数值", "值"]

    /// Whether the start of `utf8` is a targets file: a YAML line `metrics:` or `targets:` at
    /// the left margin, or a JSON object with a "targets" key.
    static func looksLikeTargetsFile(_ utf8: [UInt8]) -> Bool {
        let head = String(decoding: utf8.prefix(1 << 16), as: UTF8.self)
        let lines = head.split(whereSeparator: \.isNewline)
        if lines.contains(where: { $0.hasPrefix("metrics:") || $0.hasPrefix("targets:") }) { return true }
        return head.drop(while: \.isWhitespace).hasPrefix("{") && head.contains("\"targets\"")
    }

    /// Parses readings from a file's bytes: long or wide layout, any accepted encoding; a
    /// workbook's bytes (a ZIP archive) as ``parse(_:sheet:limit:keeping:)`` reads it.
    public static func parse(_ bytes: consuming [UInt8], file: String, limit: Int = DiagnosticLog.defaultLimit,
                             keeping: (@Sendable (String) -> Bool)? = nil, sheet: String? = nil) throws(InputError) -> ReadingsFile {
        if Workbook.looksLikeZIP(bytes) {
            return try parse(Workbook(bytes: bytes, file: file), sheet: sheet, limit: limit, keeping: keeping)
        }
        let (utf8, encoding) = try TextDecoding.utf8Bytes(of: bytes, file: file)
        if Self.looksLikeTargetsFile(utf8) {
            throw InputError(SourceLocation(file: file, line: 1, column: 1),
                             "this is a targets file (YAML or JSON with metrics and targets), not readings (CSV with metric,period,value, or a period column and one column per metric): was it given in the place of a readings file?")
        }
        var log = DiagnosticLog(limit: limit)
        if encoding != .utf8 {
            log.note(SourceLocation(file: file), "decoded from \(encoding.rawValue)", code: .decoded)
        }
        let parser = CSVParser(utf8: utf8, file: file)
        var records = Records(file: file, keeping: keeping, commaMayBeDecimal: parser.delimiter == UInt8(ascii: ";"),
                              form: .csv(delimiter: parser.delimiter))
        try parser.forEachRecord { (record) throws(InputError) in
            try records.take(record, log: &log)
            return true
        }
        return try records.finish(log: log, encoding: encoding)
    }

    /// The period of a cell: one month, or the first and last of a combined report (`2021年1-2月`).
    static func period(_ field: CSVField, at location: SourceLocation, log: inout DiagnosticLog) -> (first: Period, last: Period)? {
        if let period = Period.reportPeriod(parsing: field.text) { return period }
        let text = field.text.trimmingSpaces()
        log.error(location,
                  text.isEmpty ? "empty period; expected a month as \(Period.acceptedForms)"
                      : "'\(text.prefix(40))' is not a valid month; expected \(Period.acceptedForms) (a four-digit year, a month from 1 to 12 and, if given, a day that exists), or a combined report such as 2021年1-2月")
        return nil
    }

    /// Decides the layout from the header and finds its columns.
    package static func recognizeHeader(_ record: CSVRecord, file: String,
                                        locate: ((_ line: Int, _ column: Int?) -> SourceLocation)? = nil)
        throws(InputError) -> (layout: Layout, metric: Int, period: Int, value: Int)
    {
        let place = locate ?? { line, column in SourceLocation(file: file, line: line, column: column) }
        let names = record.fields.map { String($0.text.trimmingSpaces()).lowercased() }
        let at = { (index: Int) in place(record.fields[index].line, record.fields[index].column) }
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty {
            if let first = seen[name] {
                throw InputError(at(index), "column '\(record.fields[index].text)' appears twice in the header (also column \(first + 1)); expected each column once")
            }
            seen[name] = index
        }
        let metric = names.firstIndex(where: metricNames.contains)
        let period = names.firstIndex(where: periodNames.contains)
        let value = names.firstIndex(where: valueNames.contains)
        if let metric, let period, let value {
            return (.long, metric, period, value)
        }
        if let period, metric == nil, value == nil, names.count > 1 {
            if let empty = names.indices.first(where: { names[$0].isEmpty }) {
                throw InputError(at(empty), "empty column name in the header of a wide file; expected a metric id for every column after the period")
            }
            if let long = names.indices.first(where: { names[$0].count > maximumMetricIDLength }) {
                throw InputError(at(long), "column name is \(names[long].count) characters long; expected a metric id of at most \(maximumMetricIDLength)")
            }
            return (.wide, 0, period, 0)
        }
        let missing = [metric == nil ? "metric" : nil, period == nil ? "period" : nil, value == nil ? "value" : nil].compactMap { $0 }
        throw InputError(place(record.line, 1),
                         "the header lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); expected metric,period,value (long form) or period plus one column per metric (wide form)"
                            + "; accepted names: " + [("metric", Self.metricNames), ("period", Self.periodNames), ("value", Self.valueNames)]
                                .map { "\($0.0): \($0.1.sorted().joined(separator: "/"))" }.joined(separator: "; "))
    }
}
