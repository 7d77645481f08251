import LinearAlgebra

/// Least-squares fits of many series on one design, each without a few rows of it (the months
/// that series misses), computed from the complete design's factorisation instead of one
/// factorisation per pattern of missing rows.
///
/// Deleting the rows M (m of them) from the regression is the same as keeping every row and
/// adding one indicator column per deleted row, [X, E_M]: the indicators fit those rows exactly,
/// whatever values they hold, and by Frisch–Waugh–Lovell the coefficients of X are then those of
/// the regression without them. With the complete design factored, X D⁻¹ = Q₁R (Q₁ n×p with
/// orthonormal columns, H = Q₁Q₁ᵀ the hat matrix), the complete fit of y (any finite values at
/// M) has c₀ = Q₁ᵀy and fitted values Q₁c₀, and
///
///     r₀ = y_M − (Q₁c₀)_M,   A = I_m − Q_M Q_Mᵀ = I_m − H_MM,   γ = A⁻¹ r₀
///     c  = c₀ − Q_Mᵀ γ,      β = D⁻¹ R⁻¹ c,                   fitted values Q₁c
///
/// (Q_M: the rows M of Q₁; Cook & Weisberg, *Residuals and Influence in Regression*, 1982,
/// §3.6; Belsley, Kuh & Welsch, *Regression Diagnostics*, 1980, §2.1, the multiple-row deletion
/// formulas). RSS is summed from the explicit residuals of the kept rows (never as a difference
/// of two sums), and the variance factor of a prediction of gᵀβ follows from Woodbury's identity
/// (X_kᵀX_k)⁻¹ = (XᵀX)⁻¹ + (XᵀX)⁻¹X_Mᵀ A⁻¹ X_M (XᵀX)⁻¹:
///
///     gᵀ(X_kᵀX_k)⁻¹g = ‖z‖² + v_Mᵀ A⁻¹ v_M,   Rᵀz = D⁻¹g,   v = Q₁z
///
/// A is positive definite exactly when the kept rows still identify β; a Cholesky pivot of A
/// below ``LeastSquares/rowDeletionPivotTolerance`` (a deleted row of leverage near 1, for example the last
/// observed month of a calendar month that has its own effect) leaves the series unsolved here,
/// for the caller to fit directly, where the rank check decides. Rounding is amplified by about
/// the condition of A, 1/λ_min(A), for which the smallest pivot is a guide (λ_min is at most the
/// smallest pivot, usually close to it); the tests and the 100,000-series benchmark agree with
/// direct fits to 10⁻¹⁴ (relative).
public struct RowDeletionFits: Sendable {
    /// β for every series (p × k); a column of NaN where the series is not ``solved``.
    public let coefficients: Matrix
    /// RSS over each series' kept rows (NaN where not ``solved``).
    public let residualSumOfSquares: [Double]
    /// The rows each series kept: n − m.
    public let observations: [Int]
    /// gᵀ(X_kᵀX_k)⁻¹g per series, g the column sums of the future rows given (NaN where not ``solved``).
    public let sumQuadraticForms: [Double]
    /// Whether the series was fitted here (false: fit it directly; see the type's discussion).
    public let solved: [Bool]
    /// Parameters p.
    public let parameters: Int
    /// h: the number of future rows summed.
    public let summedRows: Int
    /// g = X₀ᵀ1 of the future rows.
    let sumVector: [Double]

    /// Number of series.
    public var count: Int { solved.count }

    /// Residual degrees of freedom n − m − p of series `series`.
    public func degreesOfFreedom(series: Int) -> Int { observations[series] - parameters }

    /// The prediction of the sum of the future rows for series `series` (mean gᵀβ, variance
    /// s²(h + gᵀ(X_kᵀX_k)⁻¹g), s² = RSS/(n − m − p); see ``Prediction``), or `nil` when unsolved.
    public func predictSum(series: Int) -> Prediction? {
        guard solved[series] else { return nil }
        let p = parameters
        var mean = 0.0
        for j in 0..<p { mean += sumVector[j] * coefficients.elements[j + series * p] }
        let df = degreesOfFreedom(series: series)
        let s2: Double? = df > 0 ? residualSumOfSquares[series] / Double(df) : nil
        let q = sumQuadraticForms[series]
        return Prediction(mean: mean, varianceOfMean: s2.map { $0 * q }, variance: s2.map { $0 * (Double(summedRows) + q) },
                          degreesOfFreedom: df, count: summedRows)
    }
}

/// What ``RowDeletionFits`` need from a complete design and its future rows, computed once
/// (``LeastSquares/rowDeletionBasis(futureRows:)``) and shared, read-only, by every chunk of
/// series fitted from it on any thread: Q₁, R, D, z = R⁻ᵀD⁻¹g, v = Q₁z and ‖z‖². A fit from it
/// is two DGEMM calls and small per-series systems; the factorisation's LAPACK work is done here once.
public struct RowDeletionBasis: Sendable {
    /// Q₁ (n × p, orthonormal columns) of the column-scaled complete design.
    let q1: Matrix
    /// R (p × p, upper triangular) of the column-scaled complete design.
    let r: Matrix
    /// D: the design's column norms.
    let columnScales: [Double]
    /// v = Q₁z, z = R⁻ᵀD⁻¹g.
    let v: [Double]
    /// ‖z‖² = gᵀ(XᵀX)⁻¹g.
    let completeForm: Double
    /// g = X₀ᵀ1 of the future rows, and their number h.
    let sumVector: [Double]
    let summedRows: Int

    /// Rows n and parameters p of the complete design.
    public var observations: Int { q1.rows }
    public var parameters: Int { q1.columns }
}

extension LeastSquares {
    /// The smallest Cholesky pivot (squared) of A = I − H_MM accepted by
    /// ``RowDeletionBasis/fit(deleting:responses:)``: pivots of 1 − (leverage) below it mean the
    /// kept rows nearly lose a parameter, and the series is left to a direct fit. 10⁻⁴ keeps the
    /// amplification of rounding near 10⁴ × 10⁻¹⁶ (see ``RowDeletionFits``); a choice of
    /// accuracy, not tuned on data.
    public static let rowDeletionPivotTolerance = 1e-4

    /// This complete design's parts for fits without some of its rows, predicting the sum of
    /// `futureRows` (h × p). See ``RowDeletionFits``.
    public func rowDeletionBasis(futureRows: Matrix) throws(RegressionError) -> RowDeletionBasis {
        let p = parameters
        guard futureRows.columns == p else { throw .dimensionMismatch(expected: p, got: futureRows.columns) }
        let g = Self.columnSums(of: futureRows)
        var z = Matrix(rows: p, columns: 1, columnMajor: (0..<p).map { g[$0] / columnScales[$0] })
        let q1: Matrix
        do {
            try factorization.solveUpperTriangleTransposed(inPlace: &z)
            q1 = try factorization.thinQ()
        } catch {
            throw .linearAlgebra(error)
        }
        let n = observations
        var completeForm = 0.0
        for j in 0..<p { completeForm += z.elements[j] * z.elements[j] }
        let v = (0..<n).map { i in (0..<p).reduce(0.0) { $0 + q1.elements[i + $1 * n] * z.elements[$1] } }
        return RowDeletionBasis(q1: q1, r: factorization.upperTriangle, columnScales: columnScales, v: v,
                                completeForm: completeForm, sumVector: g, summedRows: futureRows.rows)
    }
}

extension RowDeletionBasis {
    /// Fits every column of `responses` (n × k, the complete design's rows) without the rows
    /// `deleted[j]` of column j (ascending, distinct, each below n; the values there are ignored
    /// but must be finite: a series' mean is a good filler, it keeps the corrections small).
    /// See ``RowDeletionFits``.
    ///
    /// - Complexity: two n×p×k matrix products, and per series O(m²p + m³ + p²).
    public func fit(deleting deleted: [[Int]], responses: consuming Matrix) throws(RegressionError) -> RowDeletionFits {
        let (n, p, k) = (observations, parameters, responses.columns)
        guard responses.rows == n else { throw .dimensionMismatch(expected: n, got: responses.rows) }
        guard deleted.count == k else { throw .dimensionMismatch(expected: k, got: deleted.count) }
        var y = consume responses

        // c₀ = Q₁ᵀY for every series at once.
        var c = Matrix(rows: p, columns: k)
        var solved = [Bool](repeating: true, count: k)
        var forms = [Double](repeating: completeForm, count: k)
        do {
            try q1.elements.withUnsafeBufferPointer { (q) throws(LinearAlgebraError) in
                try y.elements.withUnsafeBufferPointer { (yy) throws(LinearAlgebraError) in
                    try c.elements.withUnsafeMutableBufferPointer { (cc) throws(LinearAlgebraError) in
                        try BLAS.gemm(transposeA: true, transposeB: false, m: p, n: k, k: n, alpha: 1,
                                      a: q.baseAddress!, lda: n, b: yy.baseAddress!, ldb: n,
                                      beta: 0, c: cc.baseAddress!, ldc: p)
                    }
                }
            }
        } catch {
            throw .linearAlgebra(error)
        }

        // Per series: A = I − Q_M Q_Mᵀ, its Cholesky factor, γ, the corrected c and the form.
        let widest = deleted.map(\.count).max() ?? 0
        var a = [Double](repeating: 0, count: widest * widest)
        var r0 = [Double](repeating: 0, count: widest)
        var vm = [Double](repeating: 0, count: widest)
        q1.elements.withUnsafeBufferPointer { q in
            for series in 0..<k {
                let rows = deleted[series]
                let m = rows.count
                guard m > 0 else { continue }
                guard m <= n - p, rows.allSatisfy({ $0 >= 0 && $0 < n }) else {
                    solved[series] = false
                    continue
                }
                let cOffset = series * p
                for (s, row) in rows.enumerated() {
                    var fitted = 0.0
                    for j in 0..<p { fitted += q[row + j * n] * c.elements[j + cOffset] }
                    r0[s] = y.elements[row + series * n] - fitted
                    vm[s] = v[row]
                    for (t, other) in rows.enumerated() where t <= s {
                        var dot = 0.0
                        for j in 0..<p { dot += q[row + j * n] * q[other + j * n] }
                        a[s + t * m] = (s == t ? 1 : 0) - dot
                    }
                }
                // L Lᵀ = A by LAPACK; its pivots L_jj² decide whether the deletion is safe.
                var smallest = 0.0
                if (try? a.withUnsafeMutableBufferPointer({ (buffer) throws(LinearAlgebraError) in
                    try LAPACK.potrfLower(n: m, a: buffer.baseAddress!, lda: m)
                })) != nil {
                    smallest = (0..<m).map { a[$0 + $0 * m] * a[$0 + $0 * m] }.min() ?? 0
                }
                guard smallest >= LeastSquares.rowDeletionPivotTolerance else {
                    solved[series] = false
                    continue
                }
                // γ = A⁻¹r₀ and A⁻¹v_M by L Lᵀ x = b.
                Self.solveCholesky(a, m, &r0)
                var w = Array(vm[0..<m])
                Self.solveCholesky(a, m, &w)
                var extra = 0.0
                for s in 0..<m { extra += vm[s] * w[s] }
                forms[series] = completeForm + extra
                for j in 0..<p {
                    var correction = 0.0
                    for (s, row) in rows.enumerated() { correction += q[row + j * n] * r0[s] }
                    c.elements[j + cOffset] -= correction
                }
            }
        }

        // Residuals Y − Q₁c in place (one product), summed over the kept rows only.
        do {
            try q1.elements.withUnsafeBufferPointer { (q) throws(LinearAlgebraError) in
                try y.elements.withUnsafeMutableBufferPointer { (yy) throws(LinearAlgebraError) in
                    try c.elements.withUnsafeBufferPointer { (cc) throws(LinearAlgebraError) in
                        try BLAS.gemm(transposeA: false, transposeB: false, m: n, n: k, k: p, alpha: -1,
                                      a: q.baseAddress!, lda: n, b: cc.baseAddress!, ldb: p,
                                      beta: 1, c: yy.baseAddress!, ldc: n)
                    }
                }
            }
        } catch {
            throw .linearAlgebra(error)
        }
        var residualSumOfSquares = [Double](repeating: 0, count: k)
        y.elements.withUnsafeMutableBufferPointer { residuals in
            for series in 0..<k {
                for row in deleted[series] where row >= 0 && row < n { residuals[row + series * n] = 0 }
                residualSumOfSquares[series] = LeastSquares.sumOfSquares(UnsafeBufferPointer(rebasing: residuals[(series * n)..<((series + 1) * n)]))
            }
        }
        // β = D⁻¹R⁻¹c by back substitution per series (R is p × p).
        c.elements.withUnsafeMutableBufferPointer { coefficients in
            r.elements.withUnsafeBufferPointer { r in
                for series in 0..<k {
                    let base = series * p
                    guard solved[series] else {
                        for j in 0..<p { coefficients[base + j] = .nan }
                        residualSumOfSquares[series] = .nan
                        forms[series] = .nan
                        continue
                    }
                    for i in stride(from: p - 1, through: 0, by: -1) {
                        var sum = coefficients[base + i]
                        for j in (i + 1)..<p { sum -= r[i + j * p] * coefficients[base + j] }
                        coefficients[base + i] = sum / r[i + i * p]
                    }
                    for j in 0..<p { coefficients[base + j] /= columnScales[j] }
                }
            }
        }
        return RowDeletionFits(coefficients: c, residualSumOfSquares: residualSumOfSquares,
                               observations: deleted.map { n - $0.count }, sumQuadraticForms: forms, solved: solved,
                               parameters: p, summedRows: summedRows, sumVector: sumVector)
    }

    /// Solves L Lᵀ x = b in place (L: the lower m × m Cholesky factor in `factor`, column-major):
    /// forward then back substitution, O(m²).
    private static func solveCholesky(_ factor: [Double], _ m: Int, _ b: inout [Double]) {
        for i in 0..<m {
            var sum = b[i]
            for j in 0..<i { sum -= factor[i + j * m] * b[j] }
            b[i] = sum / factor[i + i * m]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            var sum = b[i]
            for j in (i + 1)..<m { sum -= factor[j + i * m] * b[j] }
            b[i] = sum / factor[i + i * m]
        }
    }
}
