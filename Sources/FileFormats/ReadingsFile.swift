// FileFormats: files in and out — bytes read with bounded memory (`FileBytes`), text decoding
// (UTF-8, UTF-16, GB18030), the RFC 4180 CSV parser, readings files (long and wide), targets files
// (YAML/JSON), their writer and in-place editor (`TargetsFileEdit`, `TargetsLink`), and atomic
// output. Every problem is a located `Diagnostic`.

import TargetData
/// The readings of one CSV file, each with where it was found, and what was noticed reading it.
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

    /// Reads and parses the readings file at `path` (`-` for standard input).
    ///
    /// - Throws: `InputError` with every problem found, each located by line and column.
    ///
    /// - Parameter keeping: when given, only rows (long form) or columns (wide form) of metrics it
    ///   accepts are read; the others are skipped unchecked, so that memory is bounded by the
    ///   metrics used, not by the file (a file of a million metrics for a catalogue of 70).
    public static func read(_ path: String, limit: Int = DiagnosticLog.defaultLimit,
                            keeping: (@Sendable (String) -> Bool)? = nil) throws(InputError) -> ReadingsFile {
        try parse(FileBytes.read(path), file: path, limit: limit, keeping: keeping)
    }

    /// The longest metric id accepted, in characters: ids are names, not data.
    public static let maximumMetricIDLength = 200

    /// The header names accepted for each long-form column (compared case-insensitively).
    static let metricNames: Set<String> = ["metric", "指标", "指标名称"]
    static let periodNames: Set<String> = ["period", "month", "date", "时间", "月份", "期间", "日期"]
    static let valueNames: Set<String> = ["value", "数值", "值"]

    /// Parses readings from a file's bytes: long or wide layout, any accepted encoding.
    /// Whether the start of `utf8` is a targets file: a YAML line `metrics:` or `targets:` at
    /// the left margin, or a JSON object with a "targets" key.
    static func looksLikeTargetsFile(_ utf8: [UInt8]) -> Bool {
        let head = String(decoding: utf8.prefix(1 << 16), as: UTF8.self)
        let lines = head.split(whereSeparator: \.isNewline)
        if lines.contains(where: { $0.hasPrefix("metrics:") || $0.hasPrefix("targets:") }) { return true }
        return head.drop(while: \.isWhitespace).hasPrefix("{") && head.contains("\"targets\"")
    }

    public static func parse(_ bytes: consuming [UInt8], file: String, limit: Int = DiagnosticLog.defaultLimit,
                             keeping: (@Sendable (String) -> Bool)? = nil) throws(InputError) -> ReadingsFile {
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
        var header: [CSVField]?
        var layout = Layout.long
        var columns = (metric: 0, period: 0, value: 0)
        var readings: [(reading: Reading, location: SourceLocation)] = []
        var missing = 0
        var sawRecord = false
        var others: [String] = []
        var otherSet: Set<String> = []
        var keptColumns: [Bool] = []
        // A long file repeats each metric id and each month many times: the filter's answer
        // (it normalises the name) and the parsed month are remembered per distinct text. Both
        // caches together cut reading the generated 1,000-target catalogue's readings
        // (Benchmarks/gen_catalogue.py, 126,000 rows) from about 0.5 s to 0.2 s.
        var kept: [String: Bool] = [:]
        var parsedPeriods: [String: (first: Period, last: Period)] = [:]
        func skip(_ metric: String) {
            if others.count < Self.maximumOtherMetrics, otherSet.insert(metric).inserted { others.append(metric) }
        }

        try parser.forEachRecord { (record) throws(InputError) in
            if record.isBlank { return true }
            sawRecord = true
            guard let names = header else {
                let found = try Self.recognizeHeader(record, file: file)
                header = record.fields
                layout = found.layout
                columns = (found.metric, found.period, found.value)
                keptColumns = record.fields.enumerated().map { index, field in
                    let metric = String(field.text.trimmingSpaces())
                    let kept = keeping?(metric) ?? true
                    if !kept && found.layout == .wide && index != found.period { skip(metric) }
                    return kept
                }
                return true
            }
            let location = { (field: CSVField) in SourceLocation(file: file, line: field.line, column: field.column) }
            var fields = record.fields
            // Trailing empty cells (spreadsheets pad rows with delimiters) are not extra columns.
            while fields.count > names.count, let last = fields.last, last.text.isEmpty, !last.wasQuoted { fields.removeLast() }
            guard fields.count == names.count else {
                log.error(SourceLocation(file: file, line: record.line, column: 1),
                          "this row has \(fields.count) fields, the header has \(names.count); expected one field per header column (quote fields that contain \(parser.delimiter == 0x09 ? "tabs" : "commas"))")
                return true
            }
            switch layout {
            case .long:
                let metricField = fields[columns.metric]
                let metric = String(metricField.text.trimmingSpaces())
                guard !metric.isEmpty else {
                    log.error(location(metricField), "empty metric id; expected the metric this reading belongs to")
                    return true
                }
                guard metric.count <= Self.maximumMetricIDLength else {
                    log.error(location(metricField), "metric id is \(metric.count) characters long; expected at most \(Self.maximumMetricIDLength)")
                    return true
                }
                if let keeping {
                    let keep: Bool
                    if let known = kept[metric] {
                        keep = known
                    } else {
                        keep = keeping(metric)
                        if kept.count < Self.maximumRememberedTexts { kept[metric] = keep }
                    }
                    if !keep {
                        skip(metric)
                        return true
                    }
                }
                let periodField = fields[columns.period]
                let period: (first: Period, last: Period)
                if let known = parsedPeriods[periodField.text] {
                    period = known
                } else {
                    guard let parsed = Self.period(periodField, file: file, log: &log) else { return true }
                    if parsedPeriods.count < Self.maximumRememberedTexts { parsedPeriods[periodField.text] = parsed }
                    period = parsed
                }
                switch NumberParsing.parse(fields[columns.value].text, commaMayBeDecimal: parser.delimiter == UInt8(ascii: ";")) {
                case .failure(let error):
                    log.error(location(fields[columns.value]), error.description)
                case .success(.missing):
                    missing += 1
                case .success(.number(let value, _)):
                    readings.append((Reading(metric: metric, period: period.last, value: value, firstMonth: period.first == period.last ? nil : period.first), location(fields[columns.value])))
                }
            case .wide:
                guard let period = Self.period(fields[columns.period], file: file, log: &log) else { return true }
                for (index, field) in fields.enumerated() where index != columns.period && keptColumns[index] {
                    let metric = String(names[index].text.trimmingSpaces())
                    switch NumberParsing.parse(field.text, commaMayBeDecimal: parser.delimiter == UInt8(ascii: ";")) {
                    case .failure(let error):
                        log.error(location(field), error.description + " (metric \(metric))")
                    case .success(.missing):
                        missing += 1
                    case .success(.number(let value, _)):
                        readings.append((Reading(metric: metric, period: period.last, value: value, firstMonth: period.first == period.last ? nil : period.first), location(field)))
                    }
                }
            }
            return true
        }
        guard sawRecord else {
            throw InputError(SourceLocation(file: file, line: 1, column: 1),
                             "the file is empty; expected a header line such as metric,period,value")
        }
        // Rows left out by `keeping` are readings too: only a file with none at all is empty.
        if header != nil && readings.isEmpty && others.isEmpty && !log.hasErrors && missing == 0 {
            log.warning(SourceLocation(file: file), "the file has a header but no readings")
        }
        try log.throwIfErrors()
        return ReadingsFile(file: file, layout: layout, encoding: encoding, readings: readings,
                            missingCount: missing, diagnostics: log.diagnostics, otherMetrics: others)
    }

    /// The period of a cell: one month, or the first and last of a combined report (`2021年1-2月`).
    private static func period(_ field: CSVField, file: String, log: inout DiagnosticLog) -> (first: Period, last: Period)? {
        if let period = Period.reportPeriod(parsing: field.text) { return period }
        let text = field.text.trimmingSpaces()
        log.error(SourceLocation(file: file, line: field.line, column: field.column),
                  text.isEmpty ? "empty period; expected a month as \(Period.acceptedForms)"
                      : "'\(text.prefix(40))' is not a valid month; expected \(Period.acceptedForms) (a four-digit year, a month from 1 to 12 and, if given, a day that exists), or a combined report such as 2021年1-2月")
        return nil
    }

    /// Decides the layout from the header and finds its columns.
    package static func recognizeHeader(_ record: CSVRecord, file: String) throws(InputError) -> (layout: Layout, metric: Int, period: Int, value: Int) {
        let names = record.fields.map { String($0.text.trimmingSpaces()).lowercased() }
        let at = { (index: Int) in SourceLocation(file: file, line: record.fields[index].line, column: record.fields[index].column) }
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
        throw InputError(SourceLocation(file: file, line: record.line, column: 1),
                         "the header lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); expected metric,period,value (long form) or period plus one column per metric (wide form)"
                            + "; accepted names: " + [("metric", Self.metricNames), ("period", Self.periodNames), ("value", Self.valueNames)]
                                .map { "\($0.0): \($0.1.sorted().joined(separator: "/"))" }.joined(separator: "; "))
    }
}
