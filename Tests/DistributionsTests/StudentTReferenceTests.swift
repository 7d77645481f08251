import Distributions
import Testing

/// Student t against 50-digit mpmath values (`Fixtures/reference/student-t.csv`).
@Suite("Student t against mpmath")
struct StudentTReferenceTests {
    static let tolerance = 1e-10
    static let requiredDegreesOfFreedom: [Double] = [1, 1.5, 2, 3, 4, 5, 10, 30, 100, 1000, 1e6]

    func rows(_ function: String) throws -> [ReferenceRow] {
        try ReferenceTable.rows("student-t.csv", hasDegreesOfFreedom: true).filter { $0.function == function }
    }

    func check(_ function: String, _ evaluate: (StudentTDistribution, Double) -> Double) throws {
        var agreement = Agreement(tolerance: Self.tolerance)
        for row in try rows(function) {
            let distribution = StudentTDistribution(degreesOfFreedom: row.degreesOfFreedom!)
            agreement.check(row, computed: evaluate(distribution, row.argument))
        }
        print("student-t \(function): \(agreement.summary)")
        #expect(agreement.count > 300)
        #expect(agreement.failures.isEmpty, "\(agreement.failures.prefix(10).joined(separator: "\n"))")
    }

    @Test func cdfMatchesMpmathToTenDigits() throws {
        try check("cdf") { $0.cdf($1) }
    }

    @Test func survivalMatchesMpmathToTenDigitsInTheUpperTail() throws {
        try check("survival") { $0.survival($1) }
    }

    @Test func quantileMatchesMpmathToTenDigits() throws {
        try check("quantile") { $0.quantile($1) }
    }

    @Test func densityMatchesMpmathToTenDigits() throws {
        var agreement = Agreement(tolerance: Self.tolerance)
        for row in try rows("density") {
            let distribution = StudentTDistribution(degreesOfFreedom: row.degreesOfFreedom!)
            agreement.check(row, computed: distribution.density(row.argument))
        }
        print("student-t density: \(agreement.summary)")
        #expect(agreement.count > 50)
        #expect(agreement.failures.isEmpty, "\(agreement.failures.prefix(10).joined(separator: "\n"))")
    }

    /// Guards against a truncated or regenerated table silently dropping the cases that matter.
    @Test func tableCoversRequiredDegreesOfFreedomAndProbabilities() throws {
        let quantiles = try rows("quantile")
        let cdfs = try rows("cdf")
        for nu in Self.requiredDegreesOfFreedom {
            let probabilities = quantiles.filter { $0.degreesOfFreedom == nu }.map(\.argument)
            #expect(probabilities.contains(1e-12), "ν=\(nu) lacks p = 1e-12")
            #expect(probabilities.contains(1 - 1e-12), "ν=\(nu) lacks p = 1 − 1e-12")
            #expect(probabilities.contains(0.5), "ν=\(nu) lacks p = 0.5")
            let ts = Set(cdfs.filter { $0.degreesOfFreedom == nu }.map(\.argument))
            #expect(ts.isSuperset(of: [-50, -5, -1, -0.1, 0, 0.1, 1, 2.5, 10, 1e3]), "ν=\(nu) lacks t values")
        }
    }
}
