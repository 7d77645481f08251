/// Where in a user's file something was found: file, 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column in characters, when known.
    public var column: Int?
    /// The worksheet, when the file is a workbook: `line` is then the row and `column` the
    /// column number (1 = A).
    public var sheet: String?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A cell of a workbook's sheet: `row` and `column` 1-based (column 1 is A).
    public init(file: String, sheet: String, row: Int?, column: Int? = nil) {
        self.file = file
        self.sheet = sheet
        self.line = row
        self.column = column
    }

    /// A spreadsheet column's letters: 1 → A, 26 → Z, 27 → AA (nil for a column below 1).
    public static func columnLetters(_ column: Int) -> String? {
        guard column >= 1 else { return nil }
        var letters: [Character] = []
        var rest = column
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + digit))))
            rest = (rest - 1) / 26
        }
        return String(letters.reversed())
    }

    /// The cell's reference as a spreadsheet writes it (`C14`, or `14` for a whole row), when
    /// this is a location in a workbook.
    public var cell: String? {
        guard sheet != nil, let line else { return nil }
        return (column.flatMap(Self.columnLetters) ?? "") + "\(line)"
    }

    /// The location of a diagnostic about a run as a whole rather than a place in a file (its
    /// description then leaves the location out).
    public static let wholeRun = SourceLocation(file: "")

    /// `file:line:column`, leaving out what is unknown; in a workbook `file:Sheet1!C14` (a sheet
    /// name with spaces or punctuation quoted as spreadsheets quote it: `'My sheet'!C14`).
    public var description: String {
        if let sheet {
            let plain = !sheet.isEmpty && sheet.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
            let name = plain ? sheet : "'" + sheet.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
            return file + ":" + name + (cell.map { "!" + $0 } ?? "")
        }
        var text = file
        if let line { text += ":\(line)" }
        if let line, line > 0, let column { text += ":\(column)" }
        return text
    }
}

/// One problem (or remark) about a user's input, with where it is and what was expected.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The input cannot be used as it is.
        case error
        /// The input can be used, but something deserves a look.
        case warning
        /// Information, such as a revised reading.
        case note
    }

    /// What kind of problem it is, for a program to act on: a caller branches on the code, never
    /// on the message's words (which may be reworded).
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A problem without a more specific code.
        public static let general = Code(rawValue: "general")
        /// A metric id in a readings file is not UTF-8 text (the file may be GB18030).
        public static let metricNotUTF8 = Code(rawValue: "metric-not-utf8")
        /// A file was decoded from another encoding (GB18030, UTF-16).
        public static let decoded = Code(rawValue: "decoded")
        /// A repeated metric + period: the later reading replaced the earlier one.
        public static let revision = Code(rawValue: "revision")
        /// Readings of a metric that no target uses (often a typo in an id).
        public static let unusedMetric = Code(rawValue: "unused-metric")
        /// Months without a reading inside a metric's history.
        public static let gap = Code(rawValue: "gap")
        /// A requested as-of month past the latest reading, replaced by the latest reading.
        public static let asOfClamped = Code(rawValue: "as-of-clamped")
        /// A `--since` month that is not before the month assessed: no changes can be listed.
        public static let sinceNotBefore = Code(rawValue: "since-not-before")
        /// An as-of month before the first reading: nothing can be forecast.
        public static let asOfBeforeReadings = Code(rawValue: "as-of-before-readings")
        /// How the intervals were calibrated, or why they could not be.
        public static let calibration = Code(rawValue: "calibration")
        /// A series or target that could not be fitted.
        public static let unfitted = Code(rawValue: "unfitted")
        /// A threshold left empty in a targets file (a placeholder).
        public static let placeholder = Code(rawValue: "placeholder")
        /// Readings that all lie before or all after the catalogue's year.
        public static let outsideTargetYear = Code(rawValue: "outside-target-year")
        /// A metric read from readings under its name or an alias, not its id.
        public static let linked = Code(rawValue: "linked")
        /// Readings that do not behave as their metric's reading kind says (a year-to-date
        /// series that falls within a year, a monthly flow that only climbs and resets in January).
        public static let readingKind = Code(rawValue: "reading-kind")
        /// A metric that targets use has no readings (under its id, name or aliases).
        public static let noReadings = Code(rawValue: "no-readings")
        /// Readings beyond the natural bounds (`min:`/`max:`) their metric declares.
        public static let outsideBounds = Code(rawValue: "outside-bounds")
    }

    public var severity: Severity
    /// Where it is; a location with an empty file is about the run as a whole.
    public var location: SourceLocation
    /// What is wrong and, where it helps, what was expected.
    public var message: String
    public var code: Code

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, code: Code = .general) {
        self.severity = severity
        self.location = location
        self.message = message
        self.code = code
    }

    /// `file:line:column: error: message`, the form compilers use, which editors can jump to
    /// (`warning: message` when it concerns no file).
    public var description: String {
        location.file.isEmpty ? "\(severity.rawValue): \(message)" : "\(location): \(severity.rawValue): \(message)"
    }
}

/// Bad input: every problem found (up to a limit), each with its location.
public struct InputError: Error, Sendable, CustomStringConvertible {
    /// The problems, errors first in file order, at most ``DiagnosticLog/limit`` of them.
    public var diagnostics: [Diagnostic]
    /// How many further errors were found but not listed.
    public var omittedCount: Int

    public init(diagnostics: [Diagnostic], omittedCount: Int = 0) {
        self.diagnostics = diagnostics
        self.omittedCount = omittedCount
    }

    /// One problem.
    public init(_ location: SourceLocation, _ message: String) {
        self.init(diagnostics: [Diagnostic(.error, at: location, message)])
    }

    public var description: String {
        var lines = diagnostics.map(\.description)
        if omittedCount > 0 { lines.append("… and \(omittedCount) more problems not listed") }
        return lines.joined(separator: "\n")
    }
}

/// Collects diagnostics while reading a file, keeping at most `limit` errors (then counting).
public struct DiagnosticLog: Sendable {
    /// The default number of errors listed before the rest are only counted.
    public static let defaultLimit = 50

    public private(set) var diagnostics: [Diagnostic] = []
    public private(set) var omittedCount = 0
    public let limit: Int
    private var errors = 0

    public init(limit: Int = DiagnosticLog.defaultLimit) { self.limit = max(1, limit) }

    /// Whether any error was recorded.
    public var hasErrors: Bool { errors > 0 }
    /// How many errors were recorded (listed or not).
    public var errorCount: Int { errors }
    /// Whether the error limit is reached (a reader may stop early).
    public var isFull: Bool { errors >= limit }

    public mutating func error(_ location: SourceLocation, _ message: String, code: Diagnostic.Code = .general) {
        errors += 1
        if errors > limit { omittedCount += 1 } else { diagnostics.append(Diagnostic(.error, at: location, message, code: code)) }
    }

    public mutating func warning(_ location: SourceLocation, _ message: String, code: Diagnostic.Code = .general) {
        if diagnostics.count < limit * 4 { diagnostics.append(Diagnostic(.warning, at: location, message, code: code)) }
    }

    public mutating func note(_ location: SourceLocation, _ message: String, code: Diagnostic.Code = .general) {
        if diagnostics.count < limit * 4 { diagnostics.append(Diagnostic(.note, at: location, message, code: code)) }
    }

    public mutating func append(contentsOf other: DiagnosticLog) {
        for diagnostic in other.diagnostics {
            switch diagnostic.severity {
            case .error: error(diagnostic.location, diagnostic.message, code: diagnostic.code)
            case .warning: warning(diagnostic.location, diagnostic.message, code: diagnostic.code)
            case .note: note(diagnostic.location, diagnostic.message, code: diagnostic.code)
            }
        }
        omittedCount += other.omittedCount
        errors += other.omittedCount
    }

    /// Throws the collected errors (with warnings and notes) when there is at least one error.
    public func throwIfErrors() throws(InputError) {
        guard hasErrors else { return }
        throw InputError(diagnostics: diagnostics, omittedCount: omittedCount)
    }
}

/// A diagnostic as the checking commands write it in JSON: severity, file, line, column, message.
public struct DiagnosticRecord: Sendable, Hashable, Encodable {
    public var severity: String
    public var file: String
    public var line: Int?
    public var column: Int?
    /// In a workbook: the sheet, and the cell as `C14` (`line` is its row, `column` its number).
    public var sheet: String?
    public var cell: String?
    public var message: String

    public init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        file = diagnostic.location.file
        line = diagnostic.location.line
        column = diagnostic.location.column
        sheet = diagnostic.location.sheet
        cell = diagnostic.location.cell
        message = diagnostic.message
    }
}
