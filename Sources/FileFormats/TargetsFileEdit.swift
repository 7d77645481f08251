import Foundation
import TargetData
import Yams

/// Small edits of a targets file's metrics made in its text, so that everything else in the file —
/// comments, order, quoting, blank lines — stays as the user wrote it: what `forecast targets link`
/// writes.
///
/// The YAML (or JSON) is parsed for the positions of the metrics' keys; each change is a minimal
/// insertion or replacement on the lines concerned; the result is parsed again and must give the
/// same catalogue with only the requested changes, or nothing is written.
public enum TargetsFileEdit {
    /// One change of one metric.
    public enum Change: Sendable, Hashable {
        /// Add a name its readings come under to the metric's `aliases`.
        case addAlias(metric: String, alias: String)
        /// Replace the metric's `reading` kind.
        case setReading(metric: String, kind: ReadingKind)

        var metric: String {
            switch self {
            case .addAlias(let metric, _), .setReading(let metric, _): metric
            }
        }
    }

    /// The file's bytes with `changes` applied (UTF-8, with the byte-order mark and line endings
    /// it had; a GB18030 or UTF-16 file comes back as UTF-8).
    ///
    /// - Throws: `InputError` when the file is not a valid targets file, names no such metric, or
    ///   when an entry is written in a form that cannot be edited safely (a multi-line id, say),
    ///   located at that entry.
    public static func apply(_ changes: [Change], to bytes: [UInt8], file: String) throws(InputError) -> [UInt8] {
        let original = try TargetsFile.parse(bytes, file: file)
        let (utf8, _) = try TextDecoding.utf8Bytes(of: bytes, file: file)
        let text = String(decoding: utf8, as: UTF8.self)
        // Lines are counted on LF (CRLF kept) as libyaml counts them; a lone CR, NEL or a Unicode
        // line or paragraph separator would make the two counts differ.
        if let odd = text.unicodeScalars.indices.first(where: { index in
            let scalar = text.unicodeScalars[index]
            if scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" { return true }
            guard scalar == "\r" else { return false }
            let next = text.unicodeScalars.index(after: index)
            return next == text.unicodeScalars.endIndex || text.unicodeScalars[next] != "\n"
        }) {
            let line = text.unicodeScalars[..<odd].filter { $0 == "\n" }.count + 1
            throw InputError(SourceLocation(file: file, line: line), "the file has a line break other than LF or CRLF (a lone CR, NEL, U+2028 or U+2029); save it with LF or CRLF line ends to edit it")
        }
        // One change of each kind per metric and alias: the last reading kind asked for, each alias once.
        var seen = Set<Change>()
        var changes = changes.reversed().filter { change in
            if case let .setReading(metric, _) = change { return seen.insert(.setReading(metric: metric, kind: .flow)).inserted }
            return seen.insert(change).inserted
        }
        changes.reverse()
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw InputError(SourceLocation(file: file), "cannot parse the file again to edit it: \(error)")
        }
        guard let metricsNode = root?.mapping?["metrics"], case let .sequence(sequence) = metricsNode else {
            throw InputError(SourceLocation(file: file), "the file has no list of metrics to edit")
        }
        var entries: [String: Node.Mapping] = [:]
        for item in sequence {
            guard case let .mapping(mapping) = item, let id = mapping["id"]?.scalar?.string else { continue }
            entries[String(id.trimmingSpaces())] = mapping
        }
        var document = Lines(text)
        var edits: [Lines.Edit] = []
        for change in changes {
            guard let entry = entries[change.metric] else {
                throw InputError(SourceLocation(file: file), "no metric '\(change.metric)' in the file to edit")
            }
            edits.append(try edit(for: change, in: entry, document: document, file: file))
        }
        try document.apply(edits, file: file)
        var result = Array(document.text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { result.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
        try verify(result, original: original.catalogue, changes: changes, file: file)
        return result
    }

    /// The edit that makes one change, from the positions of the entry's keys and values.
    static func edit(for change: Change, in entry: Node.Mapping, document: Lines, file: String) throws(InputError) -> Lines.Edit {
        let location = SourceLocation(file: file, line: entry.mark?.line, column: entry.mark?.column)
        let refusal = InputError(location, "metric '\(change.metric)' is written in a form this edit does not handle; make the change by hand: \(describe(change))")
        // Yams leaves the collections' style unset (.any): the opening bracket tells.
        let flow = entry.mark.map { document.scalar(at: $0) == "{" } ?? false
        switch change {
        case .setReading(_, let kind):
            guard let value = entry["reading"], case let .scalar(scalar) = value, let mark = scalar.mark,
                  let span = document.scalarSpan(at: mark, flow: flow) else { throw refusal }
            let quote = scalar.style == .doubleQuoted ? "\"" : scalar.style == .singleQuoted ? "'" : ""
            return .replace(line: mark.line, from: span.lowerBound, to: span.upperBound, with: quote + kind.rawValue + quote)
        case .addAlias(_, let alias):
            let quoted = quote(alias)
            if let existing = entry.first(where: { $0.key.scalar?.string == "aliases" }) {
                switch existing.value {
                case .sequence(let list) where list.mark.map({ document.scalar(at: $0) == "[" }) ?? false:
                    // The new name goes last: the order of the aliases is the order they are tried in.
                    guard let last = list.last else {
                        guard let mark = list.mark else { throw refusal }
                        return .replace(line: mark.line, from: mark.column + 1, to: mark.column + 1, with: quoted)
                    }
                    guard case .scalar = last, let mark = last.mark, let span = document.scalarSpan(at: mark, flow: true) else { throw refusal }
                    return .replace(line: mark.line, from: span.upperBound, to: span.upperBound, with: ", " + quoted)
                case .sequence(let list):
                    guard let last = list.last, case .scalar = last, let mark = last.mark, document.scalarSpan(at: mark, flow: false) != nil,
                          let prefix = document.prefix(of: mark), prefix.trimmingCharacters(in: .whitespaces).hasSuffix("-") else { throw refusal }
                    return .insertLine(after: mark.line, prefix + quoted)
                case .scalar(let scalar):
                    let isNull = scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
                    guard let keyMark = existing.key.mark, let keySpan = document.scalarSpan(at: keyMark, flow: flow) else { throw refusal }
                    let names = isNull ? [] : scalar.string.split(whereSeparator: { "、，,;；".contains($0) })
                        .map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    let list = "[" + (names.map(quote) + [quoted]).joined(separator: ", ") + "]"
                    if isNull || names.isEmpty, scalar.style == .plain {
                        // `aliases:` with nothing after it (or `~`, `null`): the list goes after the colon.
                        guard let colon = document.firstColon(line: keyMark.line, after: keySpan.upperBound, flow: flow) else { throw refusal }
                        let end = document.scalarSpan(at: Lines.Position(line: keyMark.line, column: colon + 1), flow: flow)?.upperBound ?? colon + 1
                        return .replace(line: keyMark.line, from: colon + 1, to: max(end, colon + 1), with: " " + list)
                    }
                    guard let mark = scalar.mark, let span = document.scalarSpan(at: mark, flow: flow) else { throw refusal }
                    return .replace(line: mark.line, from: span.lowerBound, to: span.upperBound, with: list)
                default:
                    throw refusal
                }
            }
            guard let idKey = entry.first(where: { $0.key.scalar?.string == "id" }), let keyMark = idKey.key.mark,
                  let valueMark = idKey.value.mark, let span = document.scalarSpan(at: valueMark, flow: flow) else { throw refusal }
            if flow {
                return .replace(line: valueMark.line, from: span.upperBound, to: span.upperBound, with: ", \"aliases\": [\(quoted)]")
            }
            return .insertLine(after: valueMark.line, String(repeating: " ", count: keyMark.column - 1) + "aliases: [\(quoted)]")
        }
    }

    /// The file parsed again: the same catalogue but for the changes, or an error saying the edit failed.
    static func verify(_ result: [UInt8], original: Catalogue, changes: [Change], file: String) throws(InputError) {
        var expected = original
        for change in changes {
            guard let index = expected.metrics.firstIndex(where: { $0.id == change.metric }) else { continue }
            switch change {
            case .addAlias(_, let alias): expected.metrics[index].aliases.append(alias)
            case .setReading(_, let kind): expected.metrics[index].reading = kind
            }
        }
        let edited: Catalogue
        do { edited = try TargetsFile.parse(result, file: file).catalogue } catch {
            throw InputError(SourceLocation(file: file), "the edited file would not be valid (\(error.diagnostics.first?.description ?? "")); nothing was written")
        }
        guard edited.metrics == expected.metrics, edited.targets == original.targets, edited.year == original.year else {
            throw InputError(SourceLocation(file: file), "the edited file would not say what was intended; nothing was written. Make the changes by hand: " + changes.map(describe).joined(separator: "; "))
        }
    }

    static func describe(_ change: Change) -> String {
        switch change {
        case let .addAlias(metric, alias): "add \(quote(alias)) to aliases of metric '\(metric)'"
        case let .setReading(metric, kind): "set reading: \(kind.rawValue) for metric '\(metric)'"
        }
    }

    /// A name as a double-quoted scalar, valid in YAML and JSON alike (the writer's quoting).
    static func quote(_ name: String) -> String { TargetsFileWriter.quoted(name) }
}

/// A text as lines of Unicode scalars (libyaml's columns count scalars), edited by position.
struct Lines {
    /// A 1-based line and column (in Unicode scalars), as libyaml's marks give them.
    struct Position {
        var line: Int
        var column: Int
        init(line: Int, column: Int) { self.line = line; self.column = column }
        init(_ mark: Mark) { self.init(line: mark.line, column: mark.column) }
    }

    private var lines: [[Unicode.Scalar]]
    private var carriageReturns: [Bool]

    enum Edit {
        /// Replace columns `from..<to` (1-based) of a 1-based line.
        case replace(line: Int, from: Int, to: Int, with: String)
        /// A new line after a 1-based line (0: before the first).
        case insertLine(after: Int, String)

        var position: (Int, Int) {
            switch self {
            case let .replace(line, from, _, _): (line, from)
            case let .insertLine(after, _): (after, Int.max)
            }
        }
    }

    init(_ text: String) {
        var lines: [[Unicode.Scalar]] = [[]]
        for scalar in text.unicodeScalars {
            if scalar == "\n" { lines.append([]) } else { lines[lines.count - 1].append(scalar) }
        }
        carriageReturns = lines.map { $0.last == "\r" }
        self.lines = lines.map { $0.last == "\r" ? Array($0.dropLast()) : $0 }
    }

    var text: String {
        var result = String.UnicodeScalarView()
        for (index, line) in lines.enumerated() {
            if index > 0 { result.append("\n") }
            result.append(contentsOf: line)
            if carriageReturns[index] { result.append("\r") }
        }
        return String(result)
    }

    func line(_ number: Int) -> [Unicode.Scalar]? {
        lines.indices.contains(number - 1) ? lines[number - 1] : nil
    }

    func scalar(at mark: Position) -> Unicode.Scalar? {
        guard let line = line(mark.line), line.indices.contains(mark.column - 1) else { return nil }
        return line[mark.column - 1]
    }

    /// The text of a line before a column.
    func prefix(of mark: Position) -> String? {
        guard let line = line(mark.line), mark.column - 1 <= line.count else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: line[..<(mark.column - 1)])
        return String(view)
    }

    /// The 1-based column of the first `:` at or after `column`, before any `,`, `}` or `]` in flow
    /// context (which would belong to the next entry).
    func firstColon(line number: Int, after column: Int, flow: Bool) -> Int? {
        guard let line = line(number), column >= 1, column <= line.count else { return nil }
        for index in (column - 1)..<line.count {
            if line[index] == ":" { return index + 1 }
            if flow, line[index] == "," || line[index] == "}" || line[index] == "]" { return nil }
        }
        return nil
    }

    /// The columns (1-based, end exclusive) of a one-line scalar starting at `mark`: a quoted one
    /// to its closing quote; a plain one to a comment, the line's end or (in flow context) the
    /// next `,`, `]` or `}`, without trailing spaces. `nil` when a quoted scalar does not close on
    /// its line.
    func scalarSpan(at mark: Position, flow: Bool) -> Range<Int>? {
        guard let line = line(mark.line), mark.column >= 1, mark.column - 1 <= line.count else { return nil }
        let start = mark.column - 1
        guard start < line.count else { return mark.column..<mark.column }
        var index = start
        switch line[start] {
        case "\"":
            index += 1
            while index < line.count {
                if line[index] == "\\" { index += 2; continue }
                if line[index] == "\"" { return mark.column..<(index + 2) }
                index += 1
            }
            return nil
        case "'":
            index += 1
            while index < line.count {
                if line[index] == "'" {
                    if index + 1 < line.count, line[index + 1] == "'" { index += 2; continue }
                    return mark.column..<(index + 2)
                }
                index += 1
            }
            return nil
        default:
            while index < line.count {
                let scalar = line[index]
                if scalar == "#", index > start, line[index - 1] == " " || line[index - 1] == "\t" { break }
                if flow, scalar == "," || scalar == "]" || scalar == "}" { break }
                if scalar == ":", index + 1 == line.count || line[index + 1] == " " || (flow && line[index + 1] == ",") { break }
                index += 1
            }
            while index > start, line[index - 1] == " " || line[index - 1] == "\t" { index -= 1 }
            return mark.column..<(index + 1)
        }
    }

    func scalar(at mark: Mark) -> Unicode.Scalar? { scalar(at: Position(mark)) }
    func prefix(of mark: Mark) -> String? { prefix(of: Position(mark)) }
    func scalarSpan(at mark: Mark, flow: Bool) -> Range<Int>? { scalarSpan(at: Position(mark), flow: flow) }

    /// Applies edits from the last position to the first, so that earlier positions stay valid.
    ///
    /// - Throws: `InputError` when edits overlap or reach past their line (nothing is changed then
    ///   in the file, which is only written after the whole edit is verified).
    mutating func apply(_ edits: [Edit], file: String) throws(InputError) {
        var previous: (line: Int, from: Int)?
        for edit in edits.sorted(by: { $0.position > $1.position }) {
            switch edit {
            case let .replace(line, from, to, text):
                guard lines.indices.contains(line - 1), from >= 1, from <= to, to - 1 <= lines[line - 1].count,
                      previous.map({ $0.line != line || to <= $0.from }) ?? true else {
                    throw InputError(SourceLocation(file: file, line: line, column: from), "two edits of the file overlap here; make the changes by hand")
                }
                lines[line - 1].replaceSubrange((from - 1)..<(to - 1), with: text.unicodeScalars)
                previous = (line, from)
            case let .insertLine(after, text):
                let at = min(max(after, 0), lines.count)
                lines.insert(Array(text.unicodeScalars), at: at)
                carriageReturns.insert(carriageReturns[max(at - 1, 0)], at: at)
            }
        }
    }
}
