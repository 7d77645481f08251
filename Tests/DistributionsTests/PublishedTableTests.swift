import Distributions
import Testing

/// Critical values as printed in statistical tables, and the same values to full precision.
@Suite("Published critical values")
struct PublishedTableTests {
    /// Two-sided 95% t critical values t₀.₉₇₅,ν as printed to three decimals in standard tables
    /// (e.g. Abramowitz & Stegun Table 26.10, NIST/SEMATECH e-Handbook §1.3.6.7.2).
    @Test(arguments: [(1.0, 12.706), (4, 2.776), (10, 2.228), (30, 2.042), (1000, 1.962)])
    func tQuantileMatchesPrintedTableToThreeDecimals(nu: Double, printed: Double) {
        let value = StudentTDistribution(degreesOfFreedom: nu).quantile(0.975)
        #expect(Swift.abs(value - printed) <= 0.0005, "ν=\(nu): \(value)")
    }

    /// t₀.₉₇₅,ν to 17 digits, each checked with 50-digit mpmath (`cdf` of the value equals the
    /// double nearest 0.975 to 1e-20). For ν = 10 the often-quoted 2.2281388519649385 is wrong
    /// in the 11th digit (its cdf is 0.97499999999909566); mpmath gives 2.2281388519862742.
    @Test(arguments: [
        (1.0, 12.706204736174693),
        (4, 2.7764451051977935),
        (10, 2.2281388519862742),
        (30, 2.0422724563012379),
        (1000, 1.9623390808264081),
    ])
    func tQuantileMatchesHighPrecisionCriticalValues(nu: Double, exact: Double) {
        let value = StudentTDistribution(degreesOfFreedom: nu).quantile(0.975)
        #expect(relativeError(value, exact) <= 1e-13, "ν=\(nu): \(value)")
    }

    @Test func normalQuantileAt975Is1Point959963984540054() {
        let value = NormalDistribution().quantile(0.975)
        #expect(relativeError(value, 1.959963984540054) <= 1e-15, "\(value)")
        #expect(Swift.abs(value - 1.960) <= 0.0005)
    }

    @Test func intervalAt95PercentUsesThe975CriticalValue() {
        let interval = StudentTDistribution(degreesOfFreedom: 10).interval(level: 0.95)
        #expect(relativeError(interval.upper, 2.2281388519862742) <= 1e-13)
        #expect(interval.lower == -interval.upper)
        let normal = NormalDistribution().interval(level: 0.95)
        #expect(relativeError(normal.upper, 1.959963984540054) <= 1e-15)
    }
}
