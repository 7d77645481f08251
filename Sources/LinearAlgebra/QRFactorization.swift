/// The Householder QR factorisation A = Q R of a tall matrix (rows ≥ columns), by LAPACK `DGEQRF`.
///
/// Q is kept implicitly as the reflectors LAPACK produces; it is applied to right-hand sides with
/// `DORMQR` (level-3 BLAS), so one factorisation serves any number of right-hand sides.
///
/// ```swift
/// let qr = try QRFactorization(Matrix(rows: [[1, 0], [1, 1], [1, 2]]))
/// qr.upperTriangle   // R, 2×2
/// ```
///
/// - Complexity: O(m n²) to factor an m×n matrix.
public struct QRFactorization: Sendable {
    /// Rows of the factored matrix.
    public let rows: Int
    /// Columns of the factored matrix.
    public let columns: Int
    /// `DGEQRF`'s output: R on and above the diagonal, reflectors below.
    private let factors: [Double]
    /// `DGEQRF`'s scalar factors of the reflectors.
    private let tau: [Double]

    /// Factors `matrix`.
    ///
    /// - Precondition: `matrix.rows >= matrix.columns` and `matrix.columns > 0`.
    /// - Throws: `LinearAlgebraError` when LAPACK reports a failure.
    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        precondition(matrix.columns > 0 && matrix.rows >= matrix.columns,
                     "QRFactorization needs a tall matrix (rows ≥ columns > 0), got \(matrix.rows)×\(matrix.columns)")
        var factors = matrix.elements
        var tau = [Double](repeating: 0, count: matrix.columns)
        let (m, n) = (matrix.rows, matrix.columns)
        try factors.withUnsafeMutableBufferPointer { (a) throws(LinearAlgebraError) in
            try tau.withUnsafeMutableBufferPointer { (t) throws(LinearAlgebraError) in
                try LAPACK.geqrf(m: m, n: n, a: a.baseAddress!, lda: m, tau: t.baseAddress!)
            }
        }
        self.rows = m
        self.columns = n
        self.factors = factors
        self.tau = tau
    }

    /// The upper-triangular factor R (columns × columns).
    public var upperTriangle: Matrix {
        var r = Matrix(rows: columns, columns: columns)
        for j in 0..<columns {
            for i in 0...j { r.elements[i + j * columns] = factors[i + j * rows] }
        }
        return r
    }

    /// Overwrites `b` (rows × k) with Qᵀ b, for all k columns in one level-3 call.
    ///
    /// - Precondition: `b.rows == rows`.
    public func applyQTranspose(to b: inout Matrix) throws(LinearAlgebraError) {
        precondition(b.rows == rows, "applyQTranspose: right-hand side has \(b.rows) rows, expected \(rows)")
        guard b.columns > 0 else { return }
        let (m, n, k) = (rows, b.columns, columns)
        // DORMQR writes into the reflectors while it applies them: it gets its own copy, so
        // that one factorisation can serve several threads at once.
        var reflectors = factors
        try reflectors.withUnsafeMutableBufferPointer { (a) throws(LinearAlgebraError) in
            try tau.withUnsafeBufferPointer { (t) throws(LinearAlgebraError) in
                try b.elements.withUnsafeMutableBufferPointer { (c) throws(LinearAlgebraError) in
                    try LAPACK.ormqrLeft(transpose: true, m: m, n: n, k: k,
                                         a: a.baseAddress!, lda: m, tau: t.baseAddress!,
                                         c: c.baseAddress!, ldc: m)
                }
            }
        }
    }

    /// The first `columns` columns of Q (rows × columns, orthonormal): Q₁ with A = Q₁ R.
    public func thinQ() throws(LinearAlgebraError) -> Matrix {
        var q = Matrix(rows: rows, columns: columns)
        for j in 0..<columns { q.elements[j + j * rows] = 1 }
        let (m, n, k) = (rows, columns, columns)
        var reflectors = factors   // written by DORMQR (see applyQTranspose(to:))
        try reflectors.withUnsafeMutableBufferPointer { (a) throws(LinearAlgebraError) in
            try tau.withUnsafeBufferPointer { (t) throws(LinearAlgebraError) in
                try q.elements.withUnsafeMutableBufferPointer { (c) throws(LinearAlgebraError) in
                    try LAPACK.ormqrLeft(transpose: false, m: m, n: n, k: k, a: a.baseAddress!, lda: m,
                                         tau: t.baseAddress!, c: c.baseAddress!, ldc: m)
                }
            }
        }
        return q
    }

    /// Solves R x = c in place for every column of `b`, where c is the first `columns` rows of
    /// the column; the remaining rows of `b` are left as they are.
    ///
    /// After `applyQTranspose(to:)` this turns each column of `b` into the least-squares
    /// coefficients (top rows) followed by the residual's coordinates in Q (bottom rows).
    ///
    /// - Precondition: `b.rows >= columns`.
    /// - Throws: `.singularFactor` when R has an exact zero on its diagonal.
    public func solveUpperTriangle(inPlace b: inout Matrix) throws(LinearAlgebraError) {
        precondition(b.rows >= columns, "solveUpperTriangle: right-hand side has \(b.rows) rows, need ≥ \(columns)")
        guard b.columns > 0 else { return }
        let (n, nrhs, ldb) = (columns, b.columns, b.rows)
        try factors.withUnsafeBufferPointer { (a) throws(LinearAlgebraError) in
            try b.elements.withUnsafeMutableBufferPointer { (c) throws(LinearAlgebraError) in
                try LAPACK.trtrsUpper(transpose: false, n: n, nrhs: nrhs, a: a.baseAddress!, lda: rows,
                                      b: c.baseAddress!, ldb: ldb)
            }
        }
    }

    /// Solves Rᵀ z = g in place for every column of `b` (columns × k).
    ///
    /// ‖z‖² = gᵀ (AᵀA)⁻¹ g, which is how quadratic forms in (AᵀA)⁻¹ are best computed: one
    /// triangular solve, never forming the inverse.
    public func solveUpperTriangleTransposed(inPlace b: inout Matrix) throws(LinearAlgebraError) {
        precondition(b.rows == columns, "solveUpperTriangleTransposed: right-hand side has \(b.rows) rows, expected \(columns)")
        guard b.columns > 0 else { return }
        let (n, nrhs) = (columns, b.columns)
        try factors.withUnsafeBufferPointer { (a) throws(LinearAlgebraError) in
            try b.elements.withUnsafeMutableBufferPointer { (c) throws(LinearAlgebraError) in
                try LAPACK.trtrsUpper(transpose: true, n: n, nrhs: nrhs, a: a.baseAddress!, lda: rows,
                                      b: c.baseAddress!, ldb: n)
            }
        }
    }

    /// LAPACK `DTRCON`'s estimate of the reciprocal 1-norm condition number of R,
    /// 1 / (‖R‖₁ ‖R⁻¹‖₁): 1 for orthogonal columns, 0 for exactly dependent ones. Since
    /// κ(A) = κ₂(R), a value near machine epsilon means the columns of A are numerically dependent.
    public func reciprocalConditionEstimate() throws(LinearAlgebraError) -> Double {
        try factors.withUnsafeBufferPointer { (a) throws(LinearAlgebraError) in
            try LAPACK.trconUpper(n: columns, a: a.baseAddress!, lda: rows)
        }
    }

    /// (AᵀA)⁻¹ = R⁻¹ R⁻ᵀ, computed from R by LAPACK `DPOTRI` (AᵀA = RᵀR), as a full symmetric matrix.
    ///
    /// - Throws: `.singularFactor` when R has an exact zero on its diagonal.
    public func inverseGram() throws(LinearAlgebraError) -> Matrix {
        var result = upperTriangle
        let n = columns
        try result.elements.withUnsafeMutableBufferPointer { (a) throws(LinearAlgebraError) in
            try LAPACK.potriUpper(n: n, a: a.baseAddress!, lda: n)
        }
        for j in 0..<n {
            for i in (j + 1)..<n { result.elements[i + j * n] = result.elements[j + i * n] }
        }
        return result
    }
}
