import Foundation
import LinearAlgebra
import Regression
import Testing
import TestSupport

/// One NIST StRD linear-regression dataset: observations and certified values.
struct NISTDataset: Sendable, CustomTestStringConvertible {
    let name: String
    let design: Matrix
    let response: [Double]
    let certifiedEstimates: [Double]
    let certifiedStandardDeviations: [Double]
    let certifiedResidualStandardDeviation: Double
    let certifiedRSquared: Double

    var testDescription: String { name }

    /// Reads `Fixtures/nist-strd/<name>.csv` (header `y,x` or `y,x1..x6`) and `<name>.json`.
    init(_ name: String) throws {
        self.name = name
        let lines = try FixturePath.text("nist-strd/\(name).csv").split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let rows = try lines.dropFirst().map { line in
            try line.split(separator: ",").map { field in
                guard let value = Double(field) else { throw FixtureError.badNumber(String(field)) }
                return value
            }
        }
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: FixturePath.url("nist-strd/\(name).json"))) as? [String: Any]
        guard let json, let model = json["model"] as? [String: Any], let terms = model["terms"] as? [String],
              let certified = json["certified"] as? [String: Any],
              let parameters = certified["parameters"] as? [[String: Any]]
        else { throw FixtureError.badJSON(name) }

        // Terms are "1", a column name ("x", "x3"), or a power of x ("x^4").
        let columns: [[Double]] = try terms.map { term in
            if term == "1" { return rows.map { _ in 1.0 } }
            if let index = header.firstIndex(of: term) { return rows.map { $0[index] } }
            let parts = term.split(separator: "^")
            guard parts.count == 2, let index = header.firstIndex(of: String(parts[0])),
                  let power = Double(parts[1]) else { throw FixtureError.badJSON("term \(term)") }
            return rows.map { pow($0[index], power) }
        }
        design = Matrix(columns: columns)
        response = rows.map { $0[0] }
        certifiedEstimates = parameters.compactMap { ($0["estimate"] as? NSNumber)?.doubleValue }
        certifiedStandardDeviations = parameters.compactMap { ($0["standard_deviation"] as? NSNumber)?.doubleValue }
        certifiedResidualStandardDeviation = (certified["residual_standard_deviation"] as? NSNumber)?.doubleValue ?? .nan
        certifiedRSquared = (certified["r_squared"] as? NSNumber)?.doubleValue ?? .nan
    }
}

enum FixtureError: Error { case badNumber(String), badJSON(String) }

/// The log relative error, "number of correct significant digits", as NIST defines it:
/// LRE = −log₁₀(|x − c| / |c|), or −log₁₀|x − c| against an absolute `scale` when c = 0.
func correctDigits(_ value: Double, certified: Double, scaleWhenZero scale: Double) -> Double {
    let error = certified == 0 ? abs(value) / scale : abs(value - certified) / abs(certified)
    return error == 0 ? 16 : -log10(error)
}

@Suite("NIST StRD linear regression")
struct NISTStRDTests {
    /// Datasets with the significant digits issue #2 requires of every certified value.
    static let requirements: [(String, Double)] = [
        ("Norris", 9), ("Pontius", 9), ("NoInt1", 9), ("NoInt2", 9), ("Longley", 9),
        ("Wampler1", 9), ("Wampler2", 9), ("Wampler3", 9), ("Filip", 7), ("Wampler4", 7), ("Wampler5", 5),
    ]

    @Test("certified values are reproduced to the required digits", arguments: requirements)
    func certifiedValuesAgree(name: String, digits: Double) throws {
        let data = try NISTDataset(name)
        let fit = try LeastSquares(design: data.design).fit(data.response)
        let standardErrors = try #require(fit.standardErrors)
        let s = try #require(fit.residualStandardDeviation)
        let r2 = try #require(fit.rSquared)
        // Where NIST certifies an exact zero (an exact fit: Wampler1, Wampler2), the error is
        // measured against the size of what it is a part of: the response's RMS for s, the
        // coefficient itself for its standard error.
        let responseScale = (data.response.map { $0 * $0 }.reduce(0, +) / Double(data.response.count)).squareRoot()

        var worst = 16.0
        for j in data.certifiedEstimates.indices {
            let b = correctDigits(fit.coefficients[j], certified: data.certifiedEstimates[j], scaleWhenZero: 1)
            let se = correctDigits(standardErrors[j], certified: data.certifiedStandardDeviations[j],
                                   scaleWhenZero: abs(data.certifiedEstimates[j]))
            #expect(b >= digits, "\(name) B\(j): \(fit.coefficients[j]) vs \(data.certifiedEstimates[j]), \(b) digits")
            #expect(se >= digits, "\(name) sd(B\(j)): \(standardErrors[j]) vs \(data.certifiedStandardDeviations[j]), \(se) digits")
            worst = min(worst, b, se)
        }
        let sDigits = correctDigits(s, certified: data.certifiedResidualStandardDeviation, scaleWhenZero: responseScale)
        let r2Digits = correctDigits(r2, certified: data.certifiedRSquared, scaleWhenZero: 1)
        #expect(sDigits >= digits, "\(name) residual sd: \(s) vs \(data.certifiedResidualStandardDeviation)")
        #expect(r2Digits >= digits, "\(name) R²: \(r2) vs \(data.certifiedRSquared)")
        worst = min(worst, sDigits, r2Digits)
        print("NIST \(name): at least \(String(format: "%.1f", worst)) correct digits (required \(Int(digits)))")
    }

    @Test("the no-intercept datasets use the uncentred R² NIST defines for them")
    func noInterceptDesignsDoNotSpanTheConstant() throws {
        for name in ["NoInt1", "NoInt2"] {
            let data = try NISTDataset(name)
            #expect(try LeastSquares(design: data.design).spansConstant == false)
        }
        #expect(try LeastSquares(design: NISTDataset("Norris").design).spansConstant)
    }
}
