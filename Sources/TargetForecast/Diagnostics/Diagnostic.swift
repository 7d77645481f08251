/// Where in a user's file something was found: file, 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column in characters, when known.
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, leaving out what is unknown.
    public var description: String {
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

    public var severity: Severity
    public var location: SourceLocation
    /// What is wrong and, where it helps, what was expected.
    public var message: String

    public init(_ severity: Severity, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message`, the form compilers use, which editors can jump to.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
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

    public mutating func error(_ location: SourceLocation, _ message: String) {
        errors += 1
        if errors > limit { omittedCount += 1 } else { diagnostics.append(Diagnostic(.error, at: location, message)) }
    }

    public mutating func warning(_ location: SourceLocation, _ message: String) {
        if diagnostics.count < limit * 4 { diagnostics.append(Diagnostic(.warning, at: location, message)) }
    }

    public mutating func note(_ location: SourceLocation, _ message: String) {
        if diagnostics.count < limit * 4 { diagnostics.append(Diagnostic(.note, at: location, message)) }
    }

    public mutating func append(contentsOf other: DiagnosticLog) {
        for diagnostic in other.diagnostics {
            switch diagnostic.severity {
            case .error: error(diagnostic.location, diagnostic.message)
            case .warning: warning(diagnostic.location, diagnostic.message)
            case .note: note(diagnostic.location, diagnostic.message)
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
