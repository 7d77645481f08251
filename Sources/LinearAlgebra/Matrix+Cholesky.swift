extension Matrix {
    /// The lower-triangular Cholesky factor L with L Lᵀ = self, by LAPACK `DPOTRF`; `nil` when the
    /// matrix is not (numerically) positive definite.
    ///
    /// Used to draw correlated normal vectors: if z ~ N(0, I) then L z ~ N(0, self).
    ///
    /// - Precondition: the matrix is square.
    public func choleskyLower() -> Matrix? {
        precondition(rows == columns, "choleskyLower needs a square matrix, got \(rows)×\(columns)")
        guard rows > 0 else { return self }
        var factor = self
        let n = rows
        do {
            try factor.elements.withUnsafeMutableBufferPointer { (a) throws(LinearAlgebraError) in
                try LAPACK.potrfLower(n: n, a: a.baseAddress!, lda: n)
            }
        } catch {
            return nil
        }
        for j in 1..<max(n, 1) {
            for i in 0..<j { factor.elements[i + j * n] = 0 }
        }
        return factor
    }
}
