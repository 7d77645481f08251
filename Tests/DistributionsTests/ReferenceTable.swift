import Foundation

/// One row of a reference table in `Fixtures/reference/`, made by
/// `make_distribution_reference.py` with 50-digit mpmath.
struct ReferenceRow: CustomStringConvertible {
    let line: Int
    let function: String
    /// ν for `student-t.csv`; nil for `normal.csv`.
    let degreesOfFreedom: Double?
    /// x or t for cdf, survival and density; p for quantile.
    let argument: Double
    let expected: Double

    var description: String {
        let nu = degreesOfFreedom.map { "ν=\($0) " } ?? ""
        return "line \(line): \(function) \(nu)arg=\(argument) expected=\(expected)"
    }
}

struct ReferenceTableError: Error, CustomStringConvertible {
    let file: String
    let line: Int
    let reason: String
    var description: String { "\(file):\(line): \(reason)" }
}

enum ReferenceTable {
    /// `Fixtures/reference/`, found from this source file: Tests/DistributionsTests/ → root.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DistributionsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Fixtures/reference")

    /// The rows of `name`, skipping `#` comments, blank lines and the column header.
    ///
    /// - Parameters:
    ///   - name: the file name in `Fixtures/reference/`.
    ///   - hasDegreesOfFreedom: whether the second column is ν (student-t.csv) or not.
    static func rows(_ name: String, hasDegreesOfFreedom: Bool) throws -> [ReferenceRow] {
        let url = directory.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [ReferenceRow] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("function,") { continue }
            let fields = line.split(separator: ",").map(String.init)
            let expectedCount = hasDegreesOfFreedom ? 4 : 3
            guard fields.count == expectedCount else {
                throw ReferenceTableError(file: name, line: index + 1,
                                          reason: "expected \(expectedCount) fields, found \(fields.count)")
            }
            let numbers = fields.dropFirst().map { Double($0) }
            guard numbers.allSatisfy({ $0 != nil }) else {
                throw ReferenceTableError(file: name, line: index + 1, reason: "unreadable number in \(line)")
            }
            let values = numbers.map { $0! }
            rows.append(ReferenceRow(
                line: index + 1,
                function: fields[0],
                degreesOfFreedom: hasDegreesOfFreedom ? values[0] : nil,
                argument: values[values.count - 2],
                expected: values[values.count - 1]))
        }
        return rows
    }
}

/// The largest relative error seen over a set of comparisons, and the rows beyond tolerance.
struct Agreement {
    let tolerance: Double
    private(set) var count = 0
    private(set) var worstError = 0.0
    private(set) var worstRow: ReferenceRow?
    private(set) var failures: [String] = []

    init(tolerance: Double) { self.tolerance = tolerance }

    /// Compares `computed` with the row's expected value.
    ///
    /// Expected values below 1e-300 lie outside Double's normal range (the table writes them as
    /// they are, or 0 for values below 1e-400); there the result must be a non-negative number no
    /// larger than 1e-300. Elsewhere the relative error must be within the tolerance; an expected
    /// 0 (the median quantile) must be matched exactly.
    mutating func check(_ row: ReferenceRow, computed: Double) {
        count += 1
        let expected = row.expected
        let error: Double
        if Swift.abs(expected) < 1e-300 {
            let fine = computed >= 0 && computed <= 1e-300
            error = fine ? 0 : .infinity
        } else {
            error = Swift.abs(computed - expected) / Swift.abs(expected)
        }
        if error.isNaN || error > worstError { worstError = error.isNaN ? .infinity : error; worstRow = row }
        if !(error <= tolerance) {
            failures.append("\(row) computed=\(computed) relative error=\(error)")
        }
    }

    var summary: String {
        "\(count) rows, max relative error \(worstError)" + (worstRow.map { " at \($0)" } ?? "")
    }
}

/// |a − b| / |b|, with 0 when both are 0.
func relativeError(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    return Swift.abs(a - b) / Swift.abs(b)
}
