import Distributions
import Testing

/// The standard normal against 50-digit mpmath values (`Fixtures/reference/normal.csv`).
@Suite("Normal against mpmath")
struct NormalReferenceTests {
    static let tolerance = 1e-12

    func check(_ function: String, minimumRows: Int, _ evaluate: (Double) -> Double) throws {
        let rows = try ReferenceTable.rows("normal.csv", hasDegreesOfFreedom: false)
            .filter { $0.function == function }
        var agreement = Agreement(tolerance: Self.tolerance)
        for row in rows {
            agreement.check(row, computed: evaluate(row.argument))
        }
        print("normal \(function): \(agreement.summary)")
        #expect(agreement.count >= minimumRows)
        #expect(agreement.failures.isEmpty, "\(agreement.failures.prefix(10).joined(separator: "\n"))")
    }

    @Test func cdfMatchesMpmathToTwelveDigitsDownTo1e300() throws {
        try check("cdf", minimumRows: 100) { NormalDistribution().cdf($0) }
    }

    @Test func survivalMatchesMpmathToTwelveDigits() throws {
        try check("survival", minimumRows: 100) { NormalDistribution().survival($0) }
    }

    @Test func quantileMatchesMpmathToTwelveDigitsFrom1e300() throws {
        try check("quantile", minimumRows: 100) { NormalDistribution().quantile($0) }
        let rows = try ReferenceTable.rows("normal.csv", hasDegreesOfFreedom: false)
        #expect(rows.contains { $0.function == "quantile" && $0.argument == 1e-300 })
    }

    @Test func densityMatchesMpmathToTwelveDigits() throws {
        try check("density", minimumRows: 20) { NormalDistribution().density($0) }
    }
}
