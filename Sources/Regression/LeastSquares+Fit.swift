import LinearAlgebra

extension LeastSquares {
    /// Fits one series.
    ///
    /// - Parameter response: y, one value per design row.
    /// - Throws: ``RegressionError/dimensionMismatch(expected:got:)`` or
    ///   ``RegressionError/nonFiniteResponse(series:row:)``.
    public func fit(_ response: [Double]) throws(RegressionError) -> LinearFit {
        try fit(columns: Matrix(rows: response.count, columns: 1, columnMajor: response))[0]
    }

    /// Fits every column of `responses` (n×k, one series per column) against the shared design.
    ///
    /// For fewer than 256 series Qᵀ is applied to all k columns with one `DORMQR` call (from 256 on,
    /// by an explicit Q₁ and two `DGEMM` calls, see `manySeries`), and the triangular system
    /// R B̃ = (QᵀY)₁..ₚ is solved for all of them with one `DTRTRS` call, both working in place on
    /// the responses' own storage (pass the matrix as its last use to avoid a copy). Per series:
    ///
    ///     β̂ = D⁻¹ B̃,   RSS = Σᵢ₌ₚ₊₁..ₙ (QᵀY)ᵢ²,   TSS = Σ (yᵢ − ȳ)²  (Σ yᵢ² if 1 ∉ span X)
    ///
    /// - Throws: ``RegressionError/dimensionMismatch(expected:got:)`` when `responses.rows` is not
    ///   n; ``RegressionError/nonFiniteResponse(series:row:)`` for NaN or infinity.
    /// - Complexity: O(n p k) arithmetic in level-3 BLAS, plus two passes over the responses.
    public func fit(columns responses: consuming Matrix) throws(RegressionError) -> BatchLinearFit {
        let (n, p, k) = (observations, parameters, responses.columns)
        guard responses.rows == n else { throw .dimensionMismatch(expected: n, got: responses.rows) }

        var totalSumOfSquares = [Double](repeating: 0, count: k)
        try responses.elements.withUnsafeBufferPointer { (y) throws(RegressionError) in
            for series in 0..<k {
                let column = UnsafeBufferPointer(rebasing: y[(series * n)..<((series + 1) * n)])
                // A branch-free sum; only a non-finite sum (NaN or ∞ somewhere, or an overflow)
                // calls for a search of the culprit.
                let sum = Self.sum(column)
                if !sum.isFinite, let row = column.firstIndex(where: { !$0.isFinite }) {
                    throw .nonFiniteResponse(series: series, row: row)
                }
                // Two passes: the mean first, then squared deviations (no cancellation).
                let mean = spansConstant ? sum / Double(n) : 0
                totalSumOfSquares[series] = Self.sumOfSquares(column, minus: mean)
            }
        }

        var work = consume responses   // no copy: the caller's last use hands over its storage
        if k >= Self.manySeries {
            return try fitMany(&work, totalSumOfSquares: totalSumOfSquares)
        }
        do {
            try factorization.applyQTranspose(to: &work)
            try factorization.solveUpperTriangle(inPlace: &work)
        } catch {
            throw .linearAlgebra(error)
        }

        var coefficients = Matrix(rows: p, columns: k)
        var residualSumOfSquares = [Double](repeating: 0, count: k)
        work.elements.withUnsafeBufferPointer { solved in
            coefficients.elements.withUnsafeMutableBufferPointer { beta in
                for series in 0..<k {
                    let base = series * n
                    for j in 0..<p { beta[j + series * p] = solved[base + j] / columnScales[j] }
                    var rss = 0.0
                    for i in p..<n { rss += solved[base + i] * solved[base + i] }
                    residualSumOfSquares[series] = rss
                }
            }
        }
        return BatchLinearFit(
            problem: self, coefficients: coefficients,
            residualSumOfSquares: residualSumOfSquares, totalSumOfSquares: totalSumOfSquares)
    }

    /// From this many series on, ``fit(columns:)`` multiplies by an explicit Q₁ with two DGEMM
    /// calls instead of applying the reflectors with DORMQR: on 100,000 series × 240 months × 13
    /// columns the batched fit with its sums went from 198 ms to 85 ms (median of 10,
    /// `Benchmarks/`), with the same results to rounding (tested against single fits).
    static let manySeries = 256

    /// C = Q₁ᵀY (p×k, one DGEMM), β̃ = R⁻¹C (one DTRTRS), and the residuals Y − Q₁C in place
    /// (a second DGEMM) whose squared norms are the RSS — computed from explicit residuals, as
    /// accurate as the tail of QᵀY.
    private func fitMany(_ work: inout Matrix, totalSumOfSquares: [Double]) throws(RegressionError) -> BatchLinearFit {
        let (n, p, k) = (observations, parameters, work.columns)
        var c = Matrix(rows: p, columns: k)
        do {
            let q1 = try factorization.thinQ()
            try q1.elements.withUnsafeBufferPointer { (q) throws(LinearAlgebraError) in
                try work.elements.withUnsafeMutableBufferPointer { (y) throws(LinearAlgebraError) in
                    try c.elements.withUnsafeMutableBufferPointer { (cc) throws(LinearAlgebraError) in
                        try BLAS.gemm(transposeA: true, transposeB: false, m: p, n: k, k: n, alpha: 1,
                                      a: q.baseAddress!, lda: n, b: UnsafePointer(y.baseAddress!), ldb: n,
                                      beta: 0, c: cc.baseAddress!, ldc: p)
                        try BLAS.gemm(transposeA: false, transposeB: false, m: n, n: k, k: p, alpha: -1,
                                      a: q.baseAddress!, lda: n, b: UnsafePointer(cc.baseAddress!), ldb: p,
                                      beta: 1, c: y.baseAddress!, ldc: n)
                    }
                }
            }
            try factorization.solveUpperTriangle(inPlace: &c)
        } catch {
            throw .linearAlgebra(error)
        }
        var residualSumOfSquares = [Double](repeating: 0, count: k)
        work.elements.withUnsafeBufferPointer { residuals in
            for series in 0..<k {
                residualSumOfSquares[series] = Self.sumOfSquares(UnsafeBufferPointer(rebasing: residuals[(series * n)..<((series + 1) * n)]))
            }
        }
        for series in 0..<k {
            for j in 0..<p { c.elements[j + series * p] /= columnScales[j] }
        }
        return BatchLinearFit(problem: self, coefficients: c, residualSumOfSquares: residualSumOfSquares,
                              totalSumOfSquares: totalSumOfSquares)
    }

    /// Σ xᵢ with four independent partial sums: one running sum waits for every addition before
    /// the next (4 cycles each), four let the additions overlap and vectorise. The order of
    /// additions differs from a plain loop only in the last bits (pairs of partial sums).
    @inline(__always)
    static func sum(_ values: UnsafeBufferPointer<Double>) -> Double {
        var (a, b, c, d) = (0.0, 0.0, 0.0, 0.0)
        var index = 0
        while index + 4 <= values.count {
            a += values[index]
            b += values[index + 1]
            c += values[index + 2]
            d += values[index + 3]
            index += 4
        }
        while index < values.count {
            a += values[index]
            index += 1
        }
        return (a + b) + (c + d)
    }

    /// Σ ((xᵢ − m)·c)², with four independent partial sums as in ``sum(_:)``. With m = 0 or
    /// c = 1 the skipped step is exact (x − 0 = x, x·1 = x), so one loop serves the deviations
    /// from a mean and the scaled squares alike.
    @inline(__always)
    static func sumOfSquares(_ values: UnsafeBufferPointer<Double>, minus m: Double = 0, times c: Double = 1) -> Double {
        var (a, b, d, e) = (0.0, 0.0, 0.0, 0.0)
        var index = 0
        while index + 4 <= values.count {
            let x = (values[index] - m) * c, y = (values[index + 1] - m) * c
            let z = (values[index + 2] - m) * c, w = (values[index + 3] - m) * c
            a += x * x
            b += y * y
            d += z * z
            e += w * w
            index += 4
        }
        while index < values.count {
            let x = (values[index] - m) * c
            a += x * x
            index += 1
        }
        return (a + b) + (d + e)
    }
}
