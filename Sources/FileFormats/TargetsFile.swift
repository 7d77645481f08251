import Yams
import TargetData
import Workbooks

/// A targets file (YAML or JSON, one schema) read into a ``Catalogue``, with every problem located
/// by key path, line and column.
///
/// ```yaml
/// year: 2021
/// metrics:
///   - {id: new-urban-jobs, name: 新增城镇就业, unit: 人, reading: ytd}
/// targets:
///   - id: t45-new-urban-jobs
///     item: 45
///     title: 确保新增城镇就业2.8万人
///     metric: new-urban-jobs
///     kind: total
///     direction: at-least
///     value: 28000
///     unit: 人
///     firmness: ensure
///     lead: [区人社局]
/// ```
/// The schema is documented in the README ("The targets file").
public struct TargetsFile: Sendable {
    public var file: String
    public var catalogue: Catalogue
    /// Warnings (placeholders to fill in, ignored keys) and notes.
    public var diagnostics: [Diagnostic]
    /// Whether the file is a targets table (CSV or a workbook's sheet) rather than YAML or JSON.
    public var isTable = false

    /// Reads and validates the targets file at `path`.
    ///
    /// - Throws: `InputError` listing every error found (syntax, unknown keys, wrong types,
    ///   invalid enum values, and the catalogue's own checks), each as `file:line:column`.
    ///
    /// The file may also be a targets table, one row per target (``TargetsTable``): a CSV file
    /// whose header names id, title and kind, or an Excel workbook (`.xlsx`, its first sheet).
    public static func read(_ path: String, limit: Int = DiagnosticLog.defaultLimit) throws(InputError) -> TargetsFile {
        try parse(FileBytes.read(path), file: path, limit: limit)
    }

    /// Whether the first line of `utf8` is a targets table's CSV header (id, title and kind columns).
    static func isTargetsTable(_ utf8: [UInt8]) -> Bool {
        let line = firstLine(utf8)
        guard line.contains(UInt8(ascii: ",")) || line.contains(0x09) || line.contains(UInt8(ascii: ";")),
              let record = csvRecord(line) else { return false }
        return TargetsTable.isTargetsHeader(record.fields.map(\.text))
    }

    /// The first line of `utf8` (at most 4 KB), without its line end.
    static func firstLine(_ utf8: [UInt8]) -> [UInt8] {
        var line = Array(utf8.prefix(4096).prefix { $0 != 0x0A })
        if line.last == 0x0D { line.removeLast() }
        return line
    }

    /// `line` read as one CSV record, its delimiter detected; nil when it is not CSV.
    static func csvRecord(_ line: [UInt8]) -> CSVRecord? {
        var record: CSVRecord?
        try? CSVParser(utf8: line, file: "", delimiter: CSVParser.detectDelimiter(line)).forEachRecord { (found) throws(InputError) in
            record = found
            return false
        }
        return record
    }

    /// The first line of `utf8` when it is a readings file's header (long or wide form), else `nil`.
    static func readingsHeader(_ utf8: [UInt8]) -> String? {
        let line = firstLine(utf8)
        guard !line.isEmpty, !line.contains(UInt8(ascii: ":")) || line.contains(UInt8(ascii: ",")) else { return nil }
        guard let record = csvRecord(line), record.fields.count >= 2, (try? ReadingsFile.recognizeHeader(record, file: "")) != nil else { return nil }
        return String(decoding: line, as: UTF8.self)
    }

    /// Parses and validates a targets file's bytes: YAML or JSON, or a targets table (CSV, or an
    /// Excel workbook's first sheet).
    public static func parse(_ bytes: [UInt8], file: String, limit: Int = DiagnosticLog.defaultLimit) throws(InputError) -> TargetsFile {
        if Workbook.looksLikeZIP(bytes) { return try parse(Workbook(bytes: bytes, file: file), limit: limit) }
        let (utf8, _) = try TextDecoding.utf8Bytes(of: bytes, file: file)
        if Self.isTargetsTable(utf8) {
            return try TargetsTable.targetsFile(TargetsTable.table(csv: utf8, file: file), file: file, limit: limit)
        }
        let text = String(decoding: utf8, as: UTF8.self)
        if let alias = Self.firstAnchorOrAlias(in: utf8) {
            throw InputError(SourceLocation(file: file, line: alias.line, column: alias.column),
                             "YAML anchors and aliases (&name, *name) are not supported in targets files; write each value out (quote text that starts with & or *)")
        }
        if let header = Self.readingsHeader(utf8) {
            throw InputError(SourceLocation(file: file, line: 1, column: 1),
                             "this is a readings CSV file (its header is '\(header)'), not a targets file (YAML or JSON with year, metrics and targets): was it given in the place of the targets file?")
        }
        let root: Node?
        do {
            // The basic resolver (every scalar a string): the reader parses each value itself
            // (numbers, periods, nulls by their text), and resolving tags by regular expressions,
            // also in Yams's duplicate-key check, took `forecast targets check` of a generated
            // 10,000-target file from 0.65 s to 1.1 s.
            root = try Yams.compose(yaml: text, Resolver.basic)
        } catch let error as YamlError {
            throw Self.syntaxError(error, file: file)
        } catch {
            throw InputError(SourceLocation(file: file), "cannot parse the file: \(error)")
        }
        guard let root else {
            throw InputError(SourceLocation(file: file, line: 1, column: 1), "the file is empty; expected a targets file with year, metrics and targets")
        }
        var reader = TargetsNodeReader(file: file, log: DiagnosticLog(limit: limit))
        let (catalogue, metricIndexes, targetIndexes, metricsComplete) = reader.catalogue(root)
        var log = reader.log
        // The catalogue's own checks run on the entries that parsed, so a typo in one target and
        // an unknown metric in another are reported together (not when a metric itself failed to
        // parse: every target naming it would be reported again).
        if let catalogue, metricsComplete {
            Self.logProblems(of: catalogue, metricIndexes: metricIndexes, targetIndexes: targetIndexes, into: &log) {
                subject, key in reader.location(of: subject, key: key)
            }
        }
        try log.throwIfErrors()
        guard let catalogue, metricsComplete else {
            throw InputError(SourceLocation(file: file), "the file does not describe a catalogue")
        }
        return TargetsFile(file: file, catalogue: catalogue, diagnostics: log.diagnostics)
    }

    /// Logs the catalogue's own problems (``Catalogue/problems()``), each at the place `locate`
    /// gives for its subject — a metric or target by its position in the file's lists — and key;
    /// `reword` adapts a message to the file's form.
    static func logProblems(of catalogue: Catalogue, metricIndexes: [Int], targetIndexes: [Int], into log: inout DiagnosticLog,
                            reword: (String) -> String = { $0 },
                            locate: (CatalogueProblem.Subject, String?) -> SourceLocation) {
        for problem in catalogue.problems() {
            let subject: CatalogueProblem.Subject = switch problem.subject {
            case .catalogue: .catalogue
            case .metric(let index): .metric(metricIndexes[index])
            case .target(let index): .target(targetIndexes[index])
            }
            let location = locate(subject, problem.key)
            let message = reword(problem.message)
            switch problem.severity {
            case .error: log.error(location, message)
            case .warning: log.warning(location, message)
            case .note: log.note(location, message)
            }
        }
    }

    /// The position of the first YAML anchor (`&name`) or alias (`*name`) outside quotes and
    /// comments. Targets files need neither, and aliases let a few hundred bytes expand into work
    /// that grows exponentially with nesting (a "billion laughs" file), so they are refused before
    /// the YAML parser sees them.
    static func firstAnchorOrAlias(in bytes: [UInt8]) -> (line: Int, column: Int)? {
        var line = 1, column = 0
        var quote: UInt8?           // inside '…' or "…"
        var comment = false
        var previous: UInt8 = 0x0A
        for byte in bytes {
            if byte & 0xC0 != 0x80 { column += 1 }
            defer { previous = byte }
            if byte == 0x0A {
                line += 1
                column = 0
                comment = false
                if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") { continue }
                continue
            }
            if comment { continue }
            if let open = quote {
                if byte == open && previous != UInt8(ascii: "\\") { quote = nil }
                continue
            }
            let afterSeparator = previous == 0x0A || previous == 0x20 || previous == 0x09 || previous == UInt8(ascii: "[")
                || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",")
            switch byte {
            case UInt8(ascii: "#") where afterSeparator: comment = true
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                if afterSeparator || previous == UInt8(ascii: ":") { quote = byte }
            case UInt8(ascii: "&"), UInt8(ascii: "*"):
                if afterSeparator { return (line, column) }
            default: break
            }
        }
        return nil
    }

    private static func syntaxError(_ error: YamlError, file: String) -> InputError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return InputError(SourceLocation(file: file, line: mark.line, column: mark.column),
                              "not valid YAML or JSON: \(detail)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return InputError(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                              "key '\(duplicates.first ?? "")' appears twice in the same mapping; expected each key once")
        case let .reader(problem, _, _, _):
            return InputError(SourceLocation(file: file), "cannot read the file as text: \(problem)")
        default:
            return InputError(SourceLocation(file: file), "cannot parse the file: \(error)")
        }
    }
}

/// Walks the YAML node tree, converting it into model values and logging each problem with its
/// key path and mark.
struct TargetsNodeReader {
    let file: String
    var log: DiagnosticLog
    /// Where each metric's and target's keys are, for locating the catalogue's own problems.
    private var keyMarks: [CatalogueProblem.Subject: [String: Mark]] = [:]

    init(file: String, log: DiagnosticLog) {
        self.file = file
        self.log = log
    }

    static let topKeys = ["year", "metrics", "targets"]
    static let metricKeys = ["id", "name", "aliases", "unit", "reading", "min", "max"]
    static let targetKeys = ["id", "item", "title", "metric", "kind", "direction", "value", "unit", "firmness",
                             "lead", "support", "base", "deadline", "at", "versus"]

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column)
    }

    func location(of subject: CatalogueProblem.Subject, key: String?) -> SourceLocation {
        let marks = keyMarks[subject] ?? [:]
        let mark = key.flatMap { marks[$0] } ?? marks[""]
        return SourceLocation(file: file, line: mark?.line, column: mark?.column)
    }

    mutating func error(_ node: Node, _ path: String, _ message: String) {
        log.error(location(node), path.isEmpty ? "the file: \(message)" : "\(path): \(message)")
    }

    /// The mapping's pairs keyed by string, reporting non-string, unknown and (case-folded) duplicate keys.
    mutating func pairs(_ node: Node, _ path: String, allowed: [String], subject: CatalogueProblem.Subject?) -> [String: Node]? {
        guard case let .mapping(mapping) = node else {
            error(node, path, "expected a mapping of keys (\(allowed.joined(separator: ", "))), found \(Self.describe(node))")
            return nil
        }
        var result: [String: Node] = [:]
        var marks: [String: Mark] = [:]
        if let mark = node.mark { marks[""] = mark }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error(keyNode, path, "keys must be plain words; found \(Self.describe(keyNode))")
                continue
            }
            guard allowed.contains(key) else {
                let hint = Catalogue.closest(to: key, in: allowed).map { "did you mean '\($0)'? " } ?? ""
                error(keyNode, path.isEmpty ? key : "\(path).\(key)", "unknown key; \(hint)expected one of \(allowed.joined(separator: ", "))")
                continue
            }
            result[key] = value
            if let mark = keyNode.mark { marks[key] = mark }
        }
        if let subject { keyMarks[subject] = marks }
        return result
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string.prefix(40))'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    mutating func string(_ node: Node, _ path: String) -> String? {
        guard case let .scalar(scalar) = node, !Self.isNull(node) else {
            error(node, path, "expected text, found \(Self.isNull(node) ? "nothing" : Self.describe(node))")
            return nil
        }
        let text = String(scalar.string.trimmingSpaces())
        guard !text.isEmpty else {
            error(node, path, "expected text, found an empty value")
            return nil
        }
        return text
    }

    mutating func integer(_ node: Node, _ path: String, range: ClosedRange<Int>) -> Int? {
        guard case let .scalar(scalar) = node, let value = Int(scalar.string.trimmingSpaces()), range.contains(value) else {
            error(node, path, "expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(Self.describe(node))")
            return nil
        }
        return value
    }

    /// A number, or `.some(nil)` for an explicit null; `nil` after logging an error.
    mutating func number(_ node: Node, _ path: String) -> Double?? {
        if Self.isNull(node) { return .some(nil) }
        guard case let .scalar(scalar) = node else {
            error(node, path, "expected a number, found \(Self.describe(node))")
            return nil
        }
        switch NumberParsing.parse(scalar.string) {
        case .success(.number(let value, _)): return .some(value)
        case .success(.missing): return .some(nil)
        case .failure(let problem):
            // In YAML a missing value is `null`, not an empty cell.
            error(node, path, problem.description.replacingOccurrences(of: "or an empty cell for a missing value", with: "or null for a value not known yet")
                .replacingOccurrences(of: "leave the cell empty for a missing value", with: "write null for a value not known yet"))
            return nil
        }
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ path: String, _: T.Type) -> T? where T.RawValue == String {
        let options = T.allCases.map(\.rawValue)
        guard case let .scalar(scalar) = node, let value = T(rawValue: String(scalar.string.trimmingSpaces())) else {
            let found = Self.describe(node)
            let hint = node.scalar.flatMap { Catalogue.closest(to: $0.string, in: options) }.map { " (did you mean '\($0)'?)" } ?? ""
            error(node, path, "\(found) is not valid\(hint); expected one of \(options.joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// A list of unit names: a YAML list, or one string with names separated by 、，, or ;.
    mutating func names(_ node: Node, _ path: String, what: String = "unit names") -> [String]? {
        if Self.isNull(node) { return [] }
        switch node {
        case .sequence(let sequence):
            var result: [String] = []
            for (index, item) in sequence.enumerated() {
                if let name = string(item, "\(path)[\(index)]") { result.append(name) }
            }
            return result
        case .scalar(let scalar):
            return scalar.string.split(whereSeparator: { "、，,;；".contains($0) })
                .map { String($0.trimmingSpaces()) }.filter { !$0.isEmpty }
        default:
            error(node, path, "expected a list of \(what), found \(Self.describe(node))")
            return nil
        }
    }

    /// The catalogue of the entries that parsed, with each one's position in the file's lists, and
    /// whether every metric parsed.
    mutating func catalogue(_ root: Node) -> (Catalogue?, metricIndexes: [Int], targetIndexes: [Int], metricsComplete: Bool) {
        guard let top = pairs(root, "", allowed: Self.topKeys, subject: .catalogue) else { return (nil, [], [], false) }
        var year: Int?
        if let node = top["year"] {
            year = integer(node, "year", range: Period.validYears)
        } else {
            log.error(location(root), "missing key 'year'; expected year: <the target year, e.g. 2021>")
        }
        let errorsBeforeMetrics = log.errorCount
        let metrics = list(top["metrics"], key: "metrics", in: root, expected: "a list of metrics (id, name, unit, reading)") {
            reader, node, index in reader.metric(node, index: index).map { (index, $0) }
        }
        let metricsComplete = log.errorCount == errorsBeforeMetrics
        let targets = list(top["targets"], key: "targets", in: root, expected: "a list of targets") {
            reader, node, index in reader.target(node, index: index).map { (index, $0) }
        }
        guard let year else { return (nil, [], [], false) }
        return (Catalogue(year: year, metrics: metrics.map(\.1), targets: targets.map(\.1)), metrics.map(\.0), targets.map(\.0), metricsComplete)
    }

    /// The elements of the list under `key` read by `element`; logs a missing key or a non-list.
    mutating func list<Element>(
        _ node: Node?, key: String, in root: Node, expected: String,
        element: (inout TargetsNodeReader, Node, Int) -> Element?
    ) -> [Element] {
        guard let node else {
            log.error(location(root), "missing key '\(key)'; expected \(expected)")
            return []
        }
        guard case let .sequence(sequence) = node else {
            if !Self.isNull(node) { error(node, key, "expected \(expected), found \(Self.describe(node))") }
            return []
        }
        return sequence.enumerated().compactMap { index, item in element(&self, item, index) }
    }

    /// The value of a key that must be there, or `nil` after logging that it is missing.
    mutating func required(_ key: String, in keys: [String: Node], of node: Node, path: String, expected: String = "") -> Node? {
        if let value = keys[key] { return value }
        log.error(location(node), "\(path): missing key '\(key)'\(expected)")
        return nil
    }

    mutating func metric(_ node: Node, index: Int) -> Metric? {
        let path = "metrics[\(index)]"
        guard let keys = pairs(node, path, allowed: Self.metricKeys, subject: .metric(index)) else { return nil }
        let errorsBefore = log.errorCount
        let id = required("id", in: keys, of: node, path: path).flatMap { string($0, "\(path).id") }
        let name = keys["name"].flatMap { string($0, "\(path).name") }
        let unit = required("unit", in: keys, of: node, path: path).flatMap { string($0, "\(path).unit") }
        let reading = required("reading", in: keys, of: node, path: path).flatMap { choice($0, "\(path).reading", ReadingKind.self) }
        let aliases = keys["aliases"].flatMap { names($0, "\(path).aliases", what: "names its readings may come under") } ?? []
        let minimum = keys["min"].flatMap { number($0, "\(path).min") } ?? nil
        let maximum = keys["max"].flatMap { number($0, "\(path).max") } ?? nil
        guard log.errorCount == errorsBefore, let id, let unit, let reading else { return nil }
        return Metric(id: id, name: name, unit: unit, reading: reading, aliases: aliases, minimum: minimum, maximum: maximum)
    }

    mutating func target(_ node: Node, index: Int) -> Target? {
        let path = "targets[\(index)]"
        guard let keys = pairs(node, path, allowed: Self.targetKeys, subject: .target(index)) else { return nil }
        let errorsBefore = log.errorCount
        let id = required("id", in: keys, of: node, path: path).flatMap { string($0, "\(path).id") }
        let kind = required("kind", in: keys, of: node, path: path).flatMap { choice($0, "\(path).kind", TargetKind.self) }
        let title = required("title", in: keys, of: node, path: path).flatMap { string($0, "\(path).title") }
        let item = keys["item"].flatMap { integer($0, "\(path).item", range: 1...1_000_000) }
        let metric = keys["metric"].flatMap { Self.isNull($0) ? nil : string($0, "\(path).metric") }
        let direction = keys["direction"].flatMap { choice($0, "\(path).direction", Direction.self) }
        let firmness = keys["firmness"].flatMap { choice($0, "\(path).firmness", Firmness.self) } ?? Firmness.none
        let unit = keys["unit"].flatMap { Self.isNull($0) ? nil : string($0, "\(path).unit") }
        let lead = keys["lead"].flatMap { names($0, "\(path).lead") } ?? []
        let support = keys["support"].flatMap { names($0, "\(path).support") } ?? []
        let at = keys["at"].flatMap { choice($0, "\(path).at", CeilingCheck.self) }
        let versus = keys["versus"].flatMap { Self.isNull($0) ? nil : string($0, "\(path).versus") }
        let base: Double? = keys["base"].flatMap { number($0, "\(path).base") } ?? nil
        var deadline: Period?
        if let node = keys["deadline"], !Self.isNull(node) {
            if case let .scalar(scalar) = node, let period = Period(parsing: scalar.string) {
                deadline = period
            } else {
                error(node, "\(path).deadline", "\(Self.describe(node)) is not a month; expected \(Period.acceptedForms)")
            }
        }
        var value: Double?
        if kind == .qualitative {
            value = keys["value"].flatMap { number($0, "\(path).value") } ?? nil
        } else if let node = keys["value"] {
            value = number(node, "\(path).value") ?? nil
        } else if kind != nil {
            log.error(location(node), "\(path): missing key 'value'; expected the threshold in base units (write value: null for a placeholder to fill in later)")
        }
        guard log.errorCount == errorsBefore, let id, let kind, let title else { return nil }
        let defaultDirection: Direction = kind == .ceiling ? .atMost : .atLeast
        return Target(id: id, item: item, title: title, metric: metric, kind: kind,
                      direction: direction ?? defaultDirection, value: value, unit: unit, firmness: firmness,
                      lead: lead, support: support, base: base, deadline: deadline, at: at, versus: versus)
    }
}
