import LinearAlgebra

/// The least-squares fits of many series that share one design, stored column-wise:
/// coefficients as a p×k matrix, residual and total sums of squares as arrays of k.
///
/// `fits[i]` gives series i as a ``LinearFit``; predictions for all series at once come from
/// ``predictSums(over:)``, which computes the shared factor gᵀ(XᵀX)⁻¹g only once.
public struct BatchLinearFit: Sendable, RandomAccessCollection {
    /// The factored problem every series was fitted against.
    public let problem: LeastSquares
    /// β̂ for every series: column i holds series i's p coefficients.
    public let coefficients: Matrix
    /// RSS per series.
    public let residualSumOfSquares: [Double]
    /// TSS per series (see ``LinearFit/totalSumOfSquares``).
    public let totalSumOfSquares: [Double]

    public var startIndex: Int { 0 }
    public var endIndex: Int { coefficients.columns }

    /// The fit of series `index`.
    public subscript(index: Int) -> LinearFit {
        LinearFit(problem: problem, coefficients: coefficients.column(index),
                  residualSumOfSquares: residualSumOfSquares[index],
                  totalSumOfSquares: totalSumOfSquares[index])
    }

    /// Residual degrees of freedom n − p, shared by all series.
    public var degreesOfFreedom: Int { problem.degreesOfFreedom }

    /// The prediction of the sum of future values at the rows of `rows` (h×p), for every series:
    /// mean gᵀβ̂ᵢ and variance sᵢ²(h + gᵀ(XᵀX)⁻¹g) with g = X₀ᵀ1 (see ``Prediction``).
    ///
    /// - Complexity: O(p² + p k).
    public func predictSums(over rows: Matrix) -> [Prediction] {
        precondition(rows.columns == problem.parameters,
                     "predictSums: rows need \(problem.parameters) columns, got \(rows.columns)")
        let p = problem.parameters
        let g = LeastSquares.columnSums(of: rows)
        let q = problem.quadraticForm(g)
        let h = Double(rows.rows)
        let df = degreesOfFreedom
        return coefficients.elements.withUnsafeBufferPointer { beta in
            (0..<count).map { series in
                var mean = 0.0
                for j in 0..<p { mean += g[j] * beta[j + series * p] }
                let s2: Double? = df > 0 ? residualSumOfSquares[series] / Double(df) : nil
                return Prediction(mean: mean, varianceOfMean: s2.map { $0 * q },
                                  variance: s2.map { $0 * (h + q) }, degreesOfFreedom: df, count: rows.rows)
            }
        }
    }

    /// Point forecasts X₀B at the rows of `rows` (h×p) for every series, as an h×k matrix, by one
    /// `DGEMM` call.
    public func predictedMeans(at rows: Matrix) -> Matrix {
        precondition(rows.columns == problem.parameters,
                     "predictedMeans: rows need \(problem.parameters) columns, got \(rows.columns)")
        var result = Matrix(rows: rows.rows, columns: count)
        guard rows.rows > 0, count > 0 else { return result }
        let (m, n, k) = (rows.rows, count, problem.parameters)
        do {
            try rows.elements.withUnsafeBufferPointer { (a) throws(LinearAlgebraError) in
                try coefficients.elements.withUnsafeBufferPointer { (b) throws(LinearAlgebraError) in
                    try result.elements.withUnsafeMutableBufferPointer { (c) throws(LinearAlgebraError) in
                        try BLAS.gemm(transposeA: false, transposeB: false, m: m, n: n, k: k,
                                      alpha: 1, a: a.baseAddress!, lda: m, b: b.baseAddress!, ldb: k,
                                      beta: 0, c: c.baseAddress!, ldc: m)
                    }
                }
            }
        } catch {
            preconditionFailure("DGEMM failed: \(error)")
        }
        return result
    }
}
