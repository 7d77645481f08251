import Foundation
import TargetForecast

/// Each phase's time on standard error when `FORECAST_TIMINGS` is set (`time read 0.412 s`).
struct PhaseClock {
    private let enabled = ProcessInfo.processInfo.environment["FORECAST_TIMINGS"] != nil
    private var start = ContinuousClock.now

    /// Prints the time since the previous lap (or the start) under `name`.
    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = ContinuousClock.now, elapsed = now - start
        Terminal.printError(String(format: "time %@ %.3f s", name, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        start = now
    }
}

/// One line of progress on standard error, rewritten in place — only when standard error is a
/// terminal, never into a file or a pipe — and cleared before the results or an error are printed.
struct ProgressLine: Sendable {
    let isShown = isatty(STDERR_FILENO) != 0

    func show(_ text: String) {
        if isShown { FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8)) }
    }

    func clear() {
        if isShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

/// Writing to the terminal: standard error for problems, display widths for aligned tables.
enum Terminal {
    /// Whether standard output is a terminal that should get colour (not when NO_COLOR is set).
    static var isColourTerminal: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// `value` with thousands separators (2754 → "2,754").
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }

    /// Pretty, key-sorted JSON of an encodable value, with a final newline.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
