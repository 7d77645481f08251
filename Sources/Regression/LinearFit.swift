import LinearAlgebra

/// The least-squares fit of one series: coefficients, their standard errors, the residual
/// variance and R², with predictions at new design rows.
///
/// Formulas (n observations, p parameters, df = n − p):
///
///     s² = RSS / (n − p)
///     se(β̂ⱼ) = s · √[(XᵀX)⁻¹]ⱼⱼ
///     R² = 1 − RSS / TSS,  TSS = Σ(yᵢ − ȳ)² when 1 ∈ span(X), Σyᵢ² otherwise (as NIST defines it)
///
/// Everything that needs s² is `nil` when df = 0 (the fit interpolates: no error variance can be
/// estimated), and R² is `nil` when TSS = 0 (a constant series has nothing to explain).
public struct LinearFit: Sendable {
    /// The factored problem this series was fitted against (shared by a batch).
    public let problem: LeastSquares
    /// β̂, one per design column, in the caller's units.
    public let coefficients: [Double]
    /// RSS = ‖y − Xβ̂‖².
    public let residualSumOfSquares: Double
    /// TSS: the sum of squares R² is measured against (centred when the design spans a constant).
    public let totalSumOfSquares: Double

    /// Residual degrees of freedom n − p.
    public var degreesOfFreedom: Int { problem.degreesOfFreedom }

    /// s² = RSS/(n − p), the unbiased estimate of the error variance; `nil` when n = p.
    public var residualVariance: Double? {
        degreesOfFreedom > 0 ? residualSumOfSquares / Double(degreesOfFreedom) : nil
    }

    /// s, the residual standard deviation.
    public var residualStandardDeviation: Double? { residualVariance.map { $0.squareRoot() } }

    /// s·√[(XᵀX)⁻¹]ⱼⱼ for each coefficient; `nil` when n = p.
    public var standardErrors: [Double]? {
        guard let s2 = residualVariance else { return nil }
        let p = problem.parameters
        return (0..<p).map { j in (s2 * problem.unscaledCovariance.elements[j + j * p]).squareRoot() }
    }

    /// s²(XᵀX)⁻¹, the estimated covariance of β̂; `nil` when n = p.
    public var covariance: Matrix? {
        guard let s2 = residualVariance else { return nil }
        var result = problem.unscaledCovariance
        for index in result.elements.indices { result.elements[index] *= s2 }
        return result
    }

    /// R² = 1 − RSS/TSS; `nil` when TSS = 0.
    public var rSquared: Double? {
        totalSumOfSquares > 0 ? 1 - residualSumOfSquares / totalSumOfSquares : nil
    }

    /// X β̂ at the design's own rows.
    public var fittedValues: [Double] { Self.evaluate(problem.design, coefficients) }

    /// The prediction of one future value at design row `row` (length p):
    /// mean x₀ᵀβ̂, variance s²(1 + x₀ᵀ(XᵀX)⁻¹x₀).
    public func predict(at row: [Double]) -> Prediction {
        predictSum(over: Matrix(rows: 1, columns: row.count, columnMajor: row))
    }

    /// The prediction of the **sum** of future values at the rows of `rows` (h×p), with the full
    /// covariance of the estimated means: mean gᵀβ̂, variance s²(h + gᵀ(XᵀX)⁻¹g), g = X₀ᵀ1.
    ///
    /// - Precondition: `rows.columns == p`.
    public func predictSum(over rows: Matrix) -> Prediction {
        precondition(rows.columns == problem.parameters,
                     "predictSum: rows need \(problem.parameters) columns, got \(rows.columns)")
        let g = LeastSquares.columnSums(of: rows)
        let mean = zip(g, coefficients).reduce(0) { $0 + $1.0 * $1.1 }
        let q = problem.quadraticForm(g)
        return Prediction(mean: mean,
                          varianceOfMean: residualVariance.map { $0 * q },
                          variance: residualVariance.map { $0 * (Double(rows.rows) + q) },
                          degreesOfFreedom: degreesOfFreedom, count: rows.rows)
    }

    /// Each row of `rows` times `coefficients`.
    static func evaluate(_ rows: Matrix, _ coefficients: [Double]) -> [Double] {
        (0..<rows.rows).map { i in
            var sum = 0.0
            for j in 0..<rows.columns { sum += rows.elements[i + j * rows.rows] * coefficients[j] }
            return sum
        }
    }
}
