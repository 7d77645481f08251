import LinearAlgebra

extension LeastSquares {
    /// gᵀ (XᵀX)⁻¹ g for each column g of `vectors` (p×m), the factor that turns s² into the
    /// variance of an estimated linear combination gᵀβ̂.
    ///
    /// Computed as ‖z‖² with R̃ᵀ z = D⁻¹ g (one triangular solve for all m vectors), never by
    /// forming the inverse: (XᵀX)⁻¹ = D⁻¹ R̃⁻¹ R̃⁻ᵀ D⁻¹, so gᵀ(XᵀX)⁻¹g = ‖R̃⁻ᵀ D⁻¹ g‖².
    ///
    /// - Precondition: `vectors.rows == parameters`.
    public func quadraticForms(_ vectors: Matrix) -> [Double] {
        precondition(vectors.rows == parameters, "quadraticForms: vectors need \(parameters) rows, got \(vectors.rows)")
        let p = parameters
        var scaled = vectors
        for column in 0..<vectors.columns {
            for j in 0..<p { scaled.elements[j + column * p] /= columnScales[j] }
        }
        do {
            try factorization.solveUpperTriangleTransposed(inPlace: &scaled)
        } catch {
            // R was checked to be well conditioned when the problem was built, so LAPACK cannot
            // find it singular here.
            preconditionFailure("triangular solve failed on a full-rank factor: \(error)")
        }
        return (0..<vectors.columns).map { column in
            var sum = 0.0
            for j in 0..<p { sum += scaled.elements[j + column * p] * scaled.elements[j + column * p] }
            return sum
        }
    }

    /// gᵀ (XᵀX)⁻¹ g for one vector g of length p.
    public func quadraticForm(_ vector: [Double]) -> Double {
        quadraticForms(Matrix(rows: vector.count, columns: 1, columnMajor: vector))[0]
    }

    /// g = X₀ᵀ 1: the column sums of the rows to be added up (h×p → length p).
    static func columnSums(of rows: Matrix) -> [Double] {
        (0..<rows.columns).map { j in
            var sum = 0.0
            for i in 0..<rows.rows { sum += rows.elements[i + j * rows.rows] }
            return sum
        }
    }
}
